package org.communityhub.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Waiting.await;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.communityhub.common.database.EmbeddedDatabase;
import org.communityhub.testing.HubDates;
import org.communityhub.testing.HubProcess;
import org.communityhub.testing.Json;
import org.communityhub.testing.ProcessLevelTest;
import org.communityhub.testing.TestCluster;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two packaged hubs on one database: each change delivered once, each file run done once, and both
 * audit chains intact though both processes append to them at once. A class of its own, so that
 * the process-level tests running beside each other share the longest tests between them.
 */
@ProcessLevelTest
class TwoHubsIT extends PackagedDelivery {

    private static final String OPERATOR_PASSWORD = "op-secret-2026";

    @Test
    void twoHubsOnOneDatabaseDeliverEachChangeOnceMakeEachFileOnceAndKeepTheAuditChainsIntact(@TempDir Path dir)
            throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path databaseDirectory = databaseDirectory();
        try (EmbeddedDatabase database = EmbeddedDatabase.start(databaseDirectory)) {
            Map<String, String> env = env(Map.of(
                    "HUB_DB_URL", database.jdbcUrl(),
                    // As in production: both hubs run as the application role, migrate as the owner.
                    "HUB_DB_USER", database.application().username(),
                    "HUB_DB_PASSWORD", database.application().password(),
                    "HUB_DB_OWNER_USER", database.owner().username(),
                    "HUB_DB_OWNER_PASSWORD", database.owner().password(),
                    "HUB_PII_KEY", Base64.getEncoder().encodeToString(key)));
            HubProcess a = HubProcess.start(dir.resolve("a"), env);
            HubProcess b = HubProcess.start(dir.resolve("b"), env);
            try {
                setUp(a);
                a.addUser(ADMIN, "checker", AUDITOR_PASSWORD, "auditor", COMMUNITY);
                a.addUser(ADMIN, "operator", OPERATOR_PASSWORD, "adapter-admin", "*");
                // Both hubs at once: each registers half the residents and opens each one it
                // registered on the other hub, so both processes append to both audit chains
                // (the sharing ledger as they deliver, the access log as residents are written and read).
                ExecutorService workers = Executors.newFixedThreadPool(2);
                List<Future<List<String>>> halves = new ArrayList<>();
                for (int half = 0; half < 2; half++) {
                    HubProcess writer = half == 0 ? a : b;
                    HubProcess reader = half == 0 ? b : a;
                    int first = half;
                    halves.add(workers.submit(() -> {
                        List<String> ids = new ArrayList<>();
                        for (int i = first; i < 100; i += 2) {
                            // born 20 years ago: in the file platform's selection (ages 14 to 28) too
                            LocalDate birth = HubDates.today().minusYears(20).minusDays(i);
                            String id = register(writer, "双机测试" + numeral(i), birth);
                            reader.as("deliverer", WORKER_PASSWORD)
                                    .get("/api/v1/residents/" + id)
                                    .then()
                                    .statusCode(200);
                            ids.add(id);
                        }
                        return ids;
                    }));
                }
                List<String> residents = new ArrayList<>();
                for (Future<List<String>> half : halves) {
                    residents.addAll(half.get(3, TimeUnit.MINUTES));
                }
                workers.shutdown();

                await().atMost(Duration.ofMinutes(2))
                        .until(() -> residents.stream()
                                .allMatch(r -> !platform.recordsOf(r).isEmpty()));
                Thread.sleep(2000); // time for a stray second delivery to show itself

                assertThat(platform.receipts())
                        .as("each delivery done once")
                        .hasSize(residents.size())
                        .doesNotHaveDuplicates();

                // The file platform runs every minute; rather than wait for the minute, a run is asked
                // of both hubs at once. Whichever hub runs it (or the minute's, if it comes first),
                // each resident is in one file once.
                List<Future<Integer>> runs = new ArrayList<>();
                ExecutorService askers = Executors.newFixedThreadPool(2);
                for (HubProcess hub : List.of(a, b)) {
                    runs.add(askers.submit(() -> hub.as("operator", OPERATOR_PASSWORD)
                            .post("/api/v1/adapters/sim-file/runs")
                            .then()
                            .extract()
                            .statusCode()));
                }
                for (Future<Integer> run : runs) {
                    assertThat(run.get(1, TimeUnit.MINUTES)).isEqualTo(202);
                }
                askers.shutdown();
                await().atMost(Duration.ofMinutes(3))
                        .until(() -> exportedRows(dir).size() >= residents.size());
                Thread.sleep(3000); // time for a stray second file to show itself
                List<String> rows = exportedRows(dir);
                assertThat(rows).hasSize(residents.size()).doesNotHaveDuplicates();

                // Appended by two processes at once, both chains still verify, and both hubs see the same heads.
                Map<String, Object> fromA = verifyChains(a);
                Map<String, Object> fromB = verifyChains(b);
                assertThat(fromA.get("intact")).as("chains intact: %s", fromA).isEqualTo(true);
                assertThat(((Number) fromA.get("rowsChecked")).longValue())
                        .as("an access entry per write and per view, a ledger entry per delivery")
                        .isGreaterThanOrEqualTo(3L * residents.size());
                assertThat(fromB.get("chains")).isEqualTo(fromA.get("chains"));
            } finally {
                a.stop();
                b.stop();
            }
        } finally {
            // The cluster's data goes; its binaries stay (see databaseDirectory).
            TestCluster.deleteRecursively(databaseDirectory.resolve("postgres"));
        }
    }

    private static Map<String, Object> verifyChains(HubProcess hub) {
        return hub.as("checker", AUDITOR_PASSWORD)
                .post("/api/v1/audit/verify")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .getMap("$");
    }

    /** ID numbers in every file the file platform got, from both hubs' data directories. */
    private static List<String> exportedRows(Path dir) throws Exception {
        List<String> ids = new ArrayList<>();
        for (String hub : List.of("a", "b")) {
            Path exports = dir.resolve(hub).resolve("exports").resolve("sim-file");
            if (!Files.isDirectory(exports)) {
                continue;
            }
            List<Path> files;
            try (Stream<Path> list = Files.list(exports)) {
                files = list.filter(p -> p.getFileName().toString().startsWith("sim_"))
                        .toList();
            }
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file);
                        ReadableWorkbook workbook = new ReadableWorkbook(in);
                        Stream<Row> rows = workbook.getFirstSheet().openStream()) {
                    rows.skip(1).forEach(r -> ids.add(r.getCellText(1)));
                }
            }
        }
        return ids;
    }

    /**
     * Under {@code target/}, not in the test's temporary directory: the embedded PostgreSQL's
     * binaries are unpacked once per JVM, into the first database's directory, and if this test
     * runs before the in-JVM tests start theirs, their cluster runs from here until the JVM ends.
     */
    private static Path databaseDirectory() throws java.io.IOException {
        return Files.createTempDirectory(Files.createDirectories(Path.of("target", "two-hubs-databases")), "db-");
    }
}
