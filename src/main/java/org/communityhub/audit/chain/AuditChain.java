package org.communityhub.audit.chain;

import org.communityhub.common.database.Jdbc;

/**
 * Appends rows to a hash chain (the sharing ledger's or the access log's). Each row carries its
 * position, the previous row's hash and its own hash. The chain's head row is locked for the rest
 * of the caller's transaction, so writers on any thread or hub process append one after another
 * and a rolled-back transaction leaves the head where it was.
 */
public final class AuditChain {

    public static final String SHARING = "sharing";
    public static final String ACCESS = "access";

    /** One link: the row's position, the hash it follows and its own hash. */
    public record Link(long seq, byte[] previous, byte[] hash) {}

    private final Jdbc jdbc;
    private final String chain;
    private long seq;
    private byte[] hash;

    private AuditChain(Jdbc jdbc, String chain, long seq, byte[] hash) {
        this.jdbc = jdbc;
        this.chain = chain;
        this.seq = seq;
        this.hash = hash;
    }

    /**
     * Opens a chain for appending; call inside a transaction that ends after the rows are
     * written: the head stays locked until then.
     */
    public static AuditChain open(Jdbc jdbc, String chain) {
        return jdbc.queryOne(
                        "select last_seq, last_hash from audit_chain_head where chain = ? for update",
                        ps -> ps.setString(1, chain),
                        rs -> new AuditChain(jdbc, chain, rs.getLong(1), rs.getBytes(2)))
                .orElseThrow(() -> new IllegalStateException("No head for audit chain " + chain));
    }

    /** The link of the next row, whose content is {@code table} and {@code columns}. */
    public Link next(String table, Object... columns) {
        long position = ++seq;
        byte[] previous = hash;
        hash = ChainHash.of(previous, position, table, columns);
        return new Link(position, previous, hash);
    }

    /** Moves the head past the rows linked; call after writing them. */
    public void close() {
        jdbc.update("update audit_chain_head set last_seq = ?, last_hash = ? where chain = ?", ps -> {
            ps.setLong(1, seq);
            ps.setBytes(2, hash);
            ps.setString(3, chain);
        });
    }

    /** {@code count} fresh values of a table's id sequence, so a row's id can be part of its hash. */
    public static long[] ids(Jdbc jdbc, String table, int count) {
        if (count == 0) {
            return new long[0];
        }
        return jdbc
                .query(
                        "select nextval(pg_get_serial_sequence(?, 'id')) from generate_series(1, ?)",
                        ps -> {
                            ps.setString(1, table);
                            ps.setInt(2, count);
                        },
                        rs -> rs.getLong(1))
                .stream()
                .mapToLong(Long::longValue)
                .toArray();
    }
}
