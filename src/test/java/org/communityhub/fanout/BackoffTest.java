package org.communityhub.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.communityhub.adapter.definition.RetryPolicy;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final RetryPolicy POLICY = new RetryPolicy(8, Duration.ofSeconds(1), Duration.ofMinutes(10));

    @Property
    void theWaitDoublesPerAttemptUpToTheMaximumWithAtMostHalfOfItRandom(
            @ForAll @IntRange(min = 1, max = 100) int attempts,
            @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double r) {
        long base = Math.min(Duration.ofMinutes(10).toMillis(), 1000L << Math.min(attempts - 1, 30));

        Duration delay = Backoff.delay(POLICY, attempts, null, () -> r);

        assertThat(delay.toMillis()).isBetween(base / 2, base);
    }

    @Property
    void aPlatformsRetryAfterIsNeverCutShortUpToADay(@ForAll @LongRange(min = 0, max = 86_400) long seconds) {
        Duration asked = Duration.ofSeconds(seconds);

        Duration delay = Backoff.delay(POLICY, 1, asked, () -> 0.5);

        assertThat(delay).isGreaterThanOrEqualTo(asked);
    }

    @Test
    void aRetryAfterOfMoreThanADayIsReadAsADay() {
        assertThat(Backoff.delay(POLICY, 1, Duration.ofDays(365), () -> 0.5)).isEqualTo(Duration.ofDays(1));
        assertThat(Backoff.delay(POLICY, 1, Duration.ofSeconds(Long.MAX_VALUE), () -> 0.5))
                .isEqualTo(Duration.ofDays(1));
    }
}
