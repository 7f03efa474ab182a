package org.communityhub.registry.party;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.LocalDate;

/**
 * A party membership as a worker enters it. Read-only members of the view ({@code version},
 * {@code updatedAt}) may be sent back and are ignored.
 */
@JsonIgnoreProperties(
        value = {"version", "updatedAt"},
        allowGetters = true)
public record PartyMembershipRequest(
        PartyMemberStatus status,
        LocalDate joinedOn,
        LocalDate fullMemberOn,
        String branch,
        String category,
        Boolean reportedToCommunity,
        Boolean lostContact) {}
