package org.communityhub.registry.household;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.ResidentTestData.aResident;

import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.http.ContentType;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.communityhub.access.PageSession;
import org.communityhub.access.Roles;
import org.communityhub.testing.Browser;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HouseholdPageTest {

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
    void aWorkerRegistersAHouseholdPlacesMembersChangesTheHeadAndMovesIt() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String head =
                aResident().in(community).withName("韩立新").at("5号楼", "2", "301").registerAs(worker);
        String other =
                aResident().in(community).withName("韩小梅").at("5号楼", "2", "301").registerAs(worker);
        signInAs(worker);

        browser.open("/households");
        assertThat(browser.accessibilityProblems()).isEmpty();
        browser.find(By.linkText("登记新户")).click();
        browser.waitUntil(d -> browser.path().equals("/households/new"));
        assertThat(browser.focused().getAttribute("id")).isEqualTo("householdNumber");
        assertThat(new Select(browser.find(By.id("communityCode")))
                        .getFirstSelectedOption()
                        .getAttribute("value"))
                .as("a worker of one community registers in it without choosing")
                .isEqualTo(community);
        assertThat(browser.accessibilityProblems()).isEmpty();

        // A household without a number is refused next to the field, keeping what was typed.
        type("building", "5号楼");
        type("unit", "2");
        type("room", "301");
        browser.find(By.xpath("//button[text()='登记']")).click();
        WebElement number = browser.visible(By.cssSelector("#householdNumber[aria-invalid=true]"));
        assertThat(browser.find(By.id("householdNumber-error")).getText()).contains("请填写户号");
        assertThat(browser.find(By.id("building")).getAttribute("value")).isEqualTo("5号楼");
        // 生成户号 fills in the community's next free number and gives it the cursor; it can be changed.
        browser.find(By.id("generate-number")).click();
        browser.waitUntil(d ->
                browser.find(By.id("householdNumber")).getAttribute("value").equals(community.substring(9) + "00001"));
        // htmx gives the swapped field its autofocus when the swap settles, a moment after the value shows.
        browser.waitUntil(d -> "householdNumber".equals(browser.focused().getAttribute("id")));
        assertThat(browser.focused().getAttribute("id")).isEqualTo("householdNumber");
        browser.screenshot("households-new-number");
        number = browser.find(By.id("householdNumber"));
        number.clear();
        number.sendKeys("HP-0501");
        browser.find(By.xpath("//button[text()='登记']")).click();
        browser.waitUntil(d -> browser.path().matches("/households/[0-9a-f-]{36}\\?created=1"));
        String id =
                browser.path().substring("/households/".length(), browser.path().indexOf('?'));
        assertThat(browser.find(By.cssSelector("#household .notice.ok")).getText())
                .contains("户已登记");
        assertThat(browser.find(By.id("household-head")).getText()).contains("无户主");

        addMember("韩立新", "20");
        waitForMembers(1);
        // Adding without a relation is refused next to the relation, the chosen resident still chosen.
        browser.find(By.id("member-q")).clear();
        browser.find(By.id("member-q")).sendKeys("韩小梅", Keys.ENTER);
        browser.visible(By.id("candidate-" + other));
        browser.find(By.xpath("//button[text()='添加成员']")).click();
        browser.visible(By.cssSelector("#relationToHead[aria-invalid=true]"));
        assertThat(browser.find(By.id("relationToHead-error")).getText()).contains("与户主关系");
        assertThat(browser.find(By.id("candidate-" + other)).isSelected()).isTrue();
        new Select(browser.find(By.id("relationToHead"))).selectByValue("30");
        browser.find(By.xpath("//button[text()='添加成员']")).click();
        waitForMembers(2);
        assertThat(browser.find(By.id("members")).getText()).contains("韩立新", "子", "韩小梅", "女");
        assertThat(browser.find(By.id("members")).getText())
                .as("ID numbers are shown masked")
                .containsPattern("\\d{6}\\*{8}\\d{3}[\\dX]");

        browser.find(By.cssSelector("button[aria-label='把韩立新设为户主']")).click();
        browser.waitUntil(d -> textOf("household-head").contains("韩立新"));
        assertThat(browser.find(By.id("flash")).getText()).contains("户主已更新");

        browser.find(By.cssSelector("button[aria-label='把韩小梅移出本户']")).click();
        browser.driver().switchTo().alert().accept();
        waitForMembers(1);
        assertThat(browser.find(By.id("members")).getText()).doesNotContain("韩小梅");

        browser.find(By.xpath("//summary[text()='迁居']")).click();
        type("move-building", "6号楼");
        type("move-room", "502");
        browser.find(By.xpath("//button[text()='迁居']")).click();
        browser.waitUntil(d -> textOf("household-building").equals("6号楼"));
        assertThat(browser.find(By.id("household-room")).getText()).isEqualTo("502");
        assertThat(browser.focused().getAttribute("id"))
                .as("after the move the cursor is on the household's facts")
                .isEqualTo("facts-title");
        browser.driver().executeScript("window.scrollTo(0, 0)");
        browser.screenshot("households-detail");
        assertThat(browser.accessibilityProblems()).isEmpty();

        Json household = Users.as(worker)
                .get("/api/v1/households/" + id)
                .then()
                .extract()
                .as(Json.class);
        assertThat(household.getString("headResidentId")).isEqualTo(head);
        assertThat(household.getList("members.residentId")).containsExactly(head);
        assertThat(Users.as(worker)
                        .get("/api/v1/residents/" + head)
                        .then()
                        .extract()
                        .<String>path("building"))
                .as("a member living at the old address moves with the household")
                .isEqualTo("6号楼");
        assertThat(Users.as(worker)
                        .get("/api/v1/residents/" + other)
                        .then()
                        .extract()
                        .<String>path("householdId"))
                .isNull();

        browser.open("/households?q=HP-0501");
        assertThat(browser.find(By.tagName("table")).getText()).contains("HP-0501", "家庭户", "6号楼", "502");
        browser.screenshot("households-list");
        assertThat(browser.accessibilityProblems()).isEmpty();
    }

    @Test
    void aChangeMadeOnAnOlderVersionIsExplainedAndKeepsWhatWasTyped() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String id = registerHousehold(worker, community, "HP-0601");
        signInAs(worker);
        browser.open("/households/" + id);

        // Someone else changes the household after the page was opened.
        Users.as(worker)
                .header("If-Match", "\"0\"")
                .body(Map.of("householdNumber", "HP-0602", "type", "1"))
                .put("/api/v1/households/" + id)
                .then()
                .statusCode(200);

        browser.find(By.xpath("//summary[text()='迁居']")).click();
        type("move-building", "9号楼");
        browser.find(By.xpath("//button[text()='迁居']")).click();
        WebElement notice = browser.visible(By.cssSelector("#move-household .notice.error"));
        assertThat(notice.getText()).contains("他人已先保存");
        assertThat(browser.find(By.id("household-number")).getText()).isEqualTo("HP-0602");
        assertThat(browser.find(By.id("move-building")).getAttribute("value")).isEqualTo("9号楼");

        // Sent again, now based on what the page shows, the move goes through.
        browser.find(By.xpath("//button[text()='迁居']")).click();
        browser.waitUntil(d -> textOf("household-building").equals("9号楼"));
    }

    @Test
    void theHeadChangesHandsAndTheFormerHeadTakesTheChosenRelation() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String id = registerHousehold(worker, community, "HP-0901");
        String former = aResident().in(community).withName("邵国强").registerAs(worker);
        String spouse = aResident().in(community).withName("邵秀英").registerAs(worker);
        Users.as(worker)
                .body(Map.of("relationToHead", "02"))
                .put("/api/v1/households/" + id + "/members/" + former)
                .then()
                .statusCode(200);
        signInAs(worker);
        browser.open("/households/" + id);

        // A resident is added by name: typing lists the matches at once, the only one chosen already.
        assertThat(browser.driver().findElements(By.id("residentIdText")))
                .as("no id to paste")
                .isEmpty();
        browser.find(By.id("member-q")).sendKeys("邵秀");
        browser.visible(By.cssSelector("#candidate-" + spouse + ":checked"));
        new Select(browser.find(By.id("relationToHead"))).selectByValue("10");
        browser.find(By.xpath("//button[text()='添加成员']")).click();
        waitForMembers(2);

        browser.find(By.xpath("//summary[text()='更换户主']")).click();
        new Select(browser.find(By.id("head-residentId"))).selectByVisibleText("邵秀英（现为配偶）");
        browser.find(By.xpath("//button[text()='更换户主']")).click();
        browser.visible(By.cssSelector("#formerHeadRelation[aria-invalid=true]"));
        assertThat(browser.find(By.id("formerHeadRelation-error")).getText()).contains("原户主与新户主的关系");
        assertThat(new Select(browser.find(By.id("head-residentId")))
                        .getFirstSelectedOption()
                        .getText())
                .contains("邵秀英");
        assertThat(browser.accessibilityProblems()).isEmpty();

        new Select(browser.find(By.id("formerHeadRelation"))).selectByValue("10");
        browser.find(By.xpath("//button[text()='更换户主']")).click();
        browser.waitUntil(d -> textOf("household-head").contains("邵秀英"));
        assertThat(browser.find(By.xpath("//tr[td/a[text()='邵国强']]")).getText()).contains("配偶");
    }

    @Test
    void theHeadlessFilterListsHouseholdsWithoutAHeadOnly() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String headed = registerHousehold(worker, community, "HP-0701");
        registerHousehold(worker, community, "HP-0702");
        String head = aResident().in(community).withName("魏振国").registerAs(worker);
        Users.as(worker)
                .body(Map.of("relationToHead", "02"))
                .put("/api/v1/households/" + headed + "/members/" + head)
                .then()
                .statusCode(200);
        signInAs(worker);

        browser.open("/households");
        assertThat(browser.find(By.tagName("tbody")).getText()).contains("HP-0701", "HP-0702");
        browser.find(By.id("headless")).click();
        browser.find(By.xpath("//button[text()='查找']")).click();
        browser.waitUntil(d -> browser.path().contains("headless=1"));

        String listed = browser.find(By.tagName("tbody")).getText();
        assertThat(listed).contains("HP-0702").doesNotContain("HP-0701");
        assertThat(browser.find(By.id("headless")).isSelected()).isTrue();
        assertThat(browser.accessibilityProblems()).isEmpty();
    }

    @Test
    void aWorkerOfAnotherCommunityCannotOpenTheHousehold() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String id = registerHousehold(worker, community, "HP-0801");
        String stranger = Users.create(Roles.WORKER, Communities.create());
        signInAs(stranger);

        browser.open("/households/" + id);

        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("未找到");
        assertThat(browser.text()).contains("未找到该户").doesNotContain("HP-0801");
        browser.open("/households");
        assertThat(browser.find(By.tagName("tbody")).getText()).doesNotContain("HP-0801");
    }

    @Test
    void rolesWithoutRegistryWorkAreRefusedInChinese() {
        String auditor = Users.create(Roles.AUDITOR, "*");
        for (String page : List.of("/households", "/households/new", "/party-members", "/league-members")) {
            String html = Users.as(auditor)
                    .accept(ContentType.HTML)
                    .get(page)
                    .then()
                    .statusCode(403)
                    .extract()
                    .asString();
            assertThat(html).as(page).contains("无权访问");
        }
    }

    @Test
    void generatingAHouseholdNumberGivesTheCommunitysNextFreeOneAndSavingChecksItAgain() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String own = community.substring(9);
        assertThat(nextNumber(worker, community)).contains("value=\"" + own + "00001\"", "本社区下一个未用的户号");

        registerHousehold(worker, community, own + "00001");
        registerHousehold(worker, community, own + "00007");
        registerHousehold(worker, community, "H-99999");
        assertThat(nextNumber(worker, community))
                .as("one past the highest number of the rule; numbers written otherwise do not count")
                .contains("value=\"" + own + "00008\"");

        // Taken by someone else meanwhile: saving the form says so next to the number, keeping the rest.
        String generated = own + "00008";
        registerHousehold(worker, community, generated);
        String refused = PageSession.signIn(worker, Users.PASSWORD, "198.51.100.41")
                .request()
                .header("HX-Request", "true")
                .contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("householdNumber", generated)
                .formParam("type", "1")
                .formParam("communityCode", community)
                .formParam("building", "8号楼")
                .post("/households")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(refused).contains("id=\"householdNumber-error\">本社区已有相同户号的户。", "value=\"8号楼\"");
        assertThat(nextNumber(worker, community)).contains("value=\"" + own + "00009\"");

        // Without a community, or outside the worker's area, no number: the reason instead.
        assertThat(nextNumber(worker, "")).contains("请先选择所属社区").contains("aria-invalid=\"true\"");
        assertThat(nextNumber(worker, Communities.create())).contains("不在您的管辖范围");
    }

    @Test
    void aMemberIsFoundByNameAmongTheWorkersResidentsOnlyAndMustBeChosen() {
        String community = Communities.create();
        String elsewhere = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String household = registerHousehold(worker, community, "HP-1101");
        String near = aResident().in(community).withName("查找成员甲").registerAs(worker);
        String far = aResident().in(elsewhere).withName("查找成员乙").registerAs(Users.create(Roles.WORKER, elsewhere));

        String found = Users.as(worker)
                .accept("text/html")
                .queryParam("q", "查找成员")
                .get("/households/" + household + "/candidates")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(found).contains("查找成员甲", "value=\"" + near + "\"").doesNotContain("查找成员乙", far);

        // Sent without choosing anyone: the reason beside the list, nobody added.
        String refused = PageSession.signIn(worker, Users.PASSWORD, "198.51.100.42")
                .request()
                .header("HX-Request", "true")
                .contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("version", "0")
                .formParam("q", "查找成员")
                .formParam("relationToHead", "10")
                .post("/households/" + household + "/members")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(refused).contains("请从查找结果中选择一位居民。", "candidate-" + near).doesNotContain("residentIdText");
        assertThat(Users.as(worker)
                        .get("/api/v1/households/" + household)
                        .then()
                        .extract()
                        .as(Json.class)
                        .getList("members"))
                .isEmpty();
    }

    private static String nextNumber(String worker, String community) {
        return Users.as(worker)
                .accept("text/html")
                .queryParam("communityCode", community)
                .get("/households/next-number")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    private void signInAs(String username) {
        browser.driver().manage().deleteAllCookies();
        browser.signIn(username, Users.PASSWORD);
    }

    private void addMember(String name, String relation) {
        WebElement q = browser.find(By.id("member-q"));
        q.clear();
        q.sendKeys(name, Keys.ENTER);
        browser.visible(By.cssSelector("#candidates input[type=radio]:checked"));
        new Select(browser.find(By.id("relationToHead"))).selectByValue(relation);
        browser.find(By.xpath("//button[text()='添加成员']")).click();
    }

    private void waitForMembers(int count) {
        browser.waitUntil(d -> textOf("members-title").contains("（" + count + " 人）"));
    }

    /** The text of an element, or "" while htmx is replacing it. */
    private String textOf(String id) {
        try {
            return browser.find(By.id(id)).getText();
        } catch (StaleElementReferenceException e) {
            return "";
        }
    }

    private void type(String id, String text) {
        WebElement field = browser.find(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private static String registerHousehold(String worker, String community, String number) {
        return Users.as(worker)
                .body(Map.of(
                        "householdNumber", number,
                        "type", "1",
                        "communityCode", community,
                        "building", "7号楼",
                        "unit", "1",
                        "room", "101"))
                .post("/api/v1/households")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class)
                .get("id");
    }
}
