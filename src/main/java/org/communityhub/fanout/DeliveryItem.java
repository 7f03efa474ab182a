package org.communityhub.fanout;

import java.time.Instant;
import java.util.UUID;

/** A delivery as the operations API lists it (dead letters among them). */
public record DeliveryItem(
        long id,
        UUID residentId,
        String status,
        int attempts,
        int targetVersion,
        Instant nextAttemptAt,
        String lastError,
        Instant createdAt) {}
