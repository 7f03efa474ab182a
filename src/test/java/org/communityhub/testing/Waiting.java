package org.communityhub.testing;

import static org.awaitility.pollinterval.IterativePollInterval.iterative;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.awaitility.pollinterval.PollInterval;

/**
 * Awaitility as the tests wait on the hub's background work: the first look at once, then after
 * 20, 40 and 80 ms, then every 100 ms. Awaitility's own first look comes after 100 ms and the
 * next every 100 ms, which over the suite's waits (most of them over within a few looks) was tens of
 * seconds of nothing.
 */
public final class Waiting {

    private static final Duration LONGEST = Duration.ofMillis(100);

    private static final PollInterval SOON_THEN_STEADY =
            iterative(previous -> min(previous.multipliedBy(2), LONGEST), Duration.ofMillis(10));

    private Waiting() {}

    /** Starts a wait, as {@link Awaitility#await()} does. */
    public static ConditionFactory await() {
        return Awaitility.await().pollDelay(Duration.ZERO).pollInterval(SOON_THEN_STEADY);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
