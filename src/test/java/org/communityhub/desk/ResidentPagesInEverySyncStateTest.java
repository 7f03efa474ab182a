package org.communityhub.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.communityhub.testing.Waiting.await;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.response.Response;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.PlatformSimulators;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every page that shows a resident renders for a resident in each state a platform can be in for
 * them: queued for a scheduled file, delivered, failing and retried, refused on the first
 * delivery, and refused after an earlier acceptance. A page that cannot render one of these is a
 * 500 where the worker was sent to fix a refusal.
 */
@HubTest
class ResidentPagesInEverySyncStateTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @AfterEach
    void platformBackToNormal() {
        PlatformSimulators.publicSecurity().reset();
    }

    @Test
    void everyPageOfAResidentRendersInEverySyncState() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String operator = Users.create(Roles.ADAPTER_ADMIN, "*");
        String auditor = Users.create(Roles.AUDITOR, community);
        var platform = PlatformSimulators.publicSecurity();
        platform.rejectWhere("姓名", "首次拒收", "地址不规范：缺少门牌号");
        platform.rejectWhere("姓名", "后来拒收", "姓名与户籍信息不符");

        Map<String, String> residents = new LinkedHashMap<>();
        residents.put("synced", aResident().in(community).withName("同步甲").registerAs(worker));
        residents.put(
                "refused-first", aResident().in(community).withName("首次拒收").registerAs(worker));
        String later = aResident().in(community).withName("先收后拒").registerAs(worker);
        residents.put("refused-after-accepted", later);
        awaitStatus(worker, residents.get("synced"), "SYNCED");
        awaitStatus(worker, residents.get("refused-first"), "REJECTED");
        awaitStatus(worker, later, "SYNCED");
        rename(worker, later, "后来拒收");
        awaitStatus(worker, later, "REJECTED");

        // The platform is down: the next resident's delivery fails and waits for its next attempt.
        platform.failNext(1_000, 503, 3_600);
        residents.put("failing", aResident().in(community).withName("重试丁").registerAs(worker));
        awaitStatus(worker, residents.get("failing"), "FAILED");
        platform.reset();

        for (Map.Entry<String, String> r : residents.entrySet()) {
            String id = r.getValue();
            String state = r.getKey();
            String detail = page(worker, "/residents/" + id, state);
            // Every civil-affairs file is scheduled: that platform is queued for every resident.
            assertThat(detail).as(state).contains("待同步");
            page(worker, "/residents/" + id + "/edit", state);
            page(operator, "/platforms/public-security?residentId=" + id, state);
            page(auditor, "/audit/disclosures?residentId=" + id, state);
            page(auditor, "/audit/ledger?resident=" + id, state);
        }
        page(worker, "/", "home");

        String refusedFirst = publicSecurityRow(worker, residents.get("refused-first"));
        assertThat(refusedFirst).contains("失败", "地址不规范：缺少门牌号", "去修改").doesNotContain("已同步");
        String refusedLater = publicSecurityRow(worker, later);
        assertThat(refusedLater).contains("失败", "姓名与户籍信息不符").doesNotContain("已同步");
        assertThat(publicSecurityRow(worker, residents.get("synced")))
                .contains("已同步")
                .doesNotContain("失败");
        assertThat(publicSecurityRow(worker, residents.get("failing"))).contains("失败", "下次尝试", "将自动重试");
    }

    private static void awaitStatus(String worker, String id, String status) {
        await().atMost(PATIENCE)
                .untilAsserted(() -> Users.as(worker)
                        .when()
                        .get("/api/v1/residents/" + id + "/sync")
                        .then()
                        .statusCode(200)
                        .body(at("find { it.adapterId == 'public-security' }.status", equalTo(status))));
    }

    private static void rename(String worker, String id, String name) {
        Json read = Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id)
                .then()
                .extract()
                .as(Json.class);
        Map<String, Object> edit = read.getMap("");
        edit.put("name", name);
        Users.as(worker)
                .header("If-Match", "\"" + read.getInt("version") + "\"")
                .body(edit)
                .when()
                .put("/api/v1/residents/" + id)
                .then()
                .statusCode(200);
    }

    private static String page(String user, String path, String state) {
        Response response = Users.as(user).accept("text/html").when().get(path);
        assertThat(response.statusCode())
                .as("%s for a resident %s", path, state)
                .isEqualTo(200);
        return response.asString();
    }

    /** The public-security row of the resident page's platform table. */
    private static String publicSecurityRow(String worker, String id) {
        String html = page(worker, "/residents/" + id, "");
        int start = html.indexOf("<tr data-platform=\"public-security\">");
        assertThat(start).as("the public-security row").isNotNegative();
        return html.substring(start, html.indexOf("</tr>", start));
    }
}
