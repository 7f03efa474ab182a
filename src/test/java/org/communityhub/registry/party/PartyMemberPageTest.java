package org.communityhub.registry.party;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.ResidentTestData.aResident;

import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import java.time.LocalDate;
import java.util.Map;
import org.communityhub.access.Roles;
import org.communityhub.testing.Browser;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartyMemberPageTest {

    private static final LocalDate BIRTH = LocalDate.of(1975, 3, 8);

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
    void theRegisterListsMembersWithMaskedIdsAndFilters() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String full = partyMember(
                worker,
                community,
                "庞建军",
                Map.of(
                        "status", "FULL",
                        "joinedOn", "2001-07-01",
                        "fullMemberOn", "2002-07-01",
                        "branch", "测试第一党支部",
                        "category", "1",
                        "reportedToCommunity", true));
        String probationary = partyMember(
                worker,
                community,
                "庞丽华",
                Map.of("status", "PROBATIONARY", "joinedOn", "2025-07-01", "branch", "测试第二党支部", "lostContact", true));
        browser.driver().manage().deleteAllCookies();
        browser.signIn(worker, Users.PASSWORD);

        browser.open("/party-members");
        String fullRow = row(full);
        assertThat(fullRow)
                .contains("庞建军", "测试第一党支部", "正式党员", "2001-07-01", "2002-07-01", "在职党员", "已报到")
                .containsPattern("\\d{6}\\*{8}\\d{3}[\\dX]");
        assertThat(row(probationary)).contains("庞丽华", "预备党员", "失联");
        browser.screenshot("party-members");
        assertThat(browser.accessibilityProblems()).isEmpty();

        new Select(browser.find(By.id("status"))).selectByValue("PROBATIONARY");
        browser.find(By.xpath("//button[text()='筛选']")).click();
        browser.waitUntil(d -> browser.path().contains("status=PROBATIONARY"));
        assertThat(browser.find(By.tagName("tbody")).getText()).contains("庞丽华").doesNotContain("庞建军");

        browser.open("/party-members?lostContact=0");
        assertThat(browser.find(By.tagName("tbody")).getText()).contains("庞建军").doesNotContain("庞丽华");
    }

    @Test
    void aFilterThatMakesNoSenseIsExplainedInChinese() {
        String worker = Users.create(Roles.WORKER, Communities.create());

        String html = Users.as(worker)
                .get("/party-members?status=HONORARY")
                .then()
                .statusCode(422)
                .extract()
                .asString();

        assertThat(html).contains("党员状态应为正式党员或预备党员");
    }

    private static String partyMember(String worker, String community, String name, Map<String, Object> membership) {
        return aResident()
                .in(community)
                .withName(name)
                .bornOn(BIRTH, "1")
                .with("partyMembership", membership)
                .registerAs(worker);
    }

    private String row(String residentId) {
        return browser.find(By.xpath("//tr[td/a[@href='/residents/" + residentId + "']]"))
                .getText();
    }
}
