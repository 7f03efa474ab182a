package org.communityhub.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.communityhub.testing.Waiting.await;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.response.Response;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.communityhub.access.PageSession;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/**
 * Deciding and merging with feedback: a merged pair leaves 待核对 and comes back when the merge is
 * undone; a decision can be taken back; a scan starts from the page; no API text on the page.
 */
@HubTest
class DuplicateFeedbackTest {

    @Test
    void aMergedPairLeavesTheQueueAndAnUndoneMergeBringsItBack() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        // A supervisor of this community alone: the queue then holds this test's pair, not the
        // street's (other tests leave open pairs there, more than a page of them).
        String supervisor = Users.create(Roles.SUPERVISOR, community);
        LocalDate birth = LocalDate.of(1958, 3, 9);
        String a = aResident()
                .in(community)
                .withName("李强")
                .withoutIdNumber(birth, "1")
                .registerAs(worker);
        String b = aResident()
                .in(community)
                .withName("李蔷")
                .withoutIdNumber(birth, "1")
                .registerAs(worker);
        String pair = pairOf(supervisor, a, b, "open");

        String merge = Users.as(supervisor)
                .body(Map.of(
                        "survivorId", a,
                        "mergedId", b,
                        "survivorVersion", version(supervisor, a),
                        "mergedVersion", version(supervisor, b),
                        "choices", Map.of("name", "SURVIVOR")))
                .when()
                .post("/api/v1/merges")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class)
                .get("id");
        assertThat(pairOf(supervisor, a, b, "same-person")).isEqualTo(pair);
        assertThat(ids(supervisor, "open")).doesNotContain(pair);

        // The survivor's page, reached as the merge page sends the supervisor there, offers the undo.
        PageSession session = PageSession.signIn(supervisor, Users.PASSWORD, "198.51.100.81");
        String page =
                session.request().get("/residents/" + a + "?merged=" + merge).asString();
        assertThat(page).contains("id=\"merge-done\"", "已合并", "hx-post=\"/merges/" + merge + "/undo\"", "撤销合并");
        Response undone = session.request().header("HX-Request", "true").post("/merges/" + merge + "/undo");
        assertThat(undone.header("HX-Redirect")).isEqualTo("/residents/" + a + "?unmerged=1");
        Users.as(supervisor).when().get("/api/v1/residents/" + b).then().body(at("status", equalTo("ACTIVE")));
        assertThat(ids(supervisor, "open")).contains(pair);
        assertThat(session.request().get("/residents/" + a + "?unmerged=1").asString())
                .contains("id=\"unmerge-done\"", "已撤销合并");
        // Undone once is undone: a second undo is said in words on the page.
        Response again = session.request().header("HX-Request", "true").post("/merges/" + merge + "/undo");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.asString()).contains("id=\"undo-refused\"");
    }

    @Test
    void aDecisionCanBeTakenBackOnThePageAndThroughTheApi() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        // A supervisor of this community alone: the queue then holds this test's pair, not the
        // street's (other tests leave open pairs there, more than a page of them).
        String supervisor = Users.create(Roles.SUPERVISOR, community);
        LocalDate birth = LocalDate.of(1971, 8, 2);
        String a = aResident()
                .in(community)
                .withName("王芳")
                .withoutIdNumber(birth, "2")
                .registerAs(worker);
        String b = aResident()
                .in(community)
                .withName("汪芳")
                .withoutIdNumber(birth, "2")
                .registerAs(worker);
        String pair = pairOf(supervisor, a, b, "open");
        PageSession session = PageSession.signIn(supervisor, Users.PASSWORD, "198.51.100.82");

        String row = session.request()
                .header("HX-Request", "true")
                .formParam("decision", "DIFFERENT_PEOPLE")
                .post("/duplicates/" + pair + "/decision")
                .asString();
        assertThat(row).contains("已判定：不是同一人", "撤销判定", "hx-post=\"/duplicates/" + pair + "/reopen\"");
        String reopened = session.request()
                .header("HX-Request", "true")
                .post("/duplicates/" + pair + "/reopen")
                .asString();
        assertThat(reopened).contains("decide-same", "decide-different").doesNotContain("已判定");
        assertThat(ids(supervisor, "open")).contains(pair);

        Users.as(supervisor)
                .body(Map.of("decision", "SAME_PERSON"))
                .when()
                .post("/api/v1/duplicates/" + pair + "/decision")
                .then()
                .statusCode(200);
        Users.as(supervisor)
                .when()
                .delete("/api/v1/duplicates/" + pair + "/decision")
                .then()
                .statusCode(200)
                .body(at("status", equalTo("OPEN")));
        Users.as(supervisor)
                .when()
                .delete("/api/v1/duplicates/" + pair + "/decision")
                .then()
                .statusCode(409)
                .body(at("code", equalTo("not-decided")));
    }

    @Test
    void aScanStartsFromThePageAndThePageSaysNoApiText() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String supervisor = Users.create(Roles.SUPERVISOR, community);
        LocalDate birth = LocalDate.of(1966, 1, 30);
        aResident().in(community).withName("赵敏").withoutIdNumber(birth, "2").registerAs(worker);
        PageSession session = PageSession.signIn(supervisor, Users.PASSWORD, "198.51.100.83");

        String list = session.request().get("/duplicates").asString();
        assertThat(list).doesNotContain("/api/", "POST ").contains("id=\"start-scan\"", "value=\"" + community + "\"");
        String started = session.request()
                .header("HX-Request", "true")
                .formParam("scope", community)
                .post("/duplicates/scans")
                .asString();
        assertThat(started).contains("id=\"scan-state\"");
        String scanId = started.replaceAll("(?s).*hx-get=\"/duplicates/scans/([0-9a-f-]+)\".*", "$1");
        if (!started.contains("scan-done")) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> session.request()
                            .get("/duplicates/scans/" + scanId)
                            .asString()
                            .contains("id=\"scan-done\""));
        }
        // A scope outside the supervisor's area is refused in words.
        String refused = session.request()
                .header("HX-Request", "true")
                .formParam("scope", Communities.create())
                .post("/duplicates/scans")
                .asString();
        assertThat(refused).contains("只能查重您负责的区域");
    }

    private static String pairOf(String supervisor, String a, String b, String status) {
        List<Map<String, Object>> items = Users.as(supervisor)
                .queryParam("status", status)
                .queryParam("size", "100")
                .when()
                .get("/api/v1/duplicates")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .get("items");
        return items.stream()
                .filter(p -> List.of(a, b).contains(((Map<?, ?>) p.get("residentA")).get("id"))
                        && List.of(a, b).contains(((Map<?, ?>) p.get("residentB")).get("id")))
                .map(p -> (String) p.get("id"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + status + " pair of the two"));
    }

    private static List<String> ids(String supervisor, String status) {
        return Users.as(supervisor)
                .queryParam("status", status)
                .queryParam("size", "100")
                .when()
                .get("/api/v1/duplicates")
                .then()
                .extract()
                .as(Json.class)
                .get("items.id");
    }

    private static int version(String user, String id) {
        return Users.as(user)
                .when()
                .get("/api/v1/residents/" + id)
                .then()
                .extract()
                .as(Json.class)
                .get("version");
    }
}
