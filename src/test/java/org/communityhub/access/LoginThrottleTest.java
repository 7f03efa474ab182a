package org.communityhub.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    /** A clock the test moves. */
    private static final class Hands extends Clock {
        Instant now = Instant.parse("2026-12-03T02:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final Hands clock = new Hands();
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void aSourcePastItsFreeFailuresWaitsLongerAfterEachFurtherOne() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            assertThat(throttle.refusal("203.0.113.1", "user" + i)).isEmpty();
            throttle.failed("203.0.113.1", "user" + i);
        }
        assertThat(throttle.refusal("203.0.113.1", "anyone")).contains(LoginThrottle.Refusal.SOURCE_WAITING);
        assertThat(throttle.refusal("203.0.113.2", "anyone"))
                .as("another source")
                .isEmpty();
        clock.now = clock.now.plusSeconds(5);
        assertThat(throttle.refusal("203.0.113.1", "anyone")).isEmpty();
        throttle.failed("203.0.113.1", "anyone");
        clock.now = clock.now.plusSeconds(5);
        assertThat(throttle.refusal("203.0.113.1", "anyone")).as("10 s now").isPresent();
        clock.now = clock.now.plusSeconds(5);
        assertThat(throttle.refusal("203.0.113.1", "anyone")).isEmpty();

        assertThat(LoginThrottle.delay(LoginThrottle.FREE_FAILURES + 3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(LoginThrottle.delay(1000)).isEqualTo(LoginThrottle.MAX_DELAY);
    }

    @Test
    void aGuessedUsernameStaysOpenToASourceWithoutRecentFailures() {
        for (int i = 0; i < LoginThrottle.USERNAME_FAILURES; i++) {
            throttle.failed("203.0.113." + (10 + i % 3), "admin");
        }
        assertThat(throttle.refusal("203.0.113.10", "admin")).contains(LoginThrottle.Refusal.USERNAME_CLOSED);
        assertThat(throttle.refusal("192.0.2.7", "admin"))
                .as("the admin at their desk")
                .isEmpty();
        assertThat(throttle.refusal("203.0.113.10", "worker"))
                .as("another user")
                .isEmpty();

        throttle.succeeded("192.0.2.7", "admin");
        assertThat(throttle.refusal("203.0.113.10", "admin")).isEmpty();
    }

    @Test
    void aBurstIsReportedOncePerWindow() {
        var bursts = new java.util.ArrayList<LoginThrottle.Burst>();
        for (int i = 0; i < LoginThrottle.USERNAME_FAILURES + 5; i++) {
            bursts.addAll(throttle.failed("203.0.113." + i, "admin"));
        }
        assertThat(bursts).containsExactly(new LoginThrottle.Burst("admin", LoginThrottle.USERNAME_FAILURES, 10));

        bursts.clear();
        for (int i = 0; i < LoginThrottle.BURST_FAILURES; i++) {
            bursts.addAll(throttle.failed("198.51.100." + (i % 200), "random" + i));
        }
        assertThat(bursts).extracting(LoginThrottle.Burst::username).containsExactly((String) null);
    }
}
