package org.communityhub.fanout;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.communityhub.adapter.Adapters;
import org.communityhub.adapter.definition.AdapterDefinition;
import org.communityhub.common.database.Jdbc;
import org.communityhub.common.metrics.DatabaseMetrics;
import org.communityhub.common.metrics.GaugeFamily;

/**
 * Delivery as Prometheus sees it. From the database (the same on every replica): the deliveries of
 * each platform by status, how long the oldest has waited, how late the most overdue is, and
 * whether the platform is paused. From this process (sum them over replicas): the records it
 * delivered by outcome, and its runs. Labels are the platform's id and a status or outcome, never
 * anything about a resident.
 */
@ApplicationScoped
public class DeliveryMetrics implements DatabaseMetrics {

    static final List<String> STATUSES = List.of("PENDING", "SENDING", "FAILED", "DEAD");

    private final Jdbc jdbc;
    private final MeterRegistry registry;
    private final GaugeFamily deliveries;
    private final GaugeFamily oldestWaiting;
    private final GaugeFamily overdue;
    private final GaugeFamily paused;
    private final GaugeFamily configured;

    DeliveryMetrics(Jdbc jdbc, MeterRegistry registry, Adapters adapters) {
        this.jdbc = jdbc;
        this.registry = registry;
        deliveries = new GaugeFamily(
                registry,
                "hub.deliveries",
                "Deliveries in the queue, by platform and status (pending, sending, failed: to be tried again,"
                        + " dead: given up on, waiting for an administrator's replay)",
                null,
                "adapter",
                "status");
        oldestWaiting = new GaugeFamily(
                registry,
                "hub.deliveries.oldest.waiting.age",
                "Age of the oldest delivery still waiting (pending, sending or failed), by platform; 0 when none",
                "seconds",
                "adapter");
        overdue = new GaugeFamily(
                registry,
                "hub.deliveries.overdue",
                "How long the most overdue delivery has been due without being sent, by platform; 0 when none"
                        + " is due. Deliveries waiting for their platform's schedule or backoff are not overdue",
                "seconds",
                "adapter");
        paused = new GaugeFamily(
                registry,
                "hub.adapter.paused",
                "1 when an administrator paused the platform's delivery",
                null,
                "adapter");
        configured = new GaugeFamily(
                registry,
                "hub.adapter.configured",
                "1 when the platform's transport is configured (its address or directory set)",
                null,
                "adapter");
        for (AdapterDefinition d : adapters.all()) {
            STATUSES.forEach(s -> deliveries.declare(d.id(), label(s)));
            oldestWaiting.declare(d.id());
            overdue.declare(d.id());
            paused.declare(d.id());
            configured.declare(d.id());
            for (String outcome : List.of("accepted", "rejected", "unchanged", "failed")) {
                records(d.id(), outcome);
            }
            runs(d.id(), "ok");
            runs(d.id(), "failed");
        }
    }

    @Override
    public void refresh() {
        try {
            Map<List<String>, Double> byStatus = new HashMap<>();
            Map<List<String>, Double> oldest = new HashMap<>();
            Map<List<String>, Double> late = new HashMap<>();
            // One pass over the queue: counts, and the ages of the oldest and the most overdue.
            jdbc.query(
                    "select adapter_id, status, count(*), extract(epoch from now() - min(created_at)),"
                            + " extract(epoch from now() - min(next_attempt_at) filter (where next_attempt_at <= now()))"
                            + " from delivery group by adapter_id, status",
                    QUERY_TIMEOUT,
                    rs -> {
                        String adapter = rs.getString(1);
                        String status = rs.getString(2);
                        byStatus.put(List.of(adapter, label(status)), (double) rs.getLong(3));
                        if (!status.equals("DEAD")) {
                            oldest.merge(List.of(adapter), Math.max(0, rs.getDouble(4)), Math::max);
                        }
                        if (status.equals("PENDING") || status.equals("FAILED")) {
                            double due = rs.getDouble(5);
                            late.merge(List.of(adapter), rs.wasNull() ? 0 : Math.max(0, due), Math::max);
                        }
                        return null;
                    });
            Map<List<String>, Double> isPaused = new HashMap<>();
            Map<List<String>, Double> isConfigured = new HashMap<>();
            jdbc.query("select adapter_id, paused, configured from adapter_state", QUERY_TIMEOUT, rs -> {
                isPaused.put(List.of(rs.getString(1)), rs.getBoolean(2) ? 1.0 : 0.0);
                isConfigured.put(List.of(rs.getString(1)), rs.getBoolean(3) ? 1.0 : 0.0);
                return null;
            });
            deliveries.replace(byStatus);
            oldestWaiting.replace(oldest);
            overdue.replace(late);
            paused.replace(isPaused);
            configured.replace(isConfigured);
        } catch (RuntimeException e) {
            List.of(deliveries, oldestWaiting, overdue, paused, configured).forEach(GaugeFamily::unknown);
            throw e;
        }
    }

    /** Counts what one run of a platform's worker in this process did. */
    void recordRun(String adapterId, AdapterWorker.RunSummary summary) {
        records(adapterId, "accepted").increment(summary.accepted());
        records(adapterId, "rejected").increment(summary.rejected());
        records(adapterId, "unchanged").increment(summary.unchanged());
        records(adapterId, "failed").increment(summary.failed());
        runs(adapterId, summary.failure() == null ? "ok" : "failed").increment();
    }

    private Counter records(String adapterId, String outcome) {
        return Counter.builder("hub.delivery.records")
                .description("Records this hub process delivered, by platform and outcome (accepted or exported,"
                        + " rejected by the platform or unmappable, unchanged: the platform held them already,"
                        + " failed: to be tried again or given up on)")
                .tags("adapter", adapterId, "outcome", outcome)
                .register(registry);
    }

    private Counter runs(String adapterId, String result) {
        return Counter.builder("hub.delivery.runs")
                .description("Batches this hub process worked for a platform: ok, or failed (the platform could"
                        + " not be reached or answered with an error)")
                .tags("adapter", adapterId, "result", result)
                .register(registry);
    }

    private static String label(String status) {
        return status.toLowerCase(Locale.ROOT);
    }
}
