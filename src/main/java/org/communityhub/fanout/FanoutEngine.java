package org.communityhub.fanout;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.communityhub.adapter.AdapterSettings;
import org.communityhub.adapter.Adapters;
import org.communityhub.adapter.definition.AdapterDefinition;
import org.communityhub.common.background.BackgroundWork;
import org.communityhub.common.background.Lane;
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
    /** How long a stop waits for a shipment under way to end. */
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(10);

    private final FanoutSettings settings;
    private final Adapters adapters;
    private final DeliveryStore store;
    private final AdapterStates adapterStates;
    private final OutboxDispatcher dispatcher;
    private final AdapterWorker worker;
    private final DefinitionVersions definitionVersions;
    private final DeliveryMetrics metrics;
    private final String owner;
    private final AdapterSettings adapterSettings;
    private final CommitNotices notices;
    /** Wakes the dispatcher: new outbox rows were committed. */
    private final Semaphore dispatcherWakeUp = new Semaphore(0);

    private final Map<String, Semaphore> wakeUps = new ConcurrentHashMap<>();
    private final Map<String, Future<?>> workers = new ConcurrentHashMap<>();
    /** The dispatcher, the listener, the platforms' workers and the definitions' watcher. */
    private final Lane loops;

    private volatile boolean running;
    private volatile boolean watching;

    FanoutEngine(
            FanoutSettings settings,
            Adapters adapters,
            DeliveryStore store,
            AdapterStates adapterStates,
            OutboxDispatcher dispatcher,
            AdapterWorker worker,
            DefinitionVersions definitionVersions,
            DeliveryMetrics metrics,
            AdapterSettings adapterSettings,
            CommitNotices notices,
            BackgroundWork background) {
        this.loops = background.lane("fanout");
        this.adapterSettings = adapterSettings;
        this.notices = notices;
        this.metrics = metrics;
        this.settings = settings;
        this.definitionVersions = definitionVersions;
        this.adapters = adapters;
        this.store = store;
        this.adapterStates = adapterStates;
        this.dispatcher = dispatcher;
        this.worker = worker;
        this.owner = settings.workerId().orElseGet(FanoutEngine::processName);
    }

    void start(@Observes @Priority(6000) StartupEvent event) {
        checkLease(adapters.all(), true);
        register(adapters.all(), List.of());
        running = settings.enabled();
        if (!running) {
            LOG.info("Delivery is switched off in this hub process (hub.fanout.enabled=false)");
        } else {
            loops.submit("fanout-dispatcher", this::dispatchLoop);
            adapters.all().forEach(this::startWorker);
            loops.submit("fanout-listen", () -> notices.listen(this::noticed, this::wakeAll));
            LOG.infof(
                    "Delivery running as %s for %d platform(s)",
                    owner, adapters.all().size());
        }
        adapters.onChange(this::changed);
        watching = true;
        loops.submit("adapters-watch", this::watchLoop);
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
            List<String> resync = adapterStates.registerAdapters(configured);
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
        Future<?> existing = workers.get(d.id());
        if (existing != null && !existing.isDone()) {
            wake(d.id());
            return;
        }
        wakeUps.computeIfAbsent(d.id(), id -> new Semaphore(0));
        try {
            workers.put(d.id(), loops.submit("fanout-" + d.id(), () -> workLoop(d.id())));
        } catch (RejectedExecutionException e) {
            if (running) {
                throw e;
            }
            // a definition found during the stop: nothing is started any more
        }
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
        notices.stop();
        loops.shutdownNow();
        if (!loops.awaitTermination(STOP_PATIENCE)) {
            LOG.warnf("Delivery still ran %d s after the stop began", STOP_PATIENCE.toSeconds());
        }
    }

    /** Makes a platform's worker look for work now rather than at its next poll. */
    public void wake(String adapterId) {
        Semaphore s = wakeUps.get(adapterId);
        if (s != null) {
            s.release();
        }
    }

    /** A notice from the database: outbox rows or due deliveries were committed, by any hub process. */
    private void noticed(org.postgresql.PGNotification notice) {
        if (CommitNotices.OUTBOX.equals(notice.getName())) {
            dispatcherWakeUp.release();
        } else if (CommitNotices.DELIVERY.equals(notice.getName())) {
            wake(notice.getParameter());
        }
    }

    /** Everyone looks: what was committed while nobody listened is found now. */
    private void wakeAll() {
        dispatcherWakeUp.release();
        wakeUps.keySet().forEach(this::wake);
    }

    /** The name this hub process works under. */
    public String owner() {
        return owner;
    }

    private void dispatchLoop() {
        while (running) {
            try {
                int taken = dispatcher.dispatchOnce();
                if (taken > 0) {
                    wakeUps.keySet().forEach(this::wake);
                } else {
                    waitFor(dispatcherWakeUp, idleWait());
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.errorf(e, "Dispatching the outbox failed; trying again");
                    waitFor(dispatcherWakeUp, settings.pollInterval());
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
                        workers.remove(id);
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
                // An idle platform is only looked at: its claim is taken (and released) when there is
                // work, and it sleeps until its next delivery falls due or a notice wakes it.
                if (!configured) {
                    idle(d.id(), idleWait());
                    continue;
                }
                Duration untilDue = QuarkusTransaction.requiringNew()
                        .call(() -> store.untilDue(d.id()))
                        .orElse(null);
                if (untilDue == null || untilDue.compareTo(Duration.ZERO) > 0) {
                    idle(d.id(), untilDue == null ? idleWait() : shorter(untilDue, idleWait()));
                    continue;
                }
                if (!QuarkusTransaction.requiringNew()
                        .call(() -> adapterStates.takeAdapter(d.id(), owner, settings.lease()))) {
                    // Paused, or worked by another hub process: looked at again as its lease may run out.
                    idle(d.id(), settings.pollInterval());
                    continue;
                }
                AdapterWorker.RunSummary summary = worker.runOnce(d, owner, settings.lease(), limiter);
                if (summary.claimed() > 0) {
                    metrics.recordRun(d.id(), summary);
                }
                if (summary.claimed() == 0) {
                    QuarkusTransaction.requiringNew().run(() -> adapterStates.releaseAdapter(d.id(), owner));
                    idle(d.id(), settings.pollInterval());
                } else {
                    QuarkusTransaction.requiringNew().run(() -> adapterStates.recordRun(d.id(), summary.describe()));
                    if (summary.failure() != null) {
                        idle(d.id(), settings.pollInterval()); // the failed work waits for its backoff anyway
                    }
                }
            } catch (RuntimeException e) {
                if (running) {
                    LOG.errorf(e, "Delivery to %s failed; trying again", d.id());
                    idle(d.id(), settings.pollInterval());
                }
            }
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

    /** A platform's worker with nothing it can do now waits for a wake-up, or at most {@code wait}. */
    private void idle(String adapterId, Duration wait) {
        waitFor(wakeUps.get(adapterId), wait);
    }

    /**
     * How long an idle thread waits before it looks for work unasked: while the database's notices
     * arrive they wake it, and the look is only a safety net; without them, the poll interval.
     */
    private Duration idleWait() {
        return notices.listening() ? settings.idleInterval() : settings.pollInterval();
    }

    private static Duration shorter(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static void waitFor(Semaphore wakeUp, Duration wait) {
        try {
            if (wakeUp == null) {
                Thread.sleep(wait.toMillis());
            } else if (wakeUp.tryAcquire(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS)) {
                wakeUp.drainPermits();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
