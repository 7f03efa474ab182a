package org.communityhub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.Waiting.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.communityhub.testing.HubProcess;
import org.communityhub.testing.ProcessLevelTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command: the packaged hub in demo mode on an empty data directory. A class of
 * its own (the demo's first start is the longest single start), so that the process-level tests'
 * two JVMs share the long tests between them.
 */
@ProcessLevelTest
class DemoIT {

    @Test
    void theReadmesFirstCommandRunsADemoAndSaysHowToSignIn(@TempDir Path dir) throws Exception {
        Map<String, String> demo = new HashMap<>();
        demo.put("HUB_DEMO", "true");
        demo.put("HUB_BOOTSTRAP_ADMIN_PASSWORD", "");
        HubProcess hub = HubProcess.start(dir.resolve("data"), demo);
        try {
            assertThat(hub.output())
                    .contains("demo is running: http://localhost:" + hub.port())
                    .contains("demo-pass-2026")
                    .contains("worker", "supervisor", "auditor", "adapter", "admin");
            hub.as("worker", "demo-pass-2026")
                    .when()
                    .get("/api/v1/residents")
                    .then()
                    .statusCode(200)
                    .body(at("total", greaterThan(2500)));
            hub.as("worker", "demo-pass-2026")
                    .when()
                    .get("/api/v1/league-members?overage=true")
                    .then()
                    .statusCode(200)
                    .body(at("total", greaterThan(0)));
            hub.as("admin", "demo-pass-2026").when().get("/api/v1/me").then().statusCode(200);
            // Without their URLs the http platforms are not configured: shown so, with nothing queued.
            await().atMost(java.time.Duration.ofSeconds(60))
                    .untilAsserted(() -> hub.as("adapter", "demo-pass-2026")
                            .when()
                            .get("/api/v1/adapters")
                            .then()
                            .statusCode(200)
                            .body(at("find { it.id == 'public-security' }.configured", equalTo(false)))
                            .body(at("find { it.id == 'public-security' }.deliveries.PENDING", equalTo(0)))
                            .body(at("find { it.id == 'youth-league' }.configured", equalTo(true)))
                            .body(at("find { it.id == 'youth-league' }.deliveries.PENDING", greaterThan(0))));
        } finally {
            hub.stop();
        }
    }
}
