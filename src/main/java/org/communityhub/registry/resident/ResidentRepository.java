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
import org.communityhub.common.database.Sql;

@ApplicationScoped
class ResidentRepository implements PanacheRepositoryBase<Resident, UUID> {

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

    long count(AreaScope scope, Criteria criteria) {
        Map<String, Object> params = new HashMap<>();
        Query query = getEntityManager()
                .createNativeQuery("select count(*) from resident r" + where(scope, criteria, params));
        params.forEach(query::setParameter);
        return ((Number) query.getSingleResult()).longValue();
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
        equal(w, params, "r.building", "building", q.building());
        equal(w, params, "r.unit", "unit", q.unit());
        equal(w, params, "r.room", "room", q.room());
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

    private static void equal(StringBuilder w, Map<String, Object> params, String column, String name, String value) {
        if (value != null) {
            w.append(" and ").append(column).append(" = :").append(name);
            params.put(name, value);
        }
    }
}
