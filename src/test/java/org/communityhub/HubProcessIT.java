package org.communityhub;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.communityhub.testing.IdNumbers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged hub as an operator runs it: {@code java -jar target/quarkus-app/quarkus-run.jar},
 * with its own PostgreSQL in {@code HUB_DATA_DIR}.
 */
class HubProcessIT {

    private static final Path JAR = Path.of(System.getProperty("hub.runner.jar", "target/quarkus-app/quarkus-run.jar"));
    private static final String ADMIN_PASSWORD = "it-root-pass-2026";

    /** A running hub process. */
    record Hub(Process process, int port, Path log) {

        RequestSpecification as(String user, String password) {
            return given().baseUri("http://localhost")
                    .port(port)
                    .auth()
                    .preemptive()
                    .basic(user, password)
                    .contentType(ContentType.JSON);
        }

        String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        /** SIGTERM, as an init system or Kubernetes stops it. */
        void stop() throws InterruptedException {
            process.destroy();
            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as("the hub stops within a minute")
                    .isTrue();
        }
    }

    @Test
    void recordsSurviveARestartAndASecondHubCannotShareTheDirectory(@TempDir Path dir) throws Exception {
        Hub hub = start(dir, Map.of());
        String residentId;
        try {
            hub.as("admin", ADMIN_PASSWORD)
                    .body(Map.of("code", "110105001097", "name", "重启测试社区", "parentCode", "110105001"))
                    .when()
                    .post("/api/v1/divisions")
                    .then()
                    .statusCode(201);
            hub.as("admin", ADMIN_PASSWORD)
                    .body(Map.of(
                            "username",
                            "keeper",
                            "password",
                            "kp-secret-2026",
                            "roles",
                            List.of("worker"),
                            "scope",
                            List.of("110105001097")))
                    .when()
                    .post("/api/v1/users")
                    .then()
                    .statusCode(201);
            residentId = hub.as("keeper", "kp-secret-2026")
                    .body(Map.of(
                            "name",
                            "留存居民",
                            "idNumber",
                            IdNumbers.any(),
                            "residenceType",
                            "1",
                            "communityCode",
                            "110105001097"))
                    .when()
                    .post("/api/v1/residents")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");

            Process second = hubProcess(dir, freePort(), Map.of(), dir.resolve("second.log"));
            assertThat(second.waitFor(120, TimeUnit.SECONDS))
                    .as("the second hub gives up")
                    .isTrue();
            assertThat(second.exitValue()).isEqualTo(2);
            assertThat(Files.readString(dir.resolve("second.log"))).contains("in use by another running hub");
        } finally {
            hub.stop();
        }
        assertThat(dir.resolve("postgres").resolve("postmaster.pid"))
                .as("PostgreSQL stopped with the hub")
                .doesNotExist();

        Hub again = start(dir, Map.of());
        try {
            again.as("keeper", "kp-secret-2026")
                    .when()
                    .get("/api/v1/residents/" + residentId)
                    .then()
                    .statusCode(200)
                    .body("name", equalTo("留存居民"));
            assertThat(again.output()).doesNotContain("first start"); // the admin was not created again
        } finally {
            again.stop();
        }
    }

    @Test
    void aHubKilledWithoutWarningStartsAgainOnItsData(@TempDir Path dir) throws Exception {
        Hub hub = start(dir, Map.of());
        hub.process().destroyForcibly(); // SIGKILL: its PostgreSQL is left running
        hub.process().waitFor(30, TimeUnit.SECONDS);

        Hub again = start(dir, Map.of());
        try {
            again.as("admin", ADMIN_PASSWORD).when().get("/api/v1/me").then().statusCode(200);
            assertThat(again.output()).contains("left running by a hub that did not shut down");
        } finally {
            again.stop();
        }
    }

    @Test
    void theReadmesFirstCommandRunsADemoAndSaysHowToSignIn(@TempDir Path dir) throws Exception {
        Map<String, String> demo = new HashMap<>();
        demo.put("HUB_DEMO", "true");
        demo.put("HUB_BOOTSTRAP_ADMIN_PASSWORD", "");
        Hub hub = start(dir, demo);
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
                    .body("total", greaterThan(2500));
            hub.as("worker", "demo-pass-2026")
                    .when()
                    .get("/api/v1/league-members?overage=true")
                    .then()
                    .statusCode(200)
                    .body("total", greaterThan(0));
            hub.as("admin", "demo-pass-2026").when().get("/api/v1/me").then().statusCode(200);
        } finally {
            hub.stop();
        }
    }

    private static Hub start(Path dir, Map<String, String> env) throws Exception {
        int port = freePort();
        Path log = dir.resolve("hub-" + port + ".log");
        Process process = hubProcess(dir, port, env, log);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("The hub exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            if (ready(port)) {
                return new Hub(process, port, log);
            }
            Thread.sleep(500);
        }
        process.destroyForcibly();
        throw new AssertionError("The hub did not become ready:\n" + Files.readString(log));
    }

    private static Process hubProcess(Path dir, int port, Map<String, String> env, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toAbsolutePath().toString());
        pb.environment().remove("HUB_DB_URL");
        pb.environment().put("HUB_DATA_DIR", dir.toString());
        pb.environment().put("HUB_PORT", Integer.toString(port));
        pb.environment().put("HUB_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        return pb.start();
    }

    private static boolean ready(int port) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://localhost:" + port + "/q/health/ready")
                    .toURL()
                    .openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
