package org.communityhub.matching.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import org.communityhub.access.Roles;
import org.communityhub.testing.Browser;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.ResidentTestData;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;

/** The supervisor's merge page in a real browser: compare, choose field by field, merge. */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MergePageTest {

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
    void aSupervisorComparesTwoRecordsChoosesANameAndMergesThem() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String supervisor = Users.create(Roles.SUPERVISOR, Communities.streetOf(community));
        ResidentTestData first = aResident().in(community).withName("页面甲").with("phone", "13700004444");
        ResidentTestData second = aResident().in(community).withName("页面乙").with("phone", "13700005555");
        String a = first.registerAs(worker);
        String b = second.registerAs(worker);

        browser.signIn(supervisor, Users.PASSWORD);
        browser.open("/merges/new?a=" + a + "&b=" + b);
        String page = browser.text();
        assertThat(page).contains("页面甲", "页面乙", "137****4444", "137****5555");
        assertThat(page).doesNotContain("13700004444", first.idNumber(), second.idNumber());
        browser.screenshot("merge-compare");
        assertThat(browser.accessibilityProblems()).isEmpty();

        browser.find(By.id("choice-name-b")).click();
        browser.find(By.id("choice-phone-b")).click();
        browser.find(By.id("merge")).click();
        browser.waitUntil(d -> browser.path().startsWith("/residents/" + a));
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("页面乙");

        Users.as(supervisor)
                .when()
                .get("/api/v1/residents/" + a)
                .then()
                .body(at("name", equalTo("页面乙")))
                .body(at("phone", equalTo("137****5555")));
        Users.as(supervisor)
                .when()
                .get("/api/v1/residents/" + b)
                .then()
                .body(at("status", equalTo("MERGED")))
                .body(at("mergedInto", equalTo(a)));
        // The survivor's page says the merge is done, and offers to undo it.
        assertThat(browser.find(By.id("merge-done")).getText()).contains("已合并");
        browser.screenshot("merge-done");
        browser.open("/residents/" + b);
        assertThat(browser.find(By.id("survivor-link")).getAttribute("href")).endsWith("/residents/" + a);
        assertThat(browser.driver().findElements(By.id("edit"))).isEmpty();

        browser.driver().navigate().back();
        browser.visible(By.id("undo-merge")).click();
        browser.waitUntil(d -> {
            try {
                d.switchTo().alert().accept();
                return true;
            } catch (org.openqa.selenium.NoAlertPresentException e) {
                return false;
            }
        });
        assertThat(browser.visible(By.id("unmerge-done")).getText()).contains("已撤销合并");
        Users.as(supervisor).when().get("/api/v1/residents/" + b).then().body(at("status", equalTo("ACTIVE")));
    }

    @Test
    void twoRecordsThatCannotBeMergedSafelyShowWhyAndNoMergeButton() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String supervisor = Users.create(Roles.SUPERVISOR, community);
        String a = aResident()
                .in(community)
                .withName("冲突甲")
                .with("partyMembership", java.util.Map.of("status", "FULL", "joinedOn", "2010-07-01"))
                .registerAs(worker);
        String b = aResident()
                .in(community)
                .withName("冲突乙")
                .with("partyMembership", java.util.Map.of("status", "PROBATIONARY", "joinedOn", "2025-07-01"))
                .registerAs(worker);

        browser.signIn(supervisor, Users.PASSWORD);
        browser.open("/merges/new?a=" + a + "&b=" + b);
        assertThat(browser.find(By.id("conflict-conflicting-party-memberships")).getText())
                .contains("党员信息");
        assertThat(browser.find(By.id("merge")).isEnabled()).isFalse();
    }
}
