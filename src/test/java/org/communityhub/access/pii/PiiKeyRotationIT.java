package org.communityhub.access.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.Waiting.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.communityhub.common.net.LocalPorts;
import org.communityhub.reference.identity.Masking;
import org.communityhub.testing.HubProcess;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.Json;
import org.communityhub.testing.Phones;
import org.communityhub.testing.PlatformSimulator;
import org.communityhub.testing.ProcessLevelTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rotating the personal-data key of the packaged hub, as an operator does it: with the {@code
 * new-pii-key} command (embedded default), or by restarting with a new key and the old one as
 * previous; the hub re-encrypts by itself and then runs on the new key alone. And it refuses to
 * start without a key its data still needs.
 */
@ProcessLevelTest(onCopiesOfNewHub = true)
class PiiKeyRotationIT {

    private static final String ADMIN = HubProcess.ADMIN_PASSWORD;
    private static final String PASSWORD = "kr-secret-2026";
    private static final String COMMUNITY = "110105003097";

    private PlatformSimulator simulator;
    private Path adapters;

    /** The registered residents: id → [ID number, phone]. */
    private final Map<String, String[]> residents = new LinkedHashMap<>();

    @BeforeEach
    void aSimulatedPlatform(@TempDir Path adaptersDir) throws Exception {
        simulator = PlatformSimulator.start();
        adapters = adaptersDir;
        Files.createDirectories(adapters.resolve("sim-http"));
        Files.copy(
                Path.of("src/test/resources/test-adapters/sim-http/adapter.yaml"),
                adapters.resolve("sim-http").resolve("adapter.yaml"));
    }

    @AfterEach
    void stopSimulator() {
        simulator.stop();
    }

    @Test
    void rotationsByTheCommandAndBySettingsLeaveAHubThatRunsOnTheNewKeyAlone(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");

        // 1. The embedded default: a key generated into the data directory. Residents registered and
        //    delivered (the platform's copy is kept encrypted too).
        HubProcess hub = HubProcess.startCopyOfNew(data, env(Map.of()));
        String firstFingerprint;
        try {
            setUp(hub);
            for (int i = 0; i < 6; i++) {
                register(hub);
            }
            awaitDelivered(hub);
            firstFingerprint = status(hub).getString("currentKey");
        } finally {
            hub.stop();
        }

        // 2. `new-pii-key` puts a new key first in the key file; the hub re-encrypts by itself on its next start.
        Path commandLog = HubProcess.logFile("new-pii-key");
        Process command = HubProcess.launch(data, 0, Map.of(), commandLog, List.of("new-pii-key"));
        assertThat(command.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(command.exitValue()).isZero();
        assertThat(Files.readAllLines(data.resolve("pii.key"))).hasSize(2);
        hub = HubProcess.start(data, env(Map.of()));
        String secondFingerprint;
        try {
            Json status = awaitRotated(hub);
            secondFingerprint = status.getString("currentKey");
            assertThat(Files.readString(commandLog)).contains(secondFingerprint);
            assertThat(secondFingerprint).isNotEqualTo(firstFingerprint);
            assertThat(status.getList("previousKeys")).containsExactly(firstFingerprint);
            assertThat(status.getLong("lastRun.rowsReEncrypted"))
                    .as("every resident and every platform copy")
                    .isGreaterThanOrEqualTo(2L * residents.size());
            assertNoIdentifierIn(hub.output());
        } finally {
            hub.stop();
        }

        // 3. As production does it: HUB_PII_KEY a new key, HUB_PII_PREVIOUS_KEYS the one before.
        String secondKey = Files.readAllLines(data.resolve("pii.key")).get(0);
        String thirdKey = newKey();
        hub = HubProcess.start(data, env(Map.of("HUB_PII_KEY", thirdKey, "HUB_PII_PREVIOUS_KEYS", secondKey)));
        String thirdFingerprint;
        try {
            Json status = awaitRotated(hub);
            thirdFingerprint = status.getString("currentKey");
            assertThat(status.getList("previousKeys")).containsExactly(secondFingerprint);
        } finally {
            hub.stop();
        }

        // 4. Without the key the data is under: refused, naming the missing key (and no value).
        Path refusedLog = HubProcess.logFile("refused-hub");
        Process refused = HubProcess.launch(data, LocalPorts.free(), env(Map.of("HUB_PII_KEY", secondKey)), refusedLog);
        assertThat(refused.waitFor(3, TimeUnit.MINUTES)).as("the hub gives up").isTrue();
        assertThat(refused.exitValue()).isEqualTo(2);
        String refusal = Files.readString(refusedLog);
        assertThat(refusal)
                .contains("一表通 cannot start: personal data in the database is encrypted under key " + thirdFingerprint)
                .contains("HUB_PII_PREVIOUS_KEYS");
        assertNoIdentifierIn(refusal);

        // 5. The new key alone: everything reads, look-ups find, the platform's copy opens.
        hub = HubProcess.start(data, env(Map.of("HUB_PII_KEY", thirdKey)));
        try {
            hub.as("admin", ADMIN)
                    .when()
                    .get("/api/v1/admin/pii-key")
                    .then()
                    .statusCode(200)
                    .body(at("currentKey", equalTo(thirdFingerprint)))
                    .body(at("previousKeys", empty()))
                    .body(at("rowsUnderOldKeys.resident", equalTo(0)))
                    .body(at("rowsUnderOldKeys.platform_record", equalTo(0)));
            readsAndFindsEveryone(hub);
            for (String id : residents.keySet()) {
                hub.as("operator", PASSWORD)
                        .when()
                        .get("/api/v1/adapters/sim-http/preview/" + id)
                        .then()
                        .statusCode(200);
            }
        } finally {
            hub.stop();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private Map<String, String> env(Map<String, String> more) {
        return HubProcess.testEnv(ADMIN, adapters, simulator.url("sim"), more);
    }

    private static void setUp(HubProcess hub) {
        hub.addCommunity(ADMIN, COMMUNITY, "密钥轮换测试社区", "110105003");
        hub.addUser(ADMIN, "keeper", PASSWORD, "worker", COMMUNITY);
        hub.addUser(ADMIN, "operator", PASSWORD, "adapter-admin", "*");
    }

    private void register(HubProcess hub) {
        int n = residents.size();
        String idNumber = IdNumbers.of(LocalDate.of(1960 + n, 1 + n, 1 + n), n % 2 == 0 ? "1" : "2");
        String phone = Phones.any();
        String id = hub.as("keeper", PASSWORD)
                .body(Map.of(
                        "name",
                        "轮换居民" + "甲乙丙丁戊己庚辛".charAt(n % 8),
                        "idNumber",
                        idNumber,
                        "phone",
                        phone,
                        "residenceType",
                        "1",
                        "communityCode",
                        COMMUNITY))
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class)
                .get("id");
        residents.put(id, new String[] {idNumber, phone});
    }

    private void awaitDelivered(HubProcess hub) {
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            for (String id : residents.keySet()) {
                hub.as("keeper", PASSWORD)
                        .when()
                        .get("/api/v1/residents/" + id + "/sync")
                        .then()
                        .statusCode(200)
                        .body(at("find { it.adapterId == 'sim-http' }.status", equalTo("SYNCED")));
            }
        });
    }

    private static Json awaitRotated(HubProcess hub) {
        await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> hub.as("admin", ADMIN)
                        .when()
                        .get("/api/v1/admin/pii-key")
                        .then()
                        .statusCode(200)
                        .body(at("rowsUnderOldKeys.resident", equalTo(0)))
                        .body(at("rowsUnderOldKeys.platform_record", equalTo(0)))
                        .body(at("rotationRunning", equalTo(false)))
                        .body(at("lastRun.outcome", equalTo("FINISHED")))
                        .body(at("lastRun.rowsReEncrypted", greaterThanOrEqualTo(1))));
        return status(hub);
    }

    private static Json status(HubProcess hub) {
        return hub.as("admin", ADMIN)
                .when()
                .get("/api/v1/admin/pii-key")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
    }

    private void readsAndFindsEveryone(HubProcess hub) {
        for (Map.Entry<String, String[]> r : residents.entrySet()) {
            hub.as("keeper", PASSWORD)
                    .when()
                    .get("/api/v1/residents/" + r.getKey())
                    .then()
                    .statusCode(200)
                    .body(at("idNumber", equalTo(Masking.maskIdNumber(r.getValue()[0]))))
                    .body(at("phone", equalTo(Masking.maskPhone(r.getValue()[1]))));
            hub.as("keeper", PASSWORD)
                    .queryParam("idNumber", r.getValue()[0])
                    .when()
                    .get("/api/v1/residents")
                    .then()
                    .statusCode(200)
                    .body(at("items.id", contains(r.getKey())));
            hub.as("keeper", PASSWORD)
                    .queryParam("phone", r.getValue()[1])
                    .when()
                    .get("/api/v1/residents")
                    .then()
                    .statusCode(200)
                    .body(at("items.id", contains(r.getKey())));
            // and the number is still taken
            hub.as("keeper", PASSWORD)
                    .body(Map.of(
                            "name",
                            "重复居民",
                            "idNumber",
                            r.getValue()[0],
                            "residenceType",
                            "1",
                            "communityCode",
                            COMMUNITY))
                    .when()
                    .post("/api/v1/residents")
                    .then()
                    .statusCode(409);
        }
    }

    private void assertNoIdentifierIn(String output) {
        List<String> values = new ArrayList<>();
        residents.values().forEach(v -> values.addAll(List.of(v)));
        for (String value : values) {
            assertThat(output).as("the output names no ID number or phone").doesNotContain(value);
        }
    }

    private static String newKey() {
        return Base64.getEncoder().encodeToString(PiiCipher.newKey());
    }
}
