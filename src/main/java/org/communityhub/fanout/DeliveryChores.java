package org.communityhub.fanout;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import org.communityhub.adapter.Adapters;
import org.communityhub.adapter.definition.AdapterDefinition;
import org.jboss.logging.Logger;

/**
 * Delivery's work that falls due with time rather than with a change: residents whose birthday
 * has passed looked at again for age-bound selections, and the retention period of stored
 * payloads applied. Looked at every {@code hub.fanout.chores-interval}; each chore decides whether
 * it is due (once a day, once an hour), through the database where several hub processes share it.
 * Not while the hub starts or stops (the scheduler would otherwise run it in a hub that is refusing
 * to start, after its container has gone).
 */
@ApplicationScoped
@Startup
class DeliveryChores {

    private static final Logger LOG = Logger.getLogger(DeliveryChores.class);

    private final FanoutSettings settings;
    private final Adapters adapters;
    private final DeliveryStore store;
    private final AdapterStates adapterStates;
    private final PayloadRetention retention;
    private final Clock clock;

    DeliveryChores(
            FanoutSettings settings,
            Adapters adapters,
            DeliveryStore store,
            AdapterStates adapterStates,
            PayloadRetention retention,
            Clock clock) {
        this.settings = settings;
        this.adapters = adapters;
        this.store = store;
        this.adapterStates = adapterStates;
        this.retention = retention;
        this.clock = clock;
    }

    @Scheduled(
            identity = "delivery-chores",
            every = "${hub.fanout.chores-interval:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void run() {
        if (!settings.enabled()) {
            return; // a hub process that does not deliver leaves them to one that does
        }
        reevaluateAges();
        retention.applyIfDue();
    }

    /** Residents whose birthday has passed since the last look may have entered or left an age-bound selection. */
    private void reevaluateAges() {
        LocalDate today = LocalDate.now(clock);
        for (AdapterDefinition d : adapters.all()) {
            if (!adapters.configured(d) || !d.changesWithAge()) {
                continue;
            }
            QuarkusTransaction.requiringNew()
                    .run(() -> adapterStates.takeReevaluation(d.id(), today).ifPresent(since -> {
                        int queued = store.queueBirthdays(d.id(), since, today);
                        LOG.infof(
                                "Platform %s: %d residents with birthdays since %s looked at again",
                                d.id(), queued, since);
                    }));
        }
    }
}
