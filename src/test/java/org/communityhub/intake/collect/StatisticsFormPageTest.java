package org.communityhub.intake.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.ResidentTestData.aResident;

import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
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

/** 填写统计表 in a browser: reached from 统计 and from 发起填报, a form filled and saved from the page. */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatisticsFormPageTest {

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
    void aStatisticsFormSentAsACollectionIsFilledOnTheStatisticsFormPage() throws Exception {
        String community = Communities.create();
        String supervisor = Users.create(Roles.SUPERVISOR, Communities.streetOf(community));
        String worker = Users.create(Roles.WORKER, community);
        aResident()
                .in(community)
                .bornOn(HubDates.today().minusYears(84), "1")
                .with("residenceType", "1")
                .registerAs(worker);
        String name = Communities.nameOf(community);
        Path form = Files.createTempFile("statistics-form", ".csv");
        Files.writeString(
                form,
                "人口情况统计表\r\n社区名称,户籍人口数,80岁以上老人,备注\r\n" + name + ",,,\r\n不存在的社区,,,\r\n合计,,,\r\n",
                StandardCharsets.UTF_8);

        // Sent as a collection: the hub says what it is and where to fill it.
        browser.driver().manage().deleteAllCookies();
        browser.signIn(supervisor, Users.PASSWORD);
        browser.open("/collections/new");
        browser.find(By.id("file")).sendKeys(form.toAbsolutePath().toString());
        browser.find(By.id("title")).sendKeys("人口统计");
        browser.driver()
                .executeScript(
                        "arguments[0].value = arguments[1]",
                        browser.find(By.id("dueDate")),
                        HubDates.today().plusDays(5).toString());
        browser.find(By.id("create")).click();
        browser.waitUntil(dr -> dr.findElement(By.id("flash")).getText().contains("这是一张统计表"));
        assertThat(browser.find(By.id("flash")).getText()).contains("户籍人口数", "80岁以上老人");
        assertThat(browser.path()).isEqualTo("/collections/new");
        browser.find(By.id("problem-page")).click();
        browser.waitUntil(dr -> dr.getCurrentUrl().endsWith("/statistics/forms"));

        // Filled on the page: the figures, the row not placed, the file to save.
        browser.find(By.id("file")).sendKeys(form.toAbsolutePath().toString());
        browser.find(By.id("division")).sendKeys(community);
        browser.find(By.id("fill")).click();
        browser.visible(By.id("download"));
        assertThat(browser.find(By.id("not-matched")).getText()).contains("第 4 行（不存在的社区）");
        assertThat(browser.find(By.id("filled-table")).getText()).contains(name + " 1 1");
        assertThat(browser.find(By.id("definitions")).getText()).contains("统计日已满 80 周岁");
        String href = browser.find(By.id("download")).getAttribute("href");
        assertThat(href).startsWith("data:text/csv;charset=UTF-8;base64,");
        String saved =
                new String(Base64.getDecoder().decode(href.substring(href.indexOf(',') + 1)), StandardCharsets.UTF_8);
        assertThat(saved).contains(name + ",1,1,", "合计,1,1,", "统计日期：" + HubDates.today());
        assertThat(browser.find(By.id("download")).getAttribute("download")).endsWith("（" + HubDates.today() + "）.csv");
        browser.screenshot("statistics-form-filled");
        assertThat(browser.accessibilityProblems()).isEmpty();

        // And from 统计.
        browser.open("/statistics");
        browser.find(By.id("fill-form")).click();
        browser.waitUntil(dr -> dr.getCurrentUrl().endsWith("/statistics/forms"));
        Files.delete(form);
    }
}
