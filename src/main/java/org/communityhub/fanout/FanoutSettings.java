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

    /**
     * How often an idle dispatcher or worker looks for new work while the hub cannot listen to the
     * database's notices of committed work (and how long it waits after a failure).
     */
    @WithDefault("1s")
    Duration pollInterval();

    /**
     * How long an idle dispatcher or worker waits for a notice of committed work before it looks
     * unasked: a safety net, as notices wake it and a platform's worker also wakes when its next
     * delivery falls due. It is also how long another hub process's dispatcher may take to pick up
     * the outbox rows of a process that died while dispatching them.
     */
    @WithDefault("10s")
    Duration idleInterval();

    /**
     * How long a claim on deliveries, or on an adapter, lasts before another hub process may take
     * the work over (after a crash). Longer than any one shipment may take.
     */
    @WithDefault("2m")
    Duration lease();

    /**
     * How often delivery's chores that fall due with time are looked at: residents whose birthday
     * has passed, for age-bound selections (once a day), and the payload retention (once an hour).
     */
    @WithDefault("1m")
    Duration choresInterval();

    /** Outbox rows the dispatcher turns into deliveries per transaction. */
    @WithDefault("1000")
    int dispatchBatch();

    /** This process's name in leases; by default host, process id and a random suffix. */
    Optional<String> workerId();
}
