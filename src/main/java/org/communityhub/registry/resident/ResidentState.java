package org.communityhub.registry.resident;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.communityhub.registry.league.LeagueMembershipRequest;
import org.communityhub.registry.party.PartyMembershipRequest;

/**
 * Everything a merge changes on one record, as it was before: kept (encrypted, as it holds the ID
 * number and phone in clear) so that an undo can put it back.
 */
record ResidentState(
        String name,
        String idNumber,
        String idType,
        String sex,
        LocalDate birthDate,
        String ethnicity,
        String politicalStatus,
        String education,
        String maritalStatus,
        String phone,
        String residenceType,
        String communityCode,
        String building,
        String unit,
        String room,
        UUID householdId,
        String relationToHead,
        List<String> tags,
        ResidentStatus status,
        LocalDate statusDate,
        String statusReason,
        PartyMembershipRequest party,
        LeagueMembershipRequest league) {

    /** The states of both records of a merge, as the merge record keeps them. */
    record Pair(ResidentState survivor, ResidentState merged) {}

    static ResidentState of(
            Resident r, String idNumber, String phone, PartyMembershipRequest party, LeagueMembershipRequest league) {
        return new ResidentState(
                r.name,
                idNumber,
                r.idType,
                r.sex,
                r.birthDate,
                r.ethnicity,
                r.politicalStatus,
                r.education,
                r.maritalStatus,
                phone,
                r.residenceType,
                r.communityCode,
                r.building,
                r.unit,
                r.room,
                r.householdId,
                r.relationToHead,
                r.tags == null ? List.of() : Arrays.asList(r.tags),
                r.status,
                r.statusDate,
                r.statusReason,
                party,
                league);
    }

    @Override
    public String toString() {
        return "ResidentState[personal data withheld]";
    }
}
