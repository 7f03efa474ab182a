package org.communityhub.reports;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Unusual use of personal data.
 *
 * @param kind VOLUME (far more residents revealed or exported than usual), NIGHT, or SIGN_IN (many
 *     failed sign-ins for the username; {@code *} for all usernames)
 * @param residents residents the user had revealed or exported that day when it was raised; for
 *     SIGN_IN the failed sign-ins
 * @param usual the user's usual number a day (VOLUME)
 * @param accessId the access-log row that raised it (none for SIGN_IN)
 */
public record AccessAlert(
        long id,
        Instant raisedAt,
        String username,
        String kind,
        LocalDate day,
        int residents,
        BigDecimal usual,
        Long accessId) {}
