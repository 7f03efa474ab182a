package org.communityhub.common.database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * PostgreSQL advisory locks: how hub replicas take turns at work that must run once (loading
 * reference data, creating the first admin, running a schedule, re-encrypting under a new key).
 * Keys are listed here so two features never share one by accident; {@link Jdbc} takes and asks
 * for them ({@link Jdbc#lockForTransaction}, {@link Jdbc#underSessionLock}, {@link Jdbc#lockHeld}).
 * The methods on a connection serve {@link Jdbc} and the tests that play another replica.
 */
public final class AdvisoryLocks {

    public static final long REFERENCE_DATA = 0x4855_4201L;
    public static final long BOOTSTRAP_USERS = 0x4855_4202L;
    public static final long DEMO_DATA = 0x4855_4203L;
    public static final long DISPATCH = 0x4855_4204L;
    public static final long PII_KEY_ROTATION = 0x4855_4205L;
    public static final long AUDIT_CHAIN_VERIFICATION = 0x4855_4206L;

    private AdvisoryLocks() {}

    /**
     * Takes the lock for the session of {@code connection} if no one holds it. It lasts across
     * transactions, until {@link #unlockSession} or until the connection closes (so a process that
     * dies lets go of it).
     */
    public static boolean tryLockForSession(Connection connection, long key) throws SQLException {
        return ask(connection, "select pg_try_advisory_lock(?)", key);
    }

    public static void unlockSession(Connection connection, long key) throws SQLException {
        ask(connection, "select pg_advisory_unlock(?)", key);
    }

    /** Whether any session, of this or another hub process, holds the lock now. */
    public static boolean isHeld(Connection connection, long key) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("""
                select exists (select 1 from pg_locks
                 where locktype = 'advisory' and granted and classid::bigint = ? and objid::bigint = ?
                 and objsubid = 1)""")) {
            ps.setLong(1, key >>> 32);
            ps.setLong(2, key & 0xFFFF_FFFFL);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static boolean ask(Connection connection, String sql, long key) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }
}
