package org.communityhub.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.communityhub.testing.Waiting.await;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.Map;
import org.communityhub.access.PageSession;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubDates;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.PlatformSimulators;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/**
 * Life events on the resident's page: 迁出 and 死亡 with date and reason, and voiding a
 * registration made in error; each kept in the history, each a removal for the platforms that
 * hold the record; refused input said beside its field, with nothing changed.
 */
@HubTest
class LifeEventsPageTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void aMoveOutIsRecordedWithDateAndReasonAndThePlatformGetsTheRemoval() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String id = aResident().in(community).withName("迁出者").registerAs(worker);
        awaitPublicSecurity(worker, id, "SYNCED", true);
        PageSession session = PageSession.signIn(worker, Users.PASSWORD, "198.51.100.71");
        String date = HubDates.today().minusDays(3).toString();

        Response done = post(
                session,
                id,
                Map.of("status", "MOVED_OUT", "date", date, "reason", "迁往外省", "version", version(worker, id)));
        assertThat(done.statusCode()).isEqualTo(200);
        assertThat(done.header("HX-Redirect")).isEqualTo("/residents/" + id + "?event=MOVED_OUT");

        String page =
                session.request().get("/residents/" + id + "?event=MOVED_OUT").asString();
        assertThat(page).contains("已登记迁出", "id=\"resident-status\"", date, "迁往外省");
        assertThat(between(page, "<table id=\"history\"", "</table>")).contains("迁出", "日期 " + date, "原因：迁往外省");
        assertThat(page).doesNotContain("id=\"edit\"");
        Users.as(worker).when().get("/api/v1/residents/" + id).then().body(at("status", equalTo("MOVED_OUT")));
        // The platform that held the record hears of the removal, and the page says it knows.
        awaitPublicSecurity(worker, id, "SYNCED", false);
        assertThat(PlatformSimulators.publicSecurity().receipts())
                .anyMatch(k -> k.contains(":" + id + ":") && k.endsWith(":remove"));
    }

    @Test
    void aRegistrationMadeInErrorIsVoidedKeptInHistoryAndRemovedFromPlatforms() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String supervisor = Users.create(Roles.SUPERVISOR, community.substring(0, 9));
        String name = "误录者";
        String id = aResident().in(community).withName(name).registerAs(worker);
        awaitPublicSecurity(worker, id, "SYNCED", true);
        PageSession session = PageSession.signIn(worker, Users.PASSWORD, "198.51.100.72");

        Response done =
                post(session, id, Map.of("status", "VOIDED", "reason", "非本社区居民，误录", "version", version(worker, id)));
        assertThat(done.header("HX-Redirect")).isEqualTo("/residents/" + id + "?event=VOIDED");
        String page =
                session.request().get("/residents/" + id + "?event=VOIDED").asString();
        assertThat(page).contains("这条登记已作废", "已作废", "非本社区居民，误录", "登记作废");
        awaitPublicSecurity(worker, id, "SYNCED", false);
        assertThat(PlatformSimulators.publicSecurity().receipts())
                .anyMatch(k -> k.contains(":" + id + ":") && k.endsWith(":remove"));
        // Off every list, still there to be read with its history.
        assertThat(session.request().get("/residents?q=" + name).asString()).contains("共 0 人");
        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id + "/history")
                .then()
                .body(at("items[0].action", equalTo("VOIDED")));
        // A worker cannot undo a voiding; the street can, with a reason.
        assertThat(page).doesNotContain("id=\"active-submit\"");
        Users.as(worker)
                .body(Map.of("status", "ACTIVE", "reason", "作废有误"))
                .when()
                .post("/api/v1/residents/" + id + "/status-changes")
                .then()
                .statusCode(403);
        Users.as(supervisor)
                .body(Map.of("status", "ACTIVE", "reason", "作废有误"))
                .when()
                .post("/api/v1/residents/" + id + "/status-changes")
                .then()
                .statusCode(200)
                .body(at("status", equalTo("ACTIVE")));
    }

    @Test
    void theApiVoidsARegistrationAndWantsAReason() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String id = aResident().in(community).withName("接口作废").registerAs(worker);
        Users.as(worker)
                .body(Map.of("status", "VOIDED"))
                .when()
                .post("/api/v1/residents/" + id + "/status-changes")
                .then()
                .statusCode(422)
                .body(at("errors[0].field", equalTo("reason")));
        Users.as(worker)
                .body(Map.of("status", "VOIDED", "reason", "测试误录"))
                .when()
                .post("/api/v1/residents/" + id + "/status-changes")
                .then()
                .statusCode(200)
                .body(at("status", equalTo("VOIDED")))
                .body(at("statusDate", equalTo(HubDates.today().toString())));
        // A voided record is not edited, nor moved out.
        Users.as(worker)
                .body(Map.of("status", "MOVED_OUT", "date", HubDates.today().toString(), "reason", "迁走"))
                .when()
                .post("/api/v1/residents/" + id + "/status-changes")
                .then()
                .statusCode(403);
    }

    @Test
    void refusedInputIsSaidBesideItsFieldAndChangesNothing() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String id = aResident().in(community).withName("未迁出").registerAs(worker);
        PageSession session = PageSession.signIn(worker, Users.PASSWORD, "198.51.100.73");

        Response noReason = post(
                session,
                id,
                Map.of(
                        "status",
                        "DECEASED",
                        "date",
                        HubDates.today().toString(),
                        "reason",
                        " ",
                        "version",
                        version(worker, id)));
        assertThat(noReason.header("HX-Redirect")).isNull();
        assertThat(noReason.asString()).contains("id=\"deceased-reason-error\"", "请填写原因", "id=\"event-deceased\" open");

        Response future = post(
                session,
                id,
                Map.of(
                        "status",
                        "MOVED_OUT",
                        "date",
                        HubDates.today().plusDays(2).toString(),
                        "reason",
                        "迁走",
                        "version",
                        version(worker, id)));
        assertThat(future.asString()).contains("id=\"moved-out-date-error\"", "日期不能晚于今天", "value=\"迁走\"");

        Response badDate = post(
                session,
                id,
                Map.of("status", "MOVED_OUT", "date", "明天", "reason", "迁走", "version", version(worker, id)));
        assertThat(badDate.asString()).contains("id=\"moved-out-date-error\"", "2026-12-01 这样的格式");

        Response stale = post(
                session,
                id,
                Map.of("status", "MOVED_OUT", "date", HubDates.today().toString(), "reason", "迁走", "version", "987"));
        assertThat(stale.asString()).contains("id=\"life-problem\"", "刚被别人修改过");

        Users.as(worker).when().get("/api/v1/residents/" + id).then().body(at("status", equalTo("ACTIVE")));
    }

    private static String version(String worker, String id) {
        int version = Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id)
                .then()
                .extract()
                .as(Json.class)
                .get("version");
        return String.valueOf(version);
    }

    private static Response post(PageSession session, String id, Map<String, String> form) {
        return session.request()
                .header("HX-Request", "true")
                .contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParams(form)
                .post("/residents/" + id + "/status");
    }

    private static void awaitPublicSecurity(String worker, String id, String status, boolean held) {
        await().atMost(PATIENCE)
                .untilAsserted(() -> Users.as(worker)
                        .when()
                        .get("/api/v1/residents/" + id + "/sync")
                        .then()
                        .statusCode(200)
                        .body(at("find { it.adapterId == 'public-security' }.status", equalTo(status)))
                        .body(at("find { it.adapterId == 'public-security' }.held", equalTo(held))));
    }

    private static String between(String text, String from, String to) {
        int start = text.indexOf(from);
        assertThat(start).as(from).isNotNegative();
        return text.substring(start, text.indexOf(to, start));
    }
}
