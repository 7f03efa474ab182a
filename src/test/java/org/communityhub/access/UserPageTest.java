package org.communityhub.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.communityhub.testing.Browser;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;

/** 用户: the system administrator's pages for users, roles, scopes and passwords. */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserPageTest {

    private static final AtomicInteger NEXT = new AtomicInteger();

    @TestHTTPResource("/")
    URL hub;

    private Browser browser;
    private String admin;
    private String community;

    @BeforeAll
    void startBrowser() {
        browser = Browser.start(hub);
    }

    @AfterAll
    void closeBrowser() {
        browser.close();
    }

    @BeforeEach
    void signInAsAnAdmin() {
        community = Communities.create();
        admin = Users.create(Roles.ADMIN, "*");
        browser.driver().manage().deleteAllCookies();
        browser.signIn(admin, Users.PASSWORD);
    }

    @Test
    void theListShowsRolesInChineseAndScopes() {
        String worker = Users.create(Roles.WORKER, community);
        String auditor = Users.create(Roles.AUDITOR, "*");

        browser.open("/users?size=200");

        assertThat(browser.find(By.cssSelector("header nav")).getText()).contains("用户");
        assertThat(rowOf(worker)).contains("社区工作者", community, "启用");
        assertThat(rowOf(auditor)).contains("审计员", "全部");
        assertThat(rowOf(admin)).contains("系统管理员");
        browser.screenshot("users-list");
        assertThat(browser.accessibilityProblems()).isEmpty();
    }

    @Test
    void anAdminCreatesAUserWhoCanThenSignIn() {
        String username = "page.worker" + NEXT.getAndIncrement();
        browser.open("/users");
        browser.find(By.linkText("新建用户")).click();
        browser.waitUntil(d -> browser.path().equals("/users/new"));
        assertThat(browser.focused().getAttribute("id")).isEqualTo("username");
        assertThat(browser.accessibilityProblems()).isEmpty();

        type("username", username);
        type("displayName", "王网格");
        type("password", "Grid-worker-2026");
        type("confirm", "Grid-worker-2026");
        browser.find(By.id("role-worker")).click();
        type("scope", community);
        browser.screenshot("users-new");
        browser.find(By.xpath("//button[text()='创建用户']")).click();

        browser.waitUntil(d -> browser.path().startsWith("/users?created="));
        assertThat(browser.find(By.cssSelector(".notice.ok")).getText()).contains("已创建用户 " + username);
        Users.asAdmin()
                .when()
                .get("/api/v1/users/" + username)
                .then()
                .statusCode(200)
                .body(at("displayName", equalTo("王网格")))
                .body(at("roles", equalTo(List.of("worker"))))
                .body(at("scope", equalTo(List.of(community))));

        browser.driver().manage().deleteAllCookies();
        browser.signIn(username, "Grid-worker-2026");
        assertThat(browser.path()).isEqualTo("/");
        assertThat(browser.find(By.cssSelector("header .who")).getText()).contains(username);
        assertThat(browser.find(By.cssSelector("header nav")).getText())
                .contains("居民")
                .doesNotContain("用户");
    }

    @Test
    void refusedFieldsAreExplainedNextToThemAndNothingTypedIsLost() {
        browser.open("/users/new");
        type("displayName", "李街道");
        type("password", "Street-lead-2026");
        type("confirm", "Street-lead-2027");
        browser.find(By.id("role-supervisor")).click();
        type("scope", Communities.streetOf(community) + "，999999999");
        submit();

        assertThat(errorOf("username")).isEqualTo("请填写用户名。");
        assertThat(browser.find(By.id("username")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.find(By.id("username")).getAttribute("aria-describedby"))
                .contains("username-error");
        assertThat(errorOf("confirm")).isEqualTo("两次输入的密码不一致，请重新输入。");
        // What was typed is still there, apart from the passwords.
        assertThat(browser.find(By.id("displayName")).getAttribute("value")).isEqualTo("李街道");
        assertThat(browser.find(By.id("scope")).getAttribute("value"))
                .isEqualTo(Communities.streetOf(community) + "，999999999");
        assertThat(browser.find(By.id("role-supervisor")).isSelected()).isTrue();
        assertThat(browser.find(By.id("role-worker")).isSelected()).isFalse();
        assertThat(browser.find(By.id("password")).getAttribute("value")).isEmpty();
        assertThat(browser.driver().findElements(By.id("password-error"))).isEmpty();
        browser.screenshot("users-new-errors");
        assertThat(browser.accessibilityProblems()).isEmpty();

        // The form is right now; the registry knows no such division.
        type("username", "street.lead" + NEXT.getAndIncrement());
        type("password", "Street-lead-2026");
        type("confirm", "Street-lead-2026");
        submit();
        assertThat(errorOf("scope")).isEqualTo("999999999：没有这个行政区划。");
        assertThat(browser.find(By.id("scope")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.driver().findElements(By.id("username-error"))).isEmpty();

        // Nothing chosen: the roles' message is about the check boxes, not the API's role names.
        browser.find(By.id("role-supervisor")).click();
        type("username", "x");
        submit();
        assertThat(errorOf("roles")).isEqualTo("请至少选择一个角色。");
        assertThat(errorOf("username")).startsWith("用户名为 3–64 位小写字母");
        assertThat(errorOf("password")).isEqualTo("请设置密码。");
    }

    @Test
    void aUsernameAlreadyTakenIsSaidNextToTheUsername() {
        String taken = Users.create(Roles.WORKER, community);
        browser.open("/users/new");
        type("username", taken);
        type("password", "Someone-else-2026");
        type("confirm", "Someone-else-2026");
        browser.find(By.id("role-worker")).click();
        type("scope", community);
        submit();

        assertThat(errorOf("username")).isEqualTo("该用户名已被使用。");
    }

    @Test
    void anAdminChangesRolesScopeAndEnabled() {
        String worker = Users.create(Roles.WORKER, community);
        browser.open("/users");
        browser.find(By.linkText(worker)).click();
        browser.waitUntil(d -> browser.path().equals("/users/" + worker + "/edit"));
        assertThat(browser.find(By.id("role-worker")).isSelected()).isTrue();
        assertThat(browser.find(By.id("scope")).getAttribute("value")).isEqualTo(community);
        browser.screenshot("users-edit");
        assertThat(browser.accessibilityProblems()).isEmpty();

        type("displayName", "赵审计");
        browser.find(By.id("role-worker")).click();
        browser.find(By.id("role-auditor")).click();
        type("scope", "*");
        browser.find(By.id("enabled")).click();
        browser.find(By.xpath("//form[@id='user-form']//button[text()='保存']")).click();

        awaitText("user-form", "已保存。");
        assertThat(browser.find(By.cssSelector("#user-form input[name=version]"))
                        .getAttribute("value"))
                .isEqualTo("1");
        Users.asAdmin()
                .when()
                .get("/api/v1/users/" + worker)
                .then()
                .body(at("displayName", equalTo("赵审计")))
                .body(at("roles", equalTo(List.of("auditor"))))
                .body(at("scope", equalTo(List.of("*"))))
                .body(at("enabled", equalTo(false)));
        given().auth()
                .preemptive()
                .basic(worker, Users.PASSWORD)
                .get("/api/v1/me")
                .then()
                .statusCode(401);
    }

    @Test
    void aSaveBasedOnAStaleVersionIsRefusedAndExplained() {
        String worker = Users.create(Roles.WORKER, community);
        browser.open("/users/" + worker + "/edit");
        // Someone else saves first.
        Users.asAdmin()
                .header("If-Match", "\"0\"")
                .body(Map.of(
                        "displayName",
                        "别人改的",
                        "roles",
                        List.of("worker"),
                        "scope",
                        List.of(community),
                        "enabled",
                        true))
                .when()
                .put("/api/v1/users/" + worker)
                .then()
                .statusCode(200);

        type("displayName", "我改的");
        browser.find(By.xpath("//form[@id='user-form']//button[text()='保存']")).click();

        awaitText("user-form", "已有人修改并保存了该用户");
        assertThat(browser.find(By.id("displayName")).getAttribute("value")).isEqualTo("我改的");
        assertThat(browser.find(By.linkText("重新打开")).getAttribute("href")).endsWith("/users/" + worker + "/edit");
        Users.asAdmin().when().get("/api/v1/users/" + worker).then().body(at("displayName", equalTo("别人改的")));
    }

    @Test
    void anAdminResetsAPasswordOnceBothEntriesMatch() {
        String worker = Users.create(Roles.WORKER, community);
        browser.open("/users/" + worker + "/edit");

        type("new-password", "Fresh-start-2026");
        type("confirm-password", "Fresh-start-2062");
        browser.find(By.xpath("//button[text()='重置密码']")).click();
        awaitText("password-form", "两次输入的密码不一致");
        assertThat(browser.find(By.id("confirm-password")).getAttribute("aria-invalid"))
                .isEqualTo("true");
        given().auth()
                .preemptive()
                .basic(worker, Users.PASSWORD)
                .get("/api/v1/me")
                .then()
                .statusCode(200);

        type("new-password", "short1");
        type("confirm-password", "short1");
        browser.find(By.xpath("//button[text()='重置密码']")).click();
        awaitText("password-form", "密码至少 10 位");

        type("new-password", "Fresh-start-2026");
        type("confirm-password", "Fresh-start-2026");
        browser.find(By.xpath("//button[text()='重置密码']")).click();
        awaitText("password-form", "已为 " + worker + " 设置新密码");

        given().auth()
                .preemptive()
                .basic(worker, "Fresh-start-2026")
                .get("/api/v1/me")
                .then()
                .statusCode(200);
        given().auth()
                .preemptive()
                .basic(worker, Users.PASSWORD)
                .get("/api/v1/me")
                .then()
                .statusCode(401);
    }

    @Test
    void aWorkerIsRefusedTheUsersInChinese() {
        String worker = Users.create(Roles.WORKER, community);
        browser.driver().manage().deleteAllCookies();
        browser.signIn(worker, Users.PASSWORD);

        browser.open("/users");

        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("无权访问");
        assertThat(browser.text()).contains("您的角色无权进行此操作。");
        for (String path : List.of("/users", "/users/new", "/users/" + worker + "/edit")) {
            Users.as(worker)
                    .when()
                    .get(path)
                    .then()
                    .statusCode(403)
                    .contentType(containsString("text/html"))
                    .body(containsString("无权访问"));
        }
        Users.as(worker)
                .contentType("application/x-www-form-urlencoded")
                .formParam("username", "made.by.worker")
                .formParam("password", "Made-by-worker-1")
                .formParam("confirm", "Made-by-worker-1")
                .formParam("roles", "admin")
                .formParam("scope", "*")
                .when()
                .post("/users")
                .then()
                .statusCode(403);
        Users.asAdmin().when().get("/api/v1/users/made.by.worker").then().statusCode(404);
    }

    /** Sends the create form and waits for its answer. */
    private void submit() {
        WebElement form = browser.find(By.id("user-form"));
        browser.find(By.xpath("//button[text()='创建用户']")).click();
        browser.waitUntil(org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(form));
    }

    private String rowOf(String username) {
        return browser.find(By.id("user-" + username)).getText();
    }

    private void type(String id, String text) {
        WebElement field = browser.find(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private String errorOf(String field) {
        return browser.find(By.id(field + "-error")).getText();
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
}
