package org.communityhub.audit.chain;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Recomputes the audit chains from the rows in the database and reports the first row that does
 * not fit: its content changed, it does not follow the row before it, rows before it are missing,
 * or it is not in the chain at all. Reads one consistent snapshot.
 */
@ApplicationScoped
public class ChainVerifier {

    /** The outcome of a verification. */
    public record Report(boolean intact, long rowsChecked, Broken brokenAt, List<Head> chains) {}

    /**
     * The first row that breaks a chain, and how.
     *
     * @param problem what is wrong, in English (stable wording, for scripts and logs)
     * @param detail the same in Chinese, naming the chain, the table and the row, for the auditor
     */
    public record Broken(String chain, String table, Long id, Long chainSeq, String problem, String detail) {}

    /** The chains and tables as the auditor knows them. */
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry(AuditChain.SHARING, "共享台账链"),
            Map.entry(AuditChain.ACCESS, "访问日志链"),
            Map.entry("sharing_shipment", "共享批次"),
            Map.entry("sharing_ledger", "共享记录"),
            Map.entry("sharing_outcome", "平台答复"),
            Map.entry("access_log", "访问日志"),
            Map.entry("audit_chain_head", "链头"));

    /** A broken row, described once in English and once in Chinese. */
    private static Broken broken(String chain, String table, Long id, Long seq, String problem, String chinese) {
        StringBuilder where = new StringBuilder(NAMES.getOrDefault(chain, chain)).append("：");
        where.append(NAMES.getOrDefault(table, table)).append("（").append(table).append("）");
        if (id != null) {
            where.append("第 ").append(id).append(" 行");
        }
        if (seq != null && id != null) {
            where.append("（链上第 ").append(seq).append(" 位）");
        }
        return new Broken(chain, table, id, seq, problem, where + chinese);
    }

    /**
     * A chain's end as verified: an auditor who writes the hash down can later tell whether the
     * chain was rewritten from there on.
     */
    public record Head(String chain, long rows, long lastSeq, String lastHash) {}

    /** One table of a chain: how to read its rows' content in the order they were hashed. */
    record Source(String table, String columns) {}

    static final List<Source> SHARING = List.of(
            new Source(
                    "sharing_shipment",
                    "id, adapter_id, definition_hash, definition_version, legal_basis, request_key, upsert_fields,"
                            + " remove_fields, records, sent_at"),
            new Source(
                    "sharing_ledger",
                    "id, shipment_id, resident_id, resident_version, operation, payload_hash, fields_sent::text,"
                            + " tags_sent"),
            new Source("sharing_outcome", "id, shipment_id, ledger_id, result, message, answered_at"));

    static final List<Source> ACCESS = List.of(new Source(
            "access_log",
            "id, at, username, roles, client_address, action, resource, resident_ids, fields, purpose, purpose_note"));

    private static final List<Map.Entry<String, List<Source>>> CHAINS =
            List.of(Map.entry(AuditChain.SHARING, SHARING), Map.entry(AuditChain.ACCESS, ACCESS));

    private static final int FETCH = 5_000;

    private final AgroalDataSource dataSource;

    ChainVerifier(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * One chain's outcome, checked on its own: a break in one chain does not keep the other from
     * being checked.
     *
     * @param rowsChecked the rows that fit, up to the first that does not
     * @param head the chain's end when intact, else null
     */
    public record ChainReport(String chain, boolean intact, long rowsChecked, Broken brokenAt, Head head) {}

    /**
     * Both chains, checked in one snapshot, stopping at the first break: intact, the rows checked up
     * to it, and the heads of the chains checked before it.
     */
    public Report verify() {
        return summarise(verifyEach());
    }

    /** Each chain checked to its end or its first break, all in one consistent snapshot. */
    public List<ChainReport> verifyEach() {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                try (Statement s = c.createStatement()) {
                    s.execute("set transaction isolation level repeatable read, read only");
                }
                List<ChainReport> reports = new ArrayList<>();
                for (Map.Entry<String, List<Source>> chain : CHAINS) {
                    Result result = verify(c, chain.getKey(), chain.getValue());
                    reports.add(new ChainReport(
                            chain.getKey(), result.broken == null, result.rows, result.broken, result.head));
                }
                return reports;
            }
        });
    }

    /** The report of the chains taken in order, up to the first one broken. */
    public static Report summarise(List<ChainReport> chains) {
        List<Head> heads = new ArrayList<>();
        long total = 0;
        for (ChainReport chain : chains) {
            total += chain.rowsChecked();
            if (!chain.intact()) {
                return new Report(false, total, chain.brokenAt(), heads);
            }
            heads.add(chain.head());
        }
        return new Report(true, total, null, heads);
    }

    private record Result(long rows, Broken broken, Head head) {}

    /** A table's rows in chain order, one at a time. */
    private static final class Cursor implements AutoCloseable {
        final Source source;
        final PreparedStatement statement;
        final ResultSet rows;
        boolean hasRow;

        Cursor(Connection c, Source source) throws SQLException {
            this.source = source;
            this.statement = c.prepareStatement("select chain_seq, prev_hash, row_hash, " + source.columns() + " from "
                    + source.table() + " where chain_seq is not null order by chain_seq");
            statement.setFetchSize(FETCH);
            this.rows = statement.executeQuery();
            this.hasRow = rows.next();
        }

        long seq() throws SQLException {
            return rows.getLong(1);
        }

        @Override
        public void close() throws SQLException {
            rows.close();
            statement.close();
        }
    }

    private Result verify(Connection c, String chain, List<Source> sources) throws SQLException {
        for (Source source : sources) {
            try (PreparedStatement ps = c.prepareStatement(
                            "select id from " + source.table() + " where chain_seq is null order by id limit 1");
                    ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return new Result(
                            0,
                            broken(
                                    chain,
                                    source.table(),
                                    rs.getLong(1),
                                    null,
                                    "not in the chain",
                                    "不在链中：它不是由系统写入的，或写入后被移出了链。"),
                            null);
                }
            }
        }
        long lastSeq;
        byte[] lastHash;
        try (PreparedStatement ps =
                c.prepareStatement("select last_seq, last_hash from audit_chain_head where chain = ?")) {
            ps.setString(1, chain);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return new Result(
                            0,
                            broken(
                                    chain,
                                    "audit_chain_head",
                                    null,
                                    null,
                                    "the chain's head is missing",
                                    "缺失：无法确认链写到了哪一位。"),
                            null);
                }
                lastSeq = rs.getLong(1);
                lastHash = rs.getBytes(2);
            }
        }
        List<Cursor> cursors = new ArrayList<>();
        try {
            PriorityQueue<Cursor> queue = new PriorityQueue<>((a, b) -> {
                try {
                    return Long.compare(a.seq(), b.seq());
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            for (Source source : sources) {
                Cursor cursor = new Cursor(c, source);
                cursors.add(cursor);
                if (cursor.hasRow) {
                    queue.add(cursor);
                }
            }
            long expected = 1;
            byte[] previous = ChainHash.GENESIS;
            long rows = 0;
            while (!queue.isEmpty()) {
                Cursor cursor = queue.poll();
                ResultSet rs = cursor.rows;
                long seq = rs.getLong(1);
                long id = rs.getLong(4);
                String table = cursor.source.table();
                if (seq < expected) {
                    return new Result(
                            rows,
                            broken(chain, table, id, seq, "another row has the same position", "与另一行占用了链上的同一位置。"),
                            null);
                }
                if (seq != expected) {
                    return new Result(
                            rows,
                            broken(
                                    chain,
                                    table,
                                    id,
                                    seq,
                                    "rows before it are missing (expected position " + expected + ")",
                                    "之前缺少记录：此处应为链上第 " + expected + " 位，有行被删除了。"),
                            null);
                }
                if (!Arrays.equals(rs.getBytes(2), previous)) {
                    return new Result(
                            rows,
                            broken(
                                    chain,
                                    table,
                                    id,
                                    seq,
                                    "does not follow the row before it",
                                    "与前一行接不上：行的顺序被调换过，或前面的行被删除后重新编号。"),
                            null);
                }
                byte[] computed = ChainHash.of(previous, seq, table, content(rs, 4));
                if (!Arrays.equals(computed, rs.getBytes(3))) {
                    return new Result(
                            rows,
                            broken(chain, table, id, seq, "its content changed after it was written", "的内容在写入后被改动过。"),
                            null);
                }
                previous = computed;
                expected++;
                rows++;
                cursor.hasRow = rs.next();
                if (cursor.hasRow) {
                    queue.add(cursor);
                }
            }
            if (rows == lastSeq && !Arrays.equals(previous, lastHash)) {
                return new Result(
                        rows,
                        broken(chain, "audit_chain_head", null, lastSeq, "the head's hash was changed", "的哈希值被改动过。"),
                        null);
            }
            if (rows != lastSeq) {
                return new Result(
                        rows,
                        broken(
                                chain,
                                "audit_chain_head",
                                null,
                                lastSeq,
                                "the chain ends at position " + rows + " but was written up to " + lastSeq
                                        + ": rows at its end are missing",
                                "记录链已写到第 " + lastSeq + " 位，但只找到 " + rows + " 位：链末尾的行被删除了。"),
                        null);
            }
            return new Result(
                    rows, null, new Head(chain, rows, lastSeq, HexFormat.of().formatHex(previous)));
        } finally {
            for (Cursor cursor : cursors) {
                cursor.close();
            }
        }
    }

    /** The row's content columns, from column {@code first} on, as the writer hashed them. */
    static Object[] content(ResultSet rs, int first) throws SQLException {
        int n = rs.getMetaData().getColumnCount();
        Object[] values = new Object[n - first + 1];
        for (int i = first; i <= n; i++) {
            Object v = rs.getObject(i);
            if (v instanceof Timestamp t) {
                v = t.toInstant();
            } else if (v instanceof Array a) {
                v = Arrays.asList((Object[]) a.getArray());
            }
            values[i - first] = v;
        }
        return values;
    }
}
