package org.communityhub.common.database;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The one way to hand-written SQL on the hub's data source, beside Panache for the aggregates that
 * forms edit: set-based statements an ORM does not express (batch upserts over {@code unnest},
 * queues, the audit records), reads too large to hold in memory, and advisory locks. Inside a
 * transaction every call takes part in it, on the transaction's one connection; outside, each call
 * runs on its own. A failure names the SQL state only: a message could quote values.
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

    /** Sets the parameters of one item of a batch; the connection is there to build SQL arrays. */
    @FunctionalInterface
    public interface ItemBinder<T> {
        void bind(Connection c, PreparedStatement ps, T item) throws SQLException;
    }

    /** One result row as a value. */
    @FunctionalInterface
    public interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Takes one result row of a streamed read. */
    @FunctionalInterface
    public interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    private static final Binder NO_PARAMETERS = (c, ps) -> {};

    private final AgroalDataSource dataSource;

    Jdbc(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs a statement without parameters (an insert, update or delete, or {@code set ...}); returns the rows it touched. */
    public int update(String sql) {
        return update(sql, NO_PARAMETERS);
    }

    /** Runs an insert, update or delete; returns the rows it touched. */
    public int update(String sql, SimpleBinder binder) {
        return update(sql, (c, ps) -> binder.bind(ps));
    }

    /** Runs an insert, update or delete; returns the rows it touched. */
    public int update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(c, ps);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("SQL statement failed", e);
        }
    }

    /**
     * Runs one statement for each item, sent together as a JDBC batch; returns the rows each
     * touched. Nothing is sent for no items.
     */
    public <T> int[] batch(String sql, Collection<? extends T> items, ItemBinder<? super T> binder) {
        if (items.isEmpty()) {
            return new int[0];
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (T item : items) {
                binder.bind(c, ps, item);
                ps.addBatch();
            }
            return ps.executeBatch();
        } catch (SQLException e) {
            throw failure("SQL batch failed", e);
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
            throw failure("SQL copy failed", e);
        }
    }

    public <T> List<T> query(String sql, RowReader<T> reader) {
        return query(sql, NO_PARAMETERS, reader);
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
            throw failure("SQL query failed", e);
        }
    }

    /**
     * A query whose parameters are named ({@code :name}, letters, digits and _) rather than
     * numbered: for statements whose conditions are put together from what a search asks for.
     * Each value is bound as the driver binds its Java type; {@code ::type} casts and quoted
     * literals are left alone.
     */
    public <T> List<T> query(String sql, Map<String, ?> parameters, RowReader<T> reader) {
        NamedParameters named = NamedParameters.parse(sql);
        return query(named.sql(), ps -> named.bind(ps, parameters), reader);
    }

    /** The first row of a query, if it has one. */
    public <T> Optional<T> queryOne(String sql, SimpleBinder binder, RowReader<T> reader) {
        return queryOne(sql, (c, ps) -> binder.bind(ps), reader);
    }

    /** The first row of a query, if it has one. */
    public <T> Optional<T> queryOne(String sql, Binder binder, RowReader<T> reader) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            binder.bind(c, ps);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(reader.read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure("SQL query failed", e);
        }
    }

    /** The first row of a query with named parameters (see {@link #query(String, Map, RowReader)}), if it has one. */
    public <T> Optional<T> queryOne(String sql, Map<String, ?> parameters, RowReader<T> reader) {
        NamedParameters named = NamedParameters.parse(sql);
        return queryOne(named.sql(), ps -> named.bind(ps, parameters), reader);
    }

    /**
     * Hands each row of a large result to {@code handler} as it arrives, {@code fetchSize} rows at
     * a time, so the result is never held whole; returns the rows read. See {@link #stream}.
     */
    public long forEach(String sql, int fetchSize, Binder binder, RowHandler handler) {
        try (Stream<Boolean> rows = stream(sql, fetchSize, binder, rs -> {
            handler.row(rs);
            return Boolean.TRUE;
        })) {
            return rows.mapToLong(row -> 1).sum();
        }
    }

    /**
     * The rows of a large result, read {@code fetchSize} at a time as the stream is consumed; the
     * caller must close the stream (try-with-resources). The driver reads through a cursor only
     * inside a transaction: in the caller's when there is one, else the read takes one of its own
     * on its connection, ended when the stream is closed. Several streams may be open at once in
     * one transaction.
     */
    public <T> Stream<T> stream(String sql, int fetchSize, Binder binder, RowReader<T> reader) {
        Connection c = null;
        boolean ownTransaction = false;
        PreparedStatement ps = null;
        ResultSet rs = null;
        try {
            c = dataSource.getConnection();
            ownTransaction = c.getAutoCommit();
            if (ownTransaction) {
                c.setAutoCommit(false);
            }
            ps = c.prepareStatement(sql);
            ps.setFetchSize(fetchSize);
            binder.bind(c, ps);
            rs = ps.executeQuery();
        } catch (SQLException | RuntimeException e) {
            RuntimeException failed =
                    e instanceof SQLException s ? failure("SQL query failed", s) : (RuntimeException) e;
            try {
                close(rs, ps, c, ownTransaction);
            } catch (RuntimeException alsoFailed) {
                failed.addSuppressed(alsoFailed);
            }
            throw failed;
        }
        ResultSet rows = rs;
        Spliterator<T> spliterator = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE, Spliterator.ORDERED) {
            @Override
            public boolean tryAdvance(Consumer<? super T> action) {
                try {
                    if (!rows.next()) {
                        return false;
                    }
                    action.accept(reader.read(rows));
                    return true;
                } catch (SQLException e) {
                    throw failure("SQL query failed", e);
                }
            }
        };
        Connection connection = c;
        PreparedStatement statement = ps;
        boolean own = ownTransaction;
        return StreamSupport.stream(spliterator, false).onClose(() -> close(rows, statement, connection, own));
    }

    private static void close(ResultSet rs, PreparedStatement ps, Connection c, boolean ownTransaction) {
        SQLException first = null;
        try {
            if (rs != null) {
                rs.close();
            }
            if (ps != null) {
                ps.close();
            }
            if (c != null && ownTransaction) {
                // A read only: ending its transaction either way keeps nothing (after a failure,
                // PostgreSQL rolls it back).
                try {
                    c.commit();
                } finally {
                    c.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            first = e;
        } finally {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException e) {
                    first = first == null ? e : first;
                }
            }
        }
        if (first != null) {
            throw failure("SQL query failed", first);
        }
    }

    /** Waits for the advisory lock {@code key} (see {@link AdvisoryLocks}); it is released when the current transaction ends. */
    public void lockForTransaction(long key) {
        query("select pg_advisory_xact_lock(?)", ps -> ps.setLong(1, key), rs -> null);
    }

    /**
     * Runs {@code work} holding the advisory lock {@code key} for the session of a connection of
     * its own, if no one holds it; empty when someone does. The lock lasts across the transactions
     * {@code work} runs, and a process that dies lets go of it with its connection.
     */
    public <T> Optional<T> underSessionLock(long key, Supplier<T> work) {
        try (Connection lock = dataSource.getConnection()) {
            if (!AdvisoryLocks.tryLockForSession(lock, key)) {
                return Optional.empty();
            }
            try {
                return Optional.of(work.get());
            } finally {
                AdvisoryLocks.unlockSession(lock, key);
            }
        } catch (SQLException e) {
            throw failure("SQL advisory lock failed", e);
        }
    }

    /** Whether any session, of this or another hub process, holds the advisory lock {@code key} now. */
    public boolean lockHeld(long key) {
        try (Connection c = dataSource.getConnection()) {
            return AdvisoryLocks.isHeld(c, key);
        } catch (SQLException e) {
            throw failure("SQL advisory lock query failed", e);
        }
    }

    /** A SQL array of text as a list (empty for NULL), as read from a result set. */
    public static List<String> texts(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    /**
     * Writes Hibernate's pending changes of the current transaction, if there is one, so that
     * hand-written SQL in it sees them: what Hibernate did by itself before each native query.
     */
    public static void flushPending(EntityManager em) {
        if (em.isJoinedToTransaction()) {
            em.flush();
        }
    }

    private static IllegalStateException failure(String what, SQLException e) {
        return new IllegalStateException(what + ": " + e.getSQLState(), e);
    }
}
