package org.communityhub.registry.resident;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.Query;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.communityhub.access.AreaScope;
import org.communityhub.access.ScopeSql;
import org.communityhub.common.database.Jdbc;
import org.communityhub.common.database.Sql;

@ApplicationScoped
class ResidentRepository implements PanacheRepositoryBase<Resident, UUID> {

    private final Jdbc jdbc;

    ResidentRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Search criteria with personal identifiers already turned into blind indexes: one per key of
     * the ring, as rows may be indexed under a previous key until the key rotation has passed.
     */
    record Criteria(ResidentQuery query, List<byte[]> idNumberIndexes, List<byte[]> phoneIndexes) {}

    /** A resident whose ID number has one of these blind indexes (one per key of the ring). */
    Optional<Resident> findByIdNumberIndex(List<byte[]> indexes) {
        String condition = IntStream.rangeClosed(1, indexes.size())
                .mapToObj(i -> "idNumberIndex = ?" + i)
                .collect(Collectors.joining(" or "));
        return find(condition, indexes.toArray()).firstResultOptional();
    }

    List<Resident> members(UUID householdId) {
        return list("householdId = ?1 order by relationToHead, birthDate", householdId);
    }

    /**
     * Buildings of a community (or the units of a building, or the rooms of a unit) where residents
     * live now, for suggestions while typing an address.
     */
    List<String> addressParts(AreaScope scope, String communityCode, String building, String unit) {
        String part = building == null ? "building" : unit == null ? "unit" : "room";
        StringBuilder sql = new StringBuilder("select distinct r.")
                .append(part)
                .append(" from resident r where ")
                .append(ScopeSql.condition(scope, "r.community_code"))
                .append(" and r.community_code = :community and r.status = 'ACTIVE' and r.")
                .append(part)
                .append(" is not null");
        Map<String, Object> params = new HashMap<>();
        params.put("community", communityCode);
        if (building != null) {
            sql.append(" and r.building = :building");
            params.put("building", building);
        }
        if (unit != null) {
            sql.append(" and r.unit = :unit");
            params.put("unit", unit);
        }
        sql.append(" order by 1 limit 200");
        Jdbc.flushPending(getEntityManager());
        return jdbc.query(sql.toString(), params, rs -> rs.getString(1));
    }

    /**
     * Names on the register in the area close to {@code name}: as long, and one character off
     * (张伟 → 张为, 李伟), or sounding the same ({@code soundKey}); at most {@code limit}, distinct.
     */
    List<String> closeNames(AreaScope scope, String name, String soundKey, int limit) {
        StringBuilder sql = new StringBuilder("select distinct r.name from resident r where ")
                .append(ScopeSql.condition(scope, "r.community_code"))
                .append(" and r.status = 'ACTIVE' and r.name <> :name and (r.name_key = :key");
        Map<String, Object> params = new HashMap<>();
        params.put("name", name);
        params.put("key", soundKey);
        int[] points = name.codePoints().toArray();
        if (points.length >= 2) {
            sql.append(" or (char_length(r.name) = :length and (");
            params.put("length", points.length);
            for (int i = 0; i < points.length; i++) {
                StringBuilder pattern = new StringBuilder();
                for (int j = 0; j < points.length; j++) {
                    pattern.append(j == i ? "_" : Sql.likeEscaped(new String(Character.toChars(points[j]))));
                }
                sql.append(i == 0 ? "" : " or ")
                        .append("r.name like :p")
                        .append(i)
                        .append(" escape '\\'");
                params.put("p" + i, pattern.toString());
            }
            sql.append("))");
        }
        sql.append(") order by 1 limit ").append(limit);
        Jdbc.flushPending(getEntityManager());
        return jdbc.query(sql.toString(), params, rs -> rs.getString(1));
    }

    /**
     * A page of residents as managed entities, which is why this one query stays with Hibernate:
     * the callers show and edit what it returns.
     */
    List<Resident> search(AreaScope scope, Criteria criteria, int offset, int limit) {
        Map<String, Object> params = new HashMap<>();
        Query query = getEntityManager()
                .createNativeQuery(
                        "select r.* from resident r" + where(scope, criteria, params)
                                + " order by r.community_code, r.building, r.unit, r.room, r.name, r.id"
                                + " limit " + limit + " offset " + offset,
                        Resident.class);
        params.forEach(query::setParameter);
        @SuppressWarnings("unchecked")
        List<Resident> rows = query.getResultList();
        return rows;
    }

    /** The ids of the residents a search finds, in the search's order, at most {@code limit}. */
    List<UUID> ids(AreaScope scope, Criteria criteria, int limit) {
        Map<String, Object> params = new HashMap<>();
        String sql = "select r.id from resident r" + where(scope, criteria, params)
                + " order by r.community_code, r.building, r.unit, r.room, r.name, r.id limit " + limit;
        Jdbc.flushPending(getEntityManager());
        return jdbc.query(sql, params, rs -> rs.getObject(1, UUID.class));
    }

    long count(AreaScope scope, Criteria criteria) {
        Map<String, Object> params = new HashMap<>();
        String sql = "select count(*) from resident r" + where(scope, criteria, params);
        Jdbc.flushPending(getEntityManager());
        return jdbc.queryOne(sql, params, rs -> rs.getLong(1)).orElseThrow();
    }

    private static String where(AreaScope scope, Criteria c, Map<String, Object> params) {
        ResidentQuery q = c.query();
        StringBuilder w = new StringBuilder(" where ").append(ScopeSql.condition(scope, "r.community_code"));
        if (q.nameContains() != null) {
            // The GIN index over name pieces narrows the rows; LIKE keeps the pieces' order.
            w.append(" and r.name_grams @> hub_query_grams(:q) and lower(r.name) like lower(:qlike) escape '\\'");
            params.put("q", q.nameContains());
            params.put("qlike", Sql.containsPattern(q.nameContains()));
        }
        anyOf(w, params, "r.id_number_index", "idIndex", c.idNumberIndexes());
        anyOf(w, params, "r.phone_index", "phoneIndex", c.phoneIndexes());
        if (q.divisionCode() != null) {
            w.append(" and r.community_code like :division");
            params.put("division", Sql.prefixPattern(q.divisionCode()));
        }
        sameAddressPart(w, params, "r.building", "building", q.building(), "号楼|栋|幢|楼|号");
        sameAddressPart(w, params, "r.unit", "unit", q.unit(), "单元");
        sameAddressPart(w, params, "r.room", "room", q.room(), "室|号");
        equal(
                w,
                params,
                "r.status",
                "status",
                q.status() == null ? null : q.status().name());
        equal(w, params, "r.residence_type", "residenceType", q.residenceType());
        equal(w, params, "r.political_status", "politicalStatus", q.politicalStatus());
        if (q.tag() != null) {
            w.append(" and r.tags @> array[cast(:tag as varchar)]");
            params.put("tag", q.tag());
        }
        if (q.householdId() != null) {
            w.append(" and r.household_id = :household");
            params.put("household", q.householdId());
        }
        return w.toString();
    }

    private static void anyOf(
            StringBuilder w, Map<String, Object> params, String column, String name, List<byte[]> values) {
        if (values == null) {
            return;
        }
        w.append(" and ").append(column).append(" in (");
        for (int i = 0; i < values.size(); i++) {
            w.append(i == 0 ? ":" : ", :").append(name).append(i);
            params.put(name + i, values.get(i));
        }
        w.append(')');
    }

    /** 3, 3号楼 and 3栋 are one building; 2 and 2单元 one unit; 501 and 501室 one room. */
    private static void sameAddressPart(
            StringBuilder w, Map<String, Object> params, String column, String name, String value, String suffixes) {
        if (value == null) {
            return;
        }
        String bare = "regexp_replace(%s, '(" + suffixes + ")$', '')";
        w.append(" and ")
                .append(bare.formatted(column))
                .append(" = ")
                .append(bare.formatted("cast(:" + name + " as varchar)"));
        params.put(name, value.strip());
    }

    private static void equal(StringBuilder w, Map<String, Object> params, String column, String name, String value) {
        if (value != null) {
            w.append(" and ").append(column).append(" = :").append(name);
            params.put(name, value);
        }
    }
}
