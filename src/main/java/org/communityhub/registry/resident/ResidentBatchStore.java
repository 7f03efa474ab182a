package org.communityhub.registry.resident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.communityhub.common.database.Jdbc;
import org.communityhub.common.database.Sql;
import org.communityhub.common.history.FieldChange;

/**
 * Set-based statements for batch registration: many new residents and their history entries
 * written in one statement each ({@code insert ... select from unnest}), and the holders of many
 * ID numbers found in one query, where Hibernate would send a statement per row. The outbox rows
 * follow from the insert (a statement trigger), as for any other insert. Runs in the caller's
 * transaction.
 */
@ApplicationScoped
class ResidentBatchStore {

    private final Jdbc jdbc;
    /** History changes as JSON, with the keys Hibernate reads {@link ResidentHistory#changes} by. */
    private final ObjectMapper json;

    ResidentBatchStore(Jdbc jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A resident holding one of the blind indexes asked for. */
    record Holder(UUID id, String communityCode, byte[] idNumberIndex) {}

    /** The residents whose ID number has one of these blind indexes. */
    List<Holder> holders(List<byte[]> idNumberIndexes) {
        if (idNumberIndexes.isEmpty()) {
            return List.of();
        }
        return jdbc.query(
                // One index look-up per number, whatever the planner believes of the table's size:
                // "= any(array)" on a table whose statistics lag behind an import scans it whole.
                "select r.id, r.community_code, r.id_number_index from unnest(?::bytea[]) as q(idx)"
                        + " cross join lateral (select id, community_code, id_number_index from resident"
                        + " where id_number_index = q.idx) as r",
                (c, ps) -> ps.setArray(1, Sql.column(c, "bytea", idNumberIndexes, i -> i)),
                rs -> new Holder(rs.getObject(1, UUID.class), rs.getString(2), rs.getBytes(3)));
    }

    /**
     * Inserts residents that are not yet in the database (new ids, version 0), all created by one
     * person at one time: the first resident's.
     */
    void insert(List<Resident> residents) {
        if (residents.isEmpty()) {
            return;
        }
        jdbc.update(
                "insert into resident (id, name, name_key, id_type, id_number_cipher, id_number_index, sex, birth_date,"
                        + " ethnicity, political_status, education, marital_status, phone_cipher, phone_index,"
                        + " residence_type, community_code, building, unit, room, household_id, relation_to_head, tags,"
                        + " status, version, created_at, created_by, updated_at, updated_by)"
                        + " select r.id, r.name, r.name_key, r.id_type, r.idc, r.idx, r.sex, r.birth, r.eth, r.pol, r.edu, r.mar,"
                        + " r.phc, r.phx, r.rt, r.community, r.building, r.unit, r.room, r.household, r.relation,"
                        + " r.tags::varchar(40)[], r.status, 0, ?, ?, ?, ?"
                        + " from unnest(?::uuid[], ?::varchar[], ?::varchar[], ?::varchar[], ?::bytea[], ?::bytea[], ?::varchar[],"
                        + " ?::date[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::bytea[], ?::bytea[],"
                        + " ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[], ?::uuid[], ?::varchar[],"
                        + " ?::text[], ?::varchar[])"
                        + " as r(id, name, name_key, id_type, idc, idx, sex, birth, eth, pol, edu, mar, phc, phx, rt, community,"
                        + " building, unit, room, household, relation, tags, status)",
                (c, ps) -> {
                    Resident first = residents.get(0);
                    int p = 1;
                    ps.setTimestamp(p++, Timestamp.from(first.createdAt));
                    ps.setString(p++, first.createdBy);
                    ps.setTimestamp(p++, Timestamp.from(first.updatedAt));
                    ps.setString(p++, first.updatedBy);
                    ps.setArray(p++, Sql.column(c, "uuid", residents, r -> r.id));
                    ps.setArray(p++, Sql.column(c, "varchar", residents, r -> r.name));
                    ps.setArray(p++, Sql.column(c, "varchar", residents, r -> r.nameKey));
                    ps.setArray(p++, Sql.column(c, "varchar", residents, r -> r.idType));
                    ps.setArray(p++, Sql.column(c, "bytea", residents, r -> r.idNumberCipher));
                    ps.setArray(p++, Sql.column(c, "bytea", residents, r -> r.idNumberIndex));
                    ps.setArray(p++, Sql.column(c, "varchar", residents, r -> r.sex));
                    ps.setArray(p++, Sql.column(c, "date", residents, r -> r.birthDate.toString()));
                    ps.setArray(p++, Sql.column(c, "varchar", residents, r -> r.ethnicity));
                    ps.setArray(p++, Sql.column(c, "varchar", residents, r -> r.politicalStatus));
                    ps.setArray(p++, Sql.column(c, "varchar", residents, r -> r.education));
                    ps.setArray(p++, Sql.column(c, "varchar", residents, r -> r.maritalStatus));
                    ps.setArray(p++, Sql.column(c, "bytea", residents, r -> r.phoneCipher));
                    ps.setArray(p++, Sql.column(c, "bytea", residents, r -> r.phoneIndex));
                    ps.setArray(p++, Sql.column(c, "varchar", residents, r -> r.residenceType));
                    ps.setArray(p++, Sql.column(c, "varchar", residents, r -> r.communityCode));
                    ps.setArray(p++, Sql.column(c, "varchar", residents, r -> r.building));
                    ps.setArray(p++, Sql.column(c, "varchar", residents, r -> r.unit));
                    ps.setArray(p++, Sql.column(c, "varchar", residents, r -> r.room));
                    ps.setArray(p++, Sql.column(c, "uuid", residents, r -> r.householdId));
                    ps.setArray(p++, Sql.column(c, "varchar", residents, r -> r.relationToHead));
                    ps.setArray(p++, Sql.column(c, "text", residents, r -> arrayLiteral(r.tags)));
                    ps.setArray(p, Sql.column(c, "varchar", residents, r -> r.status.name()));
                });
    }

    /** Inserts history entries, all by one person at one time. */
    void insertHistory(List<ResidentHistory> entries) {
        insertHistory(entries, entries.stream().map(this::json).toList());
    }

    /**
     * Inserts history entries, all by one person at one time, each with its changes already written
     * as JSON ({@link #changesJson}, at the same position).
     */
    void insertHistory(List<ResidentHistory> entries, List<String> changesJson) {
        if (entries.isEmpty()) {
            return;
        }
        jdbc.update(
                "insert into resident_history (resident_id, changed_at, changed_by, action, changes)"
                        + " select h.rid, ?, ?, h.action, h.changes::jsonb"
                        + " from unnest(?::uuid[], ?::varchar[], ?::text[]) as h(rid, action, changes)",
                (c, ps) -> {
                    ResidentHistory first = entries.get(0);
                    ps.setTimestamp(1, Timestamp.from(first.changedAt));
                    ps.setString(2, first.changedBy);
                    ps.setArray(3, Sql.column(c, "uuid", entries, h -> h.residentId));
                    ps.setArray(4, Sql.column(c, "varchar", entries, h -> h.action.name()));
                    ps.setArray(5, c.createArrayOf("text", changesJson.toArray()));
                });
    }

    private String json(ResidentHistory entry) {
        return changesJson(entry.changes);
    }

    /** A history entry's changes as the JSON it is stored as. */
    String changesJson(List<FieldChange> changes) {
        try {
            return json.writeValueAsString(changes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("History changes could not be written as JSON", e);
        }
    }

    /** A PostgreSQL array literal of texts, every element quoted. */
    static String arrayLiteral(String[] values) {
        return Arrays.stream(values)
                .map(v -> '"' + v.replace("\\", "\\\\").replace("\"", "\\\"") + '"')
                .collect(Collectors.joining(",", "{", "}"));
    }
}
