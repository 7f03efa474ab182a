package org.communityhub.common.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One gauge name with a series per combination of its labels, whose values are set from a
 * snapshot of the database rather than read on each scrape. A series, once seen, stays: when a
 * later snapshot does not have it, it reads 0 (nothing of that kind now), so alerts and dashboards
 * see a drop to zero rather than a series that vanishes. When reading the database failed, every
 * series reads NaN: no value is better than a stale one.
 */
public final class GaugeFamily {

    private static final class Value {
        volatile double value;
    }

    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final String baseUnit;
    private final List<String> labels;
    private final Map<List<String>, Value> series = new ConcurrentHashMap<>();

    /**
     * @param name the meter's name in Micrometer's dotted form ({@code hub.deliveries}); Prometheus
     *     sees it with underscores and the unit appended ({@code hub_deliveries})
     * @param baseUnit {@code seconds}, or null for a count
     * @param labels the label names, in the order {@link #set} takes their values
     */
    public GaugeFamily(MeterRegistry registry, String name, String description, String baseUnit, String... labels) {
        this.registry = registry;
        this.name = name;
        this.description = description;
        this.baseUnit = baseUnit;
        this.labels = List.of(labels);
    }

    /** Makes a series exist (at 0 until a snapshot says otherwise). */
    public void declare(String... labelValues) {
        value(List.of(labelValues));
    }

    /** The values of one snapshot; series known before but absent from it read 0. */
    public void replace(Map<List<String>, Double> snapshot) {
        snapshot.keySet().forEach(this::value);
        series.forEach((key, v) -> v.value = snapshot.getOrDefault(key, 0.0));
    }

    /** Reading the database failed: the current values are unknown. */
    public void unknown() {
        series.values().forEach(v -> v.value = Double.NaN);
    }

    private Value value(List<String> labelValues) {
        if (labelValues.size() != labels.size()) {
            throw new IllegalArgumentException(name + " takes labels " + labels + ", not " + labelValues);
        }
        return series.computeIfAbsent(labelValues, key -> {
            Value v = new Value();
            Tags tags = Tags.empty();
            for (int i = 0; i < labels.size(); i++) {
                tags = tags.and(labels.get(i), key.get(i));
            }
            Gauge.builder(name, v, x -> x.value)
                    .description(description)
                    .baseUnit(baseUnit)
                    .tags(tags)
                    .strongReference(true)
                    .register(registry);
            return v;
        });
    }
}
