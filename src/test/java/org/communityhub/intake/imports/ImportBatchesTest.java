package org.communityhub.intake.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.intake.imports.ImportResourceTest.awaitSettled;
import static org.communityhub.intake.imports.ImportResourceTest.committed;
import static org.communityhub.intake.imports.ImportResourceTest.findings;
import static org.communityhub.intake.imports.ImportResourceTest.upload;
import static org.communityhub.testing.TestSql.connect;

import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.Json;
import org.communityhub.testing.ResidentTestData;
import org.communityhub.testing.SmallBatchesTestProfile;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/**
 * Commits of many batches (two rows a batch here): the next batch is read and prepared while the
 * current one is written, and the commit keeps its order and its rules: a refused row in a later
 * batch, the row-by-row fallback of that batch only, all-or-nothing across batches, the row a commit
 * taken up again goes on after, the outbox and history of every row written.
 */
@HubTest
@TestProfile(SmallBatchesTestProfile.class)
class ImportBatchesTest {

    @Inject
    ImportJobs jobs;

    @Inject
    DataSource dataSource;

    @Test
    void aValidRowsCommitWritesEveryBatchInOrderAndTakesOnlyTheRefusedBatchRowByRow() throws Exception {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        List<String> ids = ids(7);
        String id = upload(worker, "seven.csv", ledger(ids));
        assertThat(awaitSettled(worker, id).getString("state")).isEqualTo("READY");
        // Between the check and the commit, the person of file row 5 (the second batch) is registered by hand.
        ResidentTestData.aResident().in(community).withIdNumber(ids.get(3)).registerAs(worker);

        Json done = committed(worker, id, "valid-rows");

        assertThat(done.getString("state")).isEqualTo("COMMITTED");
        assertThat(done.getLong("progress.rowsCommitted")).isEqualTo(6);
        assertThat(findings(worker, id, "ERROR")).isEqualTo(Map.of(5L, Set.of("commit-failed")));
        assertThat(committedThroughRow(id)).isEqualTo(8);
        List<String> written = new ArrayList<>(ids);
        written.remove(3);
        for (String number : written) {
            assertThat(residentsWith(worker, number)).as("registered").isOne();
        }
        // Each resident written once, in the file's order, with its history entry and its outbox row
        // (seven: the six imported and the one registered by hand).
        assertThat(importedNames(community)).containsExactly("测试一", "测试二", "测试三", "测试五", "测试六", "测试七");
        assertThat(count(
                        "select count(*) from resident_history h join resident r on r.id = h.resident_id"
                                + " where r.community_code = ? and h.action = 'REGISTERED'",
                        community))
                .isEqualTo(7);
        assertThat(count(
                        "select count(*) from change_outbox o join resident r on r.id = o.resident_id"
                                + " where r.community_code = ?",
                        community))
                .isEqualTo(7);
        // The batches' own transaction settings ended with them.
        for (int i = 0; i < 5; i++) {
            try (Connection c = dataSource.getConnection();
                    ResultSet rs = c.createStatement().executeQuery("show synchronous_commit")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("on");
            }
        }
    }

    @Test
    void anAllOrNothingCommitRefusedInItsLastBatchLeavesNoRowOfTheEarlierBatches() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        List<String> ids = ids(7);
        String id = upload(worker, "seven.csv", ledger(ids));
        assertThat(awaitSettled(worker, id).getString("state")).isEqualTo("READY");
        ResidentTestData.aResident().in(community).withIdNumber(ids.get(6)).registerAs(worker);

        Json failed = committed(worker, id, "all-or-nothing");

        assertThat(failed.getString("state")).isEqualTo("READY");
        assertThat(failed.getString("error.code")).isEqualTo("commit-failed");
        assertThat(failed.getString("error.detail")).contains("第 8 行").contains("没有写入任何记录");
        for (String number : ids.subList(0, 6)) {
            assertThat(residentsWith(worker, number)).as("not registered").isZero();
        }

        // The same file once the clash is gone (another file, another person): every batch written.
        List<String> others = ids(5);
        String clean = upload(worker, "five.csv", ledger(others));
        awaitSettled(worker, clean);
        Json done = committed(worker, clean, "all-or-nothing");
        assertThat(done.getString("state")).isEqualTo("COMMITTED");
        assertThat(done.getLong("progress.rowsCommitted")).isEqualTo(5);
        for (String number : others) {
            assertThat(residentsWith(worker, number)).isOne();
        }
    }

    @Test
    void aCommitTakenUpAgainGoesOnInBatchesAfterTheRowsItWrote() throws Exception {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        List<String> ids = ids(7);
        String id = upload(worker, "seven.csv", ledger(ids));
        assertThat(awaitSettled(worker, id).getString("state")).isEqualTo("READY");
        // As a stopped hub process leaves it: file rows 2 to 4 written, the job COMMITTING, its lease run out.
        for (String number : ids.subList(0, 3)) {
            ResidentTestData.aResident().in(community).withIdNumber(number).registerAs(worker);
        }
        execute(
                "update import_job set state = 'COMMITTING', commit_mode = 'VALID_ROWS', committed_through_row = 4,"
                        + " rows_committed = 3, worker = 'hub-stopped', lease_until = now() - interval '1 minute'"
                        + " where id = ?",
                UUID.fromString(id));

        jobs.start(UUID.fromString(id));

        Json done = awaitSettled(worker, id);
        assertThat(done.getString("state")).isEqualTo("COMMITTED");
        assertThat(done.getLong("progress.rowsCommitted")).isEqualTo(7);
        assertThat(findings(worker, id, "ERROR")).isEmpty();
        assertThat(committedThroughRow(id)).isEqualTo(8);
        for (String number : ids) {
            assertThat(residentsWith(worker, number)).isOne();
        }
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static final String[] NUMERALS = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

    private static List<String> ids(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(IdNumbers.any());
        }
        return ids;
    }

    /** A clean ledger: file row k + 2 is 测试 followed by the numeral k + 1 (row 2 测试一 …). */
    private static byte[] ledger(List<String> ids) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("姓名", "身份证号", "民族", "人口类型"));
        for (int i = 0; i < ids.size(); i++) {
            rows.add(List.of("测试" + NUMERALS[i], ids.get(i), "汉族", "户籍人口"));
        }
        return LedgerFiles.csv(rows, StandardCharsets.UTF_8, false);
    }

    private static int residentsWith(String user, String idNumber) {
        return Users.as(user)
                .get("/api/v1/residents?idNumber=" + idNumber)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .get("total");
    }

    /** The names of the community's imported residents in the order they were written (their history entries' ids). */
    private static List<String> importedNames(String community) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement(
                        "select r.name from resident r join resident_history h on h.resident_id = r.id"
                                + " where r.community_code = ? and r.name like '测试_' order by h.id")) {
            ps.setString(1, community);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private static long committedThroughRow(String id) throws Exception {
        try (Connection c = connect();
                PreparedStatement ps =
                        c.prepareStatement("select committed_through_row from import_job where id = ?")) {
            ps.setObject(1, UUID.fromString(id));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long count(String sql, String parameter) {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void execute(String sql, UUID id) throws Exception {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, id);
            assertThat(ps.executeUpdate()).isOne();
        }
    }
}
