package org.communityhub.registry.resident;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** A line of the resident list: ID number and phone masked. */
public record ResidentListItem(
        UUID id,
        int version,
        String name,
        String idNumber,
        String sex,
        LocalDate birthDate,
        String politicalStatus,
        String residenceType,
        String communityCode,
        String building,
        String unit,
        String room,
        UUID householdId,
        String relationToHead,
        List<String> tags,
        ResidentStatus status) {}
