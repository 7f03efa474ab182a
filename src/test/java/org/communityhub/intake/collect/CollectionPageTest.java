package org.communityhub.intake.collect;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.ResidentTestData.aResident;

import io.quarkus.test.common.http.TestHTTPResource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.communityhub.access.Roles;
import org.communityhub.testing.Browser;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubDates;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.Phones;
import org.communityhub.testing.Spreadsheets;
import org.communityhub.testing.Users;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.support.ui.Select;

/**
 * A collection in a browser, from end to end: a supervisor sends a form the hub never saw, one
 * community downloads its form filled and sends it back, another fills the rest on the page, and
 * the supervisor downloads the summary with both communities' answers.
 */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CollectionPageTest {

    private static final String SESSION = "quarkus-credential";
    private static final String XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final List<String> HEADERS = List.of("姓名", "年龄", "居住地址", "联系电话", "走访情况", "备注");
    private static final String TITLE = "独居老人走访情况登记表";
    private static final int VISIT = HEADERS.indexOf("走访情况");
    private static final int REMARK = HEADERS.indexOf("备注");
    private static final int KEY = HEADERS.size();

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
    void aFormFromAboveIsFilledDownloadedReturnedFilledOnThePageAndGathered() throws Exception {
        String home = Communities.create();
        String elsewhere = Communities.create();
        String supervisor = Users.create(Roles.SUPERVISOR, home, elsewhere);
        String downloader = Users.create(Roles.WORKER, home);
        String filler = Users.create(Roles.WORKER, elsewhere);
        String phone = Phones.any();
        String a = aResident()
                .in(home)
                .withName("页填甲")
                .bornOn(HubDates.today().minusYears(82), "1")
                .with("phone", phone)
                .at("1号楼", "1", "101")
                .registerAs(downloader);
        String b = aResident()
                .in(home)
                .withName("页填乙")
                .bornOn(HubDates.today().minusYears(75), "2")
                .at("1号楼", "1", "102")
                .registerAs(downloader);
        String phoneThere = Phones.any();
        String c = aResident()
                .in(elsewhere)
                .withName("页填丙")
                .bornOn(HubDates.today().minusYears(90), "2")
                .with("phone", phoneThere)
                .at("2号楼", "1", "101")
                .registerAs(filler);
        String d = aResident()
                .in(elsewhere)
                .withName("页填丁")
                .bornOn(HubDates.today().minusYears(70), "1")
                .at("2号楼", "1", "102")
                .registerAs(filler);
        Path form = Files.createTempFile("走访表", ".xlsx");
        Files.write(form, streetForm());

        // The supervisor sends the form.
        browser.driver().manage().deleteAllCookies();
        browser.signIn(supervisor, Users.PASSWORD);
        browser.open("/collections");
        assertThat(browser.accessibilityProblems()).isEmpty();
        browser.find(By.id("new-collection")).click();
        browser.waitUntil(dr -> dr.getCurrentUrl().endsWith("/collections/new"));
        browser.find(By.id("file")).sendKeys(form.toAbsolutePath().toString());
        browser.find(By.id("title")).sendKeys(TITLE);
        browser.driver()
                .executeScript(
                        "arguments[0].value = arguments[1]",
                        browser.find(By.id("dueDate")),
                        HubDates.today().plusDays(5).toString());
        assertThat(browser.find(By.id("scope-" + home)).isSelected()).isTrue();
        assertThat(browser.find(By.id("scope-" + elsewhere)).isSelected()).isTrue();
        browser.screenshot("collection-new");
        assertThat(browser.accessibilityProblems()).isEmpty();
        browser.find(By.id("create")).click();
        browser.waitUntil(dr -> dr.getCurrentUrl().matches(".*/collections/[0-9a-f-]{36}$"));
        String id = browser.path().substring("/collections/".length());
        String columns = browser.find(By.id("columns")).getText();
        assertThat(browser.find(By.id("column-1")).getText()).contains("姓名").contains("系统填写");
        assertThat(browser.find(By.id("column-" + (VISIT + 1))).getText()).contains("社区填写");
        assertThat(columns).contains("走访情况");
        // The phone is to be checked by the visit: switched to be filled in, then back.
        new Select(browser.find(By.id("field-4"))).selectByValue("");
        browser.find(By.id("mapping-4")).click();
        browser.waitUntil(dr -> dr.findElement(By.id("column-4")).getText().contains("社区填写"));
        // The column's row is swapped in again as htmx settles: chosen once it stays.
        browser.waitUntil(dr -> {
            new Select(dr.findElement(By.id("field-4"))).selectByValue("phone");
            dr.findElement(By.id("mapping-4")).click();
            return true;
        });
        browser.waitUntil(dr -> dr.findElement(By.id("column-4")).getText().contains("系统填写"));
        browser.screenshot("collection-mapping");
        assertThat(browser.accessibilityProblems()).isEmpty();

        // One community downloads its form, filled, and sends it back through the API.
        browser.signIn(downloader, Users.PASSWORD);
        browser.open("/collections");
        assertThat(browser.find(By.id("download-" + id + "-" + home)).isDisplayed())
                .isTrue();
        assertThat(browser.find(By.id("fill-" + id + "-" + home))).isNotNull();
        assertThat(browser.driver().findElements(By.id("fill-" + id + "-" + elsewhere)))
                .isEmpty();
        browser.screenshot("collection-list-worker");
        assertThat(browser.accessibilityProblems()).isEmpty();
        browser.find(By.id("download-" + id + "-" + home)).click();
        browser.waitUntil(dr -> dr.getCurrentUrl().contains("/collections/" + id));
        browser.find(By.cssSelector("#download-" + home + " summary")).click();
        assertThat(new Select(browser.find(By.id(home + "-purpose")))
                        .getFirstSelectedOption()
                        .getAttribute("value"))
                .isEqualTo("platform-submission");
        String action =
                browser.find(By.cssSelector("#download-" + home + " form")).getAttribute("action");
        List<List<String>> downloaded = rows(download(action + "?purpose=platform-submission"));
        assertThat(downloaded.get(0).get(0)).isEqualTo(TITLE);
        assertThat(padded(downloaded.get(2))).containsExactly("姓名", "年龄", "居住地址", "联系电话", "走访情况", "备注", "编号（勿改）");
        List<List<String>> filled = new ArrayList<>();
        downloaded.forEach(r -> filled.add(padded(r)));
        assertThat(filled.subList(3, filled.size())).extracting(r -> r.get(KEY)).containsExactly(a, b);
        assertThat(filled.get(3).get(0)).isEqualTo("页填甲");
        assertThat(filled.get(3).get(1)).isEqualTo("82");
        assertThat(filled.get(3).get(3)).isEqualTo(phone);
        assertThat(filled.get(3).get(VISIT)).isEmpty();
        filled.get(3).set(VISIT, "已走访");
        filled.get(3).set(REMARK, "需助餐");
        String newPhone = Phones.any();
        filled.get(3).set(3, newPhone);
        List<String> added = padded(List.of("新搬来的"));
        added.set(VISIT, "新搬来");
        filled.add(added);

        // It is sent back on the same page: first a file that is not the form downloaded.
        Path wrong = Files.createTempFile("走访表", ".xlsx");
        Files.write(wrong, streetForm());
        browser.find(By.cssSelector("#return-" + home + " summary")).click();
        browser.find(By.id("return-file-" + home))
                .sendKeys(wrong.toAbsolutePath().toString());
        browser.find(By.id("return-submit-" + home)).click();
        browser.waitUntil(dr -> dr.findElement(By.id("flash")).getText().contains("编号（勿改）"));
        assertThat(browser.driver().findElements(By.id("rows-read"))).isEmpty();
        assertThat(browser.find(By.id("community-" + home)).getText()).contains("未交回");

        Path returned = Files.createTempFile("已填", ".xlsx");
        Files.write(returned, workbook(filled));
        browser.find(By.id("return-file-" + home))
                .sendKeys(returned.toAbsolutePath().toString());
        browser.find(By.id("return-submit-" + home)).click();
        browser.waitUntil(dr -> !dr.findElements(By.id("rows-read")).isEmpty());
        assertThat(browser.find(By.id("rows-read")).getText()).isEqualTo("3");
        assertThat(browser.find(By.id("rows-answered")).getText()).isEqualTo("1");
        assertThat(browser.find(By.id("rows-added")).getText())
                .as("the row added with a name")
                .isEqualTo("1");
        assertThat(browser.find(By.id("rows-added-at")).getText()).isEqualTo("6");
        assertThat(browser.find(By.id("rows-not-matched")).getText()).isEqualTo("0");
        String update = browser.find(By.id("update-4-4")).getText();
        assertThat(update)
                .as("row 4, the phone: what the registry holds (masked) and what the file says")
                .contains("联系电话")
                .contains(org.communityhub.reference.identity.Masking.maskPhone(phone))
                .contains(newPhone)
                .doesNotContain(phone);
        assertThat(browser.find(By.id("proposed-updates")).findElements(By.cssSelector("tbody tr")))
                .hasSize(1);
        // The community's progress follows.
        browser.waitUntil(
                dr -> dr.findElement(By.id("community-" + home)).getText().contains("已交回"));
        browser.screenshot("collection-returned");
        assertThat(browser.accessibilityProblems()).isEmpty();
        Files.deleteIfExists(wrong);
        Files.deleteIfExists(returned);

        // The changed phone and the added person go through the import's checks; one click applies
        // what passes (the person added without an ID number, sex or birth date does not).
        assertThat(update).contains("已送检查");
        browser.find(By.id("check-import")).click();
        browser.reloadUntil(dr -> dr.findElement(By.tagName("body")).getText().contains("待提交"));
        assertThat(browser.find(By.id("updates")).isSelected())
                .as("an import of a returned form's changes is there to apply them")
                .isTrue();
        assertThat(browser.text()).contains("已登记可更新 1 行").contains("有错误 1 行");
        assertThat(phoneOf(downloader, a))
                .as("nothing applied before the commit")
                .isEqualTo(phone);
        browser.find(By.xpath("//button[starts-with(normalize-space(.), '只提交无错误的行')]"))
                .click();
        browser.reloadUntil(dr -> dr.findElement(By.tagName("body")).getText().contains("更新已登记的 1 人"));
        assertThat(phoneOf(downloader, a)).isEqualTo(newPhone);

        // Another community fills the rest on the page, by keyboard.
        browser.signIn(filler, Users.PASSWORD);
        browser.open("/collections/" + id + "/fill/" + elsewhere);
        assertThat(browser.find(By.id("fill-progress")).getText()).contains("0").contains("2");
        assertThat(browser.find(By.id("row-" + c)).getText()).contains("页填丙").contains("90");
        // The phone shown is masked, as pages show phones.
        assertThat(browser.find(By.id("fill")).getText()).doesNotContain(phoneThere);
        assertThat(browser.find(By.id("row-" + c)).getText())
                .contains(org.communityhub.reference.identity.Masking.maskPhone(phoneThere));
        assertThat(browser.accessibilityProblems()).isEmpty();
        browser.find(By.id("a-" + c + "-" + (VISIT + 1))).click();
        browser.focused().sendKeys("电话联系，安好");
        browser.focused().sendKeys(Keys.TAB);
        assertThat(browser.focused().getAttribute("id")).isEqualTo("a-" + c + "-" + (REMARK + 1));
        browser.focused().sendKeys("无");
        browser.focused().sendKeys(Keys.ENTER);
        browser.waitUntil(dr -> dr.findElement(By.id("state-" + c)).getText().contains("已保存"));
        browser.find(By.id("a-" + d + "-" + (VISIT + 1))).sendKeys("上门走访", Keys.ENTER);
        browser.waitUntil(dr -> dr.findElement(By.id("state-" + d)).getText().contains("已保存"));
        browser.waitUntil(dr -> dr.findElement(By.id("fill-progress")).getText().contains("2 / 2"));
        browser.screenshot("collection-fill");
        browser.open("/collections/" + id + "/fill/" + elsewhere);
        assertThat(browser.find(By.id("a-" + c + "-" + (VISIT + 1))).getAttribute("value"))
                .as("kept")
                .isEqualTo("电话联系，安好");

        // The supervisor sees the progress and downloads the summary.
        browser.signIn(supervisor, Users.PASSWORD);
        browser.open("/collections/" + id);
        assertThat(browser.find(By.id("community-" + home)).getText()).contains("已交回");
        assertThat(browser.find(By.id("community-" + elsewhere)).getText()).contains("2");
        browser.find(By.cssSelector("#summary summary")).click();
        browser.screenshot("collection-supervisor");
        assertThat(browser.accessibilityProblems()).isEmpty();
        String summaryAction = browser.find(By.cssSelector("#summary form")).getAttribute("action");
        List<List<String>> summary = rows(download(summaryAction + "?purpose=platform-submission"));
        assertThat(summary.get(0).get(0)).isEqualTo(TITLE);
        Map<String, List<String>> byKey = new HashMap<>();
        summary.subList(3, summary.size()).forEach(r -> byKey.put(padded(r).get(KEY), padded(r)));
        assertThat(byKey).containsOnlyKeys(a, b, c, d);
        assertThat(byKey.get(a).get(VISIT)).isEqualTo("已走访");
        assertThat(byKey.get(a).get(REMARK)).isEqualTo("需助餐");
        assertThat(byKey.get(b).get(VISIT)).isEmpty();
        assertThat(byKey.get(c).get(VISIT)).isEqualTo("电话联系，安好");
        assertThat(byKey.get(c).get(REMARK)).isEqualTo("无");
        assertThat(byKey.get(d).get(VISIT)).isEqualTo("上门走访");

        // The supervisor closes it, then deletes what the communities filled in.
        assertThat(browser.find(By.id("collection-state")).getText()).contains("填报中");
        assertThat(browser.driver().findElements(By.id("delete-answers"))).isEmpty();
        browser.find(By.id("close-collection")).click();
        accept();
        browser.waitUntil(
                dr -> dr.findElement(By.id("collection-state")).getText().contains("已关闭"));
        assertThat(browser.driver().findElements(By.id("fill-" + home)))
                .as("nothing more to fill or download")
                .isEmpty();
        // Closed too early: opened again, then closed for good.
        browser.find(By.id("reopen-collection")).click();
        accept();
        browser.waitUntil(
                dr -> dr.findElement(By.id("collection-state")).getText().contains("重新开启"));
        assertThat(browser.find(By.id("collection-state")).getText()).contains("填报中");
        browser.find(By.id("close-collection")).click();
        accept();
        browser.waitUntil(
                dr -> dr.findElement(By.id("collection-state")).getText().contains("已关闭"));
        browser.find(By.id("delete-answers")).click();
        accept();
        browser.waitUntil(
                dr -> dr.findElement(By.id("collection-state")).getText().contains("填报内容已删除"));
        assertThat(browser.driver().findElements(By.id("reopen-collection")))
                .as("its answers gone, it is not opened again")
                .isEmpty();
        assertThat(browser.find(By.id("community-" + home)).getText())
                .as("the returns stay")
                .contains("已交回");
        browser.screenshot("collection-closed");
        assertThat(browser.accessibilityProblems()).isEmpty();
        Map<String, List<String>> emptied = new HashMap<>();
        rows(download(summaryAction + "?purpose=platform-submission"))
                .subList(3, summary.size())
                .forEach(r -> emptied.put(padded(r).get(KEY), padded(r)));
        assertThat(emptied).containsOnlyKeys(a, b, c, d);
        assertThat(emptied.values()).allSatisfy(r -> assertThat(r.get(VISIT)).isEmpty());
        Files.deleteIfExists(form);

        // Its fill page says it is closed and offers nothing to type or save.
        browser.signIn(filler, Users.PASSWORD);
        browser.open("/collections/" + id + "/fill/" + elsewhere);
        assertThat(browser.find(By.id("fill-closed")).getText()).contains("已经关闭");
        assertThat(browser.driver().findElements(By.cssSelector("#fill input, #fill button")))
                .isNotEmpty()
                .allSatisfy(
                        e -> assertThat(e.isEnabled()).as(e.getAttribute("id")).isFalse());
    }

    /** Accepts the confirmation the button asks for. */
    private void accept() {
        browser.waitUntil(dr -> {
            try {
                dr.switchTo().alert().accept();
                return true;
            } catch (org.openqa.selenium.NoAlertPresentException e) {
                return false;
            }
        });
    }

    /** What the browser's session downloads from this link. */
    private byte[] download(String href) {
        return given().cookie(
                        SESSION,
                        browser.driver().manage().getCookieNamed(SESSION).getValue())
                .cookie(
                        "hub-session",
                        browser.driver().manage().getCookieNamed("hub-session").getValue())
                .redirects()
                .follow(false)
                .when()
                .get(href.replaceFirst("^https?://[^/]+", ""))
                .then()
                .statusCode(200)
                .contentType(XLSX_TYPE)
                .extract()
                .asByteArray();
    }

    /** A form never seen: a title, a line for the unit, the header. */
    private static byte[] streetForm() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Workbook wb = new Workbook(out, "Excel", "1.0");
        Worksheet ws = wb.newWorksheet("Sheet1");
        ws.value(0, 0, TITLE);
        ws.range(0, 0, 0, HEADERS.size() - 1).merge();
        ws.value(1, 0, "填报单位：");
        for (int col = 0; col < HEADERS.size(); col++) {
            ws.value(2, col, HEADERS.get(col));
        }
        ws.width(2, 30);
        wb.finish();
        return out.toByteArray();
    }

    private static byte[] workbook(List<List<String>> rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Workbook wb = new Workbook(out, "Excel", "1.0");
        Worksheet ws = wb.newWorksheet("Sheet1");
        for (int r = 0; r < rows.size(); r++) {
            for (int col = 0; col < rows.get(r).size(); col++) {
                if (!rows.get(r).get(col).isEmpty()) {
                    ws.value(r, col, rows.get(r).get(col));
                }
            }
        }
        wb.finish();
        return out.toByteArray();
    }

    private static List<List<String>> rows(byte[] xlsx) throws Exception {
        Path file = Files.createTempFile("collection-", ".xlsx");
        try {
            Files.write(file, xlsx);
            return Spreadsheets.rows(file);
        } finally {
            Files.delete(file);
        }
    }

    private static List<String> padded(List<String> row) {
        List<String> out = new ArrayList<>(row);
        while (out.size() < KEY + 1) {
            out.add("");
        }
        return out;
    }

    private static String phoneOf(String user, String residentId) {
        return Users.as(user)
                .get("/api/v1/residents/" + residentId + "?reveal=phone&purpose=data-correction")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .get("phone");
    }
}
