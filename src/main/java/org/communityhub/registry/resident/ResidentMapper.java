package org.communityhub.registry.resident;

import java.util.List;
import org.communityhub.registry.league.LeagueMembershipView;
import org.communityhub.registry.party.PartyMembershipView;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

/**
 * Resident entity to API views. Personal identifiers are passed in already masked: the mapper
 * never sees a full ID number or phone.
 */
@Mapper
interface ResidentMapper {

    @Mapping(target = "idNumber", source = "maskedIdNumber")
    @Mapping(target = "phone", source = "maskedPhone")
    @Mapping(target = "partyMembership", source = "party")
    @Mapping(target = "leagueMembership", source = "league")
    @Mapping(target = "version", source = "resident.version")
    @Mapping(target = "status", source = "resident.status")
    @Mapping(target = "updatedAt", source = "resident.updatedAt")
    ResidentView toView(
            Resident resident,
            String maskedIdNumber,
            String maskedPhone,
            PartyMembershipView party,
            LeagueMembershipView league);

    @Mapping(target = "idNumber", source = "maskedIdNumber")
    ResidentListItem toListItem(Resident resident, String maskedIdNumber);

    @Mapping(target = "residentId", source = "id")
    HouseholdMember toMember(Resident resident);

    HistoryEntry toEntry(ResidentHistory history);

    default List<String> tags(String[] tags) {
        return tags == null ? List.of() : List.of(tags);
    }
}
