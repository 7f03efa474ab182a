package org.communityhub.intake.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.communityhub.common.database.Jdbc;
import org.communityhub.common.history.FieldChange;

/** The import tables, in SQL: jobs, findings, remembered mappings. */
@ApplicationScoped
class ImportRepository {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<List<FieldChange>> CHANGES = new TypeReference<>() {};

    private final Jdbc jdbc;
    private final ObjectMapper json;

    ImportRepository(Jdbc jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(
            UUID id,
            String user,
            Set<String> roles,
            List<String> area,
            String fileName,
            long size,
            FileSniffer.Format format,
            Instant now) {
        jdbc.update(
                "insert into import_job (id, created_by, created_roles, created_at, area_codes, file_name, file_size,"
                        + " format, state, phase_started_at) values (?, ?, ?, ?, ?, ?, ?, ?, 'PARSING', ?)",
                (c, ps) -> {
                    ps.setObject(1, id);
                    ps.setString(2, user);
                    ps.setArray(3, c.createArrayOf("varchar", roles.toArray()));
                    ps.setTimestamp(4, Timestamp.from(now));
                    ps.setArray(5, c.createArrayOf("varchar", area.toArray()));
                    ps.setString(6, fileName);
                    ps.setLong(7, size);
                    ps.setString(8, format.name());
                    ps.setTimestamp(9, Timestamp.from(now));
                });
    }

    Optional<ImportJob> find(UUID id) {
        return jdbc.query("select * from import_job where id = ?", ps -> ps.setObject(1, id), this::job).stream()
                .findFirst();
    }

    /** The job, locked for the transaction, when it is READY; else null. */
    ImportJob lockReady(UUID id) {
        return jdbc
                .query(
                        "select * from import_job where id = ? and state = 'READY' for update",
                        ps -> ps.setObject(1, id),
                        this::job)
                .stream()
                .findFirst()
                .orElse(null);
    }

    List<ImportJob> recent(int limit) {
        return jdbc.query(
                "select * from import_job order by created_at desc limit ?", ps -> ps.setInt(1, limit), this::job);
    }

    List<ImportJob> recentBy(String user, int limit) {
        return jdbc.query(
                "select * from import_job where created_by = ? order by created_at desc limit ?",
                ps -> {
                    ps.setString(1, user);
                    ps.setInt(2, limit);
                },
                this::job);
    }

    /** Moves a job from one state to another; false when it was not in {@code from}. */
    boolean transition(
            UUID id, ImportState from, ImportState to, String commitMode, boolean applyUpdates, Instant now) {
        return jdbc.update(
                        "update import_job set state = ?, commit_mode = coalesce(?, commit_mode), phase_started_at = ?,"
                                + " apply_updates = " + applyUpdates + ","
                                // A valid-rows commit that stopped after writing rows is continued, not restarted.
                                + " rows_committed = case when ? = 'COMMITTING' and committed_through_row = 0 then 0"
                                + " else rows_committed end,"
                                + " rows_updated = case when ? = 'COMMITTING' and committed_through_row = 0 then 0"
                                + " else rows_updated end,"
                                + " error_code = null, error_detail = null, version = version + 1"
                                + " where id = ? and state = ?",
                        (c, ps) -> {
                            ps.setString(1, to.name());
                            ps.setString(2, commitMode);
                            ps.setTimestamp(3, Timestamp.from(now));
                            ps.setString(4, to.name());
                            ps.setString(5, to.name());
                            ps.setObject(6, id);
                            ps.setString(7, from.name());
                        })
                == 1;
    }

    /** Starts (or restarts) the check: counts and findings cleared. */
    void restartParsing(UUID id, Instant now) {
        jdbc.update("delete from import_finding where import_id = ?", (c, ps) -> ps.setObject(1, id));
        jdbc.update(
                "update import_job set state = 'PARSING', rows_read = 0, rows_valid = 0, rows_invalid = 0,"
                        + " rows_update = 0, bytes_read = 0, phase_started_at = ?, finished_at = null,"
                        + " error_code = null, error_detail = null, version = version + 1 where id = ?",
                (c, ps) -> {
                    ps.setTimestamp(1, Timestamp.from(now));
                    ps.setObject(2, id);
                });
    }

    /** What the check found at the top of the file: the sheet read, its header row and the mapping. */
    void header(
            UUID id,
            String encoding,
            String sheet,
            List<String> otherSheets,
            int headerRow,
            List<String> headers,
            List<String> mapping,
            String community) {
        jdbc.update(
                "update import_job set encoding = ?, sheet = ?, other_sheets = ?::jsonb, header_row = ?,"
                        + " headers = ?::jsonb, mapping = ?::jsonb, community_code = ? where id = ?",
                (c, ps) -> {
                    ps.setString(1, encoding);
                    ps.setString(2, sheet);
                    ps.setString(3, sheet == null ? null : write(otherSheets));
                    ps.setInt(4, headerRow);
                    ps.setString(5, write(headers));
                    ps.setString(6, write(mapping));
                    ps.setString(7, community);
                    ps.setObject(8, id);
                });
    }

    /** The sheet to read from now on; the header row and mapping are found in it again. */
    void sheet(UUID id, String sheet) {
        jdbc.update(
                "update import_job set sheet = ?, header_row = null, headers = null, mapping = null where id = ?",
                (c, ps) -> {
                    ps.setString(1, sheet);
                    ps.setObject(2, id);
                });
    }

    void mapping(UUID id, List<String> mapping) {
        jdbc.update("update import_job set mapping = ?::jsonb where id = ?", (c, ps) -> {
            ps.setString(1, write(mapping));
            ps.setObject(2, id);
        });
    }

    void progress(UUID id, long read, long valid, long invalid, long update, long bytes) {
        jdbc.update(
                "update import_job set rows_read = ?, rows_valid = ?, rows_invalid = ?, rows_update = ?, bytes_read = ?"
                        + " where id = ?",
                (c, ps) -> {
                    ps.setLong(1, read);
                    ps.setLong(2, valid);
                    ps.setLong(3, invalid);
                    ps.setLong(4, update);
                    ps.setLong(5, bytes);
                    ps.setObject(6, id);
                });
    }

    /**
     * A valid-rows commit has written the file up to {@code row}, {@code rows} rows in all: called in
     * the transaction that wrote them, so the two never disagree.
     */
    void committedThrough(UUID id, long row, long rows, long updated) {
        jdbc.update(
                "update import_job set committed_through_row = ?, rows_committed = ?, rows_updated = ? where id = ?",
                (c, ps) -> {
                    ps.setLong(1, row);
                    ps.setLong(2, rows);
                    ps.setLong(3, updated);
                    ps.setObject(4, id);
                });
    }

    /**
     * Settings of the transaction writing a batch of an import, for its duration only.
     *
     * <p>{@code synchronous_commit = off}: the commit returns before its WAL is on disk (at most about
     * three times wal_writer_delay later, 600 ms). A PostgreSQL crash in that time loses whole batches,
     * never part of one: a batch's rows and the row of the file it reached (committed_through_row)
     * are in the one transaction, so the job, taken up again, writes the lost batches again, and
     * nothing outside the database has seen them. Whatever reads the rows and then acts outside
     * the database commits first, synchronously (the import's end, a delivery's shipment in the
     * sharing ledger written before anything leaves), and a synchronous commit flushes all the WAL
     * before it, this batch's included. Nothing else of the registry is made less durable.
     *
     * <p>The same for the two other writes an import makes at every batch: a checked batch's findings
     * with the check's progress (a check taken up again after a crash starts from the file's first
     * row, its findings cleared, and has committed nothing to the registry), and the renewal of the
     * job's lease (a renewal lost leaves the lease as it was, so another process may take the job up
     * sooner, which is what a crash calls for anyway).
     */
    void importBatchSettings() {
        jdbc.update("set local synchronous_commit = off", (c, ps) -> {});
    }

    /** How many rows the commit has written so far, and how many of them updated people already registered. */
    void committed(UUID id, long rows, long updated) {
        jdbc.update("update import_job set rows_committed = ?, rows_updated = ? where id = ?", (c, ps) -> {
            ps.setLong(1, rows);
            ps.setLong(2, updated);
            ps.setObject(3, id);
        });
    }

    /** Ends a phase in {@code state}, with an error when there is one. */
    void finish(UUID id, ImportState state, String errorCode, String errorDetail, Instant now) {
        jdbc.update(
                "update import_job set state = ?, error_code = ?, error_detail = ?, finished_at = ?, worker = null,"
                        + " lease_until = null, version = version + 1 where id = ?",
                (c, ps) -> {
                    ps.setString(1, state.name());
                    ps.setString(2, errorCode);
                    ps.setString(3, errorDetail);
                    ps.setTimestamp(4, Timestamp.from(now));
                    ps.setObject(5, id);
                });
    }

    void requestCancel(UUID id) {
        jdbc.update("update import_job set cancel_requested = true where id = ?", (c, ps) -> ps.setObject(1, id));
    }

    boolean cancelRequested(UUID id) {
        return jdbc
                .query(
                        "select cancel_requested from import_job where id = ?",
                        ps -> ps.setObject(1, id),
                        rs -> rs.getBoolean(1))
                .stream()
                .findFirst()
                .orElse(true);
    }

    /** Claims a job for this process (when nobody holds it, or their claim ran out). */
    boolean claim(UUID id, String worker, Instant now, Instant until) {
        return jdbc.update(
                        "update import_job set worker = ?, lease_until = ? where id = ?"
                                + " and state in ('PARSING', 'COMMITTING')"
                                + " and (worker is null or worker = ? or lease_until < ?)",
                        (c, ps) -> {
                            ps.setString(1, worker);
                            ps.setTimestamp(2, Timestamp.from(until));
                            ps.setObject(3, id);
                            ps.setString(4, worker);
                            ps.setTimestamp(5, Timestamp.from(now));
                        })
                == 1;
    }

    /** Jobs under way whose claim ran out (their hub process stopped), or that nobody claimed. */
    List<UUID> orphans(Instant now) {
        return jdbc.query(
                "select id from import_job where state in ('PARSING', 'COMMITTING')"
                        + " and (lease_until is null or lease_until < ?) order by created_at",
                ps -> ps.setTimestamp(1, Timestamp.from(now)),
                rs -> rs.getObject(1, UUID.class));
    }

    /** Imports ended (or left READY) before {@code cutoff} whose upload may still be on disk. */
    List<ImportJob> endedBefore(Instant cutoff) {
        return jdbc.query(
                "select * from import_job where state in ('READY', 'COMMITTED', 'CANCELLED', 'FAILED')"
                        + " and not upload_deleted and coalesce(finished_at, created_at) < ? order by created_at limit 500",
                ps -> ps.setTimestamp(1, Timestamp.from(cutoff)),
                this::job);
    }

    void uploadDeleted(UUID id) {
        jdbc.update("update import_job set upload_deleted = true where id = ?", (c, ps) -> ps.setObject(1, id));
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

    List<ImportFinding> findings(UUID id, String severity, Long row, String code, long offset, int limit) {
        return jdbc.query(
                "select * from import_finding where import_id = ? and (?::varchar is null or severity = ?)"
                        + " and (?::bigint is null or row_no = ?) and (?::varchar is null or code = ?)"
                        + " order by row_no, seq offset ? limit ?",
                ps -> {
                    ps.setObject(1, id);
                    ps.setString(2, severity);
                    ps.setString(3, severity);
                    setLong(ps, 4, row);
                    setLong(ps, 5, row);
                    ps.setString(6, code);
                    ps.setString(7, code);
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
                        "select count(*) from import_finding where import_id = ? and (?::varchar is null or severity = ?)"
                                + " and (?::bigint is null or row_no = ?) and (?::varchar is null or code = ?)",
                        ps -> {
                            ps.setObject(1, id);
                            ps.setString(2, severity);
                            ps.setString(3, severity);
                            setLong(ps, 4, row);
                            setLong(ps, 5, row);
                            ps.setString(6, code);
                            ps.setString(7, code);
                        },
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
        keep(id, "row_no = ?", ps -> ps.setLong(5, row), accept, user, now);
        return jdbc.update(
                        "update import_finding set decision = ? where import_id = ? and row_no = ? and decision is not null",
                        (c, ps) -> {
                            ps.setString(1, accept ? "ACCEPTED" : "DECLINED");
                            ps.setObject(2, id);
                            ps.setLong(3, row);
                        })
                > 0;
    }

    /**
     * Answers every question of one kind (code) not answered yet, the same way; the questions
     * answered already keep their answers. Returns how many were answered.
     */
    int decideAll(UUID id, String code, boolean accept, String user, Instant now) {
        keep(id, "code = ? and decision = 'PENDING'", ps -> ps.setString(5, code), accept, user, now);
        return jdbc.update(
                "update import_finding set decision = ? where import_id = ? and code = ? and decision = 'PENDING'",
                (c, ps) -> {
                    ps.setString(1, accept ? "ACCEPTED" : "DECLINED");
                    ps.setObject(2, id);
                    ps.setString(3, code);
                });
    }

    /** The question's identity: a kept answer is given back only to the same question asked again. */
    private static final String SAME_QUESTION = "(import_id, row_no, code, coalesce(other_row, 0),"
            + " coalesce(resident_id, '00000000-0000-0000-0000-000000000000'))";

    /** Keeps the answer to the questions of the findings meeting {@code condition} (its parameter is the 5th). */
    private void keep(
            UUID id, String condition, Jdbc.SimpleBinder parameter, boolean accept, String user, Instant now) {
        jdbc.update(
                "insert into import_decision (import_id, row_no, code, other_row, resident_id, decision, decided_by,"
                        + " decided_at) select import_id, row_no, code, other_row, resident_id, ?, ?, ?"
                        + " from import_finding where import_id = ? and decision is not null and " + condition
                        + " on conflict " + SAME_QUESTION + " do update set decision = excluded.decision,"
                        + " decided_by = excluded.decided_by, decided_at = excluded.decided_at",
                (c, ps) -> {
                    ps.setString(1, accept ? "ACCEPTED" : "DECLINED");
                    ps.setString(2, user);
                    ps.setTimestamp(3, Timestamp.from(now));
                    ps.setObject(4, id);
                    parameter.bind(ps);
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

    boolean appliesUpdates(UUID id) {
        return jdbc.query(
                        "select apply_updates from import_job where id = ?",
                        ps -> ps.setObject(1, id),
                        rs -> rs.getBoolean(1))
                .get(0);
    }

    Optional<List<String>> rememberedMapping(String headerKey) {
        return jdbc
                .query(
                        "select mapping::text from import_mapping_memory where header_key = ?",
                        ps -> ps.setString(1, headerKey),
                        rs -> read(rs.getString(1), STRINGS))
                .stream()
                .findFirst();
    }

    void rememberMapping(String headerKey, List<String> mapping, String user, Instant now) {
        jdbc.update(
                "insert into import_mapping_memory (header_key, mapping, saved_by, saved_at) values (?, ?::jsonb, ?, ?)"
                        + " on conflict (header_key) do update set mapping = excluded.mapping,"
                        + " saved_by = excluded.saved_by, saved_at = excluded.saved_at",
                (c, ps) -> {
                    ps.setString(1, headerKey);
                    ps.setString(2, write(mapping));
                    ps.setString(3, user);
                    ps.setTimestamp(4, Timestamp.from(now));
                });
    }

    private ImportJob job(ResultSet rs) throws SQLException {
        return new ImportJob(
                rs.getObject("id", UUID.class),
                rs.getString("created_by"),
                Set.copyOf(strings(rs.getArray("created_roles"))),
                instant(rs, "created_at"),
                strings(rs.getArray("area_codes")),
                rs.getString("file_name"),
                rs.getLong("file_size"),
                FileSniffer.Format.valueOf(rs.getString("format")),
                rs.getString("encoding"),
                ImportState.valueOf(rs.getString("state")),
                rs.getBoolean("cancel_requested"),
                (Integer) rs.getObject("header_row"),
                read(rs.getString("headers"), STRINGS),
                read(rs.getString("mapping"), STRINGS),
                rs.getString("community_code"),
                rs.getLong("rows_read"),
                rs.getLong("rows_valid"),
                rs.getLong("rows_invalid"),
                rs.getLong("rows_update"),
                rs.getLong("bytes_read"),
                instant(rs, "phase_started_at"),
                instant(rs, "finished_at"),
                rs.getString("commit_mode"),
                rs.getLong("rows_committed"),
                rs.getLong("committed_through_row"),
                rs.getString("error_code"),
                rs.getString("error_detail"),
                rs.getString("sheet"),
                read(rs.getString("other_sheets"), STRINGS),
                rs.getLong("rows_updated"));
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

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static void setLong(java.sql.PreparedStatement ps, int i, Long value) throws SQLException {
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
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write JSON", e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not read JSON", e);
        }
    }
}
