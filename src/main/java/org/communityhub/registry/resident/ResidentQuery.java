package org.communityhub.registry.resident;

import java.util.UUID;

/**
 * Filters of the resident search; null means "any".
 *
 * @param nameContains part of a name
 * @param idNumber an ID number (any accepted form), matched exactly
 * @param divisionCode a community, or a street/county whose communities are all searched
 * @param building matched without its suffix: 3, 3号楼, 3栋 are one building (unit: 单元; room: 室)
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
