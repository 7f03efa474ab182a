package org.communityhub.registry.resident;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.communityhub.registry.league.LeagueMembershipView;
import org.communityhub.registry.party.PartyMembershipView;

/**
 * A resident as the API shows it: ID number and phone masked. {@code warnings} only in the answer
 * to a registration (probable duplicates), absent otherwise.
 */
public record ResidentView(
        UUID id,
        int version,
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
        UUID mergedInto,
        PartyMembershipView partyMembership,
        LeagueMembershipView leagueMembership,
        Instant createdAt,
        String createdBy,
        Instant updatedAt,
        String updatedBy,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<RegistrationWarning> warnings) {

    /** The view with the warnings its registration was answered with (only a registration has any). */
    public static ResidentView withWarnings(ResidentView v, List<RegistrationWarning> warnings) {
        return new ResidentView(
                v.id,
                v.version,
                v.name,
                v.idNumber,
                v.idType,
                v.sex,
                v.birthDate,
                v.ethnicity,
                v.politicalStatus,
                v.education,
                v.maritalStatus,
                v.phone,
                v.residenceType,
                v.communityCode,
                v.building,
                v.unit,
                v.room,
                v.householdId,
                v.relationToHead,
                v.tags,
                v.status,
                v.statusDate,
                v.statusReason,
                v.mergedInto,
                v.partyMembership,
                v.leagueMembership,
                v.createdAt,
                v.createdBy,
                v.updatedAt,
                v.updatedBy,
                warnings);
    }
}
