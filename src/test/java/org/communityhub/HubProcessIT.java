package org.communityhub;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.Waiting.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.communityhub.common.net.LocalPorts;
import org.communityhub.testing.HubProcess;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.Json;
import org.communityhub.testing.ProcessLevelTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged hub as an operator runs it: {@code java -jar target/quarkus-app/quarkus-run.jar},
 * with its own PostgreSQL in {@code HUB_DATA_DIR}. One data directory through a hub's life:
 * stopped in the middle of an import, started again, killed, started again, then archived and
 * restored elsewhere. The steps share their hubs, so the story takes four starts, not eight.
 */
@ProcessLevelTest(onCopiesOfNewHub = true)
class HubProcessIT {

    private static final String ADMIN_PASSWORD = HubProcess.ADMIN_PASSWORD;
    private static final String COMMUNITY = "110105001097";
    private static final String WORKER = "keeper";
    private static final String WORKER_PASSWORD = "kp-secret-2026";
    private static final String AUDITOR = "checker";
    private static final String AUDITOR_PASSWORD = "ck-secret-2026";
    private static final int LEDGER_ROWS = 4_000;

    private static final Map<String, String> ENV = Map.of(
            "HUB_BOOTSTRAP_ADMIN_PASSWORD",
            ADMIN_PASSWORD,
            // another process may take an import up 10 s after its last renewal
            "HUB_IMPORTS_LEASE_SECONDS",
            "10",
            // Eighty small batches: the hub is stopped as soon as the first is checked, long
            // before the last, and the check after the restart takes seconds.
            "HUB_IMPORTS_BATCH_SIZE",
            "50");

    @Test
    void aDataDirectoryOutlivesAStopInTheMiddleOfAnImportAKillAndAnArchive(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        Path ledger = ledger(dir);
        String idNumber = IdNumbers.any();
        String residentId;
        Map<String, String> session;
        String importId;

        // 1. A hub with a resident, a page session and an import being checked; a second hub on
        //    the same directory gives up; the first is stopped while the import is checked.
        HubProcess hub = HubProcess.startCopyOfNew(data, ENV);
        try {
            hub.addCommunity(ADMIN_PASSWORD, COMMUNITY, "重启测试社区", "110105001");
            hub.addUser(ADMIN_PASSWORD, WORKER, WORKER_PASSWORD, "worker", COMMUNITY);
            hub.addUser(ADMIN_PASSWORD, AUDITOR, AUDITOR_PASSWORD, "auditor", COMMUNITY);
            residentId = hub.as(WORKER, WORKER_PASSWORD)
                    .body(Map.of(
                            "name", "留存居民", "idNumber", idNumber, "residenceType", "1", "communityCode", COMMUNITY))
                    .when()
                    .post("/api/v1/residents")
                    .then()
                    .statusCode(201)
                    .extract()
                    .as(Json.class)
                    .get("id");
            session = signInToThePages(hub);

            Path secondLog = HubProcess.logFile("second-hub");
            Process second = HubProcess.launch(data, LocalPorts.free(), ENV, secondLog);
            assertThat(second.waitFor(120, TimeUnit.SECONDS))
                    .as("the second hub gives up")
                    .isTrue();
            assertThat(second.exitValue()).isEqualTo(2);
            assertThat(Files.readString(secondLog)).contains("in use by another running hub");

            importId = given().baseUri("http://localhost")
                    .port(hub.port())
                    .auth()
                    .preemptive()
                    .basic(WORKER, WORKER_PASSWORD)
                    .multiPart("file", ledger.toFile(), "text/csv")
                    .post("/api/v1/imports")
                    .then()
                    .statusCode(202)
                    .extract()
                    .as(Json.class)
                    .get("id");
            await().atMost(2, TimeUnit.MINUTES)
                    .pollInterval(100, TimeUnit.MILLISECONDS)
                    .until(() -> importOn(hub, importId).getLong("progress.rowsRead") > 0);
            Json during = importOn(hub, importId);
            assertThat(during.getString("state")).as("stopped while checking").isEqualTo("PARSING");
            assertThat(during.getLong("progress.rowsRead")).isLessThan(LEDGER_ROWS);
        } finally {
            hub.stop(); // SIGTERM in the middle of the check
        }
        assertThat(hub.output())
                .doesNotContain("Import " + importId + " failed")
                .as("a stop in the middle of an import logs no stack trace")
                .doesNotContain("\tat ");
        assertThat(data.resolve("postgres").resolve("postmaster.pid"))
                .as("PostgreSQL stopped with the hub")
                .doesNotExist();

        // 2. Started again: the records, the session and the import are all there, the import checked to its end.
        HubProcess again = HubProcess.start(data, ENV);
        try {
            again.as(WORKER, WORKER_PASSWORD)
                    .when()
                    .get("/api/v1/residents/" + residentId)
                    .then()
                    .statusCode(200)
                    .body(at("name", equalTo("留存居民")));
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
            await().atMost(3, TimeUnit.MINUTES)
                    .pollInterval(500, TimeUnit.MILLISECONDS)
                    .until(() -> !"PARSING".equals(importOn(again, importId).getString("state")));
            Json after = importOn(again, importId);
            assertThat(after.getString("state")).isEqualTo("READY");
            assertThat(after.getString("error")).isNull();
            assertThat(after.getLong("progress.rowsRead")).isEqualTo(LEDGER_ROWS);
        } finally {
            again.kill(); // SIGKILL: its PostgreSQL is left running
        }

        // 3. Killed without warning, it starts again on its data, and is then stopped as the guide says.
        HubProcess afterKill = HubProcess.start(data, ENV);
        try {
            afterKill
                    .as("admin", ADMIN_PASSWORD)
                    .when()
                    .get("/api/v1/me")
                    .then()
                    .statusCode(200);
            assertThat(afterKill.output()).contains("left running by a hub that did not shut down");
        } finally {
            afterKill.stop();
        }

        // 4. The embedded hub's backup as the operations guide gives it: archive the whole stopped
        //    data directory (database, keys), unpack it elsewhere and start a hub on it.
        Path archive = dir.resolve("hub-backup.tar.gz");
        run("tar", "-C", data.toString(), "-czf", archive.toString(), ".");
        Path restored = Files.createDirectories(dir.resolve("restored"));
        run("tar", "-C", restored.toString(), "-xzf", archive.toString());
        HubProcess fromArchive = HubProcess.start(restored, ENV);
        try {
            // Found by its ID number: the restored key still reads and indexes what was written.
            fromArchive
                    .as(WORKER, WORKER_PASSWORD)
                    .queryParam("idNumber", idNumber)
                    .when()
                    .get("/api/v1/residents")
                    .then()
                    .statusCode(200)
                    .body(at("total", equalTo(1)))
                    .body(at("items[0].id", equalTo(residentId)));
            fromArchive
                    .as(AUDITOR, AUDITOR_PASSWORD)
                    .when()
                    .post("/api/v1/audit/verify")
                    .then()
                    .statusCode(200)
                    .body(at("intact", equalTo(true)))
                    .body(at("rowsChecked", greaterThan(0)));
        } finally {
            fromArchive.stop();
        }
    }

    /** A ledger of {@value #LEDGER_ROWS} people for the worker's own community. */
    private static Path ledger(Path dir) throws Exception {
        Path ledger = dir.resolve("ledger.csv");
        try (BufferedWriter w = Files.newBufferedWriter(ledger, StandardCharsets.UTF_8)) {
            w.write("姓名,身份证号,民族,人口类型\n");
            for (int i = 0; i < LEDGER_ROWS; i++) {
                w.write("测试某," + IdNumbers.any() + ",汉族,户籍人口\n");
            }
        }
        return ledger;
    }

    /** Signs the worker in through the sign-in form; answers the session cookie and its ticket. */
    private static Map<String, String> signInToThePages(HubProcess hub) {
        return given().baseUri("http://localhost")
                .port(hub.port())
                .redirects()
                .follow(false)
                .formParam("j_username", WORKER)
                .formParam("j_password", WORKER_PASSWORD)
                .post("/j_security_check")
                .then()
                .statusCode(302)
                .extract()
                .cookies();
    }

    private static Json importOn(HubProcess hub, String id) {
        return hub.as(WORKER, WORKER_PASSWORD)
                .when()
                .get("/api/v1/imports/" + id)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
    }
}
