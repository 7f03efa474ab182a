package org.communityhub.common.metrics;

/**
 * Metrics that describe what the database holds (queues, imports, the audit chains' last check)
 * rather than what one hub process did. Every replica reads the same rows, so every replica
 * reports the same values: aggregate them with {@code max}, not {@code sum}.
 */
public interface DatabaseMetrics {

    /** Reads the database and sets the gauges; on failure sets them unknown and throws. */
    void refresh();
}
