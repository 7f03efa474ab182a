package org.communityhub.intake.imports;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.communityhub.common.database.Jdbc;
import org.communityhub.common.history.FieldChange;

/**
 * What the check of an import found ({@code import_finding}), in SQL: the findings row by row and
 * of the whole file, the worker's decisions on the questions, the counts they change, and what the
 * commit reads of them (rows refused, rows of registered residents, rows of one person).
 */
@ApplicationScoped
class ImportFindingRepository {

    private static final TypeReference<List<FieldChange>> CHANGES = new TypeReference<>() {};

    /** The question's identity: a kept answer is given back only to the same question asked again. */
    private static final String SAME_QUESTION = "(import_id, row_no, code, coalesce(other_row, 0),"
            + " coalesce(resident_id, '00000000-0000-0000-0000-000000000000'))";

    private final Jdbc jdbc;
    private final ObjectMapper json;

    ImportFindingRepository(Jdbc jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insertFindings(UUID id, long firstSeq, List<ImportFinding> findings) {
        if (findings.isEmpty()) {
            return;
        }
        int n = findings.size();
        Long[] seq = new Long[n];
        Long[] row = new Long[n];
        Integer[] column = new Integer[n];
        String[] columnName = new String[n];
        String[] field = new String[n];
        String[] code = new String[n];
        String[] message = new String[n];
        String[] severity = new String[n];
        UUID[] resident = new UUID[n];
        String[] changes = new String[n];
        Long[] otherRow = new Long[n];
        String[] decision = new String[n];
        for (int i = 0; i < n; i++) {
            ImportFinding f = findings.get(i);
            seq[i] = firstSeq + i;
            row[i] = f.row();
            column[i] = f.column();
            columnName[i] = f.columnName() == null ? null : truncate(f.columnName(), 100);
            field[i] = f.field();
            code[i] = f.code();
            message[i] = truncate(f.message(), 500);
            severity[i] = f.severity().name();
            resident[i] = f.residentId();
            changes[i] = f.changes() == null ? null : write(f.changes());
            otherRow[i] = f.otherRow();
            decision[i] = f.decision() == null ? null : f.decision().toUpperCase(java.util.Locale.ROOT);
        }
        jdbc.update(
                "insert into import_finding (import_id, seq, row_no, column_no, column_name, field, code, message,"
                        + " severity, resident_id, changes, other_row, decision) select ?, * from unnest(?::bigint[],"
                        + " ?::bigint[], ?::int[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],"
                        + " ?::uuid[], ?::jsonb[], ?::bigint[], ?::varchar[])",
                (c, ps) -> {
                    ps.setObject(1, id);
                    ps.setArray(2, c.createArrayOf("bigint", seq));
                    ps.setArray(3, c.createArrayOf("bigint", row));
                    ps.setArray(4, c.createArrayOf("integer", column));
                    ps.setArray(5, c.createArrayOf("varchar", columnName));
                    ps.setArray(6, c.createArrayOf("varchar", field));
                    ps.setArray(7, c.createArrayOf("varchar", code));
                    ps.setArray(8, c.createArrayOf("varchar", message));
                    ps.setArray(9, c.createArrayOf("varchar", severity));
                    ps.setArray(10, c.createArrayOf("uuid", resident));
                    ps.setArray(11, c.createArrayOf("varchar", changes));
                    ps.setArray(12, c.createArrayOf("bigint", otherRow));
                    ps.setArray(13, c.createArrayOf("varchar", decision));
                });
    }

    long nextSeq(UUID id) {
        return jdbc.query(
                        "select coalesce(max(seq), 0) + 1 from import_finding where import_id = ?",
                        ps -> ps.setObject(1, id),
                        rs -> rs.getLong(1))
                .get(0);
    }

    /** The findings of one import, of a severity, row and code when given (parameters 1 to 7). */
    private static final String FILTER = "import_id = ? and (?::varchar is null or severity = ?)"
            + " and (?::bigint is null or row_no = ?) and (?::varchar is null or code = ?)";

    private static void bindFilter(PreparedStatement ps, UUID id, String severity, Long row, String code)
            throws SQLException {
        ps.setObject(1, id);
        ps.setString(2, severity);
        ps.setString(3, severity);
        setLong(ps, 4, row);
        setLong(ps, 5, row);
        ps.setString(6, code);
        ps.setString(7, code);
    }

    List<ImportFinding> findings(UUID id, String severity, Long row, String code, long offset, int limit) {
        return jdbc.query(
                "select * from import_finding where " + FILTER + " order by row_no, seq offset ? limit ?",
                ps -> {
                    bindFilter(ps, id, severity, row, code);
                    ps.setLong(8, offset);
                    ps.setInt(9, limit);
                },
                this::finding);
    }

    /**
     * The import's findings by kind (code): the rows each is on, the most severe, and for a kind
     * that asks questions its answers so far; errors first, then the most rows.
     */
    List<FindingKind> findingKinds(UUID id) {
        return jdbc.query(
                "select code, min(severity) severity, count(distinct row_no) rows_on, min(field) field,"
                        + " count(decision) asked, count(*) filter (where decision = 'PENDING') pending,"
                        + " count(*) filter (where decision = 'ACCEPTED') accepted,"
                        + " count(*) filter (where decision = 'DECLINED') declined"
                        + " from import_finding where import_id = ? group by code"
                        + " order by min(severity), count(distinct row_no) desc, code",
                ps -> ps.setObject(1, id),
                rs -> {
                    boolean asks = rs.getLong("asked") > 0;
                    return new FindingKind(
                            rs.getString("code"),
                            FindingKind.label(rs.getString("code"), rs.getString("field")),
                            ImportFinding.Severity.valueOf(rs.getString("severity")),
                            rs.getLong("rows_on"),
                            asks ? rs.getLong("pending") : null,
                            asks ? rs.getLong("accepted") : null,
                            asks ? rs.getLong("declined") : null);
                });
    }

    /** Findings of rows after {@code afterRow}, in row order: the result file reads them alongside the rows. */
    List<ImportFinding> findingsAfter(UUID id, long afterRow, int limit) {
        return jdbc.query(
                "select * from import_finding where import_id = ? and row_no > ? and row_no <= ("
                        + "select coalesce(max(row_no), 0) from (select row_no from import_finding where import_id = ?"
                        + " and row_no > ? order by row_no limit ?) r) order by row_no, seq",
                ps -> {
                    ps.setObject(1, id);
                    ps.setLong(2, afterRow);
                    ps.setObject(3, id);
                    ps.setLong(4, afterRow);
                    ps.setInt(5, limit);
                },
                this::finding);
    }

    long countFindings(UUID id, String severity, Long row, String code) {
        return jdbc.query(
                        "select count(*) from import_finding where " + FILTER,
                        ps -> bindFilter(ps, id, severity, row, code),
                        rs -> rs.getLong(1))
                .get(0);
    }

    /**
     * The rows with an error, sorted, but for those whose damaged ID number the worker accepted as
     * a registered resident's (committed as an update of that resident).
     */
    long[] errorRows(UUID id) {
        return rowNumbers(
                "severity = 'ERROR' and row_no not in (select row_no from import_finding a where a.import_id = ?"
                        + " and a.code = '" + ImportJobs.DAMAGED_ID_REGISTERED + "' and a.decision = 'ACCEPTED')",
                (c, ps) -> {
                    ps.setObject(1, id);
                    ps.setObject(2, id);
                });
    }

    /**
     * Records the worker's decision on the question of a row; false when the row has no question.
     * The import's counts follow: a row accepted as a registered resident is an update, one accepted
     * as another row's person is merged into it; neither counts as refused any more.
     */
    boolean decide(UUID id, long row, boolean accept, String user, Instant now) {
        return answer(id, "row_no = ?", row, accept, user, now) > 0;
    }

    /**
     * Answers every question of one kind (code) not answered yet, the same way; the questions
     * answered already keep their answers. Returns how many were answered.
     */
    int decideAll(UUID id, String code, boolean accept, String user, Instant now) {
        return answer(id, "code = ? and decision = 'PENDING'", code, accept, user, now);
    }

    /**
     * Answers the questions of the findings meeting {@code condition} (one parameter, {@code value})
     * and keeps the answers, so that a check run again asks them no more; returns how many.
     */
    private int answer(UUID id, String condition, Object value, boolean accept, String user, Instant now) {
        String decision = accept ? "ACCEPTED" : "DECLINED";
        jdbc.update(
                "insert into import_decision (import_id, row_no, code, other_row, resident_id, decision, decided_by,"
                        + " decided_at) select import_id, row_no, code, other_row, resident_id, ?, ?, ?"
                        + " from import_finding where import_id = ? and decision is not null and " + condition
                        + " on conflict " + SAME_QUESTION + " do update set decision = excluded.decision,"
                        + " decided_by = excluded.decided_by, decided_at = excluded.decided_at",
                (c, ps) -> {
                    ps.setString(1, decision);
                    ps.setString(2, user);
                    ps.setTimestamp(3, Timestamp.from(now));
                    ps.setObject(4, id);
                    ps.setObject(5, value);
                });
        return jdbc.update(
                "update import_finding set decision = ? where import_id = ? and decision is not null and " + condition,
                (c, ps) -> {
                    ps.setString(1, decision);
                    ps.setObject(2, id);
                    ps.setObject(3, value);
                });
    }

    /**
     * After a check run again (another mapping, sheet, or corrected cells): each question asked
     * again as before (the same row, code, other row and resident) gets the answer it was given,
     * and the counts follow. A question that changed is asked afresh.
     */
    void keepDecisions(UUID id) {
        int answered = jdbc.update(
                "update import_finding f set decision = d.decision from import_decision d"
                        + " where f.import_id = ? and f.decision = 'PENDING' and d.import_id = f.import_id"
                        + " and d.row_no = f.row_no and d.code = f.code"
                        + " and coalesce(d.other_row, 0) = coalesce(f.other_row, 0)"
                        + " and d.resident_id is not distinct from f.resident_id",
                (c, ps) -> ps.setObject(1, id));
        if (answered > 0) {
            recount(id);
        }
    }

    /** How many cells of the import's upload a worker has corrected. */
    long correctedCells(UUID id) {
        return jdbc.query(
                        "select count(*) from import_correction where import_id = ?",
                        ps -> ps.setObject(1, id),
                        rs -> rs.getLong(1))
                .get(0);
    }

    /** Whether the import has a question of this kind (code), answered or not. */
    boolean asks(UUID id, String code) {
        return jdbc.query(
                        "select exists (select 1 from import_finding where import_id = ? and code = ?"
                                + " and decision is not null)",
                        ps -> {
                            ps.setObject(1, id);
                            ps.setString(2, code);
                        },
                        rs -> rs.getBoolean(1))
                .get(0);
    }

    /** The counts of rows refused, valid and updating, worked out again after decisions. */
    void recount(UUID id) {
        jdbc.update(
                "with accepted as (select row_no, code from import_finding where import_id = ? and decision = 'ACCEPTED'),"
                        // Findings about the whole file sit on the header row, which is not a row of data.
                        + " refused as (select count(distinct row_no) n from import_finding where import_id = ?"
                        + " and severity = 'ERROR' and row_no not in (select row_no from accepted)"
                        + " and row_no > (select coalesce(header_row, 0) from import_job where id = ?)),"
                        + " updating as (select count(distinct row_no) n from import_finding where import_id = ?"
                        + " and (code = 'existing-resident' or (decision = 'ACCEPTED' and code = '"
                        + ImportJobs.DAMAGED_ID_REGISTERED + "')))"
                        + " update import_job set rows_invalid = (select n from refused),"
                        + " rows_valid = rows_read - (select n from refused), rows_update = (select n from updating),"
                        + " version = version + 1 where id = ?",
                (c, ps) -> {
                    ps.setObject(1, id);
                    ps.setObject(2, id);
                    ps.setObject(3, id);
                    ps.setObject(4, id);
                    ps.setObject(5, id);
                });
    }

    /** The findings linking a row to another row of the same person, with the worker's decisions. */
    List<SamePersonRows.Link> sameRowLinks(UUID id) {
        return jdbc.query(
                "select row_no, other_row, code, decision from import_finding where import_id = ? and other_row is not null"
                        + " and code = any(?)",
                (c, ps) -> {
                    ps.setObject(1, id);
                    ps.setArray(2, c.createArrayOf("varchar", new String[] {
                        ImportJobs.DUPLICATE_IN_FILE,
                        ImportJobs.DAMAGED_ID_IN_FILE,
                        ImportJobs.PROBABLE_DUPLICATE_IN_FILE,
                        ImportJobs.VALUES_DIFFER
                    }));
                },
                rs -> new SamePersonRows.Link(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4)));
    }

    /** How many questions of an import wait for the worker's decision. */
    long pendingDecisions(UUID id) {
        return jdbc.query(
                        "select count(*) from import_finding where import_id = ? and decision = 'PENDING'",
                        ps -> ps.setObject(1, id),
                        rs -> rs.getLong(1))
                .get(0);
    }

    /**
     * The rows of an import a person still has to look at before its ledger is in: the rows
     * refused that no accepted suggestion resolves (a row with an error whose question, if it has
     * one, was not accepted, and whose person is not registered from another row with its ID
     * number) and the rows whose question is not yet answered, each row once.
     * Findings about the whole file (on the header row) are not rows of data.
     */
    long decisionsNeeded(UUID id) {
        return jdbc.query(
                        "select count(distinct f.row_no) from import_finding f where f.import_id = ?"
                                + " and f.row_no > (select coalesce(header_row, 0) from import_job where id = ?)"
                                + " and (f.decision = 'PENDING' or (f.severity = 'ERROR' and not exists ("
                                + "select 1 from import_finding a where a.import_id = f.import_id"
                                + " and a.row_no = f.row_no and (a.decision = 'ACCEPTED' or a.code = '"
                                + ImportJobs.DUPLICATE_IN_FILE + "'))))",
                        ps -> {
                            ps.setObject(1, id);
                            ps.setObject(2, id);
                        },
                        rs -> rs.getLong(1))
                .get(0);
    }

    /** The rows (sorted) with a finding of one of these codes. */
    long[] rowsWith(UUID id, String... codes) {
        return rowNumbers("code = any(?)", (c, ps) -> {
            ps.setObject(1, id);
            ps.setArray(2, c.createArrayOf("varchar", codes));
        });
    }

    /** The numbers (sorted) of the rows of one import ({@code import_id = ?} first) with a finding meeting {@code condition}. */
    private long[] rowNumbers(String condition, Jdbc.Binder binder) {
        return jdbc
                .query(
                        "select distinct row_no from import_finding where import_id = ? and " + condition
                                + " order by row_no",
                        binder,
                        rs -> rs.getLong(1))
                .stream()
                .mapToLong(Long::longValue)
                .toArray();
    }

    /**
     * A row whose resident is registered already: who, whether the row differs from the record, and
     * whether the worker accepted the row (its ID number damaged) as this resident's: then it updates
     * them whatever the commit says of updates, and never with its own number.
     */
    record Existing(UUID residentId, boolean changed, boolean accepted) {}

    /** Rows of residents already registered, or accepted as a registered resident's, by row number. */
    Map<Long, Existing> existingRows(UUID id) {
        Map<Long, Existing> rows = new HashMap<>();
        jdbc.query(
                        "select row_no, resident_id, code, changes is not null and jsonb_array_length(changes) > 0"
                                + " from import_finding where import_id = ?"
                                + " and (code in ('existing-resident', 'existing-resident-unchanged')"
                                + " or (code = '" + ImportJobs.DAMAGED_ID_REGISTERED + "' and decision = 'ACCEPTED'))",
                        ps -> ps.setObject(1, id),
                        rs -> {
                            boolean accepted = ImportJobs.DAMAGED_ID_REGISTERED.equals(rs.getString(3));
                            return Map.entry(
                                    rs.getLong(1),
                                    new Existing(
                                            rs.getObject(2, UUID.class),
                                            accepted ? rs.getBoolean(4) : "existing-resident".equals(rs.getString(3)),
                                            accepted));
                        })
                .forEach(e -> rows.put(e.getKey(), e.getValue()));
        return rows;
    }

    private ImportFinding finding(ResultSet rs) throws SQLException {
        return new ImportFinding(
                rs.getLong("row_no"),
                (Integer) rs.getObject("column_no"),
                rs.getString("column_name"),
                rs.getString("field"),
                rs.getString("code"),
                rs.getString("message"),
                ImportFinding.Severity.valueOf(rs.getString("severity")),
                rs.getObject("resident_id", UUID.class),
                read(rs.getString("changes"), CHANGES),
                (Long) rs.getObject("other_row"),
                rs.getString("decision") == null
                        ? null
                        : rs.getString("decision").toLowerCase(java.util.Locale.ROOT));
    }

    private static void setLong(PreparedStatement ps, int i, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, value);
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private String write(Object value) {
        return JsonColumns.write(json, value);
    }

    private <T> T read(String text, TypeReference<T> type) {
        return JsonColumns.read(json, text, type);
    }
}
