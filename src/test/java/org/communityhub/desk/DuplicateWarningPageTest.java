package org.communityhub.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.ResidentTestData.aResident;

import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import java.time.LocalDate;
import org.communityhub.testing.Browser;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The resident form warns of a probable duplicate after saving, with a link to the candidate. */
@HubTest
class DuplicateWarningPageTest {

    @TestHTTPResource("/")
    URL hub;

    @Test
    void savingAProbableDuplicateShowsTheWarningWithALinkToTheCandidate() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        LocalDate birth = LocalDate.of(1979, 8, 14);
        String number = IdNumbers.of(birth, "1");
        String first =
                aResident().in(community).withName("劉德華").withIdNumber(number).registerAs(worker);
        // One digit of the first 17 mistyped, the check character computed afterwards.
        char[] digits = number.substring(0, 17).toCharArray();
        digits[3] = digits[3] == '9' ? '8' : (char) (digits[3] + 1);
        String typo = IdNumbers.withCheck(new String(digits));
        String result;

        try (Browser browser = Browser.start(hub)) {
            browser.signIn(worker, Users.PASSWORD);
            browser.open("/residents/new");
            browser.find(By.id("name")).sendKeys("刘德华");
            browser.find(By.id("idNumber")).sendKeys(typo);
            browser.visible(By.cssSelector("#idNumber-status .ok"));
            browser.find(By.id("building")).sendKeys("5号楼");
            browser.find(By.id("unit")).sendKeys("1");
            browser.find(By.id("room")).sendKeys("202", Keys.ENTER);
            browser.waitUntil(d -> browser.path().matches("/residents/[0-9a-f-]{36}.*"));

            WebElement warning = browser.visible(By.id("probable-duplicates"));
            assertThat(warning.getText()).contains("可能有同一人").contains("请告知街道");
            WebElement link = warning.findElement(By.cssSelector("a.probable-duplicate"));
            assertThat(link.getAttribute("href")).endsWith("/residents/" + first);
            // Merging is the street's: a worker is not offered the comparison.
            assertThat(warning.findElements(By.cssSelector("a.compare-merge"))).isEmpty();
            result = browser.path();
            assertThat(browser.accessibilityProblems()).isEmpty();
            browser.screenshot("resident-probable-duplicate");

            link.sendKeys(Keys.ENTER);
            browser.waitUntil(d -> browser.path().equals("/residents/" + first));
            assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("劉德華");
        }

        // The street's supervisor, shown the same warning, can compare the two and merge them.
        String supervisor = Users.create("supervisor", community);
        String second = result.substring("/residents/".length(), "/residents/".length() + 36);
        try (Browser browser = Browser.start(hub)) {
            browser.signIn(supervisor, Users.PASSWORD);
            browser.open(result);
            WebElement compare = browser.visible(By.cssSelector("#probable-duplicates a.compare-merge"));
            assertThat(compare.getAttribute("href")).endsWith("/merges/new?a=" + second + "&b=" + first);
            compare.sendKeys(Keys.ENTER);
            browser.waitUntil(d -> browser.path().startsWith("/merges/new"));
            assertThat(browser.find(By.tagName("h1")).getText()).contains("合并");
        }
    }
}
