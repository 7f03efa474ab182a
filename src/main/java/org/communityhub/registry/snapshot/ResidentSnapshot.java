package org.communityhub.registry.snapshot;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Everything the registry holds about one resident at one version, as platform adapters map from
 * it: the resident, their household, their memberships, and the names of their divisions. ID
 * number and phone are in clear only when the loader was asked for them.
 */
public record ResidentSnapshot(
        UUID id,
        int version,
        String name,
        String idType,
        String idNumber,
        String sex,
        LocalDate birthDate,
        String ethnicity,
        String politicalStatus,
        String education,
        String maritalStatus,
        String phone,
        String residenceType,
        String status,
        LocalDate statusDate,
        String statusReason,
        String communityCode,
        String building,
        String unit,
        String room,
        List<String> tags,
        Instant updatedAt,
        String householdNumber,
        String householdType,
        String relationToHead,
        Party party,
        League league) {

    /** The resident's party membership, if any. */
    public record Party(
            String status,
            LocalDate joinedOn,
            LocalDate fullMemberOn,
            String branch,
            String category,
            boolean reportedToCommunity,
            boolean lostContact) {}

    /** The resident's league membership, if any. */
    public record League(LocalDate joinedOn, String developmentNumber, String branch, String post) {}
}
