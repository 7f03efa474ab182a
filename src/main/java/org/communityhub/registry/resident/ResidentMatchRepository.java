package org.communityhub.registry.resident;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.communityhub.access.AreaScope;
import org.communityhub.access.ScopeSql;
import org.communityhub.common.database.Jdbc;
import org.communityhub.common.database.Sql;

/**
 * The indexed reads of duplicate detection: candidates of one resident through the name-key and
 * blind indexes, and all residents of an area in name-key order for a scan. Only residents on the
 * register ({@code ACTIVE}) take part.
 */
@ApplicationScoped
class ResidentMatchRepository {

    /** A row as read, the ID number still encrypted. */
    record Row(
            UUID id,
            String name,
            String nameKey,
            java.time.LocalDate birthDate,
            String sex,
            byte[] idNumberCipher,
            byte[] phoneIndex,
            String communityCode,
            String building,
            String unit,
            String room) {}

    /** Receives the rows of a scan in name-key order. */
    interface RowSink {
        void accept(Row row);
    }

    private static final String COLUMNS =
            "r.id, r.name, r.name_key, r.birth_date, r.sex, r.id_number_cipher, r.phone_index, r.community_code,"
                    + " r.building, r.unit, r.room";

    private final Jdbc jdbc;

    ResidentMatchRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Residents in {@code scope} whose name sounds like {@code nameKey} and who were born on one of
     * {@code birthDates} or hold one of the ID numbers whose blind indexes are {@code idIndexes}:
     * two probes of the (name_key, birth_date) index and the ID number's unique index.
     */
    List<Row> candidates(
            AreaScope scope, String nameKey, List<java.time.LocalDate> birthDates, List<byte[]> idIndexes, UUID self) {
        String sql = """
                select %s from resident r where r.name_key = ? and r.status = 'ACTIVE' and r.id <> ?
                 and (r.birth_date = any(?) or r.id_number_index = any(?)) and %s limit 200""".formatted(COLUMNS, ScopeSql.condition(scope, "r.community_code"));
        return jdbc.query(
                sql,
                (c, ps) -> {
                    ps.setString(1, nameKey);
                    ps.setObject(2, self);
                    ps.setArray(
                            3,
                            c.createArrayOf(
                                    "date",
                                    birthDates.stream().map(Date::valueOf).toArray()));
                    // pgjdbc sends a byte[][] as bytea[]; createArrayOf cannot build one.
                    ps.setObject(4, idIndexes.toArray(new byte[0][]));
                },
                ResidentMatchRepository::row);
    }

    /** A row found for the probe at {@code probe} (0-based) of a batched look-up. */
    record Probed(int probe, Row row) {}

    /**
     * For each probe (a name key and a birth date at the same position), the residents in {@code
     * scope} with that key and that birth date, at most {@code perProbe} each: one query for the
     * batch, one probe of the (name_key, birth_date) index per pair.
     */
    List<Probed> sameNameKeyAndBirthDate(
            AreaScope scope, List<String> nameKeys, List<java.time.LocalDate> birthDates, int perProbe) {
        if (nameKeys.isEmpty()) {
            return List.of();
        }
        String sql = """
                select %1$s, q.n from unnest(?::text[], ?::date[]) with ordinality as q(k, d, n)
                 cross join lateral (select %1$s
                 from resident r where r.name_key = q.k and r.birth_date = q.d
                 and r.status = 'ACTIVE' and %2$s limit %3$d) as r""".formatted(COLUMNS, ScopeSql.condition(scope, "r.community_code"), perProbe);
        return jdbc.query(
                sql,
                (c, ps) -> {
                    ps.setArray(1, c.createArrayOf("text", nameKeys.toArray()));
                    ps.setArray(
                            2,
                            c.createArrayOf(
                                    "date",
                                    birthDates.stream().map(Date::valueOf).toArray()));
                },
                rs -> new Probed(rs.getInt(12) - 1, row(rs)));
    }

    /** One resident, whatever their status, or null. */
    Row one(UUID id) {
        return jdbc.queryOne(
                        "select " + COLUMNS + " from resident r where r.id = ?",
                        ps -> ps.setObject(1, id),
                        ResidentMatchRepository::row)
                .orElse(null);
    }

    /**
     * Every resident on the register within {@code divisionCode}, in name-key order, streamed (the
     * caller holds a transaction, so the driver fetches with a cursor).
     */
    void inNameKeyOrder(String divisionCode, RowSink sink) {
        jdbc.forEach(
                """
                select %s from resident r where r.community_code like ? and r.status = 'ACTIVE'
                 and r.name_key is not null order by r.name_key""".formatted(COLUMNS),
                2000,
                (c, ps) -> ps.setString(1, Sql.prefixPattern(divisionCode)),
                rs -> sink.accept(row(rs)));
    }

    /** Residents whose name key is not filled yet (rows written before it existed), at most {@code limit}. */
    List<Row> withoutNameKey(int limit) {
        return jdbc.query(
                "select " + COLUMNS + " from resident r where r.name_key is null limit " + limit,
                ResidentMatchRepository::row);
    }

    /** Sets name keys, leaving each row's version alone: the key is derived, nothing to deliver. */
    void setNameKeys(List<UUID> ids, List<String> keys) {
        jdbc.update("""
                update resident r set name_key = k.key from unnest(?::uuid[], ?::text[]) as k(id, key)
                 where r.id = k.id and r.name_key is null""", (c, ps) -> {
            ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
            ps.setArray(2, c.createArrayOf("text", keys.toArray()));
        });
    }

    private static Row row(ResultSet rs) throws SQLException {
        Date birth = rs.getDate(4);
        return new Row(
                rs.getObject(1, UUID.class),
                rs.getString(2),
                rs.getString(3),
                birth == null ? null : birth.toLocalDate(),
                rs.getString(5),
                rs.getBytes(6),
                rs.getBytes(7),
                rs.getString(8),
                rs.getString(9),
                rs.getString(10),
                rs.getString(11));
    }
}
