package org.communityhub.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.ResidentTestData.aResident;

import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
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
import org.openqa.selenium.NoAlertPresentException;

/** The resident page in a real browser: statuses that mean what they say, and life events. */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResidentLoopsBrowserTest {

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
    void aChildsPageListsOnlyThePlatformsThatConcernHerWithTheRunTimeAndALegend() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String child = aResident()
                .in(community)
                .withName("小六")
                .bornOn(HubDates.today().minusYears(6), "2")
                .registerAs(worker);

        browser.signIn(worker, Users.PASSWORD);
        browser.open("/residents/" + child);
        String table = browser.visible(By.id("platform-status")).getText();
        assertThat(table).contains("民政局社区居民信息", "下次报送时间");
        assertThat(table).doesNotContain("残联", "老龄", "党建", "退役军人", "智慧团建");
        assertThat(browser.visible(By.id("status-legend")).getText()).contains("待同步", "已同步", "失败");
        assertThat(browser.accessibilityProblems()).isEmpty();
        browser.screenshot("resident-statuses");
        browser.open("/");
        browser.visible(By.id("sync-title"));
        browser.screenshot("home-platforms");
    }

    @Test
    void aWorkerRecordsAMoveOutAfterConfirmingAndSeesItInTheHistory() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String id = aResident().in(community).withName("迁走的人").registerAs(worker);

        browser.signIn(worker, Users.PASSWORD);
        browser.open("/residents/" + id);
        browser.find(By.cssSelector("#event-moved-out summary")).click();
        assertThat(browser.visible(By.id("moved-out-date")).getAttribute("value"))
                .isEqualTo(HubDates.today().toString());
        browser.find(By.id("moved-out-reason")).sendKeys("迁往外省");
        browser.screenshot("resident-move-out-form");
        browser.find(By.id("moved-out-submit")).click();
        // The step asks first; dismissed, nothing happens.
        String asked = answer(false);
        assertThat(asked).contains("迁走的人", "迁出");
        assertThat(browser.driver().findElements(By.id("event-done"))).isEmpty();
        browser.find(By.id("moved-out-submit")).click();
        answer(true);

        assertThat(browser.visible(By.id("event-done")).getText()).contains("已登记迁出");
        assertThat(browser.find(By.id("resident-status")).getText()).isEqualTo("迁出");
        assertThat(browser.find(By.id("history")).getText()).contains("迁出", "原因：迁往外省");
        assertThat(browser.driver().findElements(By.id("edit"))).isEmpty();
        assertThat(browser.accessibilityProblems()).isEmpty();
        browser.screenshot("resident-moved-out");
    }

    @Test
    void aWorkerVoidsAMistakenRegistrationAndAnEmptyReasonIsSaidBesideTheField() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String id = aResident().in(community).withName("误登的人").registerAs(worker);

        browser.signIn(worker, Users.PASSWORD);
        browser.open("/residents/" + id);
        browser.find(By.cssSelector("#event-voided summary")).click();
        // A reason of spaces passes the browser's check, not the registry's.
        browser.find(By.id("voided-reason")).sendKeys("  ");
        browser.find(By.id("voided-submit")).click();
        answer(true);
        assertThat(browser.visible(By.id("voided-reason-error")).getText()).contains("原因");
        browser.find(By.id("voided-reason")).sendKeys("非本社区居民");
        browser.find(By.id("voided-submit")).click();
        answer(true);
        assertThat(browser.visible(By.id("event-done")).getText()).contains("作废");
        assertThat(browser.find(By.id("life-state")).getText()).contains("已作废", "非本社区居民");
        browser.screenshot("resident-voided");
    }

    @Test
    void afterASearchTheBoxIsSelectedAndACloseNameIsOffered() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        aResident().in(community).withName("诸葛为民").registerAs(worker);

        browser.signIn(worker, Users.PASSWORD);
        browser.open("/residents");
        browser.find(By.id("q")).sendKeys("诸葛伟民", org.openqa.selenium.Keys.ENTER);
        browser.waitUntil(d -> browser.path().startsWith("/residents?q="));
        assertThat(browser.visible(By.id("close-names")).getText()).contains("诸葛为民");
        assertThat(browser.focused().getAttribute("id")).isEqualTo("q");
        Object selected = browser.driver()
                .executeScript(
                        "var q = document.getElementById('q'); return q.value.substring(q.selectionStart, q.selectionEnd);");
        assertThat(selected).isEqualTo("诸葛伟民");
        browser.screenshot("search-close-names");
        // The next query typed replaces the last one.
        browser.focused().sendKeys("诸葛为民", org.openqa.selenium.Keys.ENTER);
        browser.waitUntil(d -> browser.find(By.id("result-count")).getText().contains("“诸葛为民”"));
        assertThat(browser.find(By.id("result-count")).getText()).contains("共 1 人");
    }

    /** Answers the page's confirmation; returns what it asked. */
    private String answer(boolean yes) {
        return browser.waitUntil(d -> {
            try {
                var alert = d.switchTo().alert();
                String text = alert.getText();
                if (yes) {
                    alert.accept();
                } else {
                    alert.dismiss();
                }
                return text;
            } catch (NoAlertPresentException e) {
                return null;
            }
        });
    }
}
