package org.communityhub.audit.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.communityhub.testing.TestSql.connect;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.HubTestDatabase;
import org.communityhub.testing.Json;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Chain heads kept outside the hub catch what the chain alone cannot: a chain rewritten from some
 * row on with every later hash computed anew verifies intact, but no longer holds a head saved
 * before; untouched chains hold every head saved along the way.
 */
@HubTest
class ChainHeadsTest {

    @Inject
    ChainHeads heads;

    private String auditor;
    private String worker;
    private String resident;

    @BeforeEach
    void someAccessLog() {
        String community = Communities.create();
        worker = Users.create(Roles.WORKER, community);
        auditor = Users.create(Roles.AUDITOR, "*");
        resident = aResident().in(community).registerAs(worker);
        Users.as(worker).when().get("/api/v1/residents/" + resident).then().statusCode(200);
    }

    @Test
    void untouchedChainsHoldEveryHeadSavedAlongTheWay() {
        String earlier = savedHeads();
        assertThat(earlier.lines().toList()).hasSize(2);
        assertThat(earlier)
                .startsWith("sharing ")
                .containsPattern("(?m)^access [0-9]+ [0-9a-f]{64} \\d{4}-\\d\\d-\\d\\dT.*\\+08:00$");
        Users.as(worker).when().get("/api/v1/residents/" + resident).then().statusCode(200);
        String later = savedHeads();
        assertThat(later).isNotEqualTo(earlier);

        Json checks = check("# kept by the district\n" + earlier + "\n" + later);
        assertThat(checks.getList("holds", Boolean.class)).containsExactly(true, true, true, true);
        assertThat(checks.getList("line", Integer.class)).containsExactly(2, 3, 5, 6);
        assertThat(checks.getList("head.chain")).containsExactly("sharing", "access", "sharing", "access");
    }

    @Test
    void aChainRewrittenConsistentlyVerifiesButNoLongerHoldsTheHeadSavedBefore() throws Exception {
        String saved = savedHeads();
        long savedAccess = Long.parseLong(saved.lines()
                .filter(l -> l.startsWith("access "))
                .findFirst()
                .orElseThrow()
                .split(" ")[1]);
        // Later entries, then the rewrite of an entry before the saved head, as someone with the
        // database's superuser would: every hash from there on computed anew, the head moved with them.
        Users.as(worker).when().get("/api/v1/residents/" + resident).then().statusCode(200);
        try (Rewrite rewrite = Rewrite.accessLogFrom(savedAccess - 1)) {
            assertThat(verify().getBoolean("intact"))
                    .as("the rewritten chain alone verifies")
                    .isTrue();

            Json checks = check(saved);
            assertThat(checks.getList("head.chain")).containsExactly("sharing", "access");
            assertThat(checks.getList("holds", Boolean.class)).containsExactly(true, false);
            assertThat(checks.getString("[1].problem")).contains("another hash");
            assertThat(checks.getString("[1].detail")).contains("访问日志链", "第 " + savedAccess + " 位");
        }
        assertThat(check(saved).getList("holds", Boolean.class)).containsExactly(true, true);
        assertThat(verify().getBoolean("intact")).isTrue();
    }

    @Test
    void aHeadBeyondTheChainsEndIsNotHeld() {
        String saved = savedHeads();
        String beyond = saved.lines()
                .filter(l -> l.startsWith("access "))
                .map(l -> {
                    String[] p = l.split(" ");
                    return "access " + (Long.parseLong(p[1]) + 1_000_000) + " " + p[2];
                })
                .findFirst()
                .orElseThrow();
        Json checks = check(beyond);
        assertThat(checks.getList("holds", Boolean.class)).containsExactly(false);
        assertThat(checks.getString("[0].problem")).contains("no row at position");
    }

    @Test
    void malformedLinesRefuseTheWholeTextNamingEachLine() {
        String good = savedHeads().lines().findFirst().orElseThrow();
        assertThat(good).startsWith("sharing ");
        Users.as(auditor)
                .contentType(ContentType.TEXT)
                .body(good + "\nledger 12 " + "ab".repeat(32) + "\naccess -3 " + "ab".repeat(32) + "\naccess 5 xyz\n"
                        + "access 5 " + "ab".repeat(32) + " yesterday\nonly-one-word")
                .when()
                .post("/api/v1/audit/heads/check")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body(at(
                        "errors.field",
                        org.hamcrest.Matchers.contains("line 2", "line 3", "line 4", "line 5", "line 6")))
                .body(at(
                        "errors.code",
                        org.hamcrest.Matchers.contains(
                                "unknown-chain",
                                "malformed-position",
                                "malformed-hash",
                                "malformed-time",
                                "malformed-head")))
                .body(at("errors.message", hasItem(containsString("第 4 行"))));
        Users.as(auditor)
                .contentType(ContentType.TEXT)
                .body("# nothing but a comment\n")
                .when()
                .post("/api/v1/audit/heads/check")
                .then()
                .statusCode(422)
                .body(at("errors.code", hasItem("no-heads")));
    }

    @Test
    void theDaysHeadsAreWrittenToAFileOnceADayAndOnDemand() throws Exception {
        Path dir = HubTestDatabase.database().dataDirectory().resolve("audit-heads");
        assertThat(heads.directory()).isEqualTo(dir);
        Path today = dir.resolve(LocalDate.now(ZoneId.of("Asia/Shanghai")) + ".txt");
        Files.deleteIfExists(today);

        assertThat(heads.writeTodayIfMissing()).isTrue();
        assertThat(heads.writeTodayIfMissing()).as("once a day").isFalse();
        String written = Users.as(auditor)
                .when()
                .post("/api/v1/audit/heads")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        List<String> lines = Files.readAllLines(today, StandardCharsets.UTF_8);
        assertThat(lines.get(0)).startsWith("#");
        assertThat(lines).hasSize(5).containsAll(written.lines().toList());
        // The file as it is, uploaded by an operator, holds.
        Json checks = check(Files.readString(today));
        assertThat(checks.getList("holds", Boolean.class)).containsExactly(true, true, true, true);
    }

    // ---- helpers ------------------------------------------------------------------------------

    private String savedHeads() {
        return Users.as(auditor)
                .when()
                .get("/api/v1/audit/heads")
                .then()
                .statusCode(200)
                .contentType(ContentType.TEXT)
                .extract()
                .asString();
    }

    private Json check(String text) {
        return Users.as(auditor)
                .contentType(ContentType.TEXT.withCharset(StandardCharsets.UTF_8))
                .body(text)
                .when()
                .post("/api/v1/audit/heads/check")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
    }

    private Json verify() {
        return Users.as(auditor)
                .when()
                .post("/api/v1/audit/verify")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
    }

    /**
     * The access log rewritten from a position on, consistently: that entry's user changed and
     * every hash after it computed anew, the chain's head moved to the new last hash. Closing it
     * puts every row and the head back as they were.
     */
    private static final class Rewrite implements AutoCloseable {

        private record Kept(long id, String username, byte[] prev, byte[] hash) {}

        private final List<Kept> kept;
        private final byte[] head;

        private Rewrite(List<Kept> kept, byte[] head) {
            this.kept = kept;
            this.head = head;
        }

        static Rewrite accessLogFrom(long position) throws Exception {
            ChainVerifier.Source access = ChainVerifier.ACCESS.get(0);
            try (Connection c = connect()) {
                c.setAutoCommit(false);
                byte[] head;
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery(
                                "select last_hash from audit_chain_head where chain = 'access' for update")) {
                    rs.next();
                    head = rs.getBytes(1);
                }
                List<Kept> kept = new ArrayList<>();
                List<Object[]> rewritten = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("select chain_seq, prev_hash, row_hash, "
                        + access.columns() + " from access_log where chain_seq >= ? order by chain_seq")) {
                    ps.setLong(1, position);
                    try (ResultSet rs = ps.executeQuery()) {
                        byte[] previous = null;
                        while (rs.next()) {
                            long seq = rs.getLong(1);
                            long id = rs.getLong(4);
                            String username = rs.getString("username");
                            kept.add(new Kept(id, username, rs.getBytes(2), rs.getBytes(3)));
                            Object[] content = ChainVerifier.content(rs, 4);
                            if (previous == null) {
                                previous = rs.getBytes(2);
                                content[2] = "someone.else"; // the column after id and at
                            }
                            byte[] hash = ChainHash.of(previous, seq, access.table(), content);
                            rewritten.add(new Object[] {id, content[2], previous, hash});
                            previous = hash;
                        }
                        assertThat(rewritten).hasSizeGreaterThan(2);
                        try (PreparedStatement update = c.prepareStatement(
                                "update access_log set username = ?, prev_hash = ?, row_hash = ? where id = ?")) {
                            for (Object[] r : rewritten) {
                                update.setString(1, (String) r[1]);
                                update.setBytes(2, (byte[]) r[2]);
                                update.setBytes(3, (byte[]) r[3]);
                                update.setLong(4, (Long) r[0]);
                                update.addBatch();
                            }
                            update.executeBatch();
                        }
                        try (PreparedStatement update = c.prepareStatement(
                                "update audit_chain_head set last_hash = ? where chain = 'access'")) {
                            update.setBytes(1, previous);
                            update.executeUpdate();
                        }
                    }
                }
                c.commit();
                return new Rewrite(kept, head);
            }
        }

        @Override
        public void close() throws Exception {
            try (Connection c = connect()) {
                c.setAutoCommit(false);
                try (PreparedStatement update = c.prepareStatement(
                        "update access_log set username = ?, prev_hash = ?, row_hash = ? where id = ?")) {
                    for (Kept k : kept) {
                        update.setString(1, k.username());
                        update.setBytes(2, k.prev());
                        update.setBytes(3, k.hash());
                        update.setLong(4, k.id());
                        update.addBatch();
                    }
                    update.executeBatch();
                }
                try (PreparedStatement update =
                        c.prepareStatement("update audit_chain_head set last_hash = ? where chain = 'access'")) {
                    update.setBytes(1, head);
                    update.executeUpdate();
                }
                c.commit();
            }
        }
    }
}
