package org.communityhub.registry.party;

/** Filters of the party member list; null means "any". */
public record PartyMemberQuery(
        String divisionCode,
        String nameContains,
        PartyMemberStatus status,
        String category,
        Boolean reportedToCommunity,
        Boolean lostContact) {}
