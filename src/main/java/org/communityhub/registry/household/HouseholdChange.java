package org.communityhub.registry.household;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A new household number or type (the address changes with a move). */
@JsonIgnoreProperties(
        value = {
            "id",
            "version",
            "members",
            "headResidentId",
            "communityCode",
            "building",
            "unit",
            "room",
            "createdAt",
            "createdBy",
            "updatedAt",
            "updatedBy"
        },
        allowGetters = true)
public record HouseholdChange(String householdNumber, String type) {}
