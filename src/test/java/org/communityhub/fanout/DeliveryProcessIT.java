package org.communityhub.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.communityhub.testing.HubProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability of delivery with the packaged hub: a hub killed mid-delivery loses nothing and
 * repeats only with the same keys; a platform added later gets everyone it concerns. Two hubs on
 * one database are {@link TwoHubsIT}.
 */
class DeliveryProcessIT extends PackagedDelivery {

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
}
