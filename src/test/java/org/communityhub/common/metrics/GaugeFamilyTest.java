package org.communityhub.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GaugeFamilyTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final GaugeFamily deliveries =
            new GaugeFamily(registry, "hub.deliveries", "Deliveries", null, "adapter", "status");

    @Test
    void aDeclaredSeriesReadsZeroUntilASnapshotHasIt() {
        deliveries.declare("grid", "dead");
        assertThat(value("grid", "dead")).isZero();

        deliveries.replace(Map.of(List.of("grid", "dead"), 3.0, List.of("grid", "pending"), 7.0));

        assertThat(value("grid", "dead")).isEqualTo(3.0);
        assertThat(value("grid", "pending")).isEqualTo(7.0);
    }

    @Test
    void aSeriesMissingFromTheNextSnapshotDropsToZeroAndStays() {
        deliveries.replace(Map.of(List.of("grid", "dead"), 3.0));
        deliveries.replace(Map.of());

        assertThat(value("grid", "dead")).isZero();
        assertThat(registry.find("hub.deliveries").gauges()).hasSize(1);
    }

    @Test
    void aFailedReadMakesEverySeriesUnknown() {
        deliveries.replace(Map.of(List.of("grid", "dead"), 3.0, List.of("civil-affairs", "dead"), 1.0));

        deliveries.unknown();

        assertThat(value("grid", "dead")).isNaN();
        assertThat(value("civil-affairs", "dead")).isNaN();
        deliveries.replace(Map.of(List.of("grid", "dead"), 2.0));
        assertThat(value("grid", "dead")).isEqualTo(2.0);
        assertThat(value("civil-affairs", "dead")).isZero();
    }

    @Test
    void labelValuesMustMatchTheLabels() {
        assertThatThrownBy(() -> deliveries.declare("grid"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[adapter, status]");
    }

    private double value(String adapter, String status) {
        return registry.get("hub.deliveries")
                .tags("adapter", adapter, "status", status)
                .gauge()
                .value();
    }
}
