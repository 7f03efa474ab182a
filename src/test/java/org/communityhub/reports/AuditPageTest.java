package org.communityhub.reports;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.communityhub.testing.Waiting.await;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.YearMonth;
import java.util.List;
import org.communityhub.access.Roles;
import org.communityhub.testing.Browser;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.PlatformSimulators;
import org.communityhub.testing.ResidentTestData;
import org.communityhub.testing.TestSql;
import org.communityhub.testing.Users;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * 审计 pages in a browser: an auditor reads the ledger of a real delivery, the access log with a
 * reveal marked as such, a resident's disclosures, verifies the chains and downloads the monthly
 * report; other roles are refused.
 */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditPageTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String SESSION = "quarkus-credential";

    @TestHTTPResource("/")
    URL hub;

    private Browser browser;
    private String worker;
    private String auditor;
    private String residentId;
    private ResidentTestData resident;

    @BeforeAll
    void startBrowser() {
        browser = Browser.start(hub);
    }

    /** Once for the class; in @BeforeEach because REST Assured points at the hub only around tests. */
    @BeforeEach
    void aDeliveryAndAReveal() {
        browser.driver().manage().deleteAllCookies();
        if (residentId != null) {
            return;
        }
        String community = Communities.create();
        worker = Users.create(Roles.WORKER, community);
        auditor = Users.create(Roles.AUDITOR, "*");
        // A migrant (流动人口) goes to the public-security platform as soon as registered.
        resident = aResident().in(community).withName("审计页甲").with("residenceType", "2");
        residentId = resident.registerAs(worker);
        await().atMost(PATIENCE)
                .until(() -> !PlatformSimulators.publicSecurity()
                        .recordsOf(residentId)
                        .isEmpty());
        await().atMost(PATIENCE)
                .until(() -> Users.as(auditor)
                        .when()
                        .get("/api/v1/audit/ledger?adapter=public-security&resident=" + residentId)
                        .then()
                        .statusCode(200)
                        .extract()
                        .as(Json.class)
                        .getList("items.result")
                        .contains("ACCEPTED"));
        Users.as(worker).when().get("/api/v1/residents/" + residentId).then().statusCode(200);
        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + residentId + "?reveal=idNumber&purpose=identity-check")
                .then()
                .statusCode(200);
    }

    @AfterAll
    void closeBrowser() {
        browser.close();
    }

    @Test
    void theLedgerFiltersByResidentAndLeadsToTheirDisclosures() {
        browser.signIn(auditor, Users.PASSWORD);
        browser.open("/audit");
        assertThat(browser.path()).isEqualTo("/audit/ledger");
        assertThat(browser.focused().getAttribute("id")).isEqualTo("adapter");

        new Select(browser.find(By.id("adapter"))).selectByVisibleText("公安实有人口");
        // Found by name, as people know them; the ledger names them, with no internal id in sight.
        WebElement field = browser.find(By.id("resident"));
        field.sendKeys("审计页甲");
        field.sendKeys(Keys.ENTER);
        browser.waitUntil(d -> browser.path().contains("resident="));
        assertThat(browser.path()).contains("adapter=public-security");

        WebElement row = browser.find(By.cssSelector("table.audit tbody tr"));
        assertThat(row.getText()).contains("审计页甲", "公安实有人口", "户口登记条例", "已接收", "姓名");
        assertThat(browser.text()).doesNotContain(residentId.substring(0, 8));
        assertThat(browser.text()).doesNotContain(resident.idNumber());
        assertThat(browser.find(By.cssSelector("nav.tabs a[aria-current=page]")).getText())
                .isEqualTo("共享台账");
        browser.screenshot("audit-ledger");
        assertThat(browser.accessibilityProblems()).isEmpty();

        row.findElement(By.linkText("审计页甲")).click();
        browser.waitUntil(d -> browser.path().startsWith("/audit/disclosures?residentId=" + residentId));
        assertThat(browser.find(By.id("disclosures-of")).getText()).startsWith("审计页甲的披露记录");
        String disclosures = browser.find(By.cssSelector("table.audit")).getText();
        assertThat(disclosures).contains("公安实有人口", "户口登记条例", "公民身份号码", "已接收");
        assertThat(browser.text()).doesNotContain(resident.idNumber());
        browser.screenshot("audit-disclosures");
        assertThat(browser.accessibilityProblems()).isEmpty();

        // Reading the disclosures is itself logged, as through the API.
        Users.as(auditor)
                .when()
                .get("/api/v1/audit/access-log?action=DISCLOSURES&user=" + auditor + "&resident=" + residentId)
                .then()
                .statusCode(200)
                .body(at("total", org.hamcrest.Matchers.greaterThanOrEqualTo(1)));
    }

    @Test
    void theAccessLogMarksRevealedIdentifiersApartFromMaskedOnes() {
        browser.signIn(auditor, Users.PASSWORD);
        browser.open("/audit/access?user=" + worker + "&resident=" + resident.idNumber());

        List<WebElement> rows = browser.driver().findElements(By.cssSelector("table.audit tbody tr"));
        assertThat(rows).hasSizeGreaterThanOrEqualTo(2);
        assertThat(rows.get(0).getText()).contains(worker, "查看明文", "证件号码·明文", "核对身份办理业务");
        assertThat(rows.get(0).findElement(By.cssSelector(".badge.bad")).getText())
                .isEqualTo("证件号码·明文");
        // What was done, in words, and to whom: not the API's path nor an id.
        assertThat(rows.get(1).getText())
                .contains("查看居民 审计页甲", "证件号码·遮蔽", "联系电话·遮蔽")
                .doesNotContain("/api/v1", residentId.substring(0, 8));
        browser.screenshot("audit-access");
        assertThat(browser.accessibilityProblems()).isEmpty();

        browser.open("/audit/alerts");
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("告警");
        browser.screenshot("audit-alerts");
        assertThat(browser.accessibilityProblems()).isEmpty();
    }

    @Test
    void verifyingShowsTheChainsIntactWithTheirHeads() {
        browser.signIn(auditor, Users.PASSWORD);
        browser.open("/audit/verify");
        assertThat(browser.focused().getText()).isEqualTo("校验");

        browser.focused().sendKeys(Keys.ENTER);

        WebElement verdict = browser.visible(By.id("chain-verdict"));
        assertThat(verdict.getText()).startsWith("完好").contains("共校验");
        assertThat(browser.find(By.id("verify-result")).getText()).contains("共享台账", "访问日志");
        // Other tests of the shared hub send fields outside allow-lists on purpose: the page says what the API says.
        int overShared = Users.as(auditor)
                .when()
                .get("/api/v1/audit/over-sharing")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .getList("$")
                .size();
        String overVerdict = browser.find(By.id("over-verdict")).getText();
        if (overShared == 0) {
            assertThat(overVerdict).startsWith("没有超范围共享");
        } else {
            assertThat(overVerdict).startsWith("发现 " + overShared + " 处超出允许清单的共享");
        }
        browser.screenshot("audit-verify");
        assertThat(browser.accessibilityProblems()).isEmpty();
    }

    @Test
    void theHeadsShownToCopyAreCheckedWhenPastedBackOrUploadedAndNonsenseIsRefusedLineByLine() throws IOException {
        browser.signIn(auditor, Users.PASSWORD);
        browser.open("/audit/verify");
        String shown = browser.find(By.id("heads-today")).getText();
        assertThat(shown.lines().toList())
                .hasSize(2)
                .allMatch(l -> l.matches("(sharing|access) [0-9]+ [0-9a-f]{64} \\S+"));

        browser.find(By.id("heads")).sendKeys(shown);
        browser.find(By.id("heads-check")).click();
        WebElement checks = browser.visible(By.id("heads-checks"));
        assertThat(checks.getText()).contains("共享台账", "访问日志", "相符").doesNotContain("不符");
        assertThat(checks.findElements(By.cssSelector("tbody tr"))).hasSize(2);
        browser.screenshot("audit-heads-checked");
        assertThat(browser.accessibilityProblems()).isEmpty();

        // The day's file as the operator kept it, uploaded.
        Path file = Path.of("target", "audit-heads-upload.txt").toAbsolutePath();
        Files.writeString(file, "# kept elsewhere\n" + shown + "\n", StandardCharsets.UTF_8);
        browser.find(By.id("heads")).clear();
        browser.find(By.id("heads-file")).sendKeys(file.toString());
        browser.find(By.id("heads-check")).click();
        // Line 1 of the file is its comment: the heads are on lines 2 and 3.
        browser.waitUntil(d -> d.findElement(By.id("heads-checks")).getText().contains("\n3 "));
        assertThat(browser.find(By.id("heads-checks")).findElements(By.cssSelector("tbody tr")))
                .hasSize(2)
                .allMatch(row -> row.getText().contains("相符"));

        browser.find(By.id("heads-file")).clear();
        browser.find(By.id("heads")).sendKeys("access twelve " + "ab".repeat(32));
        browser.find(By.id("heads-check")).click();
        WebElement refused = browser.visible(By.id("heads-verdict"));
        assertThat(refused.getText()).startsWith("无法核对").contains("第 1 行的位置应为不小于 0 的整数");
    }

    @Test
    void aRowEditedInTheDatabaseIsNamedInChinese() throws Exception {
        long id = TestSql.count("select max(id) from access_log where action = 'VIEW' and username = '" + worker + "'");
        String original = TestSql.text("select username from access_log where id = " + id);
        browser.signIn(auditor, Users.PASSWORD);
        browser.open("/audit/verify");

        TestSql.whileChanged(
                "update access_log set username = 'someone.else' where id = " + id,
                "update access_log set username = '" + original + "' where id = " + id,
                () -> {
                    browser.focused().sendKeys(Keys.ENTER);
                    String verdict = browser.visible(By.id("chain-verdict")).getText();
                    assertThat(verdict)
                            .startsWith("链已断开")
                            .contains("访问日志链：访问日志（access_log）第 " + id + " 行", "的内容在写入后被改动过");
                    browser.screenshot("audit-verify-broken");
                });
    }

    @Test
    void theMonthlyReportShowsThisMonthAndDownloadsTheApisWorkbook() throws IOException {
        browser.signIn(auditor, Users.PASSWORD);
        browser.open("/audit/reports");
        String month = YearMonth.now().toString();
        assertThat(browser.find(By.id("month")).getAttribute("value")).isEqualTo(month);
        assertThat(browser.find(By.id("report")).getText()).contains("公安实有人口");
        browser.screenshot("audit-report");
        assertThat(browser.accessibilityProblems()).isEmpty();

        String href = browser.find(By.id("download")).getAttribute("href");
        String session = browser.driver().manage().getCookieNamed(SESSION).getValue();
        String ticket = browser.driver().manage().getCookieNamed("hub-session").getValue();
        ExtractableResponse<Response> download = given().cookie(SESSION, session)
                .cookie("hub-session", ticket)
                .redirects()
                .follow(false)
                .when()
                .get(href.replaceFirst("^https?://[^/]+", ""))
                .then()
                .statusCode(200)
                .contentType(AuditResource.XLSX)
                .header(
                        "Content-Disposition",
                        "attachment; filename=\"sharing-report-" + month + ".xlsx\"; filename*=UTF-8''"
                                + org.communityhub.common.http.Attachments.encode("数据共享月报_" + month + ".xlsx"))
                .extract();
        byte[] fromPage = download.asByteArray();
        assertThat(fromPage).isNotEmpty();
        byte[] fromApi = Users.as(auditor)
                .when()
                .get("/api/v1/audit/reports/sharing?format=xlsx&month=" + month)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        // The same workbook: its title and columns; the counts may move on with deliveries in between.
        List<List<String>> page = cellsOf(fromPage);
        List<List<String>> api = cellsOf(fromApi);
        assertThat(page.subList(0, 2)).isEqualTo(api.subList(0, 2));
        assertThat(page.get(0).get(0)).isEqualTo("数据共享报表 " + month);
        assertThat(page.stream().map(r -> r.get(0))).contains("公安实有人口").doesNotContain("public-security");
    }

    @Test
    void aWorkerIsRefusedInChinese() {
        browser.signIn(worker, Users.PASSWORD);
        browser.open("/audit");
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("无权访问");
        assertThat(browser.text()).contains("您的角色无权进行此操作");

        given().auth()
                .preemptive()
                .basic(worker, Users.PASSWORD)
                .when()
                .get("/audit/reports/xlsx")
                .then()
                .statusCode(403)
                .contentType(containsString("text/html"))
                .body(containsString("无权访问"));
        given().auth()
                .preemptive()
                .basic(worker, Users.PASSWORD)
                .when()
                .post("/audit/verify")
                .then()
                .statusCode(403);
    }

    @Test
    void aBadFilterComesBackNextToItsFieldKeepingWhatWasTyped() {
        String page = given().auth()
                .preemptive()
                .basic(auditor, Users.PASSWORD)
                .when()
                .get("/audit/ledger?resident=not-an-id&from=2026-13-40&adapter=grid")
                .then()
                .statusCode(422)
                .contentType(containsString("text/html"))
                .extract()
                .asString();
        assertThat(page)
                .contains("id=\"from-error\">日期应为 yyyy-MM-dd。")
                .contains("id=\"resident-error\">在您负责的范围内没有找到“not-an-id”")
                .contains("value=\"not-an-id\"", "value=\"2026-13-40\"")
                .contains("<option value=\"grid\" selected>");

        given().auth()
                .preemptive()
                .basic(auditor, Users.PASSWORD)
                .when()
                .get("/audit/reports?month=2026-1")
                .then()
                .statusCode(422)
                .body(containsString("月份应为 yyyy-MM"));
        given().auth()
                .preemptive()
                .basic(auditor, Users.PASSWORD)
                .when()
                .get("/audit/disclosures?residentId=00000000-0000-4000-8000-000000000000")
                .then()
                .statusCode(404)
                .body(containsString("未找到该居民"));
    }

    @Test
    void aNameSeveralResidentsShareIsOfferedToChooseFromAndAnIdNumberFindsOne() {
        String community = Communities.create();
        String local = Users.create(Roles.WORKER, community);
        aResident().in(community).withName("审计同名").at("5号楼", "1", "101").registerAs(local);
        ResidentTestData second = aResident().in(community).withName("审计同名").at("6号楼", "2", "202");
        String secondId = second.registerAs(local);

        String choices = given().auth()
                .preemptive()
                .basic(auditor, Users.PASSWORD)
                .queryParam("residentId", "审计同名")
                .when()
                .get("/audit/disclosures")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(choices)
                .contains("有 2 位居民符合“审计同名”", "5号楼 1单元 101", "6号楼 2单元 202")
                .contains("href=\"/audit/disclosures?residentId=" + secondId + "\"")
                .doesNotContain(second.idNumber());

        String byIdNumber = given().auth()
                .preemptive()
                .basic(auditor, Users.PASSWORD)
                .queryParam("residentId", second.idNumber())
                .when()
                .get("/audit/disclosures")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(byIdNumber).containsAnyOf("审计同名的披露记录", "审计同名的数据尚未发给任何平台").doesNotContain("有 2 位居民符合");
    }

    /** The first sheet's cells, row by row. */
    private static List<List<String>> cellsOf(byte[] xlsx) throws IOException {
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            return workbook.getFirstSheet().read().stream()
                    .map(AuditPageTest::texts)
                    .toList();
        }
    }

    private static List<String> texts(Row row) {
        return row.stream().map(c -> c == null ? "" : c.getText()).toList();
    }
}
