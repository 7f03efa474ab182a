package org.communityhub.registry.resident;

import java.time.LocalDate;
import java.util.UUID;

/** A member of a household as the household shows it. */
public record HouseholdMember(
        UUID residentId, String name, String sex, LocalDate birthDate, String relationToHead, ResidentStatus status) {}
