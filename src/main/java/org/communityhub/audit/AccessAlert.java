package org.communityhub.audit;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Unusual use of personal data.
 *
 * @param kind VOLUME (far more residents revealed or exported than usual) or NIGHT
 * @param residents residents the user had revealed or exported that day when it was raised
 * @param usual the user's usual number a day (VOLUME)
 * @param accessId the access-log row that raised it
 */
public record AccessAlert(
        long id,
        Instant raisedAt,
        String username,
        String kind,
        LocalDate day,
        int residents,
        BigDecimal usual,
        long accessId) {}
