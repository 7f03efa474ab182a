package org.communityhub.registry.resident;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.communityhub.registry.league.LeagueMembershipView;
import org.communityhub.registry.party.PartyMembershipView;

/** A resident as the API shows it: ID number and phone masked. */
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
        String updatedBy) {}
