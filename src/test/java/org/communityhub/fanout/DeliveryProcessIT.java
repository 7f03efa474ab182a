package org.communityhub.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Waiting.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.communityhub.testing.HubProcess;
import org.communityhub.testing.Json;
import org.communityhub.testing.ProcessLevelTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability of delivery with the packaged hub, in one hub's life: a platform whose definition is
 * added while the hub runs gets everyone it concerns; a hub killed mid-delivery loses nothing and
 * repeats only with the same keys; a definition broken while the hub runs leaves its last valid
 * version running, and one removed stops its platform. Two hubs on one database are {@link
 * TwoHubsIT}.
 */
@ProcessLevelTest(onCopiesOfNewHub = true)
class DeliveryProcessIT extends PackagedDelivery {

    private static final String OPERATOR = "operator";
    private static final String OPERATOR_PASSWORD = "op-secret-2026";

    @Test
    void definitionsChangedWhileTheHubRunsAndAKillMidDeliveryLoseNothing(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Map<String, String> env = env(Map.of("HUB_FANOUT_LEASE", "15s"));

        // 1. Residents registered while the hub knows no http platform; then its definition is
        //    added, and everyone it concerns goes to it, without a restart.
        Path httpDefinition = adapters.resolve("sim-http").resolve("adapter.yaml");
        String definition = Files.readString(httpDefinition);
        Files.delete(httpDefinition);
        Files.delete(httpDefinition.getParent());
        List<String> residents = new ArrayList<>();
        HubProcess hub = HubProcess.startCopyOfNew(data, env);
        try {
            setUp(hub);
            hub.addUser(ADMIN, OPERATOR, OPERATOR_PASSWORD, "adapter-admin", "*");
            for (int i = 0; i < 5; i++) {
                residents.add(register(hub, "后加平台" + numeral(i), LocalDate.of(1970 + i, 3, 1 + i)));
            }
            writeDefinition(httpDefinition, definition);
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> residents.stream()
                            .allMatch(r -> !platform.recordsOf(r).isEmpty()));
            assertThat(platform.receipts()).hasSize(residents.size());

            // 2. Many more residents, each batch of 20 slow at the platform, and the hub killed
            //    while a batch is with it, unanswered: that batch must be sent again.
            platform.delay(1500);
            for (int i = 0; i < 200; i++) {
                residents.add(register(hub, "被杀测试" + numeral(i), LocalDate.of(1960 + i % 40, 1 + i % 12, 1 + i % 28)));
            }
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> platform.receipts().size() >= 45 && platform.inFlight() > 0);
        } finally {
            hub.kill(); // SIGKILL in the middle of delivery
        }
        assertThat(platform.receipts().size())
                .as("the kill came before everything was delivered")
                .isLessThan(residents.size());

        // 3. Started again, it delivers the rest. Its definition broken while it runs: the platform
        //    is shown INVALID with the problem's line and keeps running on its last valid version;
        //    removed: the platform stops.
        HubProcess again = HubProcess.start(data, env);
        try {
            await().atMost(Duration.ofMinutes(3))
                    .until(() -> residents.stream()
                            .allMatch(r -> !platform.recordsOf(r).isEmpty()));
            platform.delay(0);
            String validHash = platformOn(again).getString("definitionHash");

            writeDefinition(httpDefinition, definition.replace("from: room", "from: rooom"));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> "INVALID".equals(platformOn(again).getString("state")));
            Json broken = platformOn(again);
            assertThat(broken.getString("problems[0].message")).contains("room");
            assertThat(broken.getInt("problems[0].line")).isPositive();
            assertThat(broken.getString("definitionHash"))
                    .as("the last valid version keeps running")
                    .isEqualTo(validHash);
            String whileBroken = register(again, "定义有误时", LocalDate.of(1990, 5, 6));
            residents.add(whileBroken);
            await().atMost(Duration.ofMinutes(1))
                    .until(() -> !platform.recordsOf(whileBroken).isEmpty());

            Files.delete(httpDefinition);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !again.as(OPERATOR, OPERATOR_PASSWORD)
                            .get("/api/v1/adapters")
                            .then()
                            .statusCode(200)
                            .extract()
                            .as(Json.class)
                            .getList("id", String.class)
                            .contains("sim-http"));
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

    /** Writes a definition file whole, as an editor saving it or a ConfigMap update would. */
    private static void writeDefinition(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path written = file.resolveSibling(".adapter.yaml.new");
        Files.writeString(written, content);
        Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Json platformOn(HubProcess hub) {
        return hub.as(OPERATOR, OPERATOR_PASSWORD)
                .get("/api/v1/adapters/sim-http")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
    }
}
