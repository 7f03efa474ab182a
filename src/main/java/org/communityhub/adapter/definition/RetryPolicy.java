package org.communityhub.adapter.definition;

import java.time.Duration;

/** How often, and how patiently, a failed delivery is tried again before it is dead. */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(10, Duration.ofSeconds(30), Duration.ofHours(6));
}
