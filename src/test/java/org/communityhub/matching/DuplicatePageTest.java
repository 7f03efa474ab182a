package org.communityhub.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.ResidentTestData.aResident;

import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import java.time.LocalDate;
import java.util.List;
import org.communityhub.testing.Browser;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The street's review queue: probable pairs with both residents, decided on the page, or compared for a merge. */
@HubTest
class DuplicatePageTest {

    @TestHTTPResource("/")
    URL hub;

    /** Accepts the confirmation a decision asks for. */
    private static void accept(Browser browser) {
        browser.waitUntil(d -> {
            try {
                d.switchTo().alert().accept();
                return true;
            } catch (org.openqa.selenium.NoAlertPresentException e) {
                return false;
            }
        });
    }

    @Test
    void aSupervisorDecidesAPairOnTheQueueAndItIsNotOfferedAgain() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        String supervisor = Users.create("supervisor", community);
        LocalDate birth = LocalDate.of(1962, 5, 20);
        String first = aResident()
                .in(community)
                .withName("张伟")
                .withoutIdNumber(birth, "1")
                .registerAs(worker);
        String second = aResident()
                .in(community)
                .withName("章伟")
                .withoutIdNumber(birth, "1")
                .registerAs(worker);

        try (Browser browser = Browser.start(hub)) {
            browser.signIn(supervisor, Users.PASSWORD);
            browser.find(By.linkText("疑似重复")).sendKeys(Keys.ENTER);
            browser.waitUntil(d -> browser.path().equals("/duplicates"));
            WebElement table = browser.visible(By.id("pairs"));
            assertThat(table.getText()).contains("张伟").contains("章伟");
            WebElement compare = table.findElement(By.cssSelector("a.compare-merge"));
            assertThat(List.of(first, second))
                    .allMatch(id -> compare.getAttribute("href").contains(id));
            assertThat(browser.accessibilityProblems()).isEmpty();
            browser.screenshot("duplicates-queue");

            // The two decisions stand apart, each asks first, and a decision can be taken back.
            table.findElement(By.cssSelector("button.decide-same")).sendKeys(Keys.ENTER);
            accept(browser);
            assertThat(browser.visible(By.cssSelector("#pairs .decided")).getText())
                    .contains("同一人");
            browser.screenshot("duplicates-decided");
            browser.find(By.cssSelector("#pairs button.undo-decision")).sendKeys(Keys.ENTER);
            accept(browser);
            browser.visible(By.cssSelector("#pairs button.decide-different")).sendKeys(Keys.ENTER);
            accept(browser);
            browser.visible(By.cssSelector("#pairs .decided"));
            assertThat(browser.find(By.cssSelector("#pairs .decided")).getText())
                    .contains("不是同一人");

            browser.open("/duplicates");
            browser.visible(By.id("no-pairs"));
            browser.open("/duplicates?status=different-people");
            assertThat(browser.visible(By.id("pairs")).getText()).contains("张伟").contains("章伟");

            // A scan of the street's area starts from the page, and says what it found there.
            browser.open("/duplicates");
            assertThat(browser.text()).doesNotContain("/api/");
            browser.find(By.id("start-scan")).click();
            assertThat(browser.visible(By.id("scan-done")).getText()).contains("查重完成");
            browser.screenshot("duplicates-scan");
        }
        // The worker's area is the same, but the queue is the street's.
        Users.as(worker).when().get("/duplicates").then().statusCode(403);
    }
}
