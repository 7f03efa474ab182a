package org.communityhub.common.metrics;

import org.communityhub.common.database.Jdbc;

/**
 * Metrics that describe what the database holds (queues, imports, the audit chains' last check)
 * rather than what one hub process did. Every replica reads the same rows, so every replica
 * reports the same values: aggregate them with {@code max}, not {@code sum}.
 */
public interface DatabaseMetrics {

    /**
     * For the queries that read a snapshot: one that takes longer (a huge queue on a busy
     * database) is cancelled, and its gauges read NaN, rather than piling up behind the next.
     */
    Jdbc.SimpleBinder QUERY_TIMEOUT = ps -> ps.setQueryTimeout(10);

    /** Reads the database and sets the gauges; on failure sets them unknown and throws. */
    void refresh();
}
