package org.communityhub.common.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.communityhub.testing.TestSql.count;
import static org.communityhub.testing.TestSql.execute;

import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.communityhub.access.Roles;
import org.communityhub.adapter.Adapters;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Users;
import org.communityhub.testing.Waiting;
import org.junit.jupiter.api.Test;

/**
 * What /q/metrics says matches what the database holds: the delivery queue of each platform, the
 * imports under way, and what this process delivered; request latency comes as a histogram whose
 * URIs are templates, never an ID.
 */
@HubTest
class HubMetricsTest {

    /** A platform id no definition has: its rows are never claimed by a worker. */
    private static final String PLATFORM = "metrics-test";

    @Inject
    MetricsRefresher refresher;

    @Inject
    Adapters adapters;

    @Test
    void theDeliveryQueueIsReadFromTheDatabasePerPlatformAndStatus() throws Exception {
        try {
            execute("insert into adapter_state (adapter_id, paused, configured) values ('" + PLATFORM
                    + "', true, false) on conflict (adapter_id) do update set paused = true, configured = false");
            // Waiting two hours, due ten minutes ago: the oldest and the most overdue.
            queue("PENDING", "now() - interval '2 hours'", "now() - interval '10 minutes'");
            // Failed an hour ago, its next attempt an hour away: waiting, not overdue.
            queue("FAILED", "now() - interval '1 hour'", "now() + interval '1 hour'");
            queue("SENDING", "now() - interval '5 minutes'", "now() - interval '5 minutes'");
            queue("DEAD", "now() - interval '3 days'", "now() - interval '3 days'");
            queue("DEAD", "now() - interval '3 days'", "now() - interval '3 days'");

            refresher.refreshNow();
            Scrape scrape = Scrape.now();

            assertThat(scrape.value("hub_deliveries", "adapter", PLATFORM, "status", "pending"))
                    .isEqualTo(1.0);
            assertThat(scrape.value("hub_deliveries", "adapter", PLATFORM, "status", "failed"))
                    .isEqualTo(1.0);
            assertThat(scrape.value("hub_deliveries", "adapter", PLATFORM, "status", "sending"))
                    .isEqualTo(1.0);
            assertThat(scrape.value("hub_deliveries", "adapter", PLATFORM, "status", "dead"))
                    .isEqualTo(2.0);
            // Dead ones are not waiting: the oldest waiting is the pending one, two hours old.
            assertThat(scrape.value("hub_deliveries_oldest_waiting_age_seconds", "adapter", PLATFORM))
                    .isCloseTo(7200.0, within(60.0));
            assertThat(scrape.value("hub_deliveries_overdue_seconds", "adapter", PLATFORM))
                    .isCloseTo(600.0, within(60.0));
            assertThat(scrape.value("hub_adapter_paused", "adapter", PLATFORM)).isEqualTo(1.0);
            assertThat(scrape.value("hub_adapter_configured", "adapter", PLATFORM))
                    .isEqualTo(0.0);

            // Every defined platform has its series, each status counted as the database has it.
            for (var d : adapters.all()) {
                for (String status : List.of("PENDING", "SENDING", "FAILED", "DEAD")) {
                    assertThat(scrape.find("hub_deliveries", "adapter", d.id(), "status", status.toLowerCase()))
                            .as("hub_deliveries{adapter=%s,status=%s}", d.id(), status)
                            .isPresent();
                }
                assertThat(scrape.value("hub_deliveries", "adapter", d.id(), "status", "dead"))
                        .isEqualTo((double) count("select count(*) from delivery where adapter_id = '" + d.id()
                                + "' and status = 'DEAD'"));
            }

            // The queue empties: the series stay, at zero.
            execute("delete from delivery where adapter_id = '" + PLATFORM + "'");
            refresher.refreshNow();
            Scrape after = Scrape.now();
            assertThat(after.value("hub_deliveries", "adapter", PLATFORM, "status", "dead"))
                    .isEqualTo(0.0);
            assertThat(after.value("hub_deliveries_oldest_waiting_age_seconds", "adapter", PLATFORM))
                    .isEqualTo(0.0);
            assertThat(after.value("hub_deliveries_overdue_seconds", "adapter", PLATFORM))
                    .isEqualTo(0.0);
        } finally {
            execute("delete from delivery where adapter_id = '" + PLATFORM + "'");
            execute("delete from adapter_state where adapter_id = '" + PLATFORM + "'");
        }
    }

    @Test
    void recordsThisProcessDeliveredAreCountedByPlatformAndOutcome() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        double before = acceptedOverAllPlatforms(Scrape.now());
        aResident().in(community).registerAs(worker);
        // The new resident goes to every configured platform whose selection takes them.
        Waiting.await()
                .atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(acceptedOverAllPlatforms(Scrape.now())).isGreaterThan(before));
        Scrape scrape = Scrape.now();
        assertThat(scrape.all("hub_delivery_runs_total", "result", "ok"))
                .anySatisfy(s -> assertThat(s.value()).isPositive());
    }

    /**
     * The delivery's loops are background tasks of the hub's one pool: the dispatcher, the notice
     * listener, the definitions watcher and one worker per platform.
     */
    @Test
    void theDeliveryLoopsAreCountedAsBackgroundTasks() {
        Waiting.await()
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(Scrape.now().value("hub_background_tasks", "lane", "fanout"))
                        .isEqualTo(adapters.all().size() + 3.0));
        assertThat(Scrape.now().find("hub_background_tasks", "lane", "import")).isPresent();
    }

    @Test
    void importsUnderWayAreReadFromTheirJobs() throws Exception {
        UUID parsing = UUID.randomUUID();
        UUID committing = UUID.randomUUID();
        UUID committed = UUID.randomUUID();
        try {
            // Jobs another hub process holds (its lease runs an hour): no worker here takes them up.
            job(parsing, "PARSING", "now() + interval '1 hour'", 1234, 0, 0, "now() - interval '30 minutes'");
            job(committing, "COMMITTING", "now() + interval '1 hour'", 100, 90, 55, "now() - interval '1 minute'");
            job(committed, "COMMITTED", null, 10, 10, 10, "now() - interval '2 hours'");

            refresher.refreshNow();
            Scrape scrape = Scrape.now();

            for (String state : List.of("PARSING", "READY", "COMMITTING", "COMMITTED", "CANCELLED", "FAILED")) {
                assertThat(scrape.value("hub_imports", "state", state.toLowerCase()))
                        .as(state)
                        .isEqualTo((double) count("select count(*) from import_job where state = '" + state + "'"));
            }
            assertThat(scrape.value("hub_imports", "state", "parsing")).isGreaterThanOrEqualTo(1.0);
            assertThat(scrape.value("hub_imports", "state", "committed")).isGreaterThanOrEqualTo(1.0);
            assertThat(scrape.value("hub_import_rows_read", "state", "parsing"))
                    .isEqualTo((double) count("select sum(rows_read) from import_job where state = 'PARSING'"))
                    .isGreaterThanOrEqualTo(1234.0);
            assertThat(scrape.value("hub_import_rows_committed", "state", "committing"))
                    .isEqualTo((double) count("select sum(rows_committed) from import_job where state = 'COMMITTING'"))
                    .isGreaterThanOrEqualTo(55.0);
            assertThat(scrape.value("hub_import_rows_valid", "state", "committing"))
                    .isGreaterThanOrEqualTo(90.0);
            // Leased jobs have a worker; the one reading for half an hour is the oldest under way.
            assertThat(scrape.value("hub_imports_unleased", "state", "parsing"))
                    .isEqualTo((double) count("select count(*) from import_job where state = 'PARSING'"
                            + " and (lease_until is null or lease_until < now())"));
            assertThat(scrape.value("hub_imports_oldest_running_age_seconds", "state", "parsing"))
                    .isGreaterThanOrEqualTo(1790.0);
        } finally {
            execute("delete from import_job where id in ('" + parsing + "', '" + committing + "', '" + committed
                    + "')");
        }
        refresher.refreshNow();
        assertThat(Scrape.now().value("hub_import_rows_read", "state", "parsing"))
                .isEqualTo(
                        (double) count("select coalesce(sum(rows_read), 0) from import_job where state = 'PARSING'"));
    }

    @Test
    void requestLatencyIsAHistogramByEndpointTemplate() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String id = aResident().in(community).registerAs(worker);
        Users.as(worker).when().get("/api/v1/residents/" + id).then().statusCode(200);

        Scrape scrape = Scrape.now();

        List<Scrape.Sample> buckets = scrape.all(
                "http_server_requests_seconds_bucket",
                "method",
                "GET",
                "uri",
                "/api/v1/residents/{id}",
                "status",
                "200");
        assertThat(buckets).extracting(s -> s.labels().get("le")).contains("0.1", "0.25", "0.5", "1.0", "2.5", "+Inf");
        assertThat(buckets.stream()
                        .filter(s -> s.labels().get("le").equals("+Inf"))
                        .findFirst()
                        .orElseThrow()
                        .value())
                .isGreaterThanOrEqualTo(1.0);
        // No label anywhere holds an ID: not the resident's, not any other UUID or long number.
        Pattern anId = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-|\\d{6,}");
        assertThat(scrape.samples())
                .filteredOn(
                        s -> s.name().startsWith("http_server") && s.labels().containsKey("uri"))
                .allSatisfy(s -> assertThat(s.labels().get("uri")).doesNotContainPattern(anId));
        // The probes and the metrics endpoint are not part of the latency.
        assertThat(scrape.samples())
                .filteredOn(
                        s -> s.name().startsWith("http_server") && s.labels().containsKey("uri"))
                .noneSatisfy(s -> assertThat(s.labels().get("uri")).startsWith("/q/"));
    }

    // ---- helpers ------------------------------------------------------------------------------

    private static double acceptedOverAllPlatforms(Scrape scrape) {
        return scrape.all("hub_delivery_records_total", "outcome", "accepted").stream()
                .mapToDouble(Scrape.Sample::value)
                .sum();
    }

    private static void queue(String status, String createdAt, String nextAttempt) throws SQLException {
        boolean sending = status.equals("SENDING");
        execute("insert into delivery (adapter_id, resident_id, target_version, status, attempts, next_attempt_at,"
                + " lease_owner, lease_until, created_at, updated_at) values ('" + PLATFORM + "', '"
                + UUID.randomUUID() + "', 1, '" + status + "', 1, " + nextAttempt + ", "
                + (sending ? "'elsewhere', now() + interval '1 hour'" : "null, null") + ", " + createdAt
                + ", now())");
    }

    private static void job(
            UUID id, String state, String leaseUntil, long read, long valid, long committed, String phaseStarted)
            throws SQLException {
        boolean ended = state.equals("COMMITTED");
        execute("insert into import_job (id, created_by, created_roles, created_at, area_codes, file_name,"
                + " file_size, format, state, worker, lease_until, rows_read, rows_valid, rows_committed,"
                + " phase_started_at, finished_at) values ('" + id + "', 'metrics.test', '{worker}', now(),"
                + " '{}', 'residents.csv', 1000, 'CSV', '" + state + "', "
                + (leaseUntil == null ? "null, null" : "'another-hub', " + leaseUntil) + ", " + read + ", " + valid
                + ", " + committed + ", " + phaseStarted + ", " + (ended ? "now()" : "null") + ")");
    }
}
