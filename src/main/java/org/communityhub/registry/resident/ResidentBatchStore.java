package org.communityhub.registry.resident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.communityhub.common.database.CopyRows;
import org.communityhub.common.database.Jdbc;
import org.communityhub.common.database.Sql;
import org.communityhub.common.history.FieldChange;

/**
 * Set-based statements for batch registration: many new residents and their history entries
 * written in one {@code copy} each, and the holders of many
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

    /** A resident holding one of the blind indexes asked for, with the sound of their name. */
    record NamedHolder(UUID id, String communityCode, byte[] idNumberIndex, String nameKey) {}

    /**
     * The residents in register (not merged into another record) whose ID number has one of these
     * blind indexes, with their name keys: one index look-up per number, in one statement.
     */
    List<NamedHolder> namedHolders(List<byte[]> idNumberIndexes) {
        if (idNumberIndexes.isEmpty()) {
            return List.of();
        }
        return jdbc.query(
                "select r.id, r.community_code, r.id_number_index, r.name_key from unnest(?::bytea[]) as q(idx)"
                        + " cross join lateral (select id, community_code, id_number_index, name_key from resident"
                        + " where id_number_index = q.idx and merged_into is null) as r",
                (c, ps) -> ps.setArray(1, Sql.column(c, "bytea", idNumberIndexes, i -> i)),
                rs -> new NamedHolder(rs.getObject(1, UUID.class), rs.getString(2), rs.getBytes(3), rs.getString(4)));
    }

    /** A person as a ledger row without an ID number gives them: where to look, and by what. */
    record PersonAt(
            String communityCode,
            String nameKey,
            java.time.LocalDate birthDate,
            String householdNumber,
            String building,
            String unit,
            String room) {}

    /** A resident found for the person asked for at {@code position} (0-based) of the list. */
    record Found(int position, UUID id) {}

    /**
     * The residents (not merged into another record) of each person's community with their name
     * key and birth date, and either their household number (户号) or, when the person gives a
     * building or room, the same building, unit and room: one statement for all the persons.
     */
    List<Found> samePeople(List<PersonAt> people) {
        if (people.isEmpty()) {
            return List.of();
        }
        return jdbc.query(
                "select q.n, r.id from unnest(?::varchar[], ?::varchar[], ?::date[], ?::varchar[], ?::varchar[],"
                        + " ?::varchar[], ?::varchar[]) with ordinality as q(community, name_key, birth, household,"
                        + " building, unit, room, n) cross join lateral (select r.id from resident r"
                        + " left join household h on h.id = r.household_id"
                        + " where r.name_key = q.name_key and r.birth_date = q.birth"
                        + " and r.community_code = q.community and r.merged_into is null"
                        + " and ((q.household is not null and h.household_number = q.household)"
                        + " or ((q.building is not null or q.room is not null)"
                        + " and coalesce(r.building, '') = coalesce(q.building, '')"
                        + " and coalesce(r.unit, '') = coalesce(q.unit, '')"
                        + " and coalesce(r.room, '') = coalesce(q.room, '')))) as r",
                (c, ps) -> {
                    ps.setArray(1, Sql.column(c, "varchar", people, PersonAt::communityCode));
                    ps.setArray(2, Sql.column(c, "varchar", people, PersonAt::nameKey));
                    ps.setArray(3, Sql.column(c, "date", people, p -> java.sql.Date.valueOf(p.birthDate())));
                    ps.setArray(4, Sql.column(c, "varchar", people, PersonAt::householdNumber));
                    ps.setArray(5, Sql.column(c, "varchar", people, PersonAt::building));
                    ps.setArray(6, Sql.column(c, "varchar", people, PersonAt::unit));
                    ps.setArray(7, Sql.column(c, "varchar", people, PersonAt::room));
                },
                rs -> new Found((int) rs.getLong(1) - 1, rs.getObject(2, UUID.class)));
    }

    /**
     * Inserts residents that are not yet in the database (new ids, version 0), all created by one
     * person at one time: the first resident's. One {@code copy} for the batch.
     */
    void insert(List<Resident> residents) {
        if (residents.isEmpty()) {
            return;
        }
        Resident first = residents.get(0);
        String createdAt = first.createdAt.toString();
        String updatedAt = first.updatedAt.toString();
        CopyRows rows = new CopyRows(residents.size());
        for (Resident r : residents) {
            rows.uuid(r.id)
                    .text(r.name)
                    .text(r.nameKey)
                    .text(r.idType)
                    .bytes(r.idNumberCipher)
                    .bytes(r.idNumberIndex)
                    .text(r.sex)
                    .text(r.birthDate.toString())
                    .text(r.ethnicity)
                    .text(r.politicalStatus)
                    .text(r.education)
                    .text(r.maritalStatus)
                    .bytes(r.phoneCipher)
                    .bytes(r.phoneIndex)
                    .text(r.residenceType)
                    .text(r.communityCode)
                    .text(r.building)
                    .text(r.unit)
                    .text(r.room)
                    .uuid(r.householdId)
                    .text(r.relationToHead)
                    .textArray(r.tags)
                    .text(r.status.name())
                    .text("0")
                    .text(createdAt)
                    .text(first.createdBy)
                    .text(updatedAt)
                    .text(first.updatedBy)
                    .endRow();
        }
        jdbc.copyIn(
                "copy resident (id, name, name_key, id_type, id_number_cipher, id_number_index, sex, birth_date,"
                        + " ethnicity, political_status, education, marital_status, phone_cipher, phone_index,"
                        + " residence_type, community_code, building, unit, room, household_id, relation_to_head, tags,"
                        + " status, version, created_at, created_by, updated_at, updated_by) from stdin",
                rows);
    }

    /** Inserts history entries, all by one person at one time. */
    void insertHistory(List<ResidentHistory> entries) {
        insertHistory(entries, entries.stream().map(this::json).toList());
    }

    /**
     * Inserts history entries, all by one person at one time, each with its changes already written
     * as JSON ({@link #changesJson}, at the same position). One {@code copy} for the batch.
     */
    void insertHistory(List<ResidentHistory> entries, List<String> changesJson) {
        if (entries.isEmpty()) {
            return;
        }
        ResidentHistory first = entries.get(0);
        String changedAt = first.changedAt.toString();
        CopyRows rows = new CopyRows(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            ResidentHistory h = entries.get(i);
            rows.uuid(h.residentId)
                    .text(changedAt)
                    .text(first.changedBy)
                    .text(h.action.name())
                    .text(changesJson.get(i))
                    .endRow();
        }
        jdbc.copyIn("copy resident_history (resident_id, changed_at, changed_by, action, changes) from stdin", rows);
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
}
