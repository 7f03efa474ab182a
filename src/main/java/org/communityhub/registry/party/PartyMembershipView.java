package org.communityhub.registry.party;

import java.time.Instant;
import java.time.LocalDate;

/** A party membership as the API shows it. */
public record PartyMembershipView(
        PartyMemberStatus status,
        LocalDate joinedOn,
        LocalDate fullMemberOn,
        String branch,
        String category,
        boolean reportedToCommunity,
        boolean lostContact,
        int version,
        Instant updatedAt) {}
