package org.communityhub.common.time;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

/**
 * The hub's clock. Ages, "today" and "not in the future" are judged in the community's time
 * zone, not the server's (a server on UTC would otherwise reject a birth registered before 08:00).
 */
@ApplicationScoped
public class HubClock {

    /** Time settings. */
    @ConfigMapping(prefix = "hub.time")
    public interface Settings {
        /** Time zone of the communities this hub serves. */
        @WithDefault("Asia/Shanghai")
        ZoneId zone();
    }

    @Produces
    @ApplicationScoped
    Clock clock(Settings settings) {
        // PostgreSQL keeps microseconds: a finer clock would return times that differ once read back.
        return Clock.tick(Clock.system(settings.zone()), Duration.ofNanos(1_000));
    }
}
