package org.communityhub.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.ResidentTestData.aResident;

import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.communityhub.access.Roles;
import org.communityhub.testing.Browser;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.Json;
import org.communityhub.testing.PlatformSimulators;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The resident form while it is filled in: an ID number someone holds is said as it is typed (named
 * only inside the worker's area), probable duplicates are warned of before saving and answered
 * there. Browser tests for what htmx and the keyboard do; HTML-level tests for the rules.
 */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResidentFormTest {

    /** hub.privacy.lookups-elsewhere-per-day, at its default. */
    private static final int LOOKUP_BUDGET = 30;

    private static final LocalDate ZHONG_BIRTH = LocalDate.of(1973, 2, 28);

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

    // ---- item 1: duplicates warned of while the form is filled in ----------------------------

    @Test
    void aProbableDuplicateIsWarnedOfWhileTypingAndNotTheSamePersonIsRecordedAsTheApiRecordsIt() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String supervisor = Users.create(Roles.SUPERVISOR, community);
        String number = IdNumbers.of(ZHONG_BIRTH, "1");
        String zhong = aResident()
                .in(community)
                .withName("钟睿")
                .withIdNumber(number)
                .at("10号楼", "1", "1001")
                .registerAs(worker);
        browser.signIn(worker, Users.PASSWORD);
        browser.open("/residents/new");

        // Same name, an ID number one digit off (another person, or a typo): warned before saving.
        browser.focused().sendKeys("钟睿", Keys.TAB, IdNumbers.oneDigitOff(number, 3));
        WebElement warning = browser.visible(By.cssSelector("#duplicate-check .probable"));
        assertThat(warning.getText()).contains("已有 钟睿（1973-02-28，10号楼 1单元 1001）");
        assertThat(warning.findElement(By.linkText("打开他的记录")).getAttribute("href"))
                .endsWith("/residents/" + zhong);
        browser.screenshot("resident-form-probable-duplicate");
        assertThat(browser.accessibilityProblems()).isEmpty();

        // "Not the same person": the warning folds away, the answer rides with the form.
        warning.findElement(By.cssSelector("button.not-same")).sendKeys(Keys.ENTER);
        WebElement answered = browser.visible(By.cssSelector("#duplicate-check .dismissed"));
        assertThat(answered.getText()).contains("已确认与 钟睿", "不是同一人");
        assertThat(browser.driver().findElements(By.cssSelector("#duplicate-check .probable")))
                .isEmpty();
        assertThat(browser.focused().getText()).isEqualTo("撤销");
        browser.screenshot("resident-form-not-same-person");

        browser.find(By.id("building")).sendKeys("3号楼");
        browser.find(By.id("room")).sendKeys("301", Keys.ENTER);
        browser.waitUntil(d -> browser.path().matches("/residents/[0-9a-f-]{36}.*"));
        assertThat(browser.text()).contains("已登记").doesNotContain("可能有同一人");
        String second = browser.path().substring("/residents/".length(), "/residents/".length() + 36);

        // The pair is decided "different people" by the worker, as POST /api/v1/duplicates/{id}/decision does.
        Json decided = Users.as(supervisor)
                .get("/api/v1/duplicates?status=different-people")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(decided.getList("items.residentA.id")).containsAnyOf(zhong, second);
        assertThat(decided.getList("items.residentB.id")).containsAnyOf(zhong, second);
        assertThat(decided.getList("items.decidedBy", String.class)).contains(worker);
        assertThat(Users.as(supervisor)
                        .get("/api/v1/duplicates?status=open")
                        .then()
                        .extract()
                        .as(Json.class)
                        .getList("items.residentA.id"))
                .doesNotContain(zhong, second);
    }

    @Test
    void anIdNumberRegisteredInTheAreaNamesItsHolderAndOneElsewhereOnlySaysAskTheStreet() {
        String home = Communities.create();
        String other = Communities.create();
        String worker = Users.create(Roles.WORKER, home);
        String outsider = Users.create(Roles.WORKER, other);
        String number = IdNumbers.of(ZHONG_BIRTH, "1");
        String zhong = aResident()
                .in(home)
                .withName("钟睿")
                .withIdNumber(number)
                .at("10号楼", "1", "1001")
                .registerAs(worker);

        browser.signIn(worker, Users.PASSWORD);
        browser.open("/residents/new");
        browser.focused().sendKeys("钟小睿", Keys.TAB, number);
        WebElement holder = browser.visible(By.id("idNumber-holder"));
        assertThat(holder.getText()).contains("该身份证号已登记：钟睿（1973-02-28，10号楼 1单元 1001）");
        assertThat(holder.findElement(By.linkText("打开他的记录")).getAttribute("href"))
                .endsWith("/residents/" + zhong);
        browser.screenshot("resident-form-id-number-held");

        browser.signIn(outsider, Users.PASSWORD);
        browser.open("/residents/new");
        browser.focused().sendKeys("钟睿", Keys.TAB, number);
        WebElement elsewhere = browser.visible(By.id("idNumber-holder"));
        assertThat(elsewhere.getText()).isEqualTo("该身份证号已在本区其他社区登记，请联系街道核实。");
        assertThat(browser.text()).doesNotContain("10号楼", "1001", "1973-02-28，");
        assertThat(browser.driver().getPageSource()).doesNotContain(zhong);
        browser.screenshot("resident-form-id-number-elsewhere");
    }

    @Test
    void theFormsLookUpsElsewhereAreLoggedAndRationedLikeARegistrations() {
        String home = Communities.create();
        String other = Communities.create();
        String homeWorker = Users.create(Roles.WORKER, home);
        String prober = Users.create(Roles.WORKER, other);
        String homeAuditor = Users.create(Roles.AUDITOR, home);
        List<String> held = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < LOOKUP_BUDGET; i++) {
            var r = aResident().in(home).withName("查询甲");
            ids.add(r.registerAs(homeWorker));
            held.add(r.idNumber());
        }
        for (String number : held) {
            String said = idCheck(prober, number);
            assertThat(said).contains("该身份证号已在本区其他社区登记，请联系街道核实").doesNotContain("查询", "打开他的记录");
            assertThat(ids).noneMatch(said::contains);
        }
        // The holder's auditors see who looked their resident up.
        Json log = Users.as(homeAuditor)
                .get("/api/v1/audit/access-log?action=LOOKUP&resident=" + ids.get(0))
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(log.getList("items.username", String.class)).containsExactly(prober);

        // Used up: the form says so for any number, held or free, so the answer tells nothing.
        for (String number : List.of(held.get(0), IdNumbers.any())) {
            assertThat(idCheck(prober, number)).contains("已达上限").doesNotContain("其他社区登记");
        }
        // So does registering, as before.
        Users.as(prober)
                .body(aResident().in(other).json())
                .post("/api/v1/residents")
                .then()
                .statusCode(429);
    }

    @Test
    void theDuplicateCheckFindsByNameAndBirthDateAndKeepsTheAnswersOfTheForm() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String first = aResident()
                .in(community)
                .withName("周杰")
                .withIdNumber(IdNumbers.of(ZHONG_BIRTH, "1"))
                .at("2号楼", "3", "302")
                .registerAs(worker);

        // A homophone, the same birth date, no ID number at hand.
        String found = Users.as(worker)
                .accept("text/html")
                .queryParam("name", "周傑")
                .queryParam("birthDate", ZHONG_BIRTH.toString())
                .get("/residents/duplicate-check")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(found).contains("已有 <strong>周杰</strong>（1973-02-28，2号楼 3单元 302）", "/residents/" + first);

        // Answered: carried as the form's notSame, no longer asked.
        String answered = Users.as(worker)
                .accept("text/html")
                .queryParam("name", "周傑")
                .queryParam("birthDate", ZHONG_BIRTH.toString())
                .queryParam("dismiss", first)
                .get("/residents/duplicate-check")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(answered)
                .contains("name=\"notSame\" value=\"" + first + "\"")
                .doesNotContain("不是同一人，继续登记");

        // Another name, or the name without a birth date or number: nothing to say, nothing read.
        for (String query : List.of("name=周杰伦&birthDate=1973-02-28", "name=周杰", "birthDate=1973-02-28")) {
            assertThat(Users.as(worker)
                            .accept("text/html")
                            .get("/residents/duplicate-check?" + query)
                            .asString())
                    .doesNotContain("已有");
        }
        // A worker of another community is never shown this one's residents.
        String outsider = Users.create(Roles.WORKER, Communities.create());
        assertThat(Users.as(outsider)
                        .accept("text/html")
                        .queryParam("name", "周杰")
                        .queryParam("birthDate", ZHONG_BIRTH.toString())
                        .get("/residents/duplicate-check")
                        .asString())
                .doesNotContain("周杰", first);

        // Saved without an answer: the pair stays to be looked at, and the page after saving says so.
        var saved = Users.as(worker)
                .contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("name", "周傑")
                .formParam("idNumber", "")
                .formParam("birthDate", ZHONG_BIRTH.toString())
                .formParam("sex", "1")
                .formParam("residenceType", "1")
                .formParam("communityCode", community)
                .post("/residents")
                .then()
                .statusCode(200)
                .extract();
        assertThat(saved.header("HX-Redirect")).as(saved.asString()).contains("duplicates=" + first);
    }

    // ---- item 2: a refused record fixed with confidence ----------------------------------------

    @Test
    void aRefusedIdNumberIsCorrectedFromTheRefusalWithoutRetypingItAndSentAgain() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String auditor = Users.create(Roles.AUDITOR, community);
        String right = IdNumbers.of(LocalDate.of(1980, 5, 5), "2");
        while (right.startsWith("000", 14)) { // such a number needs confirming against the document
            right = IdNumbers.of(LocalDate.of(1980, 5, 5), "2");
        }
        String wrong = IdNumbers.oneDigitOff(right, 4);
        String fixed = right;
        var platform = PlatformSimulators.publicSecurity();
        platform.rejectWhere("公民身份号码", wrong, "公民身份号码与姓名不匹配");
        try {
            String id = aResident()
                    .in(community)
                    .withName("更正甲")
                    .withIdNumber(wrong)
                    .registerAs(worker);
            awaitPublicSecurity(worker, id, "REJECTED");

            browser.signIn(worker, Users.PASSWORD);
            browser.open("/residents/" + id);
            browser.find(By.cssSelector("#platform-status tr[data-platform='public-security'] a.fix-refusal"))
                    .sendKeys(Keys.ENTER);
            browser.waitUntil(d -> browser.path().equals("/residents/" + id + "/edit?platform=public-security"));

            // The platform's words at the top, its field marked and given the cursor.
            assertThat(browser.find(By.id("refusal")).getText())
                    .contains("公安实有人口退回了这条记录", "公民身份号码与姓名不匹配", "证件号码", "重新报送到公安实有人口");
            WebElement number = browser.find(By.id("idNumber"));
            assertThat(number.getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(browser.focused().getAttribute("id")).isEqualTo("idNumber");
            assertThat(number.getAttribute("value")).contains("*");
            assertThat(new org.openqa.selenium.support.ui.Select(browser.find(By.id("reveal-purpose")))
                            .getFirstSelectedOption()
                            .getText())
                    .isEqualTo("核实平台退回的记录");
            browser.screenshot("resident-edit-refused");
            assertThat(browser.accessibilityProblems()).isEmpty();

            // Shown in full (the purpose already chosen), then two keys fix the digit and the check.
            browser.find(By.id("reveal-id-number")).sendKeys(Keys.ENTER);
            browser.visible(By.id("idNumber-revealed"));
            browser.waitUntil(d -> wrong.equals(d.findElement(By.id("idNumber")).getAttribute("value")));
            WebElement full = browser.focused();
            assertThat(full.getAttribute("id")).isEqualTo("idNumber");
            full.sendKeys(Keys.HOME, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT);
            full.sendKeys(Keys.DELETE, right.substring(4, 5), Keys.END, Keys.BACK_SPACE, right.substring(17));
            browser.waitUntil(d -> fixed.equals(d.findElement(By.id("idNumber")).getAttribute("value")));
            browser.visible(By.cssSelector("#idNumber-status .ok"));
            browser.screenshot("resident-edit-refused-corrected");
            browser.focused().sendKeys(Keys.ENTER);

            // Saved: the page says where the record goes now, and it goes.
            browser.waitUntil(d -> browser.path().startsWith("/residents/" + id + "?saved=1"));
            assertThat(browser.find(By.id("saved")).getText()).contains("已保存", "重新报送到公安实有人口");
            assertThat(browser.text()).doesNotContain("未保存任何数据");
            browser.screenshot("resident-saved-resent");
            awaitPublicSecurity(worker, id, "SYNCED");
        } finally {
            platform.reset();
        }

        // The reveal is in the access log with its purpose.
        Json log = Users.as(auditor)
                .get("/api/v1/audit/access-log?resident="
                        + Users.as(worker)
                                .get("/api/v1/residents?q=更正甲")
                                .then()
                                .extract()
                                .as(Json.class)
                                .get("items[0].id"))
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(log.getList("items.purpose", String.class)).contains("platform-rejection");
    }

    @Test
    void theIdNumberIsShownInFullOnlyWithAPurposeAndNeverCached() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        var resident = aResident().in(community).withName("显示乙");
        String id = resident.registerAs(worker);

        var refused = Users.as(worker).accept("text/html").get("/residents/" + id + "/id-number");
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(refused.asString()).doesNotContain(resident.idNumber()).contains("目的");

        var shown = Users.as(worker)
                .accept("text/html")
                .queryParam("revealPurpose", "data-correction")
                .get("/residents/" + id + "/id-number");
        assertThat(shown.asString()).contains("value=\"" + resident.idNumber() + "\"", "已显示完整号码");
        assertThat(shown.header("Cache-Control")).contains("no-store");

        // The plain edit form (not from a refusal) shows it masked, with no refusal.
        String edit = Users.as(worker)
                .accept("text/html")
                .get("/residents/" + id + "/edit")
                .asString();
        assertThat(edit).doesNotContain(resident.idNumber(), "id=\"refusal\"").contains("reveal-id-number");
        // A platform with no standing refusal: the form is as plain.
        assertThat(Users.as(worker)
                        .accept("text/html")
                        .get("/residents/" + id + "/edit?platform=public-security")
                        .asString())
                .doesNotContain("id=\"refusal\"");
    }

    private static void awaitPublicSecurity(String worker, String id, String status) {
        org.communityhub.testing.Waiting.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .untilAsserted(() -> Users.as(worker)
                        .get("/api/v1/residents/" + id + "/sync")
                        .then()
                        .statusCode(200)
                        .body(at(
                                "find { it.adapterId == 'public-security' }.status",
                                org.hamcrest.Matchers.equalTo(status))));
    }

    // ---- item 9: the form by keyboard ----------------------------------------------------------

    @Test
    void theFormTakesFewerStopsAndEnterSavesFromASelect() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        browser.signIn(worker, Users.PASSWORD);
        browser.open("/residents/new");
        LocalDate birth =
                org.communityhub.testing.HubDates.today().minusYears(45).withDayOfMonth(7);

        // Neither party nor league is asked of a 45-year-old without a political status.
        browser.focused().sendKeys("键盘丙", Keys.TAB, IdNumbers.of(birth, "1"));
        browser.visible(By.cssSelector("#idNumber-status .ok"));
        assertThat(browser.find(By.id("party-section")).isDisplayed()).isFalse();
        assertThat(browser.find(By.id("league-section")).isDisplayed()).isFalse();

        // 文化程度 is found by typing part of its name, from a list the hub serves.
        assertThat(browser.driver().findElements(By.cssSelector("#education-options option")))
                .extracting(o -> o.getAttribute("value"))
                .contains("大学本科毕业");
        browser.find(By.id("education")).sendKeys("大学本科毕业");

        // The tags are one stop of the Tab key; arrows move between them, Space ticks one.
        browser.find(By.id("phone")).sendKeys(Keys.TAB);
        assertThat(browser.focused().getAttribute("name")).isEqualTo("tags");
        browser.focused().sendKeys(Keys.ARROW_RIGHT);
        WebElement second = browser.focused();
        second.sendKeys(Keys.SPACE);
        assertThat(second.isSelected()).isTrue();
        second.sendKeys(Keys.TAB);
        assertThat(browser.focused().getAttribute("id")).isEqualTo("communityCode");

        // A party member's political status opens the party section; Enter on the select saves.
        WebElement status = browser.find(By.id("politicalStatus"));
        status.sendKeys("中共党员");
        browser.waitUntil(d -> d.findElement(By.id("party-section")).isDisplayed());
        browser.find(By.name("party")).sendKeys(Keys.SPACE);
        WebElement kind = browser.find(By.id("partyMembership-status"));
        kind.sendKeys("正式党员");
        // Dates are one stop, typed as people write them.
        browser.find(By.id("partyMembership-joinedOn")).sendKeys("2001.7.1");
        browser.screenshot("resident-form-keyboard");
        assertThat(browser.accessibilityProblems()).isEmpty();
        kind.sendKeys(Keys.ENTER);
        browser.waitUntil(d -> browser.path().matches("/residents/[0-9a-f-]{36}.*"));
        String id = browser.path().substring("/residents/".length(), "/residents/".length() + 36);
        Json saved = Users.as(worker)
                .get("/api/v1/residents/" + id)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(saved.getString("education")).isEqualTo("21");
        assertThat(saved.getString("politicalStatus")).isEqualTo("01");
        assertThat(saved.getList("tags")).hasSize(1);
        assertThat(saved.getString("partyMembership.joinedOn")).isEqualTo("2001-07-01");
    }

    @Test
    void datesAreReadAsTypedAndEducationMustBeOnItsList() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);

        // Not on the list: said beside the field, nothing saved, nothing lost.
        var refused = post(worker, community, "日期丁", "1980.5.5", "大学");
        assertThat(refused.header("HX-Redirect")).isNull();
        assertThat(refused.asString())
                .contains("id=\"education-error\"", "没有“大学”这一项")
                .contains("value=\"1980-05-05\"", "value=\"大学\"");

        for (String typed : List.of("19800505", "1980/5/5", "1980年5月5日")) {
            var saved = post(worker, community, "日期丁", typed, "大学本科毕业");
            assertThat(saved.header("HX-Redirect")).as(typed).startsWith("/residents/");
            String id = saved.header("HX-Redirect").substring("/residents/".length(), "/residents/".length() + 36);
            Json r = Users.as(worker)
                    .get("/api/v1/residents/" + id)
                    .then()
                    .extract()
                    .as(Json.class);
            assertThat(r.getString("birthDate")).as(typed).isEqualTo("1980-05-05");
            assertThat(r.getString("education")).isEqualTo("21");
        }
        // A date that is no date is the registry's to refuse, as typed.
        assertThat(post(worker, community, "日期丁", "1980-02-30", "").asString())
                .contains("value=\"1980-02-30\"", "birthDate-error");
    }

    private static io.restassured.response.ExtractableResponse<io.restassured.response.Response> post(
            String worker, String community, String name, String birthDate, String education) {
        return Users.as(worker)
                .contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("name", name)
                .formParam("idNumber", "")
                .formParam("birthDate", birthDate)
                .formParam("sex", "2")
                .formParam("residenceType", "1")
                .formParam("educationName", education)
                .formParam("communityCode", community)
                .post("/residents")
                .then()
                .statusCode(200)
                .extract();
    }

    private static String idCheck(String user, String number) {
        return Users.as(user)
                .accept("text/html")
                .queryParam("idNumber", number)
                .queryParam("name", "探查")
                .get("/residents/id-check")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }
}
