package org.communityhub.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.TestSql.execute;

import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.communityhub.common.metrics.MetricsRefresher;
import org.communityhub.common.metrics.Scrape;
import org.communityhub.testing.HubTest;
import org.junit.jupiter.api.Test;

/**
 * What reading the database-backed metrics costs as the delivery queue grows: one refresh (every
 * 15 s on each replica) with 10,000, 100,000 and 1,000,000 deliveries queued over eight platforms,
 * and one scrape. Not part of the test suite; run it with
 *
 * <pre>./mvnw -B test -Pbench -Dtest=MetricsBenchmark</pre>
 *
 * It writes its figures to {@code benchmarks/metrics.md}.
 */
@HubTest
class MetricsBenchmark {

    private static final int RUNS = 7;

    @Inject
    MetricsRefresher refresher;

    @Test
    void refreshAsTheQueueGrows() throws Exception {
        List<String> rows = new ArrayList<>();
        int queued = 0;
        try {
            for (int size : List.of(10_000, 100_000, 1_000_000)) {
                // Eight platforms, mostly pending, some failed, sending and dead, as after a large resync.
                execute("insert into delivery (adapter_id, resident_id, target_version, status, attempts,"
                        + " next_attempt_at, created_at, updated_at) select 'bench-metrics-' || (i % 8),"
                        + " gen_random_uuid(), 1, (array['PENDING','PENDING','PENDING','PENDING','PENDING','PENDING',"
                        + "'PENDING','FAILED','SENDING','DEAD'])[1 + i % 10], 1, now() - (i % 600) * interval '1 second',"
                        + " now() - (i % 3600) * interval '1 second', now() from generate_series(" + (queued + 1)
                        + ", " + size + ") i");
                queued = size;
                execute("vacuum analyze delivery");
                refresher.refreshNow();
                List<Long> refresh = new ArrayList<>();
                List<Long> scrape = new ArrayList<>();
                for (int run = 0; run < RUNS; run++) {
                    long t0 = System.nanoTime();
                    refresher.refreshNow();
                    refresh.add(System.nanoTime() - t0);
                    t0 = System.nanoTime();
                    Scrape s = Scrape.now();
                    scrape.add(System.nanoTime() - t0);
                    assertThat(s.value("hub_deliveries", "adapter", "bench-metrics-0", "status", "pending"))
                            .isPositive();
                }
                rows.add(String.format(
                        "| %,d | %.0f ms | %.0f ms | %.0f ms |", size, median(refresh), max(refresh), median(scrape)));
            }
        } finally {
            execute("delete from delivery where adapter_id like 'bench-metrics-%'");
        }
        write(rows);
    }

    private static double median(List<Long> nanos) {
        List<Long> sorted = nanos.stream().sorted().toList();
        return sorted.get(sorted.size() / 2) / 1e6;
    }

    private static double max(List<Long> nanos) {
        return nanos.stream().mapToLong(Long::longValue).max().orElse(0) / 1e6;
    }

    private static void write(List<String> rows) throws Exception {
        String text = "# Metrics benchmark\n\n"
                + "Written by `./mvnw -B test -Pbench -Dtest=MetricsBenchmark`"
                + " (src/bench/java/org/communityhub/bench/MetricsBenchmark.java) on "
                + LocalDateTime.now().truncatedTo(ChronoUnit.SECONDS) + ".\n\n"
                + "## What it measures\n\n"
                + "The metrics that describe the database (delivery queue by platform and status, oldest and most"
                + " overdue delivery, paused platforms, imports, the audit chains' latest verification) are read by"
                + " one thread per replica every `hub.metrics.refresh` (15 s), never per scrape. One refresh is the"
                + " queries of all of them; the queue is spread over eight platforms (70 % pending, 10 % each"
                + " failed, sending, dead), as after a large resync. A scrape of /q/metrics reads memory only."
                + " Median and slowest of " + RUNS + " runs each.\n\n"
                + "## Machine\n\n"
                + "- " + Runtime.getRuntime().availableProcessors() + " cores, shared with other builds (load average "
                + String.format(
                        "%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage())
                + " at the end of the run)\n"
                + "- Java " + System.getProperty("java.version") + " ("
                + ManagementFactory.getRuntimeMXBean().getVmName() + ")\n"
                + "- PostgreSQL (embedded, the test hub's)\n\n"
                + "## Results\n\n"
                + "| deliveries queued | refresh (median) | refresh (slowest) | scrape (median) |\n"
                + "|---|---|---|---|\n"
                + String.join("\n", rows) + "\n";
        Files.writeString(Path.of("benchmarks", "metrics.md"), text);
    }
}
