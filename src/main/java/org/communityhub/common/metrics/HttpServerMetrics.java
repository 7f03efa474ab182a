package org.communityhub.common.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Request latency as a histogram with a few fixed buckets, so that a percentile (p99) can be
 * computed over all replicas in Prometheus: {@code histogram_quantile(0.99, sum by (le)
 * (rate(http_server_requests_seconds_bucket[5m])))}. Fixed buckets rather than Micrometer's
 * percentile histogram: a dozen series per URI and status instead of seventy.
 */
@Singleton
public class HttpServerMetrics {

    /** The bucket bounds: from a quick page to a large export. */
    static final Duration[] BUCKETS = Stream.of(25L, 50L, 100L, 250L, 500L, 1_000L, 2_500L, 5_000L, 10_000L, 30_000L)
            .map(Duration::ofMillis)
            .toArray(Duration[]::new);

    @Produces
    @Singleton
    MeterFilter requestLatencyBuckets() {
        double[] nanos = Stream.of(BUCKETS).mapToDouble(Duration::toNanos).toArray();
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals("http.server.requests")) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .serviceLevelObjectives(nanos)
                        .build()
                        .merge(config);
            }
        };
    }
}
