package org.communityhub.registry.party;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Query;
import jakarta.persistence.Tuple;
import java.time.LocalDate;
import java.time.Period;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.communityhub.access.AreaScope;
import org.communityhub.access.ScopeSql;
import org.communityhub.common.database.Sql;

@ApplicationScoped
class PartyMembershipRepository implements PanacheRepositoryBase<PartyMembership, UUID> {

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
        String sql =
                "select r.id, r.name, r.id_number_cipher, r.sex, r.birth_date, r.community_code, r.building, r.unit, r.room,"
                        + " p.status, p.joined_on, p.full_member_on, p.branch, p.category, p.reported_to_community,"
                        + " p.lost_contact from party_membership p join resident r on r.id = p.resident_id"
                        + where(scope, q, params)
                        + " order by r.community_code, r.building, r.unit, r.room, r.name, r.id"
                        + " limit " + limit + " offset " + offset;
        Query query = getEntityManager().createNativeQuery(sql, Tuple.class);
        params.forEach(query::setParameter);
        @SuppressWarnings("unchecked")
        List<Tuple> rows = query.getResultList();
        return rows.stream()
                .map(t -> {
                    LocalDate birth = Sql.localDate(t.get(4));
                    return new PartyMemberItem(
                            Sql.uuid(t.get(0)),
                            Sql.text(t.get(1)),
                            maskedIdNumber.apply((byte[]) t.get(2)),
                            Sql.text(t.get(3)),
                            birth,
                            Period.between(birth, today).getYears(),
                            Sql.text(t.get(5)),
                            Sql.text(t.get(6)),
                            Sql.text(t.get(7)),
                            Sql.text(t.get(8)),
                            PartyMemberStatus.valueOf(Sql.text(t.get(9))),
                            Sql.localDate(t.get(10)),
                            Sql.localDate(t.get(11)),
                            Sql.text(t.get(12)),
                            Sql.text(t.get(13)),
                            (Boolean) t.get(14),
                            (Boolean) t.get(15));
                })
                .toList();
    }

    /** The residents the list shows, in its order, at most {@code limit}. */
    List<UUID> residentIds(AreaScope scope, PartyMemberQuery q, int limit) {
        Map<String, Object> params = new HashMap<>();
        Query query = getEntityManager()
                .createNativeQuery("select r.id from party_membership p join resident r on r.id = p.resident_id"
                        + where(scope, q, params)
                        + " order by r.community_code, r.building, r.unit, r.room, r.name, r.id"
                        + " limit " + limit);
        params.forEach(query::setParameter);
        @SuppressWarnings("unchecked")
        List<Object> rows = query.getResultList();
        return rows.stream().map(Sql::uuid).toList();
    }

    long count(AreaScope scope, PartyMemberQuery q) {
        Map<String, Object> params = new HashMap<>();
        Query query = getEntityManager()
                .createNativeQuery("select count(*) from party_membership p join resident r on r.id = p.resident_id"
                        + where(scope, q, params));
        params.forEach(query::setParameter);
        return ((Number) query.getSingleResult()).longValue();
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
