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
import org.communityhub.adapter.AdapterSettings;
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
    private final AdapterSettings adapterSettings;
    private final Map<String, Semaphore> wakeUps = new ConcurrentHashMap<>();
    private final Map<String, Thread> workers = new ConcurrentHashMap<>();
    private final List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean running;
    private volatile boolean watching;

    FanoutEngine(
            FanoutSettings settings,
            Adapters adapters,
            DeliveryStore store,
            OutboxDispatcher dispatcher,
            AdapterWorker worker,
            DefinitionVersions definitionVersions,
            PayloadRetention retention,
            DeliveryMetrics metrics,
            AdapterSettings adapterSettings,
            Clock clock) {
        this.adapterSettings = adapterSettings;
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
        checkLease(adapters.all(), true);
        register(adapters.all(), List.of());
        running = settings.enabled();
        if (!running) {
            LOG.info("Delivery is switched off in this hub process (hub.fanout.enabled=false)");
        } else {
            Thread dispatcher = thread("fanout-dispatcher", this::dispatchLoop);
            threads.add(dispatcher);
            dispatcher.start();
            adapters.all().forEach(this::startWorker);
            LOG.infof(
                    "Delivery running as %s for %d platform(s)",
                    owner, adapters.all().size());
        }
        adapters.onChange(this::changed);
        watching = true;
        Thread watcher = thread("adapters-watch", this::watchLoop);
        threads.add(watcher);
        watcher.start();
    }

    /**
     * Notes the platforms' definition versions and configuration, and queues what they must be
     * sent: everything for a platform new or newly configured, a fresh look at every resident for
     * a changed definition. One transaction: a crash between noting a platform as configured and
     * queueing its residents would otherwise leave it without them for good.
     */
    private void register(List<AdapterDefinition> definitions, List<AdapterDefinition> changed) {
        Map<String, Boolean> configured = new LinkedHashMap<>();
        definitions.forEach(d -> configured.put(d.id(), adapters.configured(d)));
        QuarkusTransaction.requiringNew().run(() -> {
            definitionVersions.register(definitions);
            List<String> resync = store.registerAdapters(configured);
            for (String id : resync) {
                int queued = store.queueResync(id);
                LOG.infof("Platform %s is configured now: %d residents queued for it", id, queued);
            }
            for (AdapterDefinition d : changed) {
                if (!resync.contains(d.id()) && adapters.configured(d)) {
                    int queued = store.queueReview(d.id());
                    LOG.infof("Platform %s: definition changed, %d residents looked at again", d.id(), queued);
                }
            }
        });
    }

    /** A reload put new, changed or removed definitions in place. */
    private synchronized void changed(Adapters.Changes changes) {
        List<AdapterDefinition> touched = new ArrayList<>(changes.started());
        touched.addAll(changes.changed());
        checkLease(touched, false);
        register(touched, changes.changed());
        if (running) {
            changes.started().forEach(this::startWorker);
            // A changed platform's worker reads its definition afresh; a removed one's ends.
            changes.changed().forEach(d -> wake(d.id()));
            changes.stopped().forEach(this::wake);
        }
    }

    private synchronized void startWorker(AdapterDefinition d) {
        Thread existing = workers.get(d.id());
        if (existing != null && existing.isAlive()) {
            wake(d.id());
            return;
        }
        wakeUps.computeIfAbsent(d.id(), id -> new Semaphore(0));
        Thread t = thread("fanout-" + d.id(), () -> workLoop(d.id()));
        workers.put(d.id(), t);
        threads.add(t);
        t.start();
    }

    /** Looks at the definitions directory every few seconds: changes take effect without a restart. */
    private void watchLoop() {
        while (watching) {
            try {
                Thread.sleep(adapterSettings.reloadInterval().toMillis());
                adapters.reload();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (watching) {
                    LOG.errorf(e, "Reading the platform definitions again failed; trying again");
                }
            }
        }
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        watching = false;
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

    private void workLoop(String id) {
        AdapterDefinition definition = null;
        RateLimiter limiter = null;
        boolean configured = false;
        while (running) {
            AdapterDefinition current = adapters.find(id).orElse(null);
            if (current == null) {
                // The definition was removed: this platform stops; what waits for it stays queued.
                synchronized (this) {
                    if (adapters.find(id).isEmpty()) {
                        workers.remove(id, Thread.currentThread());
                        LOG.infof("Delivery to %s stopped: its definition was removed", id);
                        return;
                    }
                }
                continue;
            }
            if (current != definition) {
                definition = current;
                limiter = new RateLimiter(definition.rateLimitPerSecond());
                configured = adapters.configured(definition);
            }
            AdapterDefinition d = definition;
            try {
                // An idle platform is only looked at: its claim is taken (and released) when there is work.
                if (!configured
                        || !QuarkusTransaction.requiringNew().call(() -> store.hasDueWork(d.id()))
                        || !QuarkusTransaction.requiringNew()
                                .call(() -> store.takeAdapter(d.id(), owner, settings.lease()))) {
                    pause(d.id());
                    continue;
                }
                AdapterWorker.RunSummary summary = worker.runOnce(d, owner, settings.lease(), limiter);
                if (summary.claimed() > 0) {
                    metrics.recordRun(d.id(), summary);
                }
                if (summary.claimed() == 0) {
                    QuarkusTransaction.requiringNew().run(() -> store.releaseAdapter(d.id(), owner));
                    pause(d.id());
                } else {
                    QuarkusTransaction.requiringNew().run(() -> store.recordRun(d.id(), summary.describe()));
                    if (summary.failure() != null) {
                        pause(d.id()); // the failed work waits for its backoff anyway
                    }
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.errorf(e, "Delivery to %s failed; trying again", d.id());
                    pause(d.id());
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
    private void checkLease(List<AdapterDefinition> definitions, boolean atStart) {
        for (AdapterDefinition d : definitions) {
            Duration longest = adapters.transport(d).longestShipment(d.transport());
            if (settings.lease().compareTo(longest) <= 0) {
                String message = "hub.fanout.lease (" + settings.lease() + ") must be longer than the"
                        + " longest a shipment to " + d.id() + " may take (" + longest
                        + "); raise it, or lower the platform's timeout";
                if (atStart) {
                    throw new IllegalStateException(message);
                }
                LOG.error(message);
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
