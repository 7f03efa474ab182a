package org.communityhub;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import io.restassured.path.json.JsonPath;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.communityhub.testing.HubProcess;
import org.communityhub.testing.IdNumbers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged hub as an operator runs it: {@code java -jar target/quarkus-app/quarkus-run.jar},
 * with its own PostgreSQL in {@code HUB_DATA_DIR}.
 */
class HubProcessIT {

    private static final String ADMIN_PASSWORD = "it-root-pass-2026";
    private static final Map<String, String> ENV = Map.of("HUB_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);

    @Test
    void recordsSurviveARestartAndASecondHubCannotShareTheDirectory(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        HubProcess hub = HubProcess.startCopyOfNew(data, ENV);
        String residentId;
        java.util.Map<String, String> session;
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

            session = given().baseUri("http://localhost")
                    .port(hub.port())
                    .redirects()
                    .follow(false)
                    .formParam("j_username", "keeper")
                    .formParam("j_password", "kp-secret-2026")
                    .post("/j_security_check")
                    .then()
                    .statusCode(302)
                    .extract()
                    .cookies(); // the session cookie and its ticket

            Path secondLog = HubProcess.logFile("second-hub");
            Process second = HubProcess.launch(data, HubProcess.freePort(), ENV, secondLog);
            assertThat(second.waitFor(120, TimeUnit.SECONDS))
                    .as("the second hub gives up")
                    .isTrue();
            assertThat(second.exitValue()).isEqualTo(2);
            assertThat(Files.readString(secondLog)).contains("in use by another running hub");
        } finally {
            hub.stop();
        }
        assertThat(data.resolve("postgres").resolve("postmaster.pid"))
                .as("PostgreSQL stopped with the hub")
                .doesNotExist();

        HubProcess again = HubProcess.start(data, ENV);
        try {
            again.as("keeper", "kp-secret-2026")
                    .when()
                    .get("/api/v1/residents/" + residentId)
                    .then()
                    .statusCode(200)
                    .body("name", equalTo("留存居民"));
            assertThat(again.output()).doesNotContain("first start"); // the admin was not created again
            // The session key is kept in the data directory: a restart signs nobody out of the pages.
            given().baseUri("http://localhost")
                    .port(again.port())
                    .redirects()
                    .follow(false)
                    .cookies(session)
                    .get("/")
                    .then()
                    .statusCode(200)
                    .body(containsString("工作台"));
        } finally {
            again.stop();
        }
    }

    /**
     * The embedded hub's backup as the operations guide gives it: stop the hub, archive the whole
     * data directory (database, keys), unpack the archive elsewhere and start a hub on it.
     */
    @Test
    void anArchiveOfAStoppedHubsDataDirectoryRestoresTheHub(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        String idNumber = IdNumbers.any();
        HubProcess hub = HubProcess.startCopyOfNew(data, ENV);
        String residentId;
        try {
            hub.addCommunity(ADMIN_PASSWORD, "110105001096", "备份测试社区", "110105001");
            hub.addUser(ADMIN_PASSWORD, "keeper", "kp-secret-2026", "worker", "110105001096");
            hub.addUser(ADMIN_PASSWORD, "checker", "ck-secret-2026", "auditor", "110105001096");
            residentId = hub.as("keeper", "kp-secret-2026")
                    .body(Map.of(
                            "name",
                            "备份居民",
                            "idNumber",
                            idNumber,
                            "residenceType",
                            "1",
                            "communityCode",
                            "110105001096"))
                    .when()
                    .post("/api/v1/residents")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
        } finally {
            hub.stop();
        }
        Path archive = dir.resolve("hub-backup.tar.gz");
        run("tar", "-C", data.toString(), "-czf", archive.toString(), ".");
        Path restored = Files.createDirectories(dir.resolve("restored"));
        run("tar", "-C", restored.toString(), "-xzf", archive.toString());

        HubProcess again = HubProcess.start(restored, ENV);
        try {
            // Found by its ID number: the restored key still reads and indexes what was written.
            again.as("keeper", "kp-secret-2026")
                    .queryParam("idNumber", idNumber)
                    .when()
                    .get("/api/v1/residents")
                    .then()
                    .statusCode(200)
                    .body("total", equalTo(1))
                    .body("items[0].id", equalTo(residentId));
            again.as("checker", "ck-secret-2026")
                    .when()
                    .post("/api/v1/audit/verify")
                    .then()
                    .statusCode(200)
                    .body("intact", equalTo(true))
                    .body("rowsChecked", greaterThan(0));
        } finally {
            again.stop();
        }
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
    }

    @Test
    void anImportBeingCheckedWhenItsHubStopsIsTakenUpAgainAfterARestart(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Map<String, String> env = new HashMap<>(ENV);
        env.put("HUB_IMPORTS_LEASE_SECONDS", "10"); // another process may take a job up 10 s after its last renewal
        // Two hundred small batches: the hub is stopped as soon as the first is checked, long before
        // the last, and the check after the restart takes seconds.
        env.put("HUB_IMPORTS_BATCH_SIZE", "50");
        int rows = 10_000;
        Path ledger = dir.resolve("ledger.csv");
        try (BufferedWriter w = Files.newBufferedWriter(ledger, StandardCharsets.UTF_8)) {
            w.write("姓名,身份证号,民族,人口类型\n");
            for (int i = 0; i < rows; i++) {
                w.write("测试某," + IdNumbers.any() + ",汉族,户籍人口\n");
            }
        }
        HubProcess hub = HubProcess.startCopyOfNew(data, env);
        String id;
        try {
            hub.addCommunity(ADMIN_PASSWORD, "110105001096", "导入重启社区", "110105001");
            hub.addUser(ADMIN_PASSWORD, "importer", "im-secret-2026", "worker", "110105001096");
            id = given().baseUri("http://localhost")
                    .port(hub.port())
                    .auth()
                    .preemptive()
                    .basic("importer", "im-secret-2026")
                    .multiPart("file", ledger.toFile(), "text/csv")
                    .post("/api/v1/imports")
                    .then()
                    .statusCode(202)
                    .extract()
                    .path("id");
            await().atMost(2, TimeUnit.MINUTES)
                    .pollInterval(100, TimeUnit.MILLISECONDS)
                    .until(() -> importOn(hub, id).getLong("progress.rowsRead") > 0);
            JsonPath during = importOn(hub, id);
            assertThat(during.getString("state")).as("stopped while checking").isEqualTo("PARSING");
            assertThat(during.getLong("progress.rowsRead")).isLessThan(rows);
        } finally {
            hub.stop(); // SIGTERM in the middle of the check
        }
        assertThat(hub.output()).doesNotContain("Import " + id + " failed");

        HubProcess again = HubProcess.start(data, env);
        try {
            await().atMost(3, TimeUnit.MINUTES)
                    .pollInterval(500, TimeUnit.MILLISECONDS)
                    .until(() -> !"PARSING".equals(importOn(again, id).getString("state")));
            JsonPath after = importOn(again, id);
            assertThat(after.getString("state")).isEqualTo("READY");
            assertThat(after.getString("error")).isNull();
            assertThat(after.getLong("progress.rowsRead")).isEqualTo(rows);
        } finally {
            again.stop();
        }
    }

    private static JsonPath importOn(HubProcess hub, String id) {
        return hub.as("importer", "im-secret-2026")
                .when()
                .get("/api/v1/imports/" + id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    @Test
    void aHubKilledWithoutWarningStartsAgainOnItsData(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        HubProcess.startCopyOfNew(data, ENV).kill(); // its PostgreSQL is left running

        HubProcess again = HubProcess.start(data, ENV);
        try {
            again.as("admin", ADMIN_PASSWORD).when().get("/api/v1/me").then().statusCode(200);
            assertThat(again.output()).contains("left running by a hub that did not shut down");
        } finally {
            again.stop();
        }
    }
}
