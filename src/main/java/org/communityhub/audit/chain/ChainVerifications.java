package org.communityhub.audit.chain;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.communityhub.common.database.AdvisoryLocks;
import org.communityhub.common.database.Jdbc;
import org.communityhub.common.metrics.DatabaseMetrics;
import org.communityhub.common.metrics.GaugeFamily;
import org.jboss.logging.Logger;

/**
 * Verifies the audit chains on a schedule and keeps every verification's result in the database,
 * so that every replica reports the latest one ({@code hub_audit_chain_intact}), whichever replica
 * or auditor ran it. Replicas take turns under an advisory lock, and a run is due only when the
 * latest verification of a chain is older than {@code hub.audit.verification.every}: however many
 * replicas there are, the chains are verified about once per interval.
 */
@ApplicationScoped
@Startup
public class ChainVerifications implements DatabaseMetrics {

    /** The scheduled verification of the audit chains. */
    @ConfigMapping(prefix = "hub.audit.verification")
    public interface Settings {
        /** Whether this hub process takes part in the scheduled verification. */
        @WithDefault("true")
        boolean enabled();

        /** How often the chains are verified (by one of the replicas). */
        @WithDefault("1h")
        Duration every();
    }

    /** Who asked for a verification. */
    public enum RequestedBy {
        SCHEDULE,
        AUDITOR
    }

    private static final Logger LOG = Logger.getLogger(ChainVerifications.class);
    private static final List<String> CHAINS = List.of(AuditChain.SHARING, AuditChain.ACCESS);

    private final ChainVerifier verifier;
    private final Jdbc jdbc;
    private final Settings settings;
    private final Clock clock;
    private final GaugeFamily intact;
    private final GaugeFamily verifiedAt;
    private final GaugeFamily rowsVerified;
    private final GaugeFamily duration;

    ChainVerifications(ChainVerifier verifier, Jdbc jdbc, Settings settings, Clock clock, MeterRegistry registry) {
        this.verifier = verifier;
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
        intact = new GaugeFamily(
                registry,
                "hub.audit.chain.intact",
                "1 when the latest verification found the chain intact, 0 when it found a row that does not fit"
                        + " (edited, deleted or moved in the database); absent until the chain is first verified",
                null,
                "chain");
        verifiedAt = new GaugeFamily(
                registry,
                "hub.audit.chain.last.verified.timestamp",
                "When the chain was last verified (Unix time); 0 when never",
                "seconds",
                "chain");
        rowsVerified = new GaugeFamily(
                registry,
                "hub.audit.chain.rows.verified",
                "Rows the latest verification found in order, up to the end of the chain or its first break",
                null,
                "chain");
        duration = new GaugeFamily(
                registry,
                "hub.audit.chain.verification.duration",
                "How long the latest verification of the chain took",
                "seconds",
                "chain");
        for (String chain : CHAINS) {
            List.of(verifiedAt, rowsVerified, duration).forEach(g -> g.declare(chain));
        }
    }

    /**
     * Looks often, verifies rarely: whether a run is due ({@code hub.audit.verification.every}) is
     * decided from the database, so one replica verifies. Looked at every minute, so the chains
     * are verified at most once a minute whatever the setting.
     */
    @Scheduled(
            identity = "audit-chain-verification",
            every = "60s",
            delayed = "60s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void runIfDueOnSchedule() {
        if (settings.enabled()) {
            runIfDueQuietly();
        }
    }

    /** Verifies both chains now and records the result; answers it as {@link ChainVerifier#verify} does. */
    public ChainVerifier.Report verifyAndRecord(RequestedBy requestedBy) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        List<ChainVerifier.ChainReport> reports = verifier.verifyEach();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        for (ChainVerifier.ChainReport r : reports) {
            ChainVerifier.Broken b = r.brokenAt();
            jdbc.update("""
                    insert into audit_chain_verification (chain, verified_at, intact, rows_verified, duration_ms,
                     requested_by, broken_table, broken_id, problem) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", (c, ps) -> {
                ps.setString(1, r.chain());
                ps.setTimestamp(2, Timestamp.from(started));
                ps.setBoolean(3, r.intact());
                ps.setLong(4, r.rowsChecked());
                ps.setLong(5, millis);
                ps.setString(6, requestedBy.name());
                ps.setString(7, b == null ? null : b.table());
                ps.setObject(8, b == null ? null : b.id());
                ps.setString(9, b == null ? null : limit(b.problem()));
            });
            if (!r.intact()) {
                // Row ids and the English problem only: the chains hold no personal data in these words.
                LOG.errorf("Audit chain %s is broken at %s row %s: %s", r.chain(), b.table(), b.id(), b.problem());
            }
        }
        refreshQuietly();
        return ChainVerifier.summarise(reports);
    }

    /** What a scheduled look did. */
    enum Outcome {
        VERIFIED,
        NOT_DUE,
        RUNNING_ELSEWHERE
    }

    /**
     * Verifies the chains if the latest verification is older than the interval and no other
     * replica is verifying them now.
     */
    Outcome runIfDue() {
        return jdbc.underSessionLock(AdvisoryLocks.AUDIT_CHAIN_VERIFICATION, () -> {
                    if (!due()) {
                        return Outcome.NOT_DUE;
                    }
                    ChainVerifier.Report report = verifyAndRecord(RequestedBy.SCHEDULE);
                    LOG.infof(
                            "Audit chains verified: %s, %d rows",
                            report.intact() ? "intact" : "BROKEN", report.rowsChecked());
                    return Outcome.VERIFIED;
                })
                .orElse(Outcome.RUNNING_ELSEWHERE);
    }

    private boolean due() {
        Instant cutoff = clock.instant().minus(settings.every());
        // A chain never verified, or last verified before the cutoff.
        return !jdbc.query(
                        """
                        select 1 from unnest(?::varchar[]) as c(chain) where not exists (select 1 from
                         audit_chain_verification v where v.chain = c.chain and v.verified_at > ?)""",
                        (c, ps) -> {
                            ps.setArray(1, c.createArrayOf("varchar", CHAINS.toArray()));
                            ps.setTimestamp(2, Timestamp.from(cutoff));
                        },
                        rs -> 1)
                .isEmpty();
    }

    private void runIfDueQuietly() {
        try {
            runIfDue();
        } catch (RuntimeException e) {
            LOG.warnf("The scheduled audit-chain verification failed; trying again later: %s", e.getMessage());
        }
    }

    @Override
    public void refresh() {
        try {
            Map<List<String>, Double> ok = new HashMap<>();
            Map<List<String>, Double> at = new HashMap<>();
            Map<List<String>, Double> rows = new HashMap<>();
            Map<List<String>, Double> took = new HashMap<>();
            jdbc.query("""
                    select distinct on (chain) chain, intact, extract(epoch from verified_at), rows_verified,
                     duration_ms from audit_chain_verification order by chain, verified_at desc, id desc""", QUERY_TIMEOUT, rs -> {
                List<String> key = List.of(rs.getString(1));
                ok.put(key, rs.getBoolean(2) ? 1.0 : 0.0);
                at.put(key, rs.getDouble(3));
                rows.put(key, (double) rs.getLong(4));
                took.put(key, rs.getLong(5) / 1000.0);
                return null;
            });
            // Not verified yet: no value for intact (neither intact nor broken), 0 for the rest.
            intact.replace(ok);
            verifiedAt.replace(at);
            rowsVerified.replace(rows);
            duration.replace(took);
        } catch (RuntimeException e) {
            List.of(intact, verifiedAt, rowsVerified, duration).forEach(GaugeFamily::unknown);
            throw e;
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warnf("Reading the audit-chain verifications failed: %s", e.getMessage());
        }
    }

    private static String limit(String s) {
        return s.length() > 300 ? s.substring(0, 300) : s;
    }
}
