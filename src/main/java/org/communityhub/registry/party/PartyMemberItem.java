package org.communityhub.registry.party;

import java.time.LocalDate;
import java.util.UUID;

/** A line of the party member list (党员名册). * {@code idNumber} is always masked.
 */
public record PartyMemberItem(
        UUID residentId,
        String name,
        String idNumber,
        String sex,
        LocalDate birthDate,
        int age,
        String communityCode,
        String building,
        String unit,
        String room,
        PartyMemberStatus status,
        LocalDate joinedOn,
        LocalDate fullMemberOn,
        String branch,
        String category,
        boolean reportedToCommunity,
        boolean lostContact) {}
