package org.communityhub.common.metrics;

import io.quarkus.runtime.Startup;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Reads the database-backed gauges every few seconds, on one thread: a scrape then costs no query,
 * however many gauges it reads or however often it comes, and the database sees a handful of
 * small queries per replica per interval.
 */
@ApplicationScoped
@Startup
public class MetricsRefresher {

    /** How the metrics that describe the database are read. */
    @ConfigMapping(prefix = "hub.metrics")
    public interface Settings {
        /** How often the queues, imports and audit-chain results are read from the database. */
        @WithDefault("15s")
        Duration refresh();
    }

    private static final Logger LOG = Logger.getLogger(MetricsRefresher.class);

    private final List<DatabaseMetrics> metrics;
    private final Settings settings;
    private volatile boolean failing;

    MetricsRefresher(Instance<DatabaseMetrics> metrics, Settings settings) {
        this.metrics = metrics.stream().toList();
        this.settings = settings;
    }

    /** The gauges are read once as the hub starts, as a scrape may come before the first interval ends. */
    void start(@Observes StartupEvent event) {
        refreshQuietly();
    }

    @Scheduled(
            identity = "metrics-refresh",
            every = "${hub.metrics.refresh}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refreshOnSchedule() {
        refreshQuietly();
    }

    /** Reads every database-backed gauge now; a failure of one leaves the others read. */
    public synchronized void refreshNow() {
        RuntimeException first = null;
        for (DatabaseMetrics m : metrics) {
            try {
                m.refresh();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void refreshQuietly() {
        try {
            refreshNow();
            if (failing) {
                LOG.info("Metrics are read from the database again");
                failing = false;
            }
        } catch (RuntimeException e) {
            // Once per outage: the database being away is reported by readiness and by NaN gauges.
            if (!failing) {
                LOG.warnf("Reading metrics from the database failed: %s", e.getMessage());
                failing = true;
            }
        }
    }
}
