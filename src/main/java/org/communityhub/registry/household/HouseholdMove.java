package org.communityhub.registry.household;

/** A household's new address; members living at the old one move with it. */
public record HouseholdMove(String communityCode, String building, String unit, String room) {}
