package org.communityhub.fanout;

import java.time.Duration;
import java.util.function.DoubleSupplier;
import org.communityhub.adapter.definition.RetryPolicy;

/**
 * How long a failed delivery waits before its next attempt: exponential (initial × 2^(n−1), at
 * most the maximum) with "equal jitter" (a random half of it), so that many deliveries failing
 * together do not all come back together; never sooner than a platform's Retry-After, unless
 * that asks for more than a day (a misconfigured platform must not park work for years).
 */
final class Backoff {

    static final Duration LONGEST_RETRY_AFTER = Duration.ofDays(1);

    private Backoff() {}

    /**
     * @param attempts attempts made so far (1 after the first failure)
     * @param retryAfter what the platform asked for, or null
     * @param random a number in [0, 1)
     */
    static Duration delay(RetryPolicy policy, int attempts, Duration retryAfter, DoubleSupplier random) {
        long initial = policy.initialBackoff().toMillis();
        long max = policy.maxBackoff().toMillis();
        int doublings = Math.max(0, Math.min(attempts - 1, 40));
        long base = initial >= max >> doublings ? max : Math.min(max, initial << doublings);
        long delay = base / 2 + (long) (random.getAsDouble() * (base - base / 2));
        Duration d = Duration.ofMillis(delay);
        if (retryAfter == null || retryAfter.compareTo(d) <= 0) {
            return d;
        }
        return retryAfter.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : retryAfter;
    }
}
