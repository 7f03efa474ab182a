package org.communityhub.registry.household;

import java.util.List;
import java.util.UUID;
import org.communityhub.registry.resident.HouseholdMember;
import org.mapstruct.Mapper;

@Mapper
interface HouseholdMapper {

    HouseholdView toView(Household household, UUID headResidentId, List<HouseholdMember> members);

    HouseholdListItem toListItem(Household household);
}
