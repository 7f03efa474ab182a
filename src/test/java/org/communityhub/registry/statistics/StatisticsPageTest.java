package org.communityhub.registry.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.ResidentTestData.aResident;

import io.quarkus.test.common.http.TestHTTPResource;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.communityhub.access.Roles;
import org.communityhub.reference.code.Vocabulary;
import org.communityhub.testing.Browser;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.TestSql;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;

/** 统计: the area's figures, each a click away from the residents it counts. */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatisticsPageTest {

    private final LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    @TestHTTPResource("/")
    URL hub;

    @Inject
    Vocabulary vocabulary;

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
    void aHouseholdsFigureListsEachHouseholdWithTheMembersWhoMakeItCount() throws Exception {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String onAid =
                aResident().in(community).withName("统计低保丙").withTags("低保对象").registerAs(worker);
        String notOnAid = aResident().in(community).withName("统计同户丁").registerAs(worker);
        String household = Users.as(worker)
                .body(Map.of("communityCode", community, "householdNumber", "TJ-1", "type", "1"))
                .post("/api/v1/households")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class)
                .get("id");
        for (String member : List.of(onAid, notOnAid)) {
            Users.as(worker)
                    .body(Map.of("relationToHead", member.equals(onAid) ? "02" : "10"))
                    .put("/api/v1/households/" + household + "/members/" + member)
                    .then()
                    .statusCode(200);
        }

        String html = Users.as(worker)
                .queryParam("community", community)
                .queryParam("indicator", "低保户")
                .get("/statistics/residents")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(html)
                .contains("低保户数", "共 1 户", "/households/" + household, "TJ-1", "/residents/" + onAid, "统计低保丙")
                .doesNotContain("统计同户丁");
        assertThat(TestSql.text("select array_to_string(resident_ids, ',') from access_log where username = '" + worker
                        + "' and action = 'LIST' and resource = 'GET /api/v1/statistics/residents'"
                        + " order by id desc limit 1"))
                .isEqualTo(onAid);

        // A user whose area is everywhere names a division first.
        assertThat(Users.as(Users.create(Roles.SUPERVISOR, "*"))
                        .get("/statistics")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains("请填写要统计的区划代码")
                .doesNotContain("id=\"figures\"");
        assertThat(Users.as(worker)
                        .get("/statistics?asOf=" + today.plusDays(1))
                        .then()
                        .statusCode(422)
                        .extract()
                        .asString())
                .contains("统计日期不能晚于今天");
    }

    @Test
    void aFigureOpensTheResidentsItCountsAndAWithheldOneOpensNothing() throws Exception {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String elder = aResident()
                .in(community)
                .withName("统计高龄甲")
                .bornOn(today.minusYears(88), "2")
                .registerAs(worker);
        aResident()
                .in(community)
                .withName("统计青年乙")
                .bornOn(today.minusYears(30), "1")
                .registerAs(worker);
        Path file = vocabulary.directory().resolve(Indicators.FILE);
        Files.createDirectories(file.getParent());
        String before = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        try {
            Files.writeString(
                    file,
                    "name,synonyms,counts,conditions,definition\n"
                            + "社区矫正人数,,residents,tag:社区矫正对象,统计日在册、带“社区矫正对象”标签的居民\n",
                    StandardCharsets.UTF_8);
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(7)));
            browser.signIn(worker, Users.PASSWORD);

            browser.find(By.linkText("统计")).click();
            browser.waitUntil(d -> browser.path().startsWith("/statistics"));
            String row =
                    browser.find(By.xpath("//table[@id='figures']/tbody/tr[1]")).getText();
            assertThat(row).contains(Communities.nameOf(community)).contains("无权查看");
            assertThat(
                            browser.driver()
                                    .findElements(
                                            By.xpath(
                                                    "//table[@id='figures']//a[contains(@href, 'indicator=%E7%A4%BE%E5%8C%BA%E7%9F%AB%E6%AD%A3')]")))
                    .isEmpty();
            assertThat(browser.accessibilityProblems()).isEmpty();
            browser.screenshot("statistics");

            browser.find(By.xpath("//table[@id='figures']//a[contains(@href, 'indicator=80')]"))
                    .click();
            browser.waitUntil(d -> browser.path().startsWith("/statistics/residents"));
            assertThat(browser.find(By.tagName("h1")).getText()).contains("80岁以上老人");
            assertThat(browser.find(By.id("definition")).getText()).contains("已满 80 周岁");
            assertThat(browser.find(By.id("total")).getText()).contains("共 1 人");
            String shown = browser.find(By.id("counted")).getText();
            assertThat(shown)
                    .contains("统计高龄甲", "88")
                    .doesNotContain("统计青年乙")
                    .containsPattern("\\d{6}\\*{8}\\d{3}[\\dX]");
            assertThat(browser.accessibilityProblems()).isEmpty();
            browser.screenshot("statistics-residents");

            browser.find(By.linkText("统计高龄甲")).click();
            browser.waitUntil(d -> browser.path().equals("/residents/" + elder));
        } finally {
            if (before == null) {
                Files.deleteIfExists(file);
            } else {
                Files.writeString(file, before, StandardCharsets.UTF_8);
                Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(9)));
            }
        }
    }
}
