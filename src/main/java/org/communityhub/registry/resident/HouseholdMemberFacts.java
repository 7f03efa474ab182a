package org.communityhub.registry.resident;

import java.util.UUID;
import org.communityhub.registry.place.Address;

/** What the household feature needs to know about a resident it is placing. */
public record HouseholdMemberFacts(
        UUID residentId, ResidentStatus status, UUID householdId, String relationToHead, Address address) {}
