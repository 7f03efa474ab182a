package org.communityhub.fanout;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the delivery engine ({@code hub.fanout.*}). */
@ConfigMapping(prefix = "hub.fanout")
public interface FanoutSettings {

    /** Whether this hub process delivers at all (the registry works either way). */
    @WithDefault("true")
    boolean enabled();

    /** How often an idle dispatcher or worker looks for new work. */
    @WithDefault("1s")
    Duration pollInterval();

    /**
     * How long a claim on deliveries, or on an adapter, lasts before another hub process may take
     * the work over (after a crash). Longer than any one shipment may take.
     */
    @WithDefault("2m")
    Duration lease();

    /** Outbox rows the dispatcher turns into deliveries per transaction. */
    @WithDefault("1000")
    int dispatchBatch();

    /** This process's name in leases; by default host, process id and a random suffix. */
    Optional<String> workerId();
}
