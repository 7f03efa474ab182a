package org.communityhub.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.communityhub.testing.Waiting.await;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.PlatformsAndLimitsTestProfile;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The files of file platforms reach whoever uploads them: the platform's administrator, and where
 * the definition writes one per community (test platform sim-area-file) that community's staff —
 * each their own area's file only, each download in the access log.
 */
@HubTest
@TestProfile(PlatformsAndLimitsTestProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformFileResourceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String FILES = "/api/v1/adapters/sim-area-file/files";

    private String communityA;
    private String communityB;
    private String workerA;
    private String workerB;
    private String supervisor;
    private String operator;
    private String auditor;
    private List<String> residentsA;
    private long fileA;
    private long fileB;

    /** Two communities (of one street, usually), 基诺族 residents in each, and the platform's files written. */
    @BeforeEach
    void filesWritten() {
        if (communityA != null) {
            return; // once for the class: RestAssured knows the hub's port only once a test runs
        }
        communityA = Communities.create();
        communityB = Communities.create();
        workerA = Users.create(Roles.WORKER, communityA);
        workerB = Users.create(Roles.WORKER, communityB);
        supervisor = Users.create(Roles.SUPERVISOR, Communities.streetOf(communityA), Communities.streetOf(communityB));
        operator = Users.create(Roles.ADAPTER_ADMIN, "*");
        auditor = Users.create(Roles.AUDITOR, "*");
        residentsA = List.of(
                aResident()
                        .in(communityA)
                        .withName("文件甲")
                        .with("ethnicity", "56")
                        .registerAs(workerA),
                aResident()
                        .in(communityA)
                        .withName("文件乙")
                        .with("ethnicity", "56")
                        .registerAs(workerA));
        aResident().in(communityB).withName("文件丙").with("ethnicity", "56").registerAs(workerB);
        await().atMost(PATIENCE).until(() -> {
            Users.as(operator).when().post("/api/v1/adapters/sim-area-file/runs");
            Json files = Users.as(operator)
                    .when()
                    .get(FILES)
                    .then()
                    .statusCode(200)
                    .extract()
                    .as(Json.class);
            List<Map<String, Object>> items = files.getList("$");
            return items.stream().anyMatch(f -> communityA.equals(f.get("areaCode")) && ((int) f.get("records")) == 2)
                    && items.stream().anyMatch(f -> communityB.equals(f.get("areaCode")));
        });
        List<Map<String, Object>> all = Users.as(operator)
                .when()
                .get(FILES)
                .then()
                .extract()
                .as(Json.class)
                .getList("$");
        fileA = idOf(all, communityA);
        fileB = idOf(all, communityB);
    }

    @Test
    void eachCommunitysWorkerSeesTheirOwnFileOnlyAndTheSupervisorBoth() {
        List<Map<String, Object>> ofA = Users.as(workerA)
                .when()
                .get(FILES)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .getList("$");
        assertThat(ofA).extracting(f -> f.get("areaCode")).containsOnly(communityA);
        assertThat(ofA).extracting(f -> ((Number) f.get("id")).longValue()).contains(fileA);
        assertThat(ofA.get(0).get("areaName")).isEqualTo(Communities.nameOf(communityA));
        List<Map<String, Object>> ofB = Users.as(workerB)
                .when()
                .get(FILES)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .getList("$");
        assertThat(ofB).extracting(f -> f.get("areaCode")).containsOnly(communityB);
        List<Map<String, Object>> street = Users.as(supervisor)
                .when()
                .get(FILES)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .getList("$");
        assertThat(street).extracting(f -> f.get("areaCode")).contains(communityA, communityB);
    }

    @Test
    void aDownloadNeedsAPurposeIsLoggedWithEveryResidentAndMarksTheFileDownloaded() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String resident = aResident()
                .in(community)
                .withName("文件丁")
                .with("ethnicity", "56")
                .registerAs(worker);
        long file = await().atMost(PATIENCE)
                .until(
                        () -> {
                            Users.as(operator).when().post("/api/v1/adapters/sim-area-file/runs");
                            List<Map<String, Object>> items = Users.as(worker)
                                    .when()
                                    .get(FILES)
                                    .then()
                                    .extract()
                                    .as(Json.class)
                                    .getList("$");
                            return items.isEmpty()
                                    ? -1L
                                    : ((Number) items.get(0).get("id")).longValue();
                        },
                        id -> id > 0);
        assertThat((Boolean) Users.as(worker)
                        .when()
                        .get(FILES)
                        .then()
                        .extract()
                        .as(Json.class)
                        .get("[0].isNew"))
                .isTrue();

        Users.as(worker)
                .when()
                .get(FILES + "/" + file)
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body(at("errors[0].field", equalTo("purpose")));

        Response download = Users.as(worker).when().get(FILES + "/" + file + "?purpose=platform-submission");
        download.then().statusCode(200).contentType("text/csv");
        assertThat(download.header("Content-Disposition"))
                .contains("filename*=UTF-8''")
                .contains(".csv");
        String body = new String(download.asByteArray(), StandardCharsets.UTF_8);
        assertThat(body).contains("文件丁").contains("姓名,证件号码,社区,操作");

        Json log = Users.as(auditor)
                .when()
                .get("/api/v1/audit/access-log?action=EXPORT&user=" + worker)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(log.getInt("total")).isEqualTo(1);
        assertThat(log.getList("items[0].residentIds", String.class)).containsExactly(resident);
        assertThat(log.getString("items[0].purpose")).isEqualTo("platform-submission");
        assertThat(log.getList("items[0].fields", String.class)).contains("sim-area-file:证件号码");

        Map<String, Object> after = Users.as(worker)
                .when()
                .get(FILES)
                .then()
                .extract()
                .as(Json.class)
                .getMap("[0]");
        assertThat(after.get("isNew")).isEqualTo(false);
        assertThat(after.get("downloads")).isEqualTo(1);
        assertThat(after.get("lastDownloadedBy")).isEqualTo(worker);
    }

    @Test
    void anotherCommunitysFileIsRefusedAndNothingIsLogged() {
        Users.as(workerA)
                .when()
                .get(FILES + "/" + fileB + "?purpose=platform-submission")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body(at("code", equalTo("file-outside-area")));
        Users.as(auditor)
                .when()
                .get("/api/v1/audit/access-log?action=EXPORT&user=" + workerA)
                .then()
                .body(at("total", equalTo(0)));
    }

    @Test
    void pathsThatTryToLeaveTheFolderAreRefusedAsUnknownFiles() {
        for (String attempt : List.of("..%2F..%2F..%2Fetc%2Fpasswd", "..%2Fsim-file", "999999999999")) {
            Users.as(operator)
                    .urlEncodingEnabled(false)
                    .when()
                    .get(FILES + "/" + attempt + "?purpose=platform-submission")
                    .then()
                    .statusCode(404)
                    .contentType("application/problem+json");
        }
        Users.as(operator)
                .urlEncodingEnabled(false)
                .when()
                .get("/api/v1/adapters/..%2Fsim-area-file/files")
                .then()
                .statusCode(404)
                .contentType("application/problem+json");
        // A file of one platform is not found under another's name.
        Users.as(operator)
                .when()
                .get("/api/v1/adapters/sim-file/files/" + fileA + "?purpose=platform-submission")
                .then()
                .statusCode(404);
    }

    @Test
    void aPlatformWithOneFileIsForItsAdministratorOnly() {
        Users.as(workerA)
                .when()
                .get("/api/v1/adapters/sim-file/files")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body(at("code", equalTo("platform-files-admin-only")));
        Users.as(operator).when().get("/api/v1/adapters/sim-file/files").then().statusCode(200);
        Users.as(auditor).when().get(FILES).then().statusCode(403);
        Users.as(operator).when().get("/api/v1/adapters/sim-http/files").then().statusCode(404);
    }

    @Test
    void theFilesPageListsTheAreasPlatformsAndSaysWhenThereIsNoFileYet() {
        String fresh = Users.create(Roles.WORKER, Communities.create());
        String html = Users.as(fresh)
                .when()
                .get("/platforms/files")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(html)
                .contains("上报文件", "模拟分社区文件平台", "每个社区一个文件", "还没有生成过文件")
                .doesNotContain("模拟文件平台<"); // one file for the whole platform: its administrator's

        String ofA = Users.as(workerA)
                .when()
                .get("/platforms/files")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(ofA)
                .contains("id=\"file-" + fileA + "\"", "formaction=\"/platforms/sim-area-file/files/" + fileA + "\"")
                .doesNotContain("id=\"file-" + fileB + "\"");

        Users.as(auditor).when().get("/platforms/files").then().statusCode(403);
        Users.as(workerA)
                .when()
                .get("/platforms/sim-area-file/files/" + fileB + "?purpose=platform-submission")
                .then()
                .statusCode(403);
    }

    private static long idOf(List<Map<String, Object>> files, String area) {
        return files.stream()
                .filter(f -> area.equals(f.get("areaCode")))
                .map(f -> ((Number) f.get("id")).longValue())
                .findFirst()
                .orElseThrow();
    }
}
