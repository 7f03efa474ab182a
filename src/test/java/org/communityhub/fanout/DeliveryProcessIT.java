package org.communityhub.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.communityhub.common.database.EmbeddedDatabase;
import org.communityhub.testing.HubDates;
import org.communityhub.testing.HubProcess;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.PlatformSimulator;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability of delivery with the packaged hub: a hub killed mid-delivery loses nothing and
 * repeats only with the same keys; two hubs on one database deliver each change once and run
 * each schedule once, and keep both audit chains intact.
 */
class DeliveryProcessIT {

    private static final String ADMIN = "it-root-pass-2026";
    private static final String WORKER_PASSWORD = "wk-secret-2026";
    private static final String AUDITOR_PASSWORD = "au-secret-2026";
    private static final String COMMUNITY = "110105002097";

    private PlatformSimulator simulator;
    private PlatformSimulator.Platform platform;

    /** The test platforms the packaged hub can serve (the Java transport test bean is not in it). */
    private Path adapters;

    @BeforeEach
    void startSimulator(@TempDir Path adaptersDir) throws Exception {
        simulator = PlatformSimulator.start();
        platform = simulator.platform("sim");
        adapters = adaptersDir;
        for (String id : List.of("sim-http", "sim-file")) {
            Files.createDirectories(adapters.resolve(id));
            Files.copy(
                    Path.of("src/test/resources/test-adapters", id, "adapter.yaml"),
                    adapters.resolve(id).resolve("adapter.yaml"));
        }
    }

    @AfterEach
    void stopSimulator() {
        simulator.stop();
    }

    @Test
    void aHubKilledMidDeliveryLosesNothingAndRepeatsOnlyWithTheSameKeys(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Map<String, String> env = env(Map.of("HUB_FANOUT_LEASE", "15s"));
        platform.delay(1500); // each batch of 20 takes a while: there is a delivery to interrupt
        HubProcess hub = HubProcess.startCopyOfNew(data, env);
        List<String> residents = new ArrayList<>();
        try {
            setUp(hub);
            for (int i = 0; i < 200; i++) {
                residents.add(register(hub, "被杀测试" + numeral(i), LocalDate.of(1960 + i % 40, 1 + i % 12, 1 + i % 28)));
            }
            // Killed while a batch is with the platform, unanswered: that batch must be sent again.
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> platform.receipts().size() >= 40 && platform.inFlight() > 0);
        } finally {
            hub.kill(); // SIGKILL in the middle of delivery
        }
        int beforeKill = platform.receipts().size();
        assertThat(beforeKill)
                .as("the kill came before everything was delivered")
                .isLessThan(residents.size());

        HubProcess again = HubProcess.start(data, env);
        try {
            await().atMost(Duration.ofMinutes(3))
                    .until(() -> residents.stream()
                            .allMatch(r -> !platform.recordsOf(r).isEmpty()));
        } finally {
            again.stop();
        }

        // Every resident arrived, each with its latest (and only) version, once in the platform's keeping.
        for (String r : residents) {
            assertThat(platform.recordsOf(r)).hasSize(1);
            assertThat(platform.recordsOf(r).get(0).get("版本").asInt()).isZero();
        }
        // A record sent again after the crash carried the same key as before.
        Map<String, Long> perResident = platform.receipts().stream()
                .collect(Collectors.groupingBy(k -> k.split(":")[1], Collectors.counting()));
        Set<String> keys = Set.copyOf(platform.receipts());
        assertThat(keys).hasSize(residents.size());
        assertThat(perResident.keySet()).containsExactlyInAnyOrderElementsOf(residents);
        assertThat(platform.violations()).isEmpty();
        assertThat(platform.receipts().size())
                .as("the interrupted batch was sent again")
                .isGreaterThan(keys.size());
    }

    @Test
    void aPlatformAddedToAHubThatHasResidentsGetsEveryoneItConcerns(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path httpDefinition = adapters.resolve("sim-http").resolve("adapter.yaml");
        byte[] definition = Files.readAllBytes(httpDefinition);
        Files.delete(httpDefinition);
        Files.delete(httpDefinition.getParent());
        List<String> residents = new ArrayList<>();
        HubProcess before = HubProcess.startCopyOfNew(data, env(Map.of()));
        try {
            setUp(before);
            for (int i = 0; i < 5; i++) {
                residents.add(register(before, "后加平台" + numeral(i), LocalDate.of(1970 + i, 3, 1 + i)));
            }
        } finally {
            before.stop();
        }
        assertThat(platform.receipts()).isEmpty();

        Files.createDirectories(httpDefinition.getParent());
        Files.write(httpDefinition, definition);
        HubProcess after = HubProcess.start(data, env(Map.of()));
        try {
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> residents.stream()
                            .allMatch(r -> !platform.recordsOf(r).isEmpty()));
        } finally {
            after.stop();
        }
        assertThat(platform.receipts()).hasSize(residents.size());
    }

    @Test
    void twoHubsOnOneDatabaseDeliverEachChangeOnceRunEachScheduleOnceAndKeepTheAuditChainsIntact(@TempDir Path dir)
            throws Exception {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try (EmbeddedDatabase database = EmbeddedDatabase.start(dir.resolve("db"))) {
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

                // The file platform runs every minute: whichever hub runs a run, each resident is in one file once.
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
        }
    }

    private Map<String, String> env(Map<String, String> more) {
        return HubProcess.testEnv(ADMIN, adapters, simulator.url("sim"), more);
    }

    private static Map<String, Object> verifyChains(HubProcess hub) {
        return hub.as("checker", AUDITOR_PASSWORD)
                .post("/api/v1/audit/verify")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getMap("$");
    }

    private static void setUp(HubProcess hub) {
        hub.addCommunity(ADMIN, COMMUNITY, "投递测试社区", "110105002");
        hub.addUser(ADMIN, "deliverer", WORKER_PASSWORD, "worker", COMMUNITY);
    }

    private static String register(HubProcess hub, String name, LocalDate birth) {
        return hub.as("deliverer", WORKER_PASSWORD)
                .body(Map.of(
                        "name",
                        name,
                        "idNumber",
                        IdNumbers.of(birth, "1"),
                        "residenceType",
                        "1",
                        "communityCode",
                        COMMUNITY))
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    /** A number in Chinese numerals: names hold no digits. */
    private static String numeral(int n) {
        StringBuilder sb = new StringBuilder();
        for (char c : Integer.toString(n).toCharArray()) {
            sb.append("零一二三四五六七八九".charAt(c - '0'));
        }
        return sb.toString();
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
}
