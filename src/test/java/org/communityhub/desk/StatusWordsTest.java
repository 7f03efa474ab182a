package org.communityhub.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.communityhub.testing.Waiting.await;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.response.Response;
import java.time.Duration;
import java.time.LocalDate;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubDates;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.PlatformSimulators;
import org.communityhub.testing.TestSql;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Statuses that mean what they say: a platform whose selection does not take a resident is not
 * 待同步 for them, the home page counts per platform only the residents it concerns, a scheduled
 * file reads 下次报送时间, and a platform with open refusals is not 正常.
 */
@HubTest
class StatusWordsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @AfterEach
    void platformBackToNormal() {
        PlatformSimulators.publicSecurity().reset();
    }

    @Test
    void aChildIsNotWaitingForPlatformsOfTheDisabledTheOldPartyMembersOrVeterans() throws Exception {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String child = aResident()
                .in(community)
                .withName("六岁童")
                .bornOn(HubDates.today().minusYears(6), "2")
                .registerAs(worker);
        // A delivery queued for the child by a full resend before the hub learnt better: it will
        // come to nothing when the veterans' file is written, so it is nothing to wait for.
        TestSql.execute("insert into delivery (adapter_id, resident_id, target_version, forced, status, attempts,"
                + " next_attempt_at, created_at, updated_at) values ('veterans-affairs', '" + child
                + "', 1, true, 'PENDING', 0, now() + interval '30 days', now(), now())");

        // The roster's delivery is queued by the outbox's dispatcher, a moment after the registration.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> row(page(worker, "/residents/" + child), "civil-affairs")
                        .contains("下次报送时间"));
        String page = page(worker, "/residents/" + child);
        assertThat(page)
                .doesNotContain("data-platform=\"disability-federation\"")
                .doesNotContain("data-platform=\"elderly-services\"")
                .doesNotContain("data-platform=\"party-building\"")
                .doesNotContain("data-platform=\"veterans-affairs\"")
                .doesNotContain("data-platform=\"youth-league\"");
        // The civil-affairs roster takes everyone on the register, once a day: its time is the run's.
        String civilAffairs = row(page, "civil-affairs");
        assertThat(civilAffairs).contains("待同步", "下次报送时间").doesNotContain("下次尝试");
        assertThat(page).contains("id=\"status-legend\"", "待同步", "已同步", "失败");

        // The API tells the same.
        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + child + "/sync")
                .then()
                .statusCode(200)
                .body(at("find { it.adapterId == 'veterans-affairs' }", equalTo(null)))
                .body(at("find { it.adapterId == 'civil-affairs' }.scheduled", equalTo(true)));
    }

    @Test
    void aFullResendCountsOnTheHomePageOnlyTheResidentsThePlatformConcerns() throws Exception {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        LocalDate today = HubDates.today();
        String child = aResident()
                .in(community)
                .withName("七岁童")
                .bornOn(today.minusYears(7), "1")
                .registerAs(worker);
        String elder = aResident()
                .in(community)
                .withName("七十翁")
                .bornOn(today.minusYears(70), "1")
                .registerAs(worker);
        // A full resend of the elderly-services file, as the platform page's 全量重发 queues it.
        TestSql.execute("insert into change_outbox (resident_id, resident_version, adapter_id, forced)"
                + " select id, version, 'elderly-services', true from resident where id in ('" + child + "', '"
                + elder + "')");
        await().atMost(PATIENCE)
                .until(() -> TestSql.count("select count(*) from change_outbox where resident_id in ('" + child + "', '"
                                + elder + "')")
                        == 0);

        String elderly = row(page(worker, "/"), "elderly-services");
        assertThat(waiting(elderly)).as("waiting for the elderly-services file").isEqualTo("1");
        String youth = row(page(worker, "/"), "youth-league");
        assertThat(waiting(youth)).as("nobody here is a league member").isEqualTo("0");
    }

    @Test
    void aPlatformWithOpenRefusalsIsNotShownAsRunningNormally() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String operator = Users.create(Roles.ADAPTER_ADMIN, "*");
        PlatformSimulators.publicSecurity().rejectWhere("姓名", "退回者", "地址不规范：缺少门牌号");
        String refused = aResident().in(community).withName("退回者").registerAs(worker);
        await().atMost(PATIENCE)
                .untilAsserted(() -> Users.as(worker)
                        .when()
                        .get("/api/v1/residents/" + refused + "/sync")
                        .then()
                        .body(at("find { it.adapterId == 'public-security' }.status", equalTo("REJECTED"))));

        String list = page(operator, "/platforms");
        String row = list.substring(
                list.indexOf("id=\"platform-public-security\""),
                list.indexOf("</tr>", list.indexOf("id=\"platform-public-security\"")));
        assertThat(row).contains("退回待处理").doesNotContain(">正常<");
        assertThat(page(operator, "/platforms/public-security")).contains("退回待处理");
        Users.as(operator)
                .when()
                .get("/api/v1/adapters/public-security")
                .then()
                .statusCode(200)
                .body(at("openRefusals", org.hamcrest.Matchers.greaterThanOrEqualTo(1)));
        // On the home page the worker sees the same platform as 需处理, with the refusal counted.
        assertThat(row(page(worker, "/"), "public-security")).contains("需处理").doesNotContain("正常");
    }

    private static String page(String user, String path) {
        Response response = Users.as(user).accept("text/html").when().get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.asString();
    }

    private static String row(String html, String platform) {
        int start = html.indexOf("<tr data-platform=\"" + platform + "\">");
        assertThat(start).as("the row of " + platform).isNotNegative();
        return html.substring(start, html.indexOf("</tr>", start));
    }

    /** The home page's 待同步 column of a platform's row. */
    private static String waiting(String row) {
        int cell = row.indexOf("<td class=\"num\">");
        return row.substring(cell + "<td class=\"num\">".length(), row.indexOf("</td>", cell));
    }
}
