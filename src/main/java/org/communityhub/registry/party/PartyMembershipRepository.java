package org.communityhub.registry.party;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.Period;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.communityhub.access.AreaScope;
import org.communityhub.access.ScopeSql;
import org.communityhub.common.database.Jdbc;
import org.communityhub.common.database.Sql;

@ApplicationScoped
class PartyMembershipRepository implements PanacheRepositoryBase<PartyMembership, UUID> {

    private final Jdbc jdbc;

    PartyMembershipRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The party member list. It reads the resident table for names and addresses: a read model
     * over both tables, which the membership feature owns; writes go through the services only.
     */
    List<PartyMemberItem> list(
            AreaScope scope,
            PartyMemberQuery q,
            LocalDate today,
            int offset,
            int limit,
            Function<byte[], String> maskedIdNumber) {
        Map<String, Object> params = new HashMap<>();
        String sql = """
                        select r.id, r.name, r.id_number_cipher, r.sex, r.birth_date, r.community_code, r.building,
                         r.unit, r.room, p.status, p.joined_on, p.full_member_on, p.branch, p.category,
                         p.reported_to_community, p.lost_contact
                         from party_membership p join resident r on r.id = p.resident_id"""
                + where(scope, q, params)
                + " order by r.community_code, r.building, r.unit, r.room, r.name, r.id"
                + " limit " + limit + " offset " + offset;
        Jdbc.flushPending(getEntityManager());
        return jdbc.query(sql, params, rs -> {
            LocalDate birth = date(rs.getDate(5));
            return new PartyMemberItem(
                    rs.getObject(1, UUID.class),
                    rs.getString(2),
                    maskedIdNumber.apply(rs.getBytes(3)),
                    rs.getString(4),
                    birth,
                    Period.between(birth, today).getYears(),
                    rs.getString(6),
                    rs.getString(7),
                    rs.getString(8),
                    rs.getString(9),
                    PartyMemberStatus.valueOf(rs.getString(10)),
                    date(rs.getDate(11)),
                    date(rs.getDate(12)),
                    rs.getString(13),
                    rs.getString(14),
                    (Boolean) rs.getObject(15),
                    (Boolean) rs.getObject(16));
        });
    }

    List<UUID> residentIds(AreaScope scope, PartyMemberQuery q, int limit) {
        Map<String, Object> params = new HashMap<>();
        String sql = "select r.id from party_membership p join resident r on r.id = p.resident_id"
                + where(scope, q, params)
                + " order by r.community_code, r.building, r.unit, r.room, r.name, r.id limit " + limit;
        Jdbc.flushPending(getEntityManager());
        return jdbc.query(sql, params, rs -> rs.getObject(1, UUID.class));
    }

    long count(AreaScope scope, PartyMemberQuery q) {
        Map<String, Object> params = new HashMap<>();
        String sql = "select count(*) from party_membership p join resident r on r.id = p.resident_id"
                + where(scope, q, params);
        Jdbc.flushPending(getEntityManager());
        return jdbc.queryOne(sql, params, rs -> rs.getLong(1)).orElseThrow();
    }

    private static LocalDate date(java.sql.Date d) {
        return d == null ? null : d.toLocalDate();
    }

    private static String where(AreaScope scope, PartyMemberQuery q, Map<String, Object> params) {
        StringBuilder w = new StringBuilder(" where r.status = 'ACTIVE' and ")
                .append(ScopeSql.condition(scope, "r.community_code"));
        if (q.divisionCode() != null) {
            w.append(" and r.community_code like :division");
            params.put("division", Sql.prefixPattern(q.divisionCode()));
        }
        if (q.nameContains() != null) {
            w.append(" and r.name_grams @> hub_query_grams(:q) and lower(r.name) like lower(:qlike) escape '\\'");
            params.put("q", q.nameContains());
            params.put("qlike", Sql.containsPattern(q.nameContains()));
        }
        if (q.status() != null) {
            w.append(" and p.status = :status");
            params.put("status", q.status().name());
        }
        if (q.category() != null) {
            w.append(" and p.category = :category");
            params.put("category", q.category());
        }
        if (q.reportedToCommunity() != null) {
            w.append(" and p.reported_to_community = :reported");
            params.put("reported", q.reportedToCommunity());
        }
        if (q.lostContact() != null) {
            w.append(" and p.lost_contact = :lost");
            params.put("lost", q.lostContact());
        }
        return w.toString();
    }
}
