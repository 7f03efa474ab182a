package org.communityhub.intake.imports;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.communityhub.common.database.Jdbc;
import org.communityhub.common.history.FieldChange;

/** The import jobs and the mappings workers corrected, in SQL; what a check found is {@link ImportFindingRepository}. */
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
                Set.copyOf(Jdbc.texts(rs.getArray("created_roles"))),
                instant(rs, "created_at"),
                Jdbc.texts(rs.getArray("area_codes")),
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

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private String write(Object value) {
        return JsonColumns.write(json, value);
    }

    private <T> T read(String text, TypeReference<T> type) {
        return JsonColumns.read(json, text, type);
    }
}
