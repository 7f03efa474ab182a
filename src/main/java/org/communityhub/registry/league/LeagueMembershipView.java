package org.communityhub.registry.league;

import java.time.Instant;
import java.time.LocalDate;

/**
 * A league membership as the API shows it.
 *
 * @param overage 超龄: 28 or older without a league post, so due to leave the League
 */
public record LeagueMembershipView(
        LocalDate joinedOn,
        String developmentNumber,
        String branch,
        String post,
        boolean overage,
        int version,
        Instant updatedAt) {}
