package org.communityhub.common.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub's own PostgreSQL: durable, private, and run with two roles (the schema's owner, which
 * migrates, and the application role the hub runs as), also for a data directory made before.
 */
class EmbeddedDatabaseTest {

    @Test
    void whatWasWrittenIsThereAfterAStopAndAStart(@TempDir Path dir) throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir)) {
            execute(db, "create table kept (v text)");
            execute(db, "insert into kept values ('记录')");
        }

        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir);
                Connection c = connect(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select v from kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("记录");
        }
    }

    @Test
    void aSecondHubCannotTakeADirectoryInUse(@TempDir Path dir) {
        try (EmbeddedDatabase first = EmbeddedDatabase.start(dir)) {
            assertThatThrownBy(() -> EmbeddedDatabase.start(dir))
                    .isInstanceOf(EmbeddedDatabase.DataDirectoryInUseException.class)
                    .hasMessageContaining("in use by another running hub");
        }
    }

    @Test
    void theDatabaseWantsItsPasswordAndKeepsEveryCommitDurable(@TempDir Path dir) throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir)) {
            assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), db.username(), "")
                            .close())
                    .isInstanceOf(SQLException.class);
            try (Connection c = connect(db);
                    Statement s = c.createStatement();
                    ResultSet rs =
                            s.executeQuery("select current_setting('fsync'), current_setting('synchronous_commit')")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("on");
                assertThat(rs.getString(2)).isEqualTo("on");
            }
            assertThat(Files.getPosixFilePermissions(dir.resolve("postgres.password")))
                    .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        }
    }

    @Test
    void aNewClusterHasAnOwnerAndAnApplicationRoleAndTheHubsDatabaseIsTheOwners(@TempDir Path dir) throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir)) {
            assertThat(db.datasourceProperties())
                    .containsEntry("quarkus.datasource.username", EmbeddedDatabase.APPLICATION)
                    .containsEntry(
                            "quarkus.datasource.password", db.application().password())
                    .containsEntry("quarkus.flyway.username", EmbeddedDatabase.OWNER)
                    .containsEntry("quarkus.flyway.password", db.owner().password());
            assertThat(db.owner().password()).isNotEqualTo(db.application().password());
            for (String role : List.of(EmbeddedDatabase.OWNER, EmbeddedDatabase.APPLICATION)) {
                assertThat(Files.getPosixFilePermissions(dir.resolve(role + ".password")))
                        .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
            }
            assertThat(text(db, "select pg_get_userbyid(datdba) from pg_database where datname = current_database()"))
                    .isEqualTo(EmbeddedDatabase.OWNER);
            assertThat(text(db, "select pg_get_userbyid(nspowner) from pg_namespace where nspname = 'public'"))
                    .isEqualTo(EmbeddedDatabase.OWNER);
            assertThat(text(
                            db,
                            "select string_agg(rolname || ':' || rolsuper, ',' order by rolname) from pg_roles"
                                    + " where rolname like 'hub%'"))
                    .isEqualTo("hub_app:false,hub_owner:false");
            migrate(db);
            try (Connection app = login(db, db.application());
                    Statement s = app.createStatement()) {
                assertThat(s.executeQuery("select count(*) from app_user").next())
                        .isTrue();
                assertThatThrownBy(() -> s.execute("create table planted (v text)"))
                        .isInstanceOfSatisfying(
                                SQLException.class,
                                e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            }
        }
        // The passwords are the files': a restart logs in with them.
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir);
                Connection app = login(db, db.application())) {
            assertThat(db.application().password())
                    .isEqualTo(Files.readString(dir.resolve(EmbeddedDatabase.APPLICATION + ".password"))
                            .trim());
        }
    }

    @Test
    void aDataDirectoryFromBeforeTheTwoRolesIsHandedToTheOwnerOnItsNextStart(@TempDir Path dir) throws Exception {
        // A hub of before: its database, schema and every migrated object the superuser's, and no
        // roles of its own.
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir)) {
            execute(db, "alter database hub owner to postgres");
            execute(db, "alter schema public owner to postgres");
            execute(db, "grant create on schema public to public");
            Flyway.configure()
                    .dataSource(db.jdbcUrl(), db.username(), db.password())
                    .locations("classpath:db/migration")
                    .placeholders(Map.of("appRole", db.username()))
                    .load()
                    .migrate();
            execute(db, "drop role hub_app");
            execute(db, "drop role hub_owner");
            Files.delete(dir.resolve("hub_app.password"));
            Files.delete(dir.resolve("hub_owner.password"));
            assertThat(text(
                            db,
                            "select count(*) from pg_class where relnamespace = 'public'::regnamespace"
                                    + " and relowner = 'postgres'::regrole"))
                    .isNotEqualTo("0");
        }

        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir)) {
            assertThat(dir.resolve("hub_app.password")).exists();
            assertThat(dir.resolve("hub_owner.password")).exists();
            assertThat(text(
                            db,
                            "select string_agg(distinct pg_get_userbyid(relowner), ',') from pg_class"
                                    + " where relnamespace = 'public'::regnamespace"))
                    .isEqualTo(EmbeddedDatabase.OWNER);
            assertThat(text(
                            db,
                            "select string_agg(distinct pg_get_userbyid(proowner), ',') from pg_proc"
                                    + " where pronamespace = 'public'::regnamespace"))
                    .isEqualTo(EmbeddedDatabase.OWNER);
            assertThat(text(
                            db,
                            "select pg_get_userbyid(relowner) from pg_class where relname = 'flyway_schema_history'"))
                    .isEqualTo(EmbeddedDatabase.OWNER);
            assertThat(text(db, "select pg_get_userbyid(nspowner) from pg_namespace where nspname = 'public'"))
                    .isEqualTo(EmbeddedDatabase.OWNER);
            // The hub's next start migrates as the owner, which grants the application role its share.
            migrate(db);
            try (Connection app = login(db, db.application());
                    Statement s = app.createStatement()) {
                s.executeUpdate("update app_user set session_generation = session_generation where false");
                for (String forbidden : List.of(
                        "delete from access_log",
                        "update sharing_ledger set operation = operation",
                        "truncate access_log")) {
                    assertThatThrownBy(() -> s.execute(forbidden))
                            .as(forbidden)
                            .isInstanceOfSatisfying(
                                    SQLException.class,
                                    e -> assertThat(e.getSQLState()).isEqualTo("42501"));
                }
            }
        }
    }

    /** As the hub migrates: as the owner, for the application role. */
    private static void migrate(EmbeddedDatabase db) {
        Flyway.configure()
                .dataSource(db.jdbcUrl(), db.owner().username(), db.owner().password())
                .locations("classpath:db/migration")
                .placeholders(Map.of("appRole", db.application().username()))
                .load()
                .migrate();
    }

    private static Connection login(EmbeddedDatabase db, EmbeddedDatabase.Login role) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), role.username(), role.password());
    }

    private static String text(EmbeddedDatabase db, String sql) throws SQLException {
        try (Connection c = connect(db);
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static Connection connect(EmbeddedDatabase db) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }

    private static void execute(EmbeddedDatabase db, String sql) throws SQLException {
        try (Connection c = connect(db);
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
