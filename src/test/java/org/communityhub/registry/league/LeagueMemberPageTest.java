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

    private static String leagueMember(String worker, String community, String name, LocalDate birth) {
        return aResident()
                .in(community)
                .withName(name)
                .bornOn(birth, "1")
                .with("leagueMembership", Map.of("joinedOn", birth.plusYears(15).toString(), "branch", "测试团支部"))
                .registerAs(worker);
    }

    private WebElement rowOf(String residentId) {
        return browser.find(By.xpath("//tr[td/a[@href='/residents/" + residentId + "']]"));
    }
}
