package org.communityhub.fanout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** Spaces a platform's requests to at most its definition's rate (0: no limit). */
final class RateLimiter {

    private final long intervalNanos;
    private long next;

    RateLimiter(double perSecond) {
        this.intervalNanos = perSecond <= 0 ? 0 : (long) (TimeUnit.SECONDS.toNanos(1) / perSecond);
    }

    /** Waits, if needed, until the next request may go, without taking its turn. */
    synchronized void awaitTurn() {
        long wait = next - System.nanoTime();
        if (intervalNanos > 0 && wait > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    /** Waits, if needed, until the next request may go, and takes its turn. */
    synchronized void acquire() {
        if (intervalNanos == 0) {
            return;
        }
        long now = System.nanoTime();
        long wait = next - now;
        if (wait > 0) {
            LockSupport.parkNanos(wait);
        }
        next = Math.max(now, next) + intervalNanos;
    }
}
