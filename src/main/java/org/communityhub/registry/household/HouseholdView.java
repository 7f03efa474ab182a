package org.communityhub.registry.household;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.communityhub.registry.resident.HouseholdMember;

/** A household with its members. {@code headResidentId} is null while it has no head. */
public record HouseholdView(
        UUID id,
        int version,
        String householdNumber,
        String type,
        String communityCode,
        String building,
        String unit,
        String room,
        UUID headResidentId,
        List<HouseholdMember> members,
        Instant createdAt,
        String createdBy,
        Instant updatedAt,
        String updatedBy) {}
