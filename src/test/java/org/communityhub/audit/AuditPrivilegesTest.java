package org.communityhub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.communityhub.testing.TestSql.count;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.HubTestDatabase;
import org.communityhub.testing.TestSql;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/**
 * The hub runs as a role that owns nothing: whoever holds its credentials may append to the audit
 * and read it, but PostgreSQL refuses to change, delete or empty an audit row. Every table of the
 * schema is reachable by that role, so a table a later migration adds cannot be forgotten.
 */
@HubTest
class AuditPrivilegesTest {

    /** The audit tables, only read and appended to, each with a column of its content. */
    private static final Map<String, String> APPEND_ONLY = Map.of(
            "access_log", "username",
            "sharing_shipment", "adapter_id",
            "sharing_ledger", "operation",
            "sharing_outcome", "result",
            "audit_chain_verification", "intact",
            "adapter_definition_version", "version");

    @Inject
    AgroalDataSource dataSource;

    @Inject
    SharingLedger ledger;

    @Test
    void theHubRunsAsTheApplicationRoleWhichOwnsNothingAndIsNoSuperuser() throws Exception {
        String app = HubTestDatabase.database().appUsername();
        try (Connection c = dataSource.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select current_user, (select rolsuper from pg_roles where rolname ="
                        + " current_user), has_schema_privilege('public', 'CREATE')")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(app);
            assertThat(rs.getBoolean(2)).isFalse();
            assertThat(rs.getBoolean(3)).as("may create objects in the schema").isFalse();
        }
        assertThat(count("select count(*) from pg_class where relowner = '" + app + "'::regrole"))
                .isZero();
        assertThat(count("select count(*) from pg_namespace where nspowner = '" + app + "'::regrole"))
                .isZero();
    }

    @Test
    void theHubAppendsToTheAuditAndReadsIt() {
        someAudit();
    }

    /** A row in each audit table, written and read through the hub as its application role. */
    private void someAudit() {
        QuarkusTransaction.requiringNew().run(() -> {
            SharingLedger.Recorded recorded = ledger.recordSent(
                    new SharingLedger.Shipment(
                            "privileges-test", "hash-privileges", "t1", "测试依据", "key-p", List.of("姓名"), List.of()),
                    List.of(new SharingLedger.Entry(UUID.randomUUID(), 1, "UPSERT", "ab", null, List.of())),
                    Instant.now());
            ledger.recordAnswer(
                    recorded.shipmentId(), new SharingLedger.Answer("ACCEPTED", null), Map.of(), Instant.now());
        });
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String auditor = Users.create(Roles.AUDITOR, "*");
        String id = aResident().in(community).registerAs(worker);
        Users.as(worker).when().get("/api/v1/residents/" + id).then().statusCode(200);
        Users.as(auditor)
                .when()
                .get("/api/v1/audit/access-log?residentId=" + id)
                .then()
                .statusCode(200);
        Users.as(auditor)
                .when()
                .post("/api/v1/audit/verify")
                .then()
                .statusCode(200)
                .body(at("intact", org.hamcrest.Matchers.is(true)));
    }

    @Test
    void postgresRefusesTheApplicationRoleAnyChangeOfAnAuditRow() throws Exception {
        // At least one row in each, so that a refused statement is not merely one that found nothing.
        someAudit();
        for (String table : APPEND_ONLY.keySet()) {
            assertThat(count("select count(*) from " + table)).as(table).isPositive();
        }
        try (Connection c = asApplication()) {
            for (Map.Entry<String, String> audit : APPEND_ONLY.entrySet()) {
                String table = audit.getKey();
                assertRefused(c, "update " + table + " set " + audit.getValue() + " = " + audit.getValue());
                assertRefused(c, "delete from " + table);
                assertRefused(c, "truncate " + table);
                assertThat(rows(c, "select count(*) from " + table)).as(table).isPositive();
            }
            // The head may move (each append does), no more: no new head, none removed.
            assertRefused(c, "delete from audit_chain_head");
            assertRefused(c, "truncate audit_chain_head");
            assertRefused(c, "insert into audit_chain_head values ('forged', 0, '\\x00')");
            assertRefused(c, "update audit_chain_head set chain = chain");
            // An alert may not be removed or rewritten.
            assertRefused(c, "delete from audit_alert");
            assertRefused(c, "truncate audit_alert");
            assertRefused(c, "update audit_alert set username = 'someone'");
            // The links of chained rows are theirs for good.
            assertRefused(c, "update sharing_ledger set row_hash = row_hash");
            assertRefused(c, "update access_log set chain_seq = chain_seq");
            assertRefused(c, "update audit_chain_legacy set max_id = 1000000");
            assertRefused(c, "create table planted (v text)");
        }
    }

    @Test
    void everyTableOfTheSchemaIsReachableByTheApplicationRole() throws Exception {
        String app = HubTestDatabase.database().appUsername();
        List<String> missing = new ArrayList<>();
        try (Connection c = TestSql.connect();
                PreparedStatement ps = c.prepareStatement("""
                        select c.relname, c.relkind,
                               has_table_privilege(?, c.oid, 'SELECT'), has_table_privilege(?, c.oid, 'INSERT'),
                               has_any_column_privilege(?, c.oid, 'UPDATE')
                        from pg_class c
                        where c.relnamespace = 'public'::regnamespace and c.relkind in ('r', 'p', 'v', 'm', 'S')
                          and c.relname <> 'flyway_schema_history'
                        order by c.relname
                        """)) {
            ps.setString(1, app);
            ps.setString(2, app);
            ps.setString(3, app);
            int tables = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    String kind = rs.getString(2);
                    boolean select = rs.getBoolean(3);
                    boolean insert = rs.getBoolean(4);
                    boolean update = rs.getBoolean(5);
                    if (kind.equals("S")) {
                        if (!select) {
                            missing.add(name + " (sequence)");
                        }
                        continue;
                    }
                    tables++;
                    if (!select) {
                        missing.add(name + " (SELECT)");
                    }
                    // A view is read; the chains' heads are moved, never added to; the ledger's
                    // record of rows from before the chains is read; every other table is written.
                    if (name.equals("audit_chain_head")) {
                        if (!update) {
                            missing.add(name + " (UPDATE)");
                        }
                    } else if ((kind.equals("r") || kind.equals("p"))
                            && !name.equals("audit_chain_legacy")
                            && !insert) {
                        missing.add(name + " (INSERT)");
                    }
                }
            }
            assertThat(tables).isGreaterThan(20);
        }
        assertThat(missing).as("tables the application role cannot reach").isEmpty();
        try (Connection c = asApplication();
                Statement s = c.createStatement()) {
            // The ordinary tables are the hub's to change as it works.
            s.executeUpdate("update app_user set session_generation = session_generation where false");
            s.executeUpdate("delete from task where false");
        }
    }

    private static Connection asApplication() throws SQLException {
        HubTestDatabase.Running db = HubTestDatabase.database();
        return DriverManager.getConnection(db.jdbcUrl(), db.appUsername(), db.appPassword());
    }

    private static void assertRefused(Connection c, String sql) {
        assertThatThrownBy(() -> {
                    try (Statement s = c.createStatement()) {
                        s.execute(sql);
                    }
                })
                .as(sql)
                .isInstanceOfSatisfying(
                        SQLException.class,
                        e -> assertThat(e.getSQLState())
                                .as(sql + ": " + e.getMessage())
                                .isEqualTo("42501"));
    }

    private static long rows(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
