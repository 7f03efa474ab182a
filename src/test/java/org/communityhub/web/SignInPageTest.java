package org.communityhub.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import org.communityhub.testing.Browser;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;

@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInPageTest {

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
    void aPageAskedForBeforeSigningInOpensAfterSigningIn() {
        String worker = Users.create("worker", Communities.create());
        browser.signOut();

        browser.open("/residents");
        assertThat(browser.path()).isEqualTo("/login");
        browser.screenshot("sign-in");
        assertThat(browser.accessibilityProblems()).isEmpty();

        browser.submitSignIn(worker, Users.PASSWORD);

        assertThat(browser.path()).startsWith("/residents");
        assertThat(browser.find(By.cssSelector("header .who")).getText()).contains(worker);
    }

    @Test
    void aWrongPasswordIsExplainedInChineseAndSignsNobodyIn() {
        String worker = Users.create("worker", Communities.create());
        browser.signOut();

        browser.signIn(worker, "not-the-password");

        assertThat(browser.path()).startsWith("/login");
        assertThat(browser.find(By.cssSelector(".notice.error")).getText()).contains("用户名或密码不正确");
        browser.open("/");
        assertThat(browser.path()).isEqualTo("/login");
    }

    @Test
    void theNavigationShowsWhatTheRoleMayUseAndSigningOutEndsTheSession() {
        String auditor = Users.create("auditor", "*");
        browser.signOut();
        browser.signIn(auditor, Users.PASSWORD);

        String nav = browser.find(By.cssSelector("header nav")).getText();
        assertThat(nav).contains("工作台", "审计").doesNotContain("居民", "用户", "平台");

        browser.find(By.xpath("//button[text()='退出']")).click();
        browser.waitUntil(d -> browser.path().startsWith("/login"));
        browser.open("/");
        assertThat(browser.path()).isEqualTo("/login");
    }

    @Test
    void aChangeSignedInByTheSessionCookieNeedsTheTokenOfThePage() {
        String worker = Users.create("worker", Communities.create());
        var signIn = given().redirects()
                .follow(false)
                .formParam("j_username", worker)
                .formParam("j_password", Users.PASSWORD)
                .post("/j_security_check");
        var cookies = signIn.getCookies();
        assertThat(cookies.get("quarkus-credential")).isNotBlank();
        String page = given().cookies(cookies).get("/").asString();
        var token = java.util.regex.Pattern.compile("\"X-CSRF-Token\": \"([^\"]+)\"")
                .matcher(page);
        assertThat(token.find()).isTrue();

        // A forged request from another site carries the cookies but cannot know the token; a token
        // planted in the browser before sign-in (the cookie of the pre-sign-in token) is worth nothing.
        given().cookies(cookies).post("/logout").then().statusCode(403);
        given().cookies(cookies)
                .cookie("hub-csrf", "the-page-token")
                .header("X-CSRF-Token", "the-page-token")
                .post("/logout")
                .then()
                .statusCode(403);
        given().cookies(cookies)
                .header("X-CSRF-Token", token.group(1))
                .post("/logout")
                .then()
                .statusCode(200);
    }

    @Test
    void theApiStillAnswersProblemsNotSignInPages() {
        given().get("/api/v1/residents").then().statusCode(401).contentType("application/problem+json");
    }
}
