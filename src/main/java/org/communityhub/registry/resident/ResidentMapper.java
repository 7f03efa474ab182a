package org.communityhub.registry.resident;

import java.util.List;
import org.communityhub.registry.league.LeagueMembershipView;
import org.communityhub.registry.party.PartyMembershipView;
import org.mapstruct.Mapper;
import org.mapstruct.Mapping;

/**
 * Resident entity to API views. Personal identifiers are passed in as they may be shown (masked
 * unless revealed), and tags as the reader may see them: the mapper decides neither.
 */
@Mapper
interface ResidentMapper {

    @Mapping(target = "idNumber", source = "shownIdNumber")
    @Mapping(target = "phone", source = "shownPhone")
    @Mapping(target = "partyMembership", source = "party")
    @Mapping(target = "leagueMembership", source = "league")
    @Mapping(target = "version", source = "resident.version")
    @Mapping(target = "status", source = "resident.status")
    @Mapping(target = "updatedAt", source = "resident.updatedAt")
    @Mapping(target = "tags", source = "visibleTags")
    @Mapping(target = "warnings", ignore = true)
    ResidentView toView(
            Resident resident,
            String shownIdNumber,
            String shownPhone,
            List<String> visibleTags,
            PartyMembershipView party,
            LeagueMembershipView league);

    @Mapping(target = "idNumber", source = "maskedIdNumber")
    @Mapping(target = "tags", source = "visibleTags")
    ResidentListItem toListItem(Resident resident, String maskedIdNumber, List<String> visibleTags);

    @Mapping(target = "residentId", source = "id")
    HouseholdMember toMember(Resident resident);

    HistoryEntry toEntry(ResidentHistory history);

    /** A merge as the API shows it, with the surviving record as the reader may see it. */
    @Mapping(target = "id", source = "merge.id")
    @Mapping(target = "survivor", source = "survivor")
    MergeView toMergeView(ResidentMerge merge, ResidentView survivor);

    default List<String> tags(String[] tags) {
        return tags == null ? List.of() : List.of(tags);
    }
}
