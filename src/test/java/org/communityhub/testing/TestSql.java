package org.communityhub.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** SQL straight on the test hub's database, beside the hub: to set up or read state the API does not show. */
public final class TestSql {

    private TestSql() {}

    /** A new connection to the test hub's database, as the superuser (the hub itself runs as a role that may do less). */
    public static Connection connect() throws SQLException {
        var db = HubTestDatabase.database();
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }

    public static void execute(String sql) throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The first column of the first row of a query, as text. */
    public static String text(String sql) throws SQLException {
        return first(sql, rs -> rs.getString(1));
    }

    /** The first column of the first row of a query that counts. */
    public static long count(String sql) throws SQLException {
        return first(sql, rs -> rs.getLong(1));
    }

    /** Reads a value of the current row. */
    private interface Column<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private static <T> T first(String sql, Column<T> column) throws SQLException {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            return column.read(rs);
        }
    }

    /** A check, while the database is changed by {@code change}; {@code undo} puts it back. */
    public static void whileChanged(String change, String undo, Check check) throws Exception {
        execute(change);
        try {
            check.run();
        } finally {
            execute(undo);
        }
    }

    /** A check that may throw. */
    @FunctionalInterface
    public interface Check {
        void run() throws Exception;
    }
}
