package org.communityhub.intake.imports;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.communityhub.common.database.Jdbc;
import org.communityhub.common.metrics.DatabaseMetrics;
import org.communityhub.common.metrics.GaugeFamily;

/**
 * Imports as Prometheus sees them, read from the import jobs in the database (so the same on every
 * replica, whichever one works a job): how many are in each state, how far the ones under way got,
 * how long the oldest has been at it, and how many under way have no live worker (their lease ran
 * out and no process has taken them up yet).
 */
@ApplicationScoped
public class ImportMetrics implements DatabaseMetrics {

    /** The states in which a worker is busy with the job. */
    private static final List<ImportState> UNDER_WAY = List.of(ImportState.PARSING, ImportState.COMMITTING);

    private final Jdbc jdbc;
    private final GaugeFamily jobs;
    private final GaugeFamily rowsRead;
    private final GaugeFamily rowsValid;
    private final GaugeFamily rowsCommitted;
    private final GaugeFamily unleased;
    private final GaugeFamily oldest;

    ImportMetrics(Jdbc jdbc, MeterRegistry registry) {
        this.jdbc = jdbc;
        jobs = new GaugeFamily(
                registry,
                "hub.imports",
                "Import jobs by state (parsing, ready: checked and waiting for the worker, committing, committed,"
                        + " cancelled, failed)",
                null,
                "state");
        rowsRead = new GaugeFamily(
                registry, "hub.import.rows.read", "Rows read so far by the imports under way, by state", null, "state");
        rowsValid = new GaugeFamily(
                registry,
                "hub.import.rows.valid",
                "Rows found valid by the imports under way, by state (what a commit writes)",
                null,
                "state");
        rowsCommitted = new GaugeFamily(
                registry,
                "hub.import.rows.committed",
                "Rows written to the registry so far by the imports under way, by state",
                null,
                "state");
        unleased = new GaugeFamily(
                registry,
                "hub.imports.unleased",
                "Imports under way whose worker's lease ran out: no hub process is working on them now",
                null,
                "state");
        oldest = new GaugeFamily(
                registry,
                "hub.imports.oldest.running.age",
                "How long the oldest import under way has been in its state; 0 when none",
                "seconds",
                "state");
        for (ImportState s : ImportState.values()) {
            jobs.declare(label(s.name()));
        }
        for (ImportState s : UNDER_WAY) {
            for (GaugeFamily g : List.of(rowsRead, rowsValid, rowsCommitted, unleased, oldest)) {
                g.declare(label(s.name()));
            }
        }
    }

    @Override
    public void refresh() {
        try {
            Map<List<String>, Double> byState = new HashMap<>();
            jdbc.query("select state, count(*) from import_job group by state", QUERY_TIMEOUT, rs -> {
                byState.put(List.of(label(rs.getString(1))), (double) rs.getLong(2));
                return null;
            });
            Map<List<String>, Double> read = new HashMap<>();
            Map<List<String>, Double> valid = new HashMap<>();
            Map<List<String>, Double> committed = new HashMap<>();
            Map<List<String>, Double> noWorker = new HashMap<>();
            Map<List<String>, Double> age = new HashMap<>();
            // Through the partial index of open jobs: only the few under way are read.
            jdbc.query(
                    "select state, sum(rows_read), sum(rows_valid), sum(rows_committed),"
                            + " count(*) filter (where lease_until is null or lease_until < now()),"
                            + " coalesce(extract(epoch from now() - min(coalesce(phase_started_at, created_at))), 0)"
                            + " from import_job where state in ('PARSING', 'COMMITTING') group by state",
                    QUERY_TIMEOUT,
                    rs -> {
                        List<String> key = List.of(label(rs.getString(1)));
                        read.put(key, (double) rs.getLong(2));
                        valid.put(key, (double) rs.getLong(3));
                        committed.put(key, (double) rs.getLong(4));
                        noWorker.put(key, (double) rs.getLong(5));
                        age.put(key, Math.max(0, rs.getDouble(6)));
                        return null;
                    });
            jobs.replace(byState);
            rowsRead.replace(read);
            rowsValid.replace(valid);
            rowsCommitted.replace(committed);
            unleased.replace(noWorker);
            oldest.replace(age);
        } catch (RuntimeException e) {
            List.of(jobs, rowsRead, rowsValid, rowsCommitted, unleased, oldest).forEach(GaugeFamily::unknown);
            throw e;
        }
    }

    private static String label(String state) {
        return state.toLowerCase(Locale.ROOT);
    }
}
