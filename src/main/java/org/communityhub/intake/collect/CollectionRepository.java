package org.communityhub.intake.collect;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.communityhub.common.database.Jdbc;

/** The collection tables, in SQL. */
@ApplicationScoped
class CollectionRepository {

    private final Jdbc jdbc;

    CollectionRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    void insert(CollectionRecord c, byte[] formCipher) {
        jdbc.update(
                "insert into collection (id, title, selection, due_date, file_name, format, sheet, header_row,"
                        + " form_cipher, created_by, created_at, updated_at, version) values"
                        + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
                (conn, ps) -> {
                    ps.setObject(1, c.id());
                    ps.setString(2, c.title());
                    ps.setString(3, c.selection());
                    ps.setDate(4, Date.valueOf(c.dueDate()));
                    ps.setString(5, c.fileName());
                    ps.setString(6, c.xlsx() ? "XLSX" : "CSV");
                    ps.setString(7, c.sheet());
                    ps.setInt(8, c.headerRow());
                    ps.setBytes(9, formCipher);
                    ps.setString(10, c.createdBy());
                    ps.setTimestamp(11, Timestamp.from(c.createdAt()));
                    ps.setTimestamp(12, Timestamp.from(c.createdAt()));
                });
        for (CollectionRecord.Column col : c.columns()) {
            jdbc.update(
                    "insert into collection_column (collection_id, column_no, header, field) values (?, ?, ?, ?)",
                    (conn, ps) -> {
                        ps.setObject(1, c.id());
                        ps.setInt(2, col.number());
                        ps.setString(3, col.header());
                        ps.setString(4, col.field());
                    });
        }
        for (CollectionRecord.Community community : c.communities()) {
            jdbc.update(
                    "insert into collection_community (collection_id, community_code) values (?, ?)", (conn, ps) -> {
                        ps.setObject(1, c.id());
                        ps.setString(2, community.code());
                    });
        }
    }

    Optional<CollectionRecord> find(UUID id) {
        List<CollectionRecord.Column> columns = jdbc.query(
                "select column_no, header, field from collection_column where collection_id = ? order by column_no",
                ps -> ps.setObject(1, id),
                rs -> new CollectionRecord.Column(rs.getInt(1), rs.getString(2), rs.getString(3)));
        List<CollectionRecord.Community> communities = jdbc.query(
                "select community_code, forms_downloaded, last_download_at from collection_community"
                        + " where collection_id = ? order by community_code",
                ps -> ps.setObject(1, id),
                rs -> new CollectionRecord.Community(rs.getString(1), rs.getInt(2), instant(rs.getTimestamp(3))));
        return jdbc
                .query(
                        "select id, title, selection, due_date, file_name, format, sheet, header_row, created_by,"
                                + " created_at, updated_at, version, closed_at, closed_by, answers_deleted_at,"
                                + " answers_deleted_by, reopened_at, reopened_by from collection where id = ?",
                        ps -> ps.setObject(1, id),
                        rs -> new CollectionRecord(
                                rs.getObject(1, UUID.class),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getDate(4).toLocalDate(),
                                rs.getString(5),
                                "XLSX".equals(rs.getString(6)),
                                rs.getString(7),
                                rs.getInt(8),
                                rs.getString(9),
                                instant(rs.getTimestamp(10)),
                                instant(rs.getTimestamp(11)),
                                rs.getInt(12),
                                columns,
                                communities,
                                instant(rs.getTimestamp(13)),
                                rs.getString(14),
                                instant(rs.getTimestamp(15)),
                                rs.getString(16),
                                instant(rs.getTimestamp(17)),
                                rs.getString(18)))
                .stream()
                .findFirst();
    }

    /** The form as stored (encrypted). */
    byte[] form(UUID id) {
        return jdbc.query(
                        "select form_cipher from collection where id = ?",
                        ps -> ps.setObject(1, id),
                        rs -> rs.getBytes(1))
                .get(0);
    }

    void setField(UUID id, int column, String field) {
        jdbc.update("update collection_column set field = ? where collection_id = ? and column_no = ?", (conn, ps) -> {
            ps.setString(1, field);
            ps.setObject(2, id);
            ps.setInt(3, column);
        });
    }

    void changed(UUID id, Instant at) {
        jdbc.update("update collection set version = version + 1, updated_at = ? where id = ?", (conn, ps) -> {
            ps.setTimestamp(1, Timestamp.from(at));
            ps.setObject(2, id);
        });
    }

    void downloaded(UUID id, String community, Instant at) {
        jdbc.update(
                "update collection_community set forms_downloaded = forms_downloaded + 1, last_download_at = ?"
                        + " where collection_id = ? and community_code = ?",
                (conn, ps) -> {
                    ps.setTimestamp(1, Timestamp.from(at));
                    ps.setObject(2, id);
                    ps.setString(3, community);
                });
    }

    /**
     * The cells the hub filled in a community's form as it was last written, and when the community
     * first had it filled.
     */
    void filled(UUID id, String community, int cells, Instant at) {
        jdbc.update("""
                update collection_community
                   set cells_filled = ?, first_filled_at = coalesce(first_filled_at, ?)
                 where collection_id = ? and community_code = ?""", (conn, ps) -> {
            ps.setInt(1, cells);
            ps.setTimestamp(2, Timestamp.from(at));
            ps.setObject(3, id);
            ps.setString(4, community);
        });
    }

    /** A collection's cells filled for one community, in the month its form was first filled. */
    record CellsFilled(String title, String community, long cells) {}

    /** The cells filled in the forms communities first had filled between {@code from} and {@code to}. */
    List<CellsFilled> cellsFilled(Instant from, Instant to) {
        return jdbc.query(
                """
                select c.title, cc.community_code, cc.cells_filled
                  from collection_community cc join collection c on c.id = cc.collection_id
                 where cc.first_filled_at >= ? and cc.first_filled_at < ? and cc.cells_filled > 0
                 order by c.created_at, c.id""",
                ps -> {
                    ps.setTimestamp(1, Timestamp.from(from));
                    ps.setTimestamp(2, Timestamp.from(to));
                },
                rs -> new CellsFilled(rs.getString(1), rs.getString(2), rs.getLong(3)));
    }

    /** Keeps a resident's answers, the last return's standing. */
    void answer(UUID id, UUID resident, String community, byte[] answersCipher, Instant at) {
        jdbc.update(
                "insert into collection_answer (collection_id, resident_id, community_code, answers_cipher, returned_at)"
                        + " values (?, ?, ?, ?, ?) on conflict (collection_id, resident_id) do update set"
                        + " community_code = excluded.community_code, answers_cipher = excluded.answers_cipher,"
                        + " returned_at = excluded.returned_at",
                (conn, ps) -> {
                    ps.setObject(1, id);
                    ps.setObject(2, resident);
                    ps.setString(3, community);
                    ps.setBytes(4, answersCipher);
                    ps.setTimestamp(5, Timestamp.from(at));
                });
    }

    /** Forgets a resident's answers. */
    void forget(UUID id, UUID resident) {
        jdbc.update("delete from collection_answer where collection_id = ? and resident_id = ?", (conn, ps) -> {
            ps.setObject(1, id);
            ps.setObject(2, resident);
        });
    }

    /** The answers kept (encrypted) for these residents. */
    java.util.Map<UUID, byte[]> answers(UUID id, List<UUID> residents) {
        java.util.Map<UUID, byte[]> answers = new java.util.HashMap<>();
        jdbc.query(
                "select resident_id, answers_cipher from collection_answer where collection_id = ? and resident_id = any(?)",
                (conn, ps) -> {
                    ps.setObject(1, id);
                    ps.setArray(2, conn.createArrayOf("uuid", residents.toArray()));
                },
                rs -> answers.put(rs.getObject(1, UUID.class), rs.getBytes(2)));
        return answers;
    }

    /**
     * When the collection was closed, or null while open; held until the transaction ends, so that
     * a collection cannot be closed while a return or a save is being kept (the close waits for
     * it), and one closed meanwhile is seen closed.
     */
    Optional<Instant> closedAtLocked(UUID id) {
        return jdbc
                .query(
                        "select closed_at from collection where id = ? for share",
                        ps -> ps.setObject(1, id),
                        rs -> Optional.ofNullable(instant(rs.getTimestamp(1))))
                .stream()
                .findFirst()
                .flatMap(o -> o);
    }

    /** Closes the collection if it is open; whether it was. */
    boolean close(UUID id, String user, Instant at) {
        return jdbc.update(
                        "update collection set closed_at = ?, closed_by = ?, version = version + 1, updated_at = ?"
                                + " where id = ? and closed_at is null",
                        (conn, ps) -> {
                            ps.setTimestamp(1, Timestamp.from(at));
                            ps.setString(2, user);
                            ps.setTimestamp(3, Timestamp.from(at));
                            ps.setObject(4, id);
                        })
                > 0;
    }

    /** Opens the closed collection again, if its answers were not deleted; whether it was. */
    boolean reopen(UUID id, String user, Instant at) {
        return jdbc.update(
                        "update collection set closed_at = null, closed_by = null, reopened_at = ?, reopened_by = ?,"
                                + " version = version + 1, updated_at = ?"
                                + " where id = ? and closed_at is not null and answers_deleted_at is null",
                        (conn, ps) -> {
                            ps.setTimestamp(1, Timestamp.from(at));
                            ps.setString(2, user);
                            ps.setTimestamp(3, Timestamp.from(at));
                            ps.setObject(4, id);
                        })
                > 0;
    }

    /**
     * Deletes every answer kept for the closed collection and records who and when; how many
     * residents' answers were deleted. A collection not closed keeps its answers (0).
     */
    int deleteAnswers(UUID id, String user, Instant at) {
        return deleteAnswers(id, user, at, at.plusSeconds(1));
    }

    /**
     * As {@link #deleteAnswers(UUID, String, Instant)}, only if the collection was closed before
     * {@code closedBefore}: a collection opened again and closed since the retention chore found it
     * keeps its answers.
     */
    int deleteAnswers(UUID id, String user, Instant at, Instant closedBefore) {
        int updated = jdbc.update(
                "update collection set answers_deleted_at = ?, answers_deleted_by = ? where id = ?"
                        + " and closed_at is not null and closed_at < ?",
                (conn, ps) -> {
                    ps.setTimestamp(1, Timestamp.from(at));
                    ps.setString(2, user);
                    ps.setObject(3, id);
                    ps.setTimestamp(4, Timestamp.from(closedBefore));
                });
        if (updated == 0) {
            return 0;
        }
        return jdbc.update("delete from collection_answer where collection_id = ?", (conn, ps) -> ps.setObject(1, id));
    }

    /** Closed collections, closed before the cutoff, that still keep answers. */
    List<UUID> closedBeforeWithAnswers(Instant cutoff) {
        return jdbc.query(
                "select c.id from collection c where c.closed_at < ? and exists (select 1 from collection_answer a"
                        + " where a.collection_id = c.id) order by c.closed_at",
                ps -> ps.setTimestamp(1, Timestamp.from(cutoff)),
                rs -> rs.getObject(1, UUID.class));
    }

    /** A collection as the list shows it: who created it and for which communities, newest first. */
    record Listed(UUID id, String createdBy, List<String> communities) {}

    List<Listed> listed() {
        return jdbc.query(
                "select c.id, c.created_by, array(select m.community_code from collection_community m"
                        + " where m.collection_id = c.id order by m.community_code) from collection c"
                        + " order by c.created_at desc, c.id",
                ps -> {},
                rs -> new Listed(rs.getObject(1, UUID.class), rs.getString(2), List.of((String[])
                        rs.getArray(3).getArray())));
    }

    void returned(
            UUID returnId,
            UUID id,
            String community,
            String fileName,
            String user,
            Instant at,
            int rowsRead,
            int rowsAnswered,
            int rowsNotMatched,
            int updatesProposed) {
        jdbc.update(
                "insert into collection_return (id, collection_id, community_code, file_name, returned_by, returned_at,"
                        + " rows_read, rows_answered, rows_not_matched, updates_proposed) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (conn, ps) -> {
                    ps.setObject(1, returnId);
                    ps.setObject(2, id);
                    ps.setString(3, community);
                    ps.setString(4, fileName.length() > 255 ? fileName.substring(fileName.length() - 255) : fileName);
                    ps.setString(5, user);
                    ps.setTimestamp(6, Timestamp.from(at));
                    ps.setInt(7, rowsRead);
                    ps.setInt(8, rowsAnswered);
                    ps.setInt(9, rowsNotMatched);
                    ps.setInt(10, updatesProposed);
                });
    }

    /** Per community: returns so far, the last one's time, and residents with answers kept. */
    record Progress(int returns, Instant lastReturnAt, int rowsAnswered) {}

    java.util.Map<String, Progress> progress(UUID id) {
        java.util.Map<String, Progress> progress = new java.util.HashMap<>();
        jdbc.query(
                "select m.community_code, (select count(*) from collection_return r where r.collection_id = m.collection_id"
                        + " and r.community_code = m.community_code), (select max(returned_at) from collection_return r"
                        + " where r.collection_id = m.collection_id and r.community_code = m.community_code), (select count(*)"
                        + " from collection_answer a where a.collection_id = m.collection_id and a.community_code = m.community_code)"
                        + " from collection_community m where m.collection_id = ?",
                ps -> ps.setObject(1, id),
                rs -> progress.put(
                        rs.getString(1), new Progress(rs.getInt(2), instant(rs.getTimestamp(3)), rs.getInt(4))));
        return progress;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
