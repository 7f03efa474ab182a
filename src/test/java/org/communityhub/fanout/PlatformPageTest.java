package org.communityhub.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.communityhub.testing.Waiting.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.communityhub.access.Roles;
import org.communityhub.testing.Browser;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.PlatformSimulator;
import org.communityhub.testing.PlatformSimulators;
import org.communityhub.testing.PlatformsAndLimitsTestProfile;
import org.communityhub.testing.ResidentTestData;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/** 平台: the adapter administrator's pages, against the test platforms (sim-http retries fast). */
@HubTest
@TestProfile(PlatformsAndLimitsTestProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PlatformPageTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URL hub;

    private Browser browser;
    private String community;
    private String worker;
    private String operator;
    private PlatformSimulator.Platform platform;

    @BeforeAll
    void startBrowser() {
        browser = Browser.start(hub);
    }

    @AfterAll
    void closeBrowser() {
        browser.close();
    }

    @BeforeEach
    void signInAsTheOperator() {
        community = Communities.create();
        worker = Users.create(Roles.WORKER, community);
        operator = Users.create(Roles.ADAPTER_ADMIN, "*");
        platform = PlatformSimulators.sim();
        platform.reset();
        browser.driver().manage().deleteAllCookies();
        browser.signIn(operator, Users.PASSWORD);
    }

    @AfterEach
    void platformUpAgain() {
        platform.reset();
        Users.as(operator).when().post("/api/v1/adapters/sim-http/resume");
    }

    @Test
    void theListShowsEveryPlatformWithItsStateAndCounts() {
        browser.open("/platforms");

        WebElement row = browser.find(By.id("platform-sim-http"));
        assertThat(row.getText()).contains("模拟接口平台", runningState("sim-http"));
        assertThat(browser.find(By.id("platform-sim-file")).getText()).contains("模拟文件平台");
        assertThat(browser.find(By.id("platform-sim-spi")).getText()).contains("自定义传输测试平台");
        assertThat(browser.find(By.cssSelector("table.platforms thead")).getText())
                .contains("待发送", "发送中", "失败待重试", "死信", "最久等待", "上次运行");
        assertThat(browser.find(By.cssSelector("header nav")).getText()).contains("平台");
        browser.screenshot("platforms-list");
        assertThat(browser.accessibilityProblems()).isEmpty();

        row.findElement(By.linkText("模拟接口平台")).click();
        browser.waitUntil(d -> browser.path().equals("/platforms/sim-http"));
        assertThat(browser.text()).contains("测试用：《个人信息保护法》第十三条第一款第三项", "接口推送（HTTP JSON）", "有变化即发送");
        assertThat(browser.find(By.cssSelector("ol.allowed-fields")).getText())
                .contains("姓名", "证件号码", "版本", "房号", "操作");
    }

    @Test
    void pausingAndResumingShowTheNewStateAndTakeEffect() {
        browser.open("/platforms/sim-http");
        assertThat(state().getText()).contains(runningState("sim-http"));

        browser.find(By.xpath("//section[@id='platform-state']//button[text()='暂停']"))
                .click();

        awaitText("platform-state", "已暂停");
        assertThat(state().getText()).contains("由 " + operator + " 暂停");
        assertThat(browser.focused().getText()).isEqualTo("恢复");
        Users.as(operator).when().get("/api/v1/adapters/sim-http").then().body(at("paused", equalTo(true)));
        // Paused: a new resident waits instead of being sent.
        String id = aResident().in(community).withName("暂停甲").registerAs(worker);
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(3))
                .until(() -> platform.recordsOf(id).isEmpty());

        browser.find(By.xpath("//section[@id='platform-state']//button[text()='恢复']"))
                .click();

        awaitText("platform-state", runningState("sim-http"));
        assertThat(state().getText()).contains("已恢复");
        Users.as(operator).when().get("/api/v1/adapters/sim-http").then().body(at("paused", equalTo(false)));
        await().atMost(PATIENCE).until(() -> !platform.recordsOf(id).isEmpty());
        assertThat(browser.accessibilityProblems()).isEmpty();
    }

    @Test
    void runNowMakesWaitingDeliveriesDue() {
        browser.open("/platforms/sim-http");

        browser.find(By.xpath("//section[@id='platform-state']//button[text()='立即运行']"))
                .click();

        awaitText("platform-state", "已开始运行");
    }

    @Test
    void deadLettersAreListedAndCanBeReplayed() {
        platform.down(true);
        String id = aResident().in(community).withName("死信乙").registerAs(worker);
        await().atMost(PATIENCE)
                .untilAsserted(() -> Users.as(operator)
                        .queryParam("status", "DEAD")
                        .when()
                        .get("/api/v1/adapters/sim-http/deliveries")
                        .then()
                        .body(at("items.findAll { it.residentId == '" + id + "' }.size()", equalTo(1))));

        browser.open("/platforms/sim-http");
        WebElement dead = browser.find(By.id("dead"));
        assertThat(dead.getText()).contains("死信乙", "the platform answered 503").doesNotContain(id);
        assertThat(state().getText()).contains("有死信");
        browser.screenshot("platforms-detail");
        assertThat(browser.accessibilityProblems()).isEmpty();

        platform.down(false);
        WebElement row = dead.findElement(By.xpath(".//tr[td[text()='死信乙']]"));
        row.findElement(By.xpath(".//button[text()='重放']")).click();

        awaitText("dead", "已重放 1 条死信");
        assertThat(browser.find(By.id("dead")).getText()).doesNotContain(id);
        await().atMost(PATIENCE).until(() -> !platform.recordsOf(id).isEmpty());
    }

    @Test
    void replayingAllPutsEveryDeadLetterBackInLine() {
        platform.down(true);
        String first = aResident().in(community).withName("死信丙").registerAs(worker);
        String second = aResident().in(community).withName("死信丁").registerAs(worker);
        await().atMost(PATIENCE)
                .untilAsserted(() -> Users.as(operator)
                        .queryParam("status", "DEAD")
                        .queryParam("size", 200)
                        .when()
                        .get("/api/v1/adapters/sim-http/deliveries")
                        .then()
                        .body(at(
                                "items.findAll { it.residentId == '" + first + "' || it.residentId == '" + second
                                        + "' }.size()",
                                equalTo(2))));
        platform.down(false);
        browser.open("/platforms/sim-http");

        browser.find(By.xpath("//section[@id='dead']//button[text()='全部重放']")).click();

        awaitText("dead", "已重放");
        assertThat(browser.find(By.id("dead")).getText()).contains("没有死信");
        await().atMost(PATIENCE)
                .until(() -> !platform.recordsOf(first).isEmpty()
                        && !platform.recordsOf(second).isEmpty());
    }

    @Test
    void thePreviewShowsThePayloadAndItsDifferenceFromTheLastDelivery() {
        ResidentTestData data = aResident().in(community).withName("预览戊").at("2号楼", "1", "101");
        String id = data.registerAs(worker);
        await().atMost(PATIENCE).until(() -> !platform.recordsOf(id).isEmpty());
        await().atMost(PATIENCE)
                .untilAsserted(() -> Users.as(worker)
                        .when()
                        .get("/api/v1/residents/" + id + "/sync")
                        .then()
                        .body(at("find { it.adapterId == 'sim-http' }.status", equalTo("SYNCED"))));
        Users.as(operator).when().post("/api/v1/adapters/sim-http/pause").then().statusCode(200);
        Users.as(worker)
                .header("If-Match", "\"0\"")
                .body(data.with("room", "909").json())
                .when()
                .put("/api/v1/residents/" + id)
                .then()
                .statusCode(200);

        browser.open("/platforms/sim-http");
        WebElement field = browser.find(By.id("resident"));
        field.sendKeys(data.idNumber());
        browser.find(By.xpath("//form[@id='preview']//button[text()='预览']")).click();

        assertThat(browser.visible(By.id("preview-who")).getText()).isEqualTo("预览戊");
        String payload = browser.visible(By.id("payload")).getText();
        assertThat(payload).contains("\"姓名\" : \"预览戊\"", "\"房号\" : \"909\"", "\"版本\" : 1");
        assertThat(payload).doesNotContain(data.idNumber());
        assertThat(browser.find(By.id("payload")).getAttribute("class")).isEqualTo("payload");
        assertThat(browser.find(By.id("payload-diff")).getText()).contains("房号：101 → 909", "版本：0 → 1");
        assertThat(browser.find(By.id("preview")).getText()).contains("上次发送的是第 0 版");
        browser.driver().executeScript("document.getElementById('preview').scrollIntoView()");
        browser.screenshot("platforms-preview");
        assertThat(browser.accessibilityProblems()).isEmpty();
    }

    @Test
    void aPreviewOfAResidentOutsideTheAreaOrUnknownSaysSoNextToTheField() {
        String other = Communities.create();
        String elsewhere = aResident().in(other).withName("区外己").registerAs(Users.create(Roles.WORKER, other));
        String localOperator = Users.create(Roles.ADAPTER_ADMIN, community);
        browser.driver().manage().deleteAllCookies();
        browser.signIn(localOperator, Users.PASSWORD);
        browser.open("/platforms/sim-http");

        preview("区外己");
        assertThat(previewError()).startsWith("在您负责的范围内没有找到“区外己”");
        assertThat(browser.find(By.id("resident")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.find(By.id("resident")).getAttribute("value")).isEqualTo("区外己");
        assertThat(browser.driver().findElements(By.id("payload"))).isEmpty();

        // An internal id (an old link) still works, and is refused alike outside the area.
        preview(elsewhere);
        assertThat(previewError()).isEqualTo("未找到该居民，或它不在您的管辖范围内。");
        preview("0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");
        assertThat(previewError()).isEqualTo("未找到该居民，或它不在您的管辖范围内。");
        assertThat(browser.text()).doesNotContain("Exception", "at org.");
    }

    @Test
    void aNameSeveralResidentsShareOffersThemToChooseFrom() {
        aResident().in(community).withName("预览庚").at("3号楼", "2", "501").registerAs(worker);
        aResident().in(community).withName("预览庚").at("4号楼", "1", "102").registerAs(worker);
        browser.open("/platforms/sim-http");

        preview("预览庚");

        WebElement choices = browser.find(By.id("preview-choices"));
        assertThat(choices.getText()).contains("有 2 位居民符合“预览庚”", "3号楼 2单元 501", "4号楼 1单元 102");
        assertThat(choices.findElements(By.cssSelector("tbody tr"))).hasSize(2);
        browser.screenshot("platforms-preview-choices");
        WebElement old = browser.find(By.id("preview"));
        choices.findElement(By.xpath(".//tr[td[contains(text(),'4号楼')]]//a[text()='预览']"))
                .click();
        browser.waitUntil(org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(old));
        assertThat(browser.visible(By.id("preview-who")).getText()).isEqualTo("预览庚");
        assertThat(browser.find(By.id("payload")).getText()).contains("\"房号\" : \"102\"");
        assertThat(browser.accessibilityProblems()).isEmpty();
    }

    @Test
    void aWorkerIsRefusedThePlatformsInChinese() {
        browser.driver().manage().deleteAllCookies();
        browser.signIn(worker, Users.PASSWORD);
        assertThat(browser.find(By.cssSelector("header nav")).getText()).doesNotContain("平台");

        browser.open("/platforms");

        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("无权访问");
        assertThat(browser.text()).contains("您的角色无权进行此操作。");
        for (String path : List.of("/platforms", "/platforms/sim-http", "/platforms/sim-http/preview?resident=x")) {
            Users.as(worker)
                    .when()
                    .get(path)
                    .then()
                    .statusCode(403)
                    .contentType(containsString("text/html"))
                    .body(containsString("无权访问"));
        }
        Users.as(worker).when().post("/platforms/sim-http/pause").then().statusCode(403);
        Users.as(operator).when().get("/api/v1/adapters/sim-http").then().body(at("paused", equalTo(false)));
    }

    @Test
    void aCommunitysWorkerDownloadsTheirFileAndItIsNoLongerNew() throws Exception {
        String resident = aResident()
                .in(community)
                .withName("上报甲")
                .with("ethnicity", "56")
                .registerAs(worker);
        await().atMost(PATIENCE).until(() -> {
            Users.as(operator).when().post("/api/v1/adapters/sim-area-file/runs");
            return !Users.as(worker)
                    .when()
                    .get("/api/v1/adapters/sim-area-file/files")
                    .then()
                    .extract()
                    .as(Json.class)
                    .getList("$")
                    .isEmpty();
        });
        long file = Users.as(worker)
                .when()
                .get("/api/v1/adapters/sim-area-file/files")
                .then()
                .extract()
                .as(Json.class)
                .getLong("[0].id");

        // The administrator sees the file on the platform's page, marked new.
        browser.open("/platforms/sim-area-file");
        WebElement files = browser.find(By.id("files"));
        assertThat(files.getText()).contains("分社区_" + community, "新", "未下载");
        browser.driver().executeScript("arguments[0].scrollIntoView()", files);
        browser.screenshot("platforms-files-admin");

        browser.driver().manage().deleteAllCookies();
        browser.signIn(worker, Users.PASSWORD);
        browser.find(By.linkText("上报文件")).click();
        browser.waitUntil(d -> browser.path().equals("/platforms/files"));
        WebElement row = browser.find(By.id("file-" + file));
        assertThat(row.getText()).contains("分社区_" + community, "新", "未下载");
        assertThat(browser.text()).doesNotContain("模拟文件平台"); // one file for the whole platform: not theirs
        assertThat(new org.openqa.selenium.support.ui.Select(browser.find(By.id("sim-area-file-purpose")))
                        .getFirstSelectedOption()
                        .getText())
                .isEqualTo("按上级平台模板报送");
        browser.screenshot("platforms-files-worker");
        assertThat(browser.accessibilityProblems()).isEmpty();

        java.nio.file.Path downloads =
                java.nio.file.Path.of("target", "downloads", "platform-files").toAbsolutePath();
        java.nio.file.Files.createDirectories(downloads);
        browser.driver()
                .executeCdpCommand(
                        "Browser.setDownloadBehavior",
                        java.util.Map.of("behavior", "allow", "downloadPath", downloads.toString()));
        row.findElement(By.xpath(".//button[text()='下载']")).click();

        await().atMost(PATIENCE)
                .untilAsserted(() -> Users.as(operator)
                        .when()
                        .get("/api/v1/adapters/sim-area-file/files")
                        .then()
                        .body(at("find { it.id == " + file + " }.lastDownloadedBy", equalTo(worker))));
        String auditor = Users.create(Roles.AUDITOR, "*");
        Users.as(auditor)
                .when()
                .get("/api/v1/audit/access-log?action=EXPORT&user=" + worker)
                .then()
                .body(at("items[0].residentIds", org.hamcrest.Matchers.contains(resident)))
                .body(at("items[0].purpose", equalTo("platform-submission")));
        browser.open("/platforms/files");
        String after = browser.find(By.id("file-" + file)).getText();
        assertThat(after).contains(worker).doesNotContain("未下载");
        assertThat(browser.find(By.id("file-" + file)).findElements(By.cssSelector(".badge")))
                .isEmpty();
        browser.screenshot("platforms-files-downloaded");
    }

    @Test
    void aDefinitionIsCheckedOnThePageFixedWhereTheProblemIsAndCheckedAgain() {
        // An administrator of this community only: the check looks at their area's residents.
        String checker = Users.create(Roles.ADAPTER_ADMIN, community);
        aResident().in(community).withName("检查甲").registerAs(worker);
        browser.driver().manage().deleteAllCookies();
        browser.signIn(checker, Users.PASSWORD);
        browser.open("/platforms");
        browser.find(By.id("check-link")).click();
        browser.waitUntil(d -> browser.path().equals("/platforms/check"));

        WebElement box = browser.find(By.id("definition"));
        box.sendKeys(String.join(
                "\n",
                "id: street-roster",
                "name: 街道花名册",
                "version: \"1\"",
                "legalBasis: 测试用：街道工作需要",
                "select:",
                "  - status: [ACTIVE]",
                "fields:",
                "  - {name: xm, from: nmae}",
                "  - {name: fh, from: room}",
                "transport:",
                "  type: http-json",
                "  url: http://roster.example/api"));
        WebElement form = browser.find(By.id("check"));
        browser.find(By.id("check-run")).click();
        browser.waitUntil(org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(form));

        WebElement problems = browser.visible(By.id("check-problems"));
        assertThat(problems.getText()).contains("定义有 1 处问题", "第 8 行", "是不是 name？");
        // The text stays, and the problem's line link puts the cursor on that line.
        assertThat(browser.focused().getAttribute("id")).isEqualTo("definition");
        problems.findElement(By.partialLinkText("第 8 行")).click();
        WebElement fixing = browser.focused();
        assertThat(fixing.getAttribute("id")).isEqualTo("definition");
        assertThat(browser.driver()
                        .executeScript(
                                "var t = arguments[0]; return t.value.substring(t.selectionStart, t.selectionEnd);",
                                fixing))
                .isEqualTo("  - {name: xm, from: nmae}");
        fixing.sendKeys("  - {name: xm, from: name}");
        form = browser.find(By.id("check"));
        browser.find(By.id("check-run")).click();
        browser.waitUntil(org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(form));

        assertThat(browser.visible(By.id("check-valid")).getText()).contains("定义有效");
        assertThat(browser.find(By.id("check-selection")).getText()).contains("有 1 名符合");
        assertThat(browser.find(By.cssSelector("pre.preview-record")).getText()).contains("\"xm\" : \"检查甲\"");
        assertThat(browser.find(By.id("definition")).getAttribute("value"))
                .contains("from: name}")
                .doesNotContain("nmae");
        browser.driver().executeScript("document.getElementById('check-result').scrollIntoView()");
        browser.screenshot("platform-check");
        assertThat(browser.accessibilityProblems()).isEmpty();
    }

    private void preview(String residentId) {
        WebElement field = browser.find(By.id("resident"));
        field.clear();
        field.sendKeys(residentId);
        WebElement old = browser.find(By.id("preview"));
        browser.find(By.xpath("//form[@id='preview']//button[text()='预览']")).click();
        browser.waitUntil(org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(old));
    }

    private String previewError() {
        return browser.find(By.id("resident-error")).getText();
    }

    /** Waits until the element with the id shows the text; htmx may replace it meanwhile. */
    private void awaitText(String id, String text) {
        browser.waitUntil(d -> {
            try {
                return d.findElement(By.id(id)).getText().contains(text);
            } catch (NoSuchElementException | StaleElementReferenceException e) {
                return false;
            }
        });
    }

    /**
     * How a running platform's state reads: 正常, unless records it refused wait to be fixed (other
     * tests of this hub leave some behind: 退回待处理 and their number, as the API counts them) or
     * deliveries are dead (有死信).
     */
    private String runningState(String platformId) {
        Json status = Users.as(operator)
                .when()
                .get("/api/v1/adapters/" + platformId)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        int open = status.getInt("openRefusals");
        return open > 0 ? "退回待处理 " + open : status.getInt("deliveries.DEAD") > 0 ? "有死信" : "正常";
    }

    private WebElement state() {
        return browser.find(By.id("platform-state"));
    }
}
