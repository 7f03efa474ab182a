package org.communityhub.common.background;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The one pool of threads for the hub's own work in the background: the delivery's dispatcher and
 * platform workers, imports, duplicate scans, the personal-data key's rotation. Each kind of work
 * is a {@link Lane} with its own limit and its own stop; chores that run on a timetable are on
 * Quarkus's scheduler instead.
 *
 * <p>These threads are not the request threads: a delivery loop holds its thread for as long as
 * the hub runs, and eight platforms must never take eight threads from the pages and the API. The
 * pool grows with the work and lets an idle thread go after a minute. Its threads are daemons, so
 * a task that ignores its stop cannot keep the process alive.
 *
 * <p>{@code hub_background_tasks{lane}} counts each lane's running tasks: a delivery lane that
 * runs fewer tasks than there are platforms (and the dispatcher, listener and watcher) has lost a
 * worker.
 */
@ApplicationScoped
public class BackgroundWork {

    private static final Logger LOG = Logger.getLogger(BackgroundWork.class);
    private static final Duration STOP_PATIENCE = Duration.ofSeconds(5);

    private final MeterRegistry registry;
    private final ThreadPoolExecutor threads;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    BackgroundWork(MeterRegistry registry) {
        this.registry = registry;
        AtomicInteger n = new AtomicInteger();
        this.threads =
                new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "hub-background-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
    }

    /**
     * A new lane running at most {@code parallelism} of its tasks at once. Names are unique: a
     * component makes its lanes once, as it is made.
     */
    public Lane lane(String name, int parallelism) {
        Lane lane = new Lane(name, parallelism, threads);
        if (lanes.putIfAbsent(name, lane) != null) {
            throw new IllegalStateException("There is a background lane " + name + " already");
        }
        Gauge.builder("hub.background.tasks", lane, Lane::running)
                .description("Background tasks running now, by kind of work")
                .tag("lane", name)
                .register(registry);
        return lane;
    }

    /** A lane whose tasks all run at once, however many: loops that each wait for their own work. */
    public Lane lane(String name) {
        return lane(name, Integer.MAX_VALUE);
    }

    /**
     * After every component has stopped its lanes (their observers run first): whatever still runs
     * is interrupted, and given a few seconds.
     */
    void stop(@Observes @Priority(Integer.MAX_VALUE - 1000) ShutdownEvent event) {
        lanes.values().forEach(Lane::shutdownNow);
        threads.shutdownNow();
        try {
            if (!threads.awaitTermination(STOP_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                lanes.values().stream()
                        .filter(l -> l.running() > 0)
                        .forEach(l -> LOG.warnf(
                                "Background work %s still ran %d s after the stop began",
                                l.name(), STOP_PATIENCE.toSeconds()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
