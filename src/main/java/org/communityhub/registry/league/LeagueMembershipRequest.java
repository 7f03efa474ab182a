package org.communityhub.registry.league;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.LocalDate;

/** A league membership as a worker enters it; read-only view members are ignored. */
@JsonIgnoreProperties(
        value = {"version", "updatedAt", "overage"},
        allowGetters = true)
public record LeagueMembershipRequest(LocalDate joinedOn, String developmentNumber, String branch, String post) {}
