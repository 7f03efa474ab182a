package org.communityhub.registry.league;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.ResidentTestData.aResident;

import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import java.time.LocalDate;
import java.util.Map;
import org.communityhub.access.Roles;
import org.communityhub.testing.Browser;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubDates;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LeagueMemberPageTest {

    @TestHTTPResource("/")
    URL hub;

    private Browser browser;

    @BeforeAll
    void startBrowser() {
        browser = Browser.start(hub);
    }

    @AfterAll
    void closeBrowser() {
        browser.close();
    }

    @Test
    void theOverageFilterListsMembersPast28WithTheBadgeAndNotYoungOnes() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        LocalDate today = HubDates.today();
        String old = leagueMember(worker, community, "岳海峰", today.minusYears(30));
        String young = leagueMember(worker, community, "岳小雨", today.minusYears(20));
        browser.driver().manage().deleteAllCookies();
        browser.signIn(worker, Users.PASSWORD);

        browser.open("/league-members");
        assertThat(rowOf(old).getText()).contains("岳海峰", "超龄").containsPattern("\\d{6}\\*{8}\\d{3}[\\dX]");
        assertThat(rowOf(young).getText()).contains("岳小雨").doesNotContain("超龄");
        assertThat(rowOf(old).findElement(By.linkText("岳海峰")).getAttribute("href"))
                .endsWith("/residents/" + old);
        browser.screenshot("league-members");
        assertThat(browser.accessibilityProblems()).isEmpty();

        // The 工作台 links here for the members due to leave.
        browser.open("/league-members?overage=1");
        String listed = browser.find(By.tagName("tbody")).getText();
        assertThat(listed).contains("岳海峰").doesNotContain("岳小雨");
        assertThat(rowOf(old).findElement(By.cssSelector(".badge.overage")).getText())
                .isEqualTo("超龄");
        assertThat(new Select(browser.find(By.id("overage")))
                        .getFirstSelectedOption()
                        .getText())
                .isEqualTo("超龄待离团");
        assertThat(browser.find(By.cssSelector(".notice.warn")).getText()).contains("28 周岁");

        browser.open("/league-members?overage=0");
        assertThat(browser.find(By.tagName("tbody")).getText()).contains("岳小雨").doesNotContain("岳海峰");
    }

    @Test
    void anotherCommunitysMembersAreNotListed() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        leagueMember(worker, community, "岳文静", HubDates.today().minusYears(22));
        String stranger = Users.create(Roles.WORKER, Communities.create());

        String html = Users.as(stranger)
                .get("/league-members")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        assertThat(html).contains("团员名册").doesNotContain("岳文静");
    }

    /**
     * One 超龄 rule: the 团员名册's flag and the 智慧团建 definition's selection agree for a member of
     * 27, one of 28 with a league post (kept) and one of 28 without (due to leave).
     */
    @Test
    void theRollsOverageFlagAndTheYouthLeaguePlatformAgree() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String operator = Users.create(Roles.ADAPTER_ADMIN, community);
        LocalDate today = HubDates.today();
        String young = leagueMember(worker, community, "岳二七", today.minusYears(27));
        String withPost = leagueMember(worker, community, "岳有职", today.minusYears(28), "团支部书记");
        String without = leagueMember(worker, community, "岳无职", today.minusYears(28));

        Map<String, Boolean> overage = Map.of(young, false, withPost, false, without, true);
        for (Map.Entry<String, Boolean> member : overage.entrySet()) {
            Boolean flagged = Users.as(worker)
                    .when()
                    .get("/api/v1/residents/" + member.getKey() + "/league-membership")
                    .then()
                    .statusCode(200)
                    .extract()
                    .as(Json.class)
                    .get("overage");
            String operation = Users.as(operator)
                    .when()
                    .get("/api/v1/adapters/youth-league/preview/" + member.getKey())
                    .then()
                    .statusCode(200)
                    .extract()
                    .as(Json.class)
                    .get("operation");
            assertThat(flagged).as("超龄 on the roll").isEqualTo(member.getValue());
            assertThat("UPSERT".equals(operation)).as("sent to 智慧团建 as 新增或更新").isEqualTo(!member.getValue());
        }

        // The same on the pages: the roll flags her, the platform's preview says she is not sent.
        browser.driver().manage().deleteAllCookies();
        browser.signIn(worker, Users.PASSWORD);
        browser.open("/league-members");
        assertThat(rowOf(without).getText()).contains("岳无职", "28", "超龄");
        assertThat(rowOf(withPost).getText()).contains("岳有职", "团支部书记").doesNotContain("超龄");
        assertThat(rowOf(young).getText()).doesNotContain("超龄");
        browser.screenshot("league-members-overage-rule");
        browser.driver().manage().deleteAllCookies();
        browser.signIn(operator, Users.PASSWORD);
        browser.open("/platforms/youth-league?resident=" + without);
        assertThat(browser.find(By.id("preview-result")).getText())
                .contains("岳无职", "不在此平台的范围内")
                .doesNotContain("新增或更新");
        browser.open("/platforms/youth-league?resident=" + withPost);
        assertThat(browser.find(By.id("preview-result")).getText()).contains("岳有职", "新增或更新");
        browser.screenshot("youth-league-preview-post-holder");
    }

    private static String leagueMember(String worker, String community, String name, LocalDate birth) {
        return leagueMember(worker, community, name, birth, null);
    }

    private static String leagueMember(String worker, String community, String name, LocalDate birth, String post) {
        Map<String, Object> league = new java.util.LinkedHashMap<>();
        league.put("joinedOn", birth.plusYears(15).toString());
        league.put("branch", "测试团支部");
        if (post != null) {
            league.put("post", post);
        }
        return aResident()
                .in(community)
                .withName(name)
                .bornOn(birth, "2")
                .with("leagueMembership", league)
                .registerAs(worker);
    }

    private WebElement rowOf(String residentId) {
        return browser.find(By.xpath("//tr[td/a[@href='/residents/" + residentId + "']]"));
    }
}
