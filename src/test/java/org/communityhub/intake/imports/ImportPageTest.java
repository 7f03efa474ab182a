package org.communityhub.intake.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communityhub.access.Roles;
import org.communityhub.testing.Browser;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.ResidentTestData;
import org.communityhub.testing.StreetLedger;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/** The import page in a browser: upload, the check's progress and findings, commit. */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImportPageTest {

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
    void aWorkerUploadsALedgerSeesTheRowsFlaggedAndCommitsTheValidOnes() throws Exception {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String good = IdNumbers.any();
        String registered = IdNumbers.any();
        String residentId = ResidentTestData.aResident()
                .in(community)
                .withName("页面丙")
                .withIdNumber(registered)
                .registerAs(worker);
        List<List<String>> rows = List.of(
                List.of("测试社区居民花名册"),
                List.of("姓名", "身份证号码", "民族", "人口类型"),
                List.of("页面甲", good, "汉族", "户籍人口"),
                List.of("页面乙", "1.10105E+17", "汉族", "户籍人口"),
                List.of("页面丙", IdNumbers.oneDigitOff(registered, 14), "汉族", "户籍人口"));
        Path file = Files.createTempFile("台账", ".csv");
        Files.write(file, LedgerFiles.csv(rows, TextEncoding.GB18030, false));
        browser.driver().manage().deleteAllCookies();
        browser.signIn(worker, Users.PASSWORD);

        browser.open("/imports");
        assertThat(browser.accessibilityProblems()).isEmpty();
        browser.find(By.id("file")).sendKeys(file.toAbsolutePath().toString());
        browser.find(By.cssSelector("form.upload button[type=submit]")).click();
        browser.waitUntil(d -> d.getCurrentUrl().matches(".*/imports/[0-9a-f-]{36}$"));
        // The page polls while the file is checked and reloads once the check is over; findings may
        // show while it is still under way, so wait for the finished page (it offers the commit).
        browser.waitUntil(d -> !d.findElements(By.id("commit-h")).isEmpty());
        String findings = browser.find(By.cssSelector("section[aria-labelledby=findings-h] tbody"))
                .getText();
        assertThat(findings).contains("4").contains("科学计数法").contains("可能与本行是同一人");
        assertThat(browser.find(By.linkText("查看已登记的这位居民")).getAttribute("href")).endsWith("/residents/" + residentId);
        assertThat(browser.find(By.id("column2")).getAttribute("value")).isEqualTo("idNumber");
        // The result file is an export of the ledger's identifiers: it asks why, correcting data first.
        assertThat(new Select(browser.find(By.id("result-purpose")))
                        .getFirstSelectedOption()
                        .getAttribute("value"))
                .isEqualTo("data-correction");
        browser.screenshot("import-ready");
        assertThat(browser.accessibilityProblems()).isEmpty();

        browser.find(By.xpath("//button[contains(., '只提交无错误的行')]")).click();
        browser.waitUntil(
                d -> d.findElement(By.cssSelector("dl.facts")).getText().contains("已提交"));
        browser.reloadUntil(d -> {
            return d.findElement(By.cssSelector("dl.facts")).getText().contains("已提交\n2 行");
        });
        Files.deleteIfExists(file);
        assertThat(new String(Files.readAllBytes(browser.screenshot("import-committed")), StandardCharsets.ISO_8859_1))
                .isNotEmpty();

        // The list of imports shows when, in the communities' time (Beijing), to the minute.
        browser.open("/imports");
        String uploaded = browser.find(By.xpath("//table/tbody/tr[1]/td[3]")).getText();
        assertThat(uploaded).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}");
        java.time.ZonedDateTime shown =
                java.time.LocalDateTime.parse(uploaded.replace(' ', 'T')).atZone(java.time.ZoneId.of("Asia/Shanghai"));
        assertThat(java.time.Duration.between(shown.toInstant(), java.time.Instant.now())
                        .abs())
                .isLessThan(java.time.Duration.ofMinutes(10));
    }

    @Test
    void aWorkerAcceptsTheSuggestionForARowWithADamagedIdNumber() throws Exception {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        java.time.LocalDate born = java.time.LocalDate.of(1961, 3, 2);
        String number = IdNumbers.of(born, "2");
        ResidentTestData.aResident()
                .in(community)
                .withName("王秀英")
                .bornOn(born, "2")
                .withIdNumber(number)
                .at("3号楼", "2", "501")
                .registerAs(worker);
        List<List<String>> rows = List.of(
                List.of("姓名", "身份证号码", "出生日期", "民族", "人口类型"),
                List.of("王秀英", IdNumbers.mistyped(number, 14), "1961-03-02", "汉族", "户籍人口"));
        Path file = Files.createTempFile("台账", ".csv");
        Files.write(file, LedgerFiles.csv(rows, StandardCharsets.UTF_8, false));
        uploadAndAwaitTheCheck(worker, file);
        assertThat(browser.find(By.cssSelector("dl.facts")).getText()).contains("待决定\n1 条建议");
        assertThat(browser.find(By.cssSelector("section[aria-labelledby=findings-h] tbody"))
                        .getText())
                .contains("可能是已登记的 王秀英（1961-03-02，3号楼 2单元 501）");
        assertThat(browser.accessibilityProblems()).isEmpty();
        scrollTo("findings-h");
        browser.screenshot("import-damaged-id-suggestion");

        browser.find(By.xpath("//button[normalize-space(.) = '采纳']")).click();
        browser.waitUntil(
                d -> !d.findElements(By.cssSelector(".decision .badge")).isEmpty());
        assertThat(browser.find(By.cssSelector(".decision .badge")).getText()).isEqualTo("已采纳");
        assertThat(browser.find(By.cssSelector("dl.facts")).getText()).doesNotContain("待决定");
        scrollTo("findings-h");
        browser.screenshot("import-damaged-id-accepted");
        Files.deleteIfExists(file);
    }

    @Test
    void aWorkerCorrectsACellOfARefusedRowAndAcceptsAKindOfSuggestionsAtOnce() throws Exception {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        java.time.LocalDate wangBorn = java.time.LocalDate.of(1961, 3, 2);
        java.time.LocalDate liBorn = java.time.LocalDate.of(1955, 7, 8);
        String wang = IdNumbers.of(wangBorn, "2");
        String li = IdNumbers.of(liBorn, "1");
        ResidentTestData.aResident()
                .in(community)
                .withName("王秀英")
                .bornOn(wangBorn, "2")
                .withIdNumber(wang)
                .registerAs(worker);
        ResidentTestData.aResident()
                .in(community)
                .withName("李建国")
                .bornOn(liBorn, "1")
                .withIdNumber(li)
                .registerAs(worker);
        List<List<String>> rows = List.of(
                List.of("姓名", "身份证号码", "出生日期", "民族", "人口类型"),
                List.of("王秀英", IdNumbers.mistyped(wang, 14), wangBorn.toString(), "汉族", "户籍人口"),
                List.of("李建国", IdNumbers.mistyped(li, 15), liBorn.toString(), "汉族", "户籍人口"),
                List.of("改正丁", IdNumbers.any(), "", "火星族", "户籍人口"));
        Path file = Files.createTempFile("台账", ".csv");
        Files.write(file, LedgerFiles.csv(rows, StandardCharsets.UTF_8, false));
        uploadAndAwaitTheCheck(worker, file);
        assertThat(browser.find(By.cssSelector("dl.facts")).getText()).contains("有错误 3 行");
        String kinds =
                browser.find(By.cssSelector("section[aria-labelledby=kinds-h]")).getText();
        assertThat(kinds).contains("证件号码有误，可能是已登记的居民").contains("填写的值不在代码表中");
        assertThat(kinds).doesNotContain("damaged-id-number-registered");

        // The refused row, corrected on the hub: its cell typed again, the file checked again.
        browser.find(By.cssSelector("a[aria-label='改正第 4 行']")).click();
        browser.waitUntil(d -> !d.findElements(By.id("row-cells-h")).isEmpty());
        assertThat(browser.find(By.id("cell2")).getAttribute("value"))
                .as("masked, typed afresh")
                .isEmpty();
        assertThat(browser.find(By.id("cell2")).getAttribute("placeholder")).contains("*");
        WebElement ethnicity = browser.find(By.id("cell4"));
        assertThat(ethnicity.getAttribute("value")).isEqualTo("火星族");
        ethnicity.clear();
        ethnicity.sendKeys("汉族");
        assertThat(browser.accessibilityProblems()).isEmpty();
        browser.screenshot("import-row-correction");
        browser.find(By.xpath("//button[contains(., '保存改正并重新检查')]")).click();
        browser.waitUntil(d -> !d.findElements(By.id("commit-h")).isEmpty()
                && d.findElement(By.cssSelector("dl.facts")).getText().contains("有错误 2 行"));

        // Both suggestions of the kind accepted with one button.
        WebElement acceptAll = browser.find(By.xpath("//button[contains(., '全部采纳（2 条）')]"));
        acceptAll.click();
        browser.waitUntil(d -> {
            try {
                d.switchTo().alert().accept(); // the confirmation, where the browser shows it
            } catch (org.openqa.selenium.NoAlertPresentException e) {
                // answered already, or not shown
            }
            return d.findElement(By.cssSelector("dl.facts")).getText().contains("有错误 0 行");
        });
        assertThat(browser.find(By.cssSelector("dl.facts")).getText()).doesNotContain("待决定");
        assertThat(browser.find(By.cssSelector("section[aria-labelledby=kinds-h] tbody"))
                        .getText())
                .contains("已采纳 2")
                .doesNotContain("全部采纳");
        assertThat(browser.accessibilityProblems()).isEmpty();
        scrollTo("kinds-h");
        browser.screenshot("import-kind-accepted");
        Files.deleteIfExists(file);
    }

    @Test
    void aStreetLedgerWithTheFieldsDamageGoesInThroughThePageWithOnlyItsRealProblemsShown() throws Exception {
        List<StreetLedger.Community> communities = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String code = Communities.create();
            communities.add(new StreetLedger.Community(code, Communities.nameOf(code)));
        }
        String worker = Users.create(
                Roles.WORKER,
                communities.stream().map(StreetLedger.Community::code).toArray(String[]::new));
        long seed = java.util.concurrent.ThreadLocalRandom.current().nextLong();
        StreetLedger ledger = new StreetLedger(seed, 300, 0.05, communities, java.time.LocalDate.now());
        Path file = Files.createTempFile("街道台账", ".xlsx");
        ledger.writeXlsx(file, true);
        uploadAndAwaitTheCheck(worker, file);
        Files.deleteIfExists(file);
        String about = "seed " + seed;

        // What stops rows is damaged ID numbers only, each with the hub's suggestion (accepted below,
        // no error is left); a second row of someone is one person, not an error.
        List<String> errorKinds =
                browser.driver().findElements(By.cssSelector("section[aria-labelledby=kinds-h] tbody tr")).stream()
                        .map(WebElement::getText)
                        .filter(text -> text.contains("错误"))
                        .toList();
        assertThat(errorKinds).as(about).allMatch(text -> text.startsWith("证件号码"));
        assertThat(browser.accessibilityProblems()).isEmpty();
        browser.screenshot("import-street-ledger-checked");
        for (WebElement acceptAll = firstAcceptAll(); acceptAll != null; acceptAll = firstAcceptAll()) {
            // Two kinds may both have "全部采纳（1 条）": the kind is told by its form's code.
            String code = acceptAll
                    .findElement(By.xpath("ancestor::form//input[@name='code']"))
                    .getAttribute("value");
            acceptAll.click();
            browser.waitUntil(d -> {
                try {
                    d.switchTo().alert().accept();
                } catch (org.openqa.selenium.NoAlertPresentException e) {
                    // answered already, or not shown
                }
                return d.findElements(By.xpath("//form[.//input[@name='code' and @value='" + code + "']]"
                                + "//button[starts-with(normalize-space(.), '全部采纳')]"))
                        .isEmpty();
            });
        }
        assertThat(browser.find(By.cssSelector("dl.facts")).getText()).as(about).contains("有错误 0 行");

        browser.find(By.xpath("//button[contains(., '只提交无错误的行')]")).click();
        browser.reloadUntil(d -> {
            return !d.findElements(By.id("summary-h")).isEmpty();
        });
        String summary = browser.find(By.cssSelector("section.import-summary")).getText();
        assertThat(summary).as(about).contains("新登记\n" + ledger.people.size() + " 人");
        for (StreetLedger.Community c : communities) {
            long people = ledger.people.stream()
                    .filter(p -> p.community.code().equals(c.code()))
                    .count();
            assertThat(ImportDamagedIdNumbersTest.residentsIn(worker, c.code()))
                    .as(about + ": each person once in " + c.code())
                    .isEqualTo((int) people);
        }
        scrollTo("summary-h");
        browser.screenshot("import-street-ledger-summary");
    }

    /** The first 全部采纳 button of the findings by kind, or null. */
    private WebElement firstAcceptAll() {
        return browser.driver().findElements(By.xpath("//button[starts-with(normalize-space(.), '全部采纳')]")).stream()
                .findFirst()
                .orElse(null);
    }

    private void scrollTo(String id) {
        ((org.openqa.selenium.JavascriptExecutor) browser.driver())
                .executeScript("document.getElementById(arguments[0]).scrollIntoView()", id);
    }

    @Test
    void aWorkerChoosesWhichSheetOfAWorkbookIsRead() throws Exception {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        Map<String, List<List<Object>>> sheets = new LinkedHashMap<>();
        sheets.put("1号楼", List.of(List.of("姓名", "身份证号", "民族", "人口类型"), List.of("楼甲", IdNumbers.any(), "汉族", "1")));
        sheets.put(
                "2号楼",
                List.of(
                        List.of("姓名", "身份证号", "民族", "人口类型"),
                        List.of("楼乙", IdNumbers.any(), "汉族", "1"),
                        List.of("楼丙", IdNumbers.any(), "汉族", "1")));
        Path file = Files.createTempFile("楼栋", ".xlsx");
        Files.write(file, LedgerFiles.xlsx(sheets));
        uploadAndAwaitTheCheck(worker, file);
        assertThat(browser.find(By.cssSelector("dl.facts")).getText()).contains("工作表\n1号楼");
        assertThat(browser.accessibilityProblems()).isEmpty();

        new Select(browser.find(By.id("sheet"))).selectByVisibleText("2号楼");
        browser.find(By.xpath("//button[contains(., '读这个工作表重新检查')]")).click();
        browser.reloadUntil(d -> {
            String facts = d.findElement(By.cssSelector("dl.facts")).getText();
            return facts.contains("工作表\n2号楼")
                    && facts.contains("无错误 2 行")
                    && !d.findElements(By.id("commit-h")).isEmpty();
        });
        assertThat(new Select(browser.find(By.id("sheet"))).getOptions())
                .extracting(WebElement::getText)
                .containsExactly("1号楼");
        Files.deleteIfExists(file);
    }

    @Test
    void anAdminAddsTheMissingCommunitiesFromTheImportAndSeesTheSummaryAfterTheCommit() throws Exception {
        String missing = Communities.unregistered();
        String user = ImportCommunitiesTest.userWith(List.of(Roles.SUPERVISOR, Roles.ADMIN), missing.substring(0, 9));
        List<List<String>> rows = List.of(
                List.of("姓名", "身份证号", "民族", "人口类型", "所属社区代码", "社区名称", "户号", "与户主关系"),
                List.of("页面户主", IdNumbers.any(), "汉族", "户籍人口", missing, "页面新社区居委会", "P1", "户主"),
                List.of("页面无主", IdNumbers.any(), "汉族", "户籍人口", missing, "页面新社区居委会", "P2", "子"),
                List.of("页面错行", IdNumbers.any(), "火星族", "户籍人口", missing, "页面新社区居委会", "", ""));
        Path file = Files.createTempFile("缺社区", ".csv");
        Files.write(file, LedgerFiles.csv(rows, StandardCharsets.UTF_8, false));
        uploadAndAwaitTheCheck(user, file);
        Files.deleteIfExists(file);

        browser.find(By.linkText("查看缺少的社区，核对或填写名称")).click();
        browser.waitUntil(d -> browser.path().endsWith("/communities"));
        WebElement name = browser.find(By.id("name-" + missing));
        assertThat(name.getAttribute("value")).isEqualTo("页面新社区居委会");
        assertThat(browser.accessibilityProblems()).isEmpty();
        browser.screenshot("import-missing-communities");
        browser.find(By.linkText("返回导入")).click();
        browser.waitUntil(d -> d.getCurrentUrl().matches(".*/imports/[0-9a-f-]{36}$"));
        // The ledger names the community: one click adds it and checks the import again.
        browser.find(By.xpath("//button[normalize-space(.) = '添加这些社区']")).click();
        browser.reloadUntil(d -> {
            return !d.findElements(By.id("commit-h")).isEmpty()
                    && d.findElement(By.cssSelector("dl.facts")).getText().contains("无错误 2 行");
        });
        assertThat(Communities.nameOf(missing)).isEqualTo("页面新社区居委会");

        browser.find(By.xpath("//button[contains(., '只提交无错误的行')]")).click();
        browser.reloadUntil(d -> {
            return !d.findElements(By.id("summary-h")).isEmpty();
        });
        String summary = browser.find(By.cssSelector("section.import-summary")).getText();
        assertThat(summary).contains("新登记\n2 人").contains("未导入\n1 行").contains("民族无法识别");
        assertThat(browser.find(By.cssSelector("ul.no-head a")).getText()).contains("P2");
        assertThat(browser.accessibilityProblems()).isEmpty();
        scrollTo("summary-h");
        browser.screenshot("import-summary");

        browser.find(By.linkText("查看名单")).click();
        browser.waitUntil(d -> browser.path().endsWith("/registered"));
        assertThat(browser.find(By.tagName("tbody")).getText()).contains("页面户主").contains("页面无主");
        assertThat(browser.accessibilityProblems()).isEmpty();
        browser.screenshot("import-registered");

        browser.find(By.linkText("社区")).click();
        browser.waitUntil(d -> browser.path().equals("/communities"));
        browser.find(By.id("q")).sendKeys(missing, org.openqa.selenium.Keys.ENTER);
        browser.waitUntil(d -> !d.findElements(By.id("community-" + missing)).isEmpty());
        browser.find(By.id("code")).sendKeys(missing.substring(0, 9));
        browser.waitUntil(d -> d.findElement(By.id("code-street")).getText().startsWith("所属街道："));
        assertThat(browser.accessibilityProblems()).isEmpty();
        browser.screenshot("communities");

        browser.open("/vocabulary?table=tag&alias=%E5%B8%AE%E6%89%B6&q=%E4%BD%8E%E4%BF%9D");
        assertThat(browser.find(By.id("alias")).getAttribute("value")).isEqualTo("帮扶");
        assertThat(browser.accessibilityProblems()).isEmpty();
        browser.screenshot("vocabulary");
    }

    /** Signs the worker in afresh, uploads the file on 导入 and waits until its check is shown. */
    private void uploadAndAwaitTheCheck(String worker, Path file) {
        browser.driver().manage().deleteAllCookies();
        browser.signIn(worker, Users.PASSWORD);
        browser.open("/imports");
        browser.find(By.id("file")).sendKeys(file.toAbsolutePath().toString());
        browser.find(By.cssSelector("form.upload button[type=submit]")).click();
        browser.waitUntil(d -> !d.findElements(By.id("commit-h")).isEmpty());
    }
}
