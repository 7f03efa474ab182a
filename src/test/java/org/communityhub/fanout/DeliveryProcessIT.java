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
 * Reliability of delivery with the packaged hub, in one hub's life: a platform added to a hub that
 * has residents gets everyone it concerns; a hub killed mid-delivery loses nothing and repeats only
 * with the same keys. Two hubs on one database are {@link TwoHubsIT}.
 */
class DeliveryProcessIT extends PackagedDelivery {

    @Test
    void aPlatformAddedLaterGetsEveryoneAndAHubKilledMidDeliveryLosesNothing(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Map<String, String> env = env(Map.of("HUB_FANOUT_LEASE", "15s"));

        // 1. Residents registered while the hub knows no http platform.
        Path httpDefinition = adapters.resolve("sim-http").resolve("adapter.yaml");
        byte[] definition = Files.readAllBytes(httpDefinition);
        Files.delete(httpDefinition);
        Files.delete(httpDefinition.getParent());
        List<String> early = new ArrayList<>();
        HubProcess before = HubProcess.startCopyOfNew(data, env);
        try {
            setUp(before);
            for (int i = 0; i < 5; i++) {
                early.add(register(before, "后加平台" + numeral(i), LocalDate.of(1970 + i, 3, 1 + i)));
            }
        } finally {
            before.stop();
        }
        assertThat(platform.receipts()).isEmpty();

        // 2. The platform added: everyone it concerns goes to it. Then many more residents, each
        //    batch of 20 slow at the platform, and the hub killed while a batch is with it, unanswered.
        Files.createDirectories(httpDefinition.getParent());
        Files.write(httpDefinition, definition);
        List<String> residents = new ArrayList<>(early);
        HubProcess hub = HubProcess.start(data, env);
        try {
            await().atMost(Duration.ofMinutes(1))
                    .until(() ->
                            early.stream().allMatch(r -> !platform.recordsOf(r).isEmpty()));
            assertThat(platform.receipts()).hasSize(early.size());

            platform.delay(1500); // there is a delivery to interrupt
            for (int i = 0; i < 200; i++) {
                residents.add(register(hub, "被杀测试" + numeral(i), LocalDate.of(1960 + i % 40, 1 + i % 12, 1 + i % 28)));
            }
            await().atMost(Duration.ofMinutes(2))
                    .until(() -> platform.receipts().size() >= early.size() + 40 && platform.inFlight() > 0);
        } finally {
            hub.kill(); // SIGKILL in the middle of delivery
        }
        int beforeKill = platform.receipts().size();
        assertThat(beforeKill)
                .as("the kill came before everything was delivered")
                .isLessThan(residents.size());

        // 3. Started again, it delivers the rest, and sends the interrupted batch again.
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
}
