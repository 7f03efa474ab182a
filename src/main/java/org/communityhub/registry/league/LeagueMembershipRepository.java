package org.communityhub.registry.league;

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
class LeagueMembershipRepository implements PanacheRepositoryBase<LeagueMembership, UUID> {

    private final Jdbc jdbc;

    LeagueMembershipRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** The league member list: a read model over memberships and residents. */
    List<LeagueMemberItem> list(
            AreaScope scope,
            LeagueMemberQuery q,
            LocalDate today,
            int offset,
            int limit,
            Function<byte[], String> maskedIdNumber) {
        Map<String, Object> params = new HashMap<>();
        String sql = """
                        select r.id, r.name, r.id_number_cipher, r.sex, r.birth_date, r.community_code, r.building,
                         r.unit, r.room, l.joined_on, l.development_number, l.branch, l.post
                         from league_membership l join resident r on r.id = l.resident_id"""
                + where(scope, q, today, params)
                + " order by r.community_code, r.building, r.unit, r.room, r.name, r.id"
                + " limit " + limit + " offset " + offset;
        Jdbc.flushPending(getEntityManager());
        return jdbc.query(sql, params, rs -> {
            LocalDate birth = date(rs.getDate(5));
            String post = rs.getString(13);
            return new LeagueMemberItem(
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
                    date(rs.getDate(10)),
                    rs.getString(11),
                    rs.getString(12),
                    post,
                    LeagueMembership.isOverage(birth, post, today));
        });
    }

    /** The residents the list shows, in its order, at most {@code limit}. */
    List<UUID> residentIds(AreaScope scope, LeagueMemberQuery q, LocalDate today, int limit) {
        Map<String, Object> params = new HashMap<>();
        String sql = "select r.id from league_membership l join resident r on r.id = l.resident_id"
                + where(scope, q, today, params)
                + " order by r.community_code, r.building, r.unit, r.room, r.name, r.id limit " + limit;
        Jdbc.flushPending(getEntityManager());
        return jdbc.query(sql, params, rs -> rs.getObject(1, UUID.class));
    }

    long count(AreaScope scope, LeagueMemberQuery q, LocalDate today) {
        Map<String, Object> params = new HashMap<>();
        String sql = "select count(*) from league_membership l join resident r on r.id = l.resident_id"
                + where(scope, q, today, params);
        Jdbc.flushPending(getEntityManager());
        return jdbc.queryOne(sql, params, rs -> rs.getLong(1)).orElseThrow();
    }

    private static LocalDate date(java.sql.Date d) {
        return d == null ? null : d.toLocalDate();
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
