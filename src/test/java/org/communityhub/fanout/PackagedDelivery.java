package org.communityhub.fanout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.communityhub.testing.HubProcess;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.Json;
import org.communityhub.testing.PlatformSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the packaged-hub tests of delivery share: a simulated platform for each test, the test
 * platforms' definitions for the hub to read, and a worker of one community who registers residents.
 */
abstract class PackagedDelivery {

    static final String ADMIN = HubProcess.ADMIN_PASSWORD;
    static final String WORKER_PASSWORD = "wk-secret-2026";
    static final String AUDITOR_PASSWORD = "au-secret-2026";
    static final String COMMUNITY = "110105002097";

    PlatformSimulator simulator;
    PlatformSimulator.Platform platform;

    /** The test platforms the packaged hub can serve (the Java transport test bean is not in it). */
    Path adapters;

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

    Map<String, String> env(Map<String, String> more) {
        return HubProcess.testEnv(ADMIN, adapters, simulator.url("sim"), more);
    }

    static void setUp(HubProcess hub) {
        hub.addCommunity(ADMIN, COMMUNITY, "投递测试社区", "110105002");
        hub.addUser(ADMIN, "deliverer", WORKER_PASSWORD, "worker", COMMUNITY);
    }

    static String register(HubProcess hub, String name, LocalDate birth) {
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
                .as(Json.class)
                .get("id");
    }

    /** A number in Chinese numerals: names hold no digits. */
    static String numeral(int n) {
        StringBuilder sb = new StringBuilder();
        for (char c : Integer.toString(n).toCharArray()) {
            sb.append("零一二三四五六七八九".charAt(c - '0'));
        }
        return sb.toString();
    }
}
