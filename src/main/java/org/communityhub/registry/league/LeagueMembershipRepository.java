package org.communityhub.registry.league;

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
class LeagueMembershipRepository implements PanacheRepositoryBase<LeagueMembership, UUID> {

    /** The league member list: a read model over memberships and residents. */
    List<LeagueMemberItem> list(
            AreaScope scope,
            LeagueMemberQuery q,
            LocalDate today,
            int offset,
            int limit,
            Function<byte[], String> maskedIdNumber) {
        Map<String, Object> params = new HashMap<>();
        String sql =
                "select r.id, r.name, r.id_number_cipher, r.sex, r.birth_date, r.community_code, r.building, r.unit, r.room,"
                        + " l.joined_on, l.development_number, l.branch, l.post"
                        + " from league_membership l join resident r on r.id = l.resident_id"
                        + where(scope, q, today, params)
                        + " order by r.community_code, r.building, r.unit, r.room, r.name, r.id"
                        + " limit " + limit + " offset " + offset;
        Query query = getEntityManager().createNativeQuery(sql, Tuple.class);
        params.forEach(query::setParameter);
        @SuppressWarnings("unchecked")
        List<Tuple> rows = query.getResultList();
        return rows.stream()
                .map(t -> {
                    LocalDate birth = Sql.localDate(t.get(4));
                    String post = Sql.text(t.get(12));
                    return new LeagueMemberItem(
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
                            Sql.localDate(t.get(9)),
                            Sql.text(t.get(10)),
                            Sql.text(t.get(11)),
                            post,
                            LeagueMembership.isOverage(birth, post, today));
                })
                .toList();
    }

    /** The residents the list shows, in its order, at most {@code limit}. */
    List<UUID> residentIds(AreaScope scope, LeagueMemberQuery q, LocalDate today, int limit) {
        Map<String, Object> params = new HashMap<>();
        Query query = getEntityManager()
                .createNativeQuery("select r.id from league_membership l join resident r on r.id = l.resident_id"
                        + where(scope, q, today, params)
                        + " order by r.community_code, r.building, r.unit, r.room, r.name, r.id"
                        + " limit " + limit);
        params.forEach(query::setParameter);
        @SuppressWarnings("unchecked")
        List<Object> rows = query.getResultList();
        return rows.stream().map(Sql::uuid).toList();
    }

    long count(AreaScope scope, LeagueMemberQuery q, LocalDate today) {
        Map<String, Object> params = new HashMap<>();
        Query query = getEntityManager()
                .createNativeQuery("select count(*) from league_membership l join resident r on r.id = l.resident_id"
                        + where(scope, q, today, params));
        params.forEach(query::setParameter);
        return ((Number) query.getSingleResult()).longValue();
    }

    private static String where(AreaScope scope, LeagueMemberQuery q, LocalDate today, Map<String, Object> params) {
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
        if (q.overage() != null) {
            // Same rule as LeagueMembership.isOverage, in SQL: born on or before today minus 28 years, no post.
            String overage = "(r.birth_date <= :leavingBirth and coalesce(btrim(l.post), '') = '')";
            w.append(q.overage() ? " and " + overage : " and not " + overage);
            params.put("leavingBirth", today.minusYears(LeagueMembership.LEAVING_AGE));
        }
        return w.toString();
    }
}
