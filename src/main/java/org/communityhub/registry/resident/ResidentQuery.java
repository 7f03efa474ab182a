package org.communityhub.registry.resident;

import java.util.UUID;

/**
 * Filters of the resident search; null means "any".
 *
 * @param nameContains part of a name
 * @param idNumber an ID number (any accepted form), matched exactly
 * @param divisionCode a community, or a street/county whose communities are all searched
 */
public record ResidentQuery(
        String nameContains,
        String idNumber,
        String phone,
        String divisionCode,
        String building,
        String unit,
        String room,
        ResidentStatus status,
        String tag,
        String residenceType,
        String politicalStatus,
        UUID householdId) {}
