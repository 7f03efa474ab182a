package org.communityhub.registry.household;

import java.util.UUID;

/** A line of the household list. */
public record HouseholdListItem(
        UUID id,
        int version,
        String householdNumber,
        String type,
        String communityCode,
        String building,
        String unit,
        String room) {}
