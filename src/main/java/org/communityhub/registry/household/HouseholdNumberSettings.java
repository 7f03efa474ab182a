package org.communityhub.registry.household;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The street's rule for numbering new households (户号) when a worker asks the hub for one ({@code hub.household-number.*}). */
@ConfigMapping(prefix = "hub.household-number")
public interface HouseholdNumberSettings {

    /**
     * The pattern of a generated 户号: {@code {community}} is the community's own three digits (the
     * last three of its 12-digit code), {@code {code}} the whole code, {@code {n:K}} the running
     * number within the community, at least K digits (1–9) with leading zeros; anything else is
     * written as it stands. Exactly one {@code {n:K}}; the result is at most 30 characters.
     */
    @WithDefault("{community}{n:5}")
    String pattern();
}
