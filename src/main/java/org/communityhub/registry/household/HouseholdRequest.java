package org.communityhub.registry.household;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A household as a worker registers it. Read-only members of the view are ignored. */
@JsonIgnoreProperties(
        value = {"id", "version", "members", "headResidentId", "createdAt", "createdBy", "updatedAt", "updatedBy"},
        allowGetters = true)
public record HouseholdRequest(
        String householdNumber, String type, String communityCode, String building, String unit, String room) {}
