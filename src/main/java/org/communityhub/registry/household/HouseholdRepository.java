package org.communityhub.registry.household;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.communityhub.access.AreaScope;
import org.communityhub.access.ScopeSql;
import org.communityhub.common.database.Sql;

@ApplicationScoped
class HouseholdRepository implements PanacheRepositoryBase<Household, UUID> {

    Optional<Household> findByNumber(String communityCode, String householdNumber) {
        return find("communityCode = ?1 and householdNumber = ?2", communityCode, householdNumber)
                .firstResultOptional();
    }

    /** The households of these communities with these 户号 (pairwise: communities[i] with numbers[i]). */
    List<Household> findByNumbers(List<String> communities, List<String> numbers) {
        if (communities.isEmpty()) {
            return List.of();
        }
        return find(
                        "communityCode in ?1 and householdNumber in ?2",
                        communities.stream().distinct().toList(),
                        numbers.stream().distinct().toList())
                .list()
                .stream()
                .filter(h -> {
                    for (int i = 0; i < communities.size(); i++) {
                        if (communities.get(i).equals(h.communityCode)
                                && numbers.get(i).equals(h.householdNumber)) {
                            return true;
                        }
                    }
                    return false;
                })
                .toList();
    }

    /** The 户号 of every household of the community. */
    List<String> numbers(String communityCode) {
        return getEntityManager()
                .createQuery("select h.householdNumber from Household h where h.communityCode = ?1", String.class)
                .setParameter(1, communityCode)
                .getResultList();
    }

    /** Households in the area none of whose current members is the head (户主). */
    long countHeadless(AreaScope scope) {
        return count("from Household h where " + ScopeSql.condition(scope, "h.communityCode") + " and " + HEADLESS);
    }

    /** A condition on household {@code h}: no current member is its head. */
    static final String HEADLESS = "not exists (select 1 from Resident r where r.householdId = h.id"
            + " and r.relationToHead = '02' and r.status = org.communityhub.registry.resident.ResidentStatus.ACTIVE)";

    PanacheQuery<Household> search(
            AreaScope scope, String divisionCode, String householdNumber, String building, boolean headlessOnly) {
        StringBuilder where =
                new StringBuilder("from Household h where ").append(ScopeSql.condition(scope, "h.communityCode"));
        Parameters params = new Parameters();
        if (divisionCode != null) {
            where.append(" and h.communityCode like :division");
            params.and("division", Sql.prefixPattern(divisionCode));
        }
        if (householdNumber != null) {
            where.append(" and h.householdNumber = :number");
            params.and("number", householdNumber);
        }
        if (building != null) {
            where.append(" and h.building = :building");
            params.and("building", building);
        }
        if (headlessOnly) {
            where.append(" and ").append(HEADLESS);
        }
        return find(
                where.toString(),
                Sort.by("h.communityCode", "h.building", "h.unit", "h.room", "h.householdNumber"),
                params);
    }
}
