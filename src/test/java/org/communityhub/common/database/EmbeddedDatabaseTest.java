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
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
