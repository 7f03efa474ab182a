package org.communityhub.registry.snapshot;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.communityhub.access.pii.PiiCipher;
import org.communityhub.access.pii.PiiField;
import org.communityhub.common.database.Jdbc;

/**
 * Loads resident snapshots in bulk, one query for a whole batch. A read model over the registry's
 * tables for delivery: it writes nothing and checks no area scope (the hub itself is reading).
 */
@ApplicationScoped
public class ResidentSnapshots {

    private static final String QUERY = """
            select r.id, r.version, r.name, r.id_type, r.id_number_cipher, r.sex,
             r.birth_date, r.ethnicity, r.political_status, r.education, r.marital_status, r.phone_cipher,
             r.residence_type, r.status, r.status_date, r.status_reason, r.community_code, r.building, r.unit,
             r.room, r.tags, r.updated_at, h.household_number, h.type, r.relation_to_head,
             p.status, p.joined_on, p.full_member_on, p.branch, p.category, p.reported_to_community, p.lost_contact,
             l.resident_id, l.joined_on, l.development_number, l.branch, l.post
             from resident r
             left join household h on h.id = r.household_id
             left join party_membership p on p.resident_id = r.id
             left join league_membership l on l.resident_id = r.id
             where r.id = any(?)""";

    private final Jdbc jdbc;
    private final PiiCipher pii;

    ResidentSnapshots(Jdbc jdbc, PiiCipher pii) {
        this.jdbc = jdbc;
        this.pii = pii;
    }

    /**
     * The current state of the given residents (those that exist), in no particular order.
     *
     * @param withPersonalIdentifiers whether to decrypt ID numbers and phones
     */
    public List<ResidentSnapshot> load(Collection<UUID> ids, boolean withPersonalIdentifiers) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.query(
                QUERY,
                (c, ps) -> ps.setArray(1, c.createArrayOf("uuid", ids.toArray())),
                rs -> read(rs, withPersonalIdentifiers));
    }

    /** A resident's household as a form asks for it: how many live in it (在册), and its head's name. */
    public record HouseholdFacts(int size, String headName) {}

    private static final String HOUSEHOLDS = """
            select r.id, count(m.id), max(m.name) filter (where m.relation_to_head = '02')
             from resident r join resident m on m.household_id = r.household_id and m.status = 'ACTIVE'
             where r.id = any(?) group by r.id""";

    /** The households of the given residents (those in one), by resident: one query for a batch. */
    public Map<UUID, HouseholdFacts> households(Collection<UUID> ids) {
        Map<UUID, HouseholdFacts> facts = new HashMap<>();
        if (ids.isEmpty()) {
            return facts;
        }
        jdbc.query(
                HOUSEHOLDS,
                (c, ps) -> ps.setArray(1, c.createArrayOf("uuid", ids.toArray())),
                rs -> facts.put(rs.getObject(1, UUID.class), new HouseholdFacts(rs.getInt(2), rs.getString(3))));
        return facts;
    }

    private ResidentSnapshot read(ResultSet rs, boolean withPii) throws SQLException {
        ResidentSnapshot.Party party = rs.getString(26) == null
                ? null
                : new ResidentSnapshot.Party(
                        rs.getString(26),
                        date(rs.getDate(27)),
                        date(rs.getDate(28)),
                        rs.getString(29),
                        rs.getString(30),
                        rs.getBoolean(31),
                        rs.getBoolean(32));
        ResidentSnapshot.League league = rs.getObject(33) == null
                ? null
                : new ResidentSnapshot.League(
                        date(rs.getDate(34)), rs.getString(35), rs.getString(36), rs.getString(37));
        Array tags = rs.getArray(21);
        Timestamp updated = rs.getTimestamp(22);
        return new ResidentSnapshot(
                rs.getObject(1, UUID.class),
                rs.getInt(2),
                rs.getString(3),
                rs.getString(4),
                withPii ? pii.decrypt(PiiField.ID_NUMBER, rs.getBytes(5)) : null,
                rs.getString(6),
                date(rs.getDate(7)),
                rs.getString(8),
                rs.getString(9),
                rs.getString(10),
                rs.getString(11),
                withPii ? pii.decrypt(PiiField.PHONE, rs.getBytes(12)) : null,
                rs.getString(13),
                rs.getString(14),
                date(rs.getDate(15)),
                rs.getString(16),
                rs.getString(17),
                rs.getString(18),
                rs.getString(19),
                rs.getString(20),
                tags == null ? List.of() : List.of((String[]) tags.getArray()),
                updated == null ? null : updated.toInstant(),
                rs.getString(23),
                rs.getString(24),
                rs.getString(25),
                party,
                league);
    }

    private static java.time.LocalDate date(Date d) {
        return d == null ? null : d.toLocalDate();
    }
}
