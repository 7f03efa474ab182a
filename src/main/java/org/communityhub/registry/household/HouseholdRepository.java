package org.communityhub.registry.household;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
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

    PanacheQuery<Household> search(AreaScope scope, String divisionCode, String householdNumber, String building) {
        StringBuilder where = new StringBuilder(ScopeSql.condition(scope, "communityCode"));
        Parameters params = new Parameters();
        if (divisionCode != null) {
            where.append(" and communityCode like :division");
            params.and("division", Sql.prefixPattern(divisionCode));
        }
        if (householdNumber != null) {
            where.append(" and householdNumber = :number");
            params.and("number", householdNumber);
        }
        if (building != null) {
            where.append(" and building = :building");
            params.and("building", building);
        }
        return find(where.toString(), Sort.by("communityCode", "building", "unit", "room", "householdNumber"), params);
    }
}
