package org.communityhub.fanout;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.communityhub.adapter.Adapters;
import org.communityhub.adapter.definition.AdapterDefinition;
import org.communityhub.audit.DefinitionVersions;
import org.jboss.logging.Logger;

/**
 * Runs delivery: one dispatcher thread turning the outbox into deliveries, and one worker thread
 * per platform, so that one slow or failing platform never holds back another. Hub processes
 * coordinate through the database only: the dispatcher under an advisory lock, each platform under
 * a lease, each delivery under a claim.
 */
@ApplicationScoped
public class FanoutEngine {

    private static final Logger LOG = Logger.getLogger(FanoutEngine.class);

    private final FanoutSettings settings;
    private final Adapters adapters;
    private final DeliveryStore store;
    private final OutboxDispatcher dispatcher;
    private final AdapterWorker worker;
    private final DefinitionVersions definitionVersions;
    private final PayloadRetention retention;
    private final DeliveryMetrics metrics;
    private final Clock clock;
    private final String owner;
    private final Map<String, Semaphore> wakeUps = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    FanoutEngine(
            FanoutSettings settings,
            Adapters adapters,
            DeliveryStore store,
            OutboxDispatcher dispatcher,
            AdapterWorker worker,
            DefinitionVersions definitionVersions,
            PayloadRetention retention,
            DeliveryMetrics metrics,
            Clock clock) {
        this.retention = retention;
        this.metrics = metrics;
        this.settings = settings;
        this.definitionVersions = definitionVersions;
        this.adapters = adapters;
        this.store = store;
        this.dispatcher = dispatcher;
        this.worker = worker;
        this.clock = clock;
        this.owner = settings.workerId().orElseGet(FanoutEngine::processName);
    }

    void start(@Observes @Priority(6000) StartupEvent event) {
        checkLease();
        Map<String, Boolean> configured = new LinkedHashMap<>();
        adapters.all().forEach(d -> configured.put(d.id(), adapters.configured(d)));
        // One transaction: a crash between noting a platform as configured and queueing its
        // residents would otherwise leave it without them for good.
        QuarkusTransaction.requiringNew().run(() -> {
            definitionVersions.register(adapters.all());
            for (String id : store.registerAdapters(configured)) {
                int queued = store.queueResync(id);
                LOG.infof("Platform %s is configured now: %d residents queued for it", id, queued);
            }
        });
        if (!settings.enabled()) {
            LOG.info("Delivery is switched off in this hub process (hub.fanout.enabled=false)");
            return;
        }
        running = true;
        threads.add(thread("fanout-dispatcher", this::dispatchLoop));
        for (AdapterDefinition d : adapters.all()) {
            wakeUps.put(d.id(), new Semaphore(0));
            threads.add(thread("fanout-" + d.id(), () -> workLoop(d)));
        }
        threads.forEach(Thread::start);
        LOG.infof(
                "Delivery running as %s for %d platform(s)",
                owner, adapters.all().size());
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
    }

    /** Makes a platform's worker look for work now rather than at its next poll. */
    public void wake(String adapterId) {
        Semaphore s = wakeUps.get(adapterId);
        if (s != null) {
            s.release();
        }
    }

    /** The name this hub process works under. */
    public String owner() {
        return owner;
    }

    private void dispatchLoop() {
        while (running) {
            try {
                reevaluateAges();
                retention.applyIfDue();
                int taken = dispatcher.dispatchOnce();
                if (taken > 0) {
                    wakeUps.keySet().forEach(this::wake);
                } else {
                    pause(null);
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.errorf(e, "Dispatching the outbox failed; trying again");
                    pause(null);
                }
            }
        }
    }

    private void workLoop(AdapterDefinition definition) {
        RateLimiter limiter = new RateLimiter(definition.rateLimitPerSecond());
        boolean configured = adapters.configured(definition);
        while (running) {
            try {
                if (!configured
                        || !QuarkusTransaction.requiringNew()
                                .call(() -> store.takeAdapter(definition.id(), owner, settings.lease()))) {
                    pause(definition.id());
                    continue;
                }
                AdapterWorker.RunSummary summary = worker.runOnce(definition, owner, settings.lease(), limiter);
                if (summary.claimed() > 0) {
                    metrics.recordRun(definition.id(), summary);
                }
                if (summary.claimed() == 0) {
                    QuarkusTransaction.requiringNew().run(() -> store.releaseAdapter(definition.id(), owner));
                    pause(definition.id());
                } else {
                    QuarkusTransaction.requiringNew().run(() -> store.recordRun(definition.id(), summary.describe()));
                    if (summary.failure() != null) {
                        pause(definition.id()); // the failed work waits for its backoff anyway
                    }
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.errorf(e, "Delivery to %s failed; trying again", definition.id());
                    pause(definition.id());
                }
            }
        }
    }

    /** Residents whose birthday has passed since the last look may have entered or left an age-bound selection. */
    private void reevaluateAges() {
        LocalDate today = LocalDate.now(clock);
        for (AdapterDefinition d : adapters.all()) {
            if (!adapters.configured(d) || !d.changesWithAge()) {
                continue;
            }
            QuarkusTransaction.requiringNew()
                    .run(() -> store.takeReevaluation(d.id(), today).ifPresent(since -> {
                        int queued = store.queueBirthdays(d.id(), since, today);
                        LOG.infof(
                                "Platform %s: %d residents with birthdays since %s looked at again",
                                d.id(), queued, since);
                    }));
        }
    }

    /**
     * A claim must outlast the longest shipment, or another hub process takes over deliveries that
     * are still on their way and sends them twice.
     */
    private void checkLease() {
        for (AdapterDefinition d : adapters.all()) {
            Duration longest = adapters.transport(d).longestShipment(d.transport());
            if (settings.lease().compareTo(longest) <= 0) {
                throw new IllegalStateException("hub.fanout.lease (" + settings.lease() + ") must be longer than the"
                        + " longest a shipment to " + d.id() + " may take (" + longest
                        + "); raise it, or lower the platform's timeout");
            }
        }
    }

    private void pause(String adapterId) {
        Duration wait = settings.pollInterval();
        try {
            Semaphore s = adapterId == null ? null : wakeUps.get(adapterId);
            if (s == null) {
                Thread.sleep(wait.toMillis());
            } else if (s.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                s.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Thread thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        return t;
    }

    private static String processName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "hub";
        }
        String pid = ManagementFactory.getRuntimeMXBean().getName().split("@")[0];
        return host + ":" + pid + ":" + UUID.randomUUID().toString().substring(0, 8);
    }
}
