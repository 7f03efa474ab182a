package org.communityhub.common.database;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Hand-written SQL on the hub's data source, for the set-based statements an ORM does not express
 * (batch upserts over {@code unnest}, queues, the audit records). Inside a transaction the
 * connection takes part in it. A failure names the SQL state only: a message could quote values.
 */
@ApplicationScoped
public class Jdbc {

    /** Sets a statement's parameters; the connection is there to build SQL arrays. */
    @FunctionalInterface
    public interface Binder {
        void bind(Connection c, PreparedStatement ps) throws SQLException;
    }

    /** Sets a statement's parameters. */
    @FunctionalInterface
    public interface SimpleBinder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** One result row as a value. */
    @FunctionalInterface
    public interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final AgroalDataSource dataSource;

    Jdbc(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs an insert, update or delete; returns the rows it touched. */
    public int update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(c, ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("SQL statement failed: " + e.getSQLState(), e);
        }
    }

    /**
     * Runs {@code copy <table> (<columns>) from stdin} with these rows (text format); returns the
     * rows the database took. Inside a transaction, part of it; a row the database refuses fails
     * the whole copy.
     */
    public long copyIn(String sql, CopyRows rows) {
        if (!sql.startsWith("copy ") || !sql.endsWith(" from stdin")) {
            throw new IllegalArgumentException("Not a copy from stdin: " + sql);
        }
        try (Connection c = dataSource.getConnection()) {
            CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
            try {
                copy.writeToCopy(rows.buffer(), 0, rows.length());
                return copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL copy failed: " + e.getSQLState(), e);
        }
    }

    public <T> List<T> query(String sql, SimpleBinder binder, RowReader<T> reader) {
        return query(sql, (c, ps) -> binder.bind(ps), reader);
    }

    public <T> List<T> query(String sql, Binder binder, RowReader<T> reader) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(c, ps);
            List<T> rows = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(reader.read(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("SQL query failed: " + e.getSQLState(), e);
        }
    }
}
