package org.communityhub.audit.chain;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.stream.Stream;
import org.communityhub.common.database.Jdbc;

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

    private final Jdbc jdbc;

    ChainVerifier(Jdbc jdbc) {
        this.jdbc = jdbc;
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
            jdbc.update("set transaction isolation level repeatable read, read only");
            List<ChainReport> reports = new ArrayList<>();
            for (Map.Entry<String, List<Source>> chain : CHAINS) {
                Result result = verify(chain.getKey(), chain.getValue());
                reports.add(new ChainReport(
                        chain.getKey(), result.broken == null, result.rows, result.broken, result.head));
            }
            return reports;
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

    /** A chained row as read: its link, its id and its content as the writer hashed it. */
    private record ChainedRow(long seq, byte[] previous, byte[] hash, long id, Object[] content) {}

    /** A table's rows in chain order, one at a time. */
    private static final class Cursor {
        final Source source;
        final Iterator<ChainedRow> rows;
        ChainedRow row;

        Cursor(Source source, Stream<ChainedRow> rows) {
            this.source = source;
            this.rows = rows.iterator();
            advance();
        }

        boolean advance() {
            row = rows.hasNext() ? rows.next() : null;
            return row != null;
        }
    }

    private Result verify(String chain, List<Source> sources) {
        for (Source source : sources) {
            Optional<Long> outside = jdbc.queryOne(
                    "select id from " + source.table() + " where chain_seq is null order by id limit 1",
                    ps -> {},
                    rs -> rs.getLong(1));
            if (outside.isPresent()) {
                return new Result(
                        0,
                        broken(
                                chain,
                                source.table(),
                                outside.get(),
                                null,
                                "not in the chain",
                                "不在链中：它不是由系统写入的，或写入后被移出了链。"),
                        null);
            }
        }
        record HeadRow(long lastSeq, byte[] lastHash) {}
        Optional<HeadRow> headRow = jdbc.queryOne(
                "select last_seq, last_hash from audit_chain_head where chain = ?",
                ps -> ps.setString(1, chain),
                rs -> new HeadRow(rs.getLong(1), rs.getBytes(2)));
        if (headRow.isEmpty()) {
            return new Result(
                    0,
                    broken(chain, "audit_chain_head", null, null, "the chain's head is missing", "缺失：无法确认链写到了哪一位。"),
                    null);
        }
        long lastSeq = headRow.get().lastSeq();
        byte[] lastHash = headRow.get().lastHash();
        List<Stream<ChainedRow>> streams = new ArrayList<>();
        try {
            PriorityQueue<Cursor> queue = new PriorityQueue<>(Comparator.comparingLong(c -> c.row.seq()));
            for (Source source : sources) {
                Stream<ChainedRow> rows = jdbc.stream(
                        """
                        select chain_seq, prev_hash, row_hash, %s from %s
                         where chain_seq is not null order by chain_seq""".formatted(source.columns(), source.table()),
                        FETCH,
                        (c, ps) -> {},
                        rs -> new ChainedRow(
                                rs.getLong(1), rs.getBytes(2), rs.getBytes(3), rs.getLong(4), content(rs, 4)));
                streams.add(rows);
                Cursor cursor = new Cursor(source, rows);
                if (cursor.row != null) {
                    queue.add(cursor);
                }
            }
            long expected = 1;
            byte[] previous = ChainHash.GENESIS;
            long rows = 0;
            while (!queue.isEmpty()) {
                Cursor cursor = queue.poll();
                ChainedRow row = cursor.row;
                long seq = row.seq();
                long id = row.id();
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
                if (!Arrays.equals(row.previous(), previous)) {
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
                byte[] computed = ChainHash.of(previous, seq, table, row.content());
                if (!Arrays.equals(computed, row.hash())) {
                    return new Result(
                            rows,
                            broken(chain, table, id, seq, "its content changed after it was written", "的内容在写入后被改动过。"),
                            null);
                }
                previous = computed;
                expected++;
                rows++;
                if (cursor.advance()) {
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
            streams.forEach(Stream::close);
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
