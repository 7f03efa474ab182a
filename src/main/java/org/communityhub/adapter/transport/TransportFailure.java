package org.communityhub.adapter.transport;

import java.time.Duration;

/**
 * A shipment that did not get through as a whole. Messages describe the failure, never the
 * records.
 */
public final class TransportFailure extends Exception {

    private final boolean retryable;
    private final boolean reachedPlatform;
    private final Duration retryAfter;

    public TransportFailure(String message, boolean retryable, boolean reachedPlatform, Duration retryAfter) {
        super(message, null, false, false);
        this.retryable = retryable;
        this.reachedPlatform = reachedPlatform;
        this.retryAfter = retryAfter;
    }

    /** Whether trying later may succeed (a timeout, a 5xx, a 429), as opposed to a local fault. */
    public boolean retryable() {
        return retryable;
    }

    /** Whether the records may have reached the platform (then they are in the sharing ledger). */
    public boolean reachedPlatform() {
        return reachedPlatform;
    }

    /** How long the platform asked us to wait (429 Retry-After), or null. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
