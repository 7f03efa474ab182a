package org.communityhub.desk;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.communityhub.testing.Browser;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubDates;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.Json;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/** The worker's desk in a real browser: registering a household by keyboard, search, platform badges, scope. */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResidentDeskTest {

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
    void aNewWorkerRegistersAHouseholdOfThreeByKeyboardAndSeesTheLeagueMemberQueuedForTheYouthLeague() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        LocalDate today = HubDates.today();
        LocalDate headBirth = today.minusYears(45).withDayOfMonth(3);
        String headId = IdNumbers.of(headBirth, "1");
        String household = "H" + community.substring(8);
        signInAs(worker);

        // From the home page to the form with the keyboard.
        browser.find(By.linkText("登记居民")).sendKeys(Keys.ENTER);
        browser.waitUntil(d -> browser.path().equals("/residents/new"));
        assertThat(browser.focused().getAttribute("name")).isEqualTo("name");
        browser.focused().sendKeys("测试户主");
        browser.focused().sendKeys(Keys.TAB);
        assertThat(browser.focused().getAttribute("name")).isEqualTo("idNumber");

        // A mistyped ID number is refused as it is typed, in Chinese, by the registry's own rule.
        String mistyped = headId.substring(0, 17) + (headId.charAt(17) == '1' ? '2' : '1');
        browser.focused().sendKeys(mistyped);
        WebElement status = browser.visible(By.cssSelector("#idNumber-status .error"));
        assertThat(status.getText()).contains("校验位");

        // Saving anyway shows the refusal next to the field, and keeps what was typed.
        browser.focused().sendKeys(Keys.ENTER);
        WebElement error = browser.visible(By.id("idNumber-error"));
        assertThat(error.getText()).contains("校验位");
        assertThat(browser.find(By.id("name")).getAttribute("value")).isEqualTo("测试户主");
        assertThat(browser.find(By.id("idNumber")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.focused().getAttribute("name")).isEqualTo("idNumber");
        browser.screenshot("resident-form-refused");
        assertThat(browser.accessibilityProblems()).isEmpty();

        // The right number fills in birth date and sex.
        WebElement id = browser.find(By.id("idNumber"));
        id.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        id.sendKeys(headId);
        browser.visible(By.cssSelector("#idNumber-status .ok"));
        browser.waitUntil(d ->
                headBirth.toString().equals(d.findElement(By.id("birthDate")).getAttribute("value")));
        assertThat(browser.find(By.id("sex")).getAttribute("value")).isEqualTo("1");

        type("householdNumber", household);
        choose("relationToHead", "户主");
        type("building", "3号楼");
        type("unit", "2");
        type("room", "501");
        browser.find(By.id("room")).sendKeys(Keys.ENTER);
        registered();
        browser.screenshot("resident-detail");
        assertThat(browser.accessibilityProblems()).isEmpty();

        // The next member: same address and household, one key away.
        browser.find(By.id("register-next")).sendKeys(Keys.ENTER);
        browser.waitUntil(d -> browser.path().startsWith("/residents/new"));
        assertThat(browser.find(By.id("householdNumber")).getAttribute("value")).isEqualTo(household);
        assertThat(browser.find(By.id("room")).getAttribute("value")).isEqualTo("501");
        browser.focused().sendKeys("测试配偶", Keys.TAB, IdNumbers.of(headBirth.plusYears(2), "2"));
        browser.visible(By.cssSelector("#idNumber-status .ok"));
        choose("relationToHead", "配偶");
        browser.find(By.id("name")).sendKeys(Keys.ENTER);
        registered();

        browser.find(By.id("register-next")).sendKeys(Keys.ENTER);
        browser.waitUntil(d -> browser.path().startsWith("/residents/new"));
        LocalDate childBirth = today.minusYears(20).withDayOfMonth(5);
        browser.focused().sendKeys("测试团员", Keys.TAB, IdNumbers.of(childBirth, "1"));
        browser.visible(By.cssSelector("#idNumber-status .ok"));
        choose("relationToHead", "子");
        choose("politicalStatus", "共青团员");
        browser.find(By.name("league")).sendKeys(Keys.SPACE);
        browser.find(By.id("leagueMembership-branch")).sendKeys("测试团支部", Keys.ENTER);
        registered();

        // The league member is queued for the youth league's platform; the page says so.
        WebElement youthLeague = browser.find(By.cssSelector("#platform-status tr[data-platform='youth-league']"));
        assertThat(youthLeague.getText()).contains("共青团智慧团建").containsAnyOf("待同步", "已同步");

        // All three are found by the household's address.
        browser.open("/residents");
        browser.find(By.name("q")).sendKeys("3-2-501", Keys.ENTER);
        browser.waitUntil(d -> browser.text().contains("共 3 人"));
        assertThat(browser.text()).contains("测试户主", "测试配偶", "测试团员");
        browser.screenshot("resident-search");
        assertThat(browser.accessibilityProblems()).isEmpty();

        browser.open("/");
        assertThat(browser.find(By.cssSelector(".tiles")).getText()).contains("3\n辖区在册居民");
        browser.screenshot("home");
        assertThat(browser.accessibilityProblems()).isEmpty();
    }

    @Test
    void searchFindsAResidentByIdNumberNameOrTagAndShowsOnlyMaskedNumbers() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        String idNumber = IdNumbers.of(HubDates.today().minusYears(70), "2");
        String residentId = register(worker, community, "测试寻人", idNumber, List.of("living-alone-elderly"));
        signInAs(worker);

        for (String q : List.of(idNumber, "寻人", "独居老人")) {
            browser.open("/residents");
            browser.find(By.name("q")).sendKeys(q, Keys.ENTER);
            browser.waitUntil(d -> browser.text().contains("共 1 人"));
            WebElement row = browser.find(By.cssSelector("a[href='/residents/" + residentId + "']"));
            assertThat(row.getText()).isEqualTo("测试寻人");
            String results = browser.find(By.tagName("table")).getText();
            assertThat(results).contains(idNumber.substring(0, 3)).doesNotContain(idNumber);
        }
    }

    @Test
    void aWorkerCannotOpenAResidentOutsideTheirCommunity() {
        String theirs = Communities.create();
        String other = Communities.create();
        String owner = Users.create("worker", theirs);
        String outsider = Users.create("worker", other);
        String residentId = register(owner, theirs, "测试邻居", IdNumbers.of(LocalDate.of(1980, 2, 2), "1"), List.of());
        signInAs(outsider);

        browser.open("/residents/" + residentId);

        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("未找到");
        assertThat(browser.text()).doesNotContain("测试邻居");
        browser.open("/residents/" + residentId + "/edit");
        assertThat(browser.text()).doesNotContain("测试邻居");
        browser.open("/residents");
        browser.find(By.name("q")).sendKeys("测试邻居", Keys.ENTER);
        browser.waitUntil(d -> browser.text().contains("共 0 人"));
    }

    @Test
    void anEditAfterSomeoneElseSavedShowsBothVersionsAndLosesNothing() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        String residentId = register(worker, community, "测试改名", IdNumbers.of(LocalDate.of(1975, 6, 6), "1"), List.of());
        signInAs(worker);
        browser.open("/residents/" + residentId + "/edit");
        WebElement phone = browser.find(By.id("phone"));
        phone.sendKeys("13912345678");

        // Meanwhile a colleague saves another change through the API.
        var current =
                Users.as(worker).get("/api/v1/residents/" + residentId).then().extract();
        Map<String, Object> body =
                new java.util.HashMap<>(current.as(Json.class).getMap(""));
        body.put("building", "9号楼");
        body.remove("idNumber");
        body.remove("phone");
        Users.as(worker)
                .header("If-Match", current.header("ETag"))
                .body(body)
                .put("/api/v1/residents/" + residentId)
                .then()
                .statusCode(200);

        phone.sendKeys(Keys.ENTER);

        WebElement stale = browser.visible(By.id("stale"));
        assertThat(stale.getText()).contains("他人已先保存", "9号楼");
        assertThat(browser.find(By.id("phone")).getAttribute("value")).isEqualTo("13912345678");
        browser.screenshot("resident-stale-edit");
        browser.find(By.id("phone")).sendKeys(Keys.ENTER);
        browser.waitUntil(d -> browser.path().startsWith("/residents/" + residentId + "?saved"));
        assertThat(browser.text()).contains("已保存", "139****5678");
    }

    // ---- helpers -------------------------------------------------------------------------------

    private void signInAs(String user) {
        browser.signIn(user, Users.PASSWORD);
        assertThat(browser.path()).isEqualTo("/");
    }

    private void type(String id, String text) {
        WebElement field = browser.find(By.id(id));
        field.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        field.sendKeys(text);
    }

    /** Chooses an option of a select the way a keyboard user does: by typing its name. */
    private void choose(String id, String option) {
        WebElement select = browser.find(By.id(id));
        select.sendKeys(option);
        browser.waitUntil(d -> new org.openqa.selenium.support.ui.Select(select)
                .getFirstSelectedOption()
                .getText()
                .equals(option));
    }

    private void registered() {
        browser.waitUntil(d -> browser.path().matches("/residents/[0-9a-f-]{36}.*"));
        assertThat(browser.find(By.cssSelector(".notice.ok")).getText()).contains("已登记");
    }

    private static String register(String worker, String community, String name, String idNumber, List<String> tags) {
        return Users.as(worker)
                .body(Map.of(
                        "name", name,
                        "idNumber", idNumber,
                        "residenceType", "1",
                        "communityCode", community,
                        "tags", tags))
                .post("/api/v1/residents")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class)
                .get("id");
    }
}
