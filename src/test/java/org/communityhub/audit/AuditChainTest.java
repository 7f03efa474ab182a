package org.communityhub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.communityhub.testing.TestSql.connect;
import static org.communityhub.testing.TestSql.count;
import static org.communityhub.testing.TestSql.execute;
import static org.communityhub.testing.TestSql.text;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.communityhub.access.Actor;
import org.communityhub.access.AreaScope;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.TestSql;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sharing ledger and the access log are hash chains: verify proves them intact, and names the
 * first row when one is edited, deleted or moved directly in the database.
 */
@HubTest
class AuditChainTest {

    @Inject
    SharingLedger ledger;

    @Inject
    AccessLog accessLog;

    private String auditor;

    @BeforeEach
    void someHistory() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        auditor = Users.create(Roles.AUDITOR, "*");
        String id = aResident().in(community).registerAs(worker);
        Users.as(worker).when().get("/api/v1/residents/" + id).then().statusCode(200);
        Users.as(worker)
                .when()
                .get("/api/v1/residents?communityCode=" + community)
                .then()
                .statusCode(200);
        recordShipment(UUID.fromString(id));
    }

    @Test
    void anUntouchedHubVerifiesIntactAndCountsEveryRow() throws Exception {
        // Every kind of value a row can hold: field bits, several tags, an answer for one record.
        QuarkusTransaction.requiringNew().run(() -> {
            SharingLedger.Recorded recorded = ledger.recordSent(
                    new SharingLedger.Shipment(
                            "chain-test",
                            "hash-chain-test",
                            "t1",
                            "测试依据",
                            "key-2",
                            List.of("姓名", "电话", "标签"),
                            List.of("姓名")),
                    List.of(
                            new SharingLedger.Entry(
                                    UUID.randomUUID(), 3, "UPSERT", "cd", "101", List.of("veteran", "disabled")),
                            new SharingLedger.Entry(UUID.randomUUID(), 1, "REMOVE", "ef", null, List.of())),
                    Instant.now());
            long first = recorded.entries().values().iterator().next();
            ledger.recordAnswer(
                    recorded.shipmentId(),
                    new SharingLedger.Answer("ACCEPTED", null),
                    Map.of(first, new SharingLedger.Answer("REJECTED", "地址不规范")),
                    Instant.now());
        });
        long before = count("select (select count(*) from sharing_shipment) + (select count(*) from sharing_ledger)"
                + " + (select count(*) from sharing_outcome) + (select count(*) from access_log)");
        Json report = verify();
        assertThat(report.getBoolean("intact")).isTrue();
        // Deliveries going on in the background may add rows between the count and the check.
        assertThat(report.getLong("rowsChecked")).isGreaterThanOrEqualTo(before);
        assertThat(report.getList("chains.chain")).containsExactly("sharing", "access");
        assertThat(report.getString("brokenAt")).isNull();
    }

    @Test
    void anEditedLedgerRowIsNamed() throws Exception {
        long id = count("select max(id) from sharing_ledger");
        String original = text("select operation from sharing_ledger where id = " + id);
        TestSql.whileChanged(
                "update sharing_ledger set operation = 'REMOVE' where id = " + id,
                "update sharing_ledger set operation = '" + original + "' where id = " + id,
                () -> assertBrokenAt("sharing_ledger", id, "content changed"));
        assertThat(verify().getBoolean("intact")).isTrue();
    }

    @Test
    void anEditedAccessLogRowIsNamed() throws Exception {
        long id = count("select max(id) from access_log where action = 'VIEW'");
        String original = text("select username from access_log where id = " + id);
        TestSql.whileChanged(
                "update access_log set username = 'someone.else' where id = " + id,
                "update access_log set username = '" + original + "' where id = " + id,
                () -> assertBrokenAt("access_log", id, "content changed"));
        assertThat(verify().getBoolean("intact")).isTrue();
    }

    @Test
    void aDeletedRowIsNoticedAtTheRowAfterIt() throws Exception {
        long seq = count("select max(chain_seq) - 1 from access_log");
        long deleted = count("select id from access_log where chain_seq = " + seq);
        long next = count("select id from access_log where chain_seq = " + (seq + 1));
        whileDeleted(deleted, () -> assertBrokenAt("access_log", next, "rows before it are missing"));
        assertThat(verify().getBoolean("intact")).isTrue();
    }

    @Test
    void rowsSwappedInOrderAreNamed() throws Exception {
        long lastSeq = count("select max(chain_seq) from access_log");
        long a = count("select id from access_log where chain_seq = " + (lastSeq - 1));
        long b = count("select id from access_log where chain_seq = " + lastSeq);
        try {
            swapSeq(a, b, lastSeq, lastSeq - 1);
            // b now stands first: it does not follow the row before it.
            assertBrokenAt("access_log", b, "does not follow");
        } finally {
            swapSeq(a, b, lastSeq - 1, lastSeq);
        }
        assertThat(verify().getBoolean("intact")).isTrue();
    }

    @Test
    void theLastRowDeletedIsNoticedAtTheChainsEnd() throws Exception {
        long last = count("select id from access_log order by chain_seq desc limit 1");
        whileDeleted(last, () -> {
            Json report = verify();
            assertThat(report.getBoolean("intact")).isFalse();
            assertThat(report.getString("brokenAt.table")).isEqualTo("audit_chain_head");
            assertThat(report.getString("brokenAt.problem")).contains("rows at its end are missing");
        });
    }

    @Test
    void aRowSlippedInOutsideTheChainIsNamed() throws Exception {
        long shipment = count("select max(id) from sharing_shipment");
        long id;
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("insert into sharing_ledger (shipment_id, resident_id, resident_version,"
                        + " operation, payload_hash) values (" + shipment + ", gen_random_uuid(), 1, 'UPSERT', 'x')"
                        + " returning id")) {
            rs.next();
            id = rs.getLong(1);
        }
        try {
            assertBrokenAt("sharing_ledger", id, "not in the chain");
        } finally {
            execute("delete from sharing_ledger where id = " + id);
        }
        assertThat(verify().getBoolean("intact")).isTrue();
    }

    @Test
    void concurrentWritersKeepOneUnbrokenChain() throws Exception {
        long before = count("select count(*) from access_log");
        Actor actor = new Actor("chain.writer", Set.of(Roles.WORKER), AreaScope.everywhere(), "192.0.2.7");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                Callable<Integer> writer = () -> {
                    for (int i = 0; i < 40; i++) {
                        accessLog.read(
                                actor, AccessLog.Action.VIEW, "test", List.of(UUID.randomUUID()), List.of("name"));
                        recordShipment(UUID.randomUUID());
                    }
                    return 40;
                };
                done.add(pool.submit(writer));
            }
            for (Future<Integer> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(count("select count(*) from access_log")).isEqualTo(before + 320);
        Json report = verify();
        assertThat(report.getBoolean("intact")).isTrue();
        assertThat(count("select count(distinct chain_seq) from access_log"))
                .isEqualTo(count("select max(chain_seq) from access_log"));
    }

    @Test
    void concurrentReadersAreLoggedTogetherEachBeforeItsReadReturns() throws Exception {
        Actor actor = new Actor("log.reader", Set.of(Roles.WORKER), AreaScope.everywhere(), "192.0.2.8");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<UUID> read = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        UUID resident = UUID.randomUUID();
                        accessLog.read(actor, AccessLog.Action.VIEW, "test", List.of(resident), List.of("name"));
                        // Returned: the entry is committed, visible to anyone.
                        assertThat(count("select count(*) from access_log where resident_ids = array['" + resident
                                        + "'::uuid]"))
                                .isEqualTo(1);
                        read.add(resident);
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(read).hasSize(200);
        assertThat(count("select count(*) from access_log where username = 'log.reader'"))
                .isEqualTo(200);
        // Rows one transaction wrote share its id (xmin): readers who came while others' entries
        // were being written did not each wait for a commit of their own.
        assertThat(count("select count(distinct xmin::text) from access_log where username = 'log.reader'"))
                .isLessThan(200);
        assertThat(verify().getBoolean("intact")).isTrue();
    }

    // ---- helpers ------------------------------------------------------------------------------

    private void recordShipment(UUID residentId) {
        QuarkusTransaction.requiringNew().run(() -> {
            SharingLedger.Recorded recorded = ledger.recordSent(
                    new SharingLedger.Shipment(
                            "chain-test", "hash-chain-test", "t1", "测试依据", "key-1", List.of("姓名"), List.of("姓名")),
                    List.of(new SharingLedger.Entry(residentId, 1, "UPSERT", "ab", null, List.of())),
                    Instant.now());
            ledger.recordAnswer(
                    recorded.shipmentId(), new SharingLedger.Answer("ACCEPTED", null), Map.of(), Instant.now());
        });
    }

    /** A check, while an access-log row is deleted; the row is put back as it was. */
    private static void whileDeleted(long id, TestSql.Check check) throws Exception {
        TestSql.whileChanged(
                "create table audit_test_kept as select * from access_log where id = " + id
                        + "; delete from access_log where id = " + id,
                "insert into access_log select * from audit_test_kept; drop table audit_test_kept",
                check);
    }

    private void assertBrokenAt(String table, long id, String problem) {
        Json report = verify();
        assertThat(report.getBoolean("intact")).isFalse();
        assertThat(report.getString("brokenAt.table")).isEqualTo(table);
        assertThat(report.getLong("brokenAt.id")).isEqualTo(id);
        assertThat(report.getString("brokenAt.problem")).contains(problem);
        assertThat(report.getString("brokenAt.detail")).contains("第 " + id + " 行");
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

    private void swapSeq(long a, long b, long seqForA, long seqForB) throws SQLException {
        execute("update access_log set chain_seq = -1 where id = " + a);
        execute("update access_log set chain_seq = " + seqForB + " where id = " + b);
        execute("update access_log set chain_seq = " + seqForA + " where id = " + a);
    }
}
