package org.communityhub.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import org.communityhub.access.PageSession;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/** The API's writes cannot be made from another site, and the pages' token cannot be bypassed. */
@HubTest
class CrossSiteTest {

    @TestHTTPResource("/")
    URL hub;

    @Test
    void aBodylessApiWriteFromAnotherSiteIsRefusedAndOneFromCurlIsNot() {
        String auditor = Users.create("auditor", "*");
        // A form on another site posting with the credentials the browser holds.
        given().auth()
                .preemptive()
                .basic(auditor, Users.PASSWORD)
                .header("Origin", "https://elsewhere.example")
                .post("/api/v1/audit/verify")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body(at("code", equalTo("cross-site-request")));
        given().auth()
                .preemptive()
                .basic(auditor, Users.PASSWORD)
                .header("Sec-Fetch-Site", "cross-site")
                .post("/api/v1/audit/verify")
                .then()
                .statusCode(403);
        given().auth()
                .preemptive()
                .basic(auditor, Users.PASSWORD)
                .header("Origin", "null")
                .post("/api/v1/audit/verify")
                .then()
                .statusCode(403);

        // curl -u: no Origin, no Sec-Fetch-Site; and the hub's own pages: same origin.
        given().auth()
                .preemptive()
                .basic(auditor, Users.PASSWORD)
                .post("/api/v1/audit/verify")
                .then()
                .statusCode(200);
        given().auth()
                .preemptive()
                .basic(auditor, Users.PASSWORD)
                .header("Origin", hub.getProtocol() + "://" + hub.getHost() + ":" + hub.getPort())
                .header("Sec-Fetch-Site", "same-origin")
                .post("/api/v1/audit/verify")
                .then()
                .statusCode(200);
    }

    @Test
    void aLedgerUploadFromAnotherSiteIsRefused() {
        String worker = Users.create("worker", Communities.create());
        given().auth()
                .preemptive()
                .basic(worker, Users.PASSWORD)
                .header("Origin", "https://elsewhere.example")
                .multiPart("file", "台账.csv", "姓名,证件号码\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/api/v1/imports")
                .then()
                .statusCode(403)
                .body(at("code", equalTo("cross-site-request")));
    }

    @Test
    void aBrowserIsNotAskedForBasicCredentials() {
        var page = given().header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
                .get("/api/v1/residents")
                .then()
                .statusCode(401)
                .extract();
        assertThat(page.headers().getValues("WWW-Authenticate")).noneMatch(h -> h.startsWith("Basic"));
        var client = given().header("Accept", "application/json").get("/api/v1/residents");
        assertThat(client.statusCode()).isEqualTo(401);
        assertThat(client.headers().getValues("WWW-Authenticate")).anyMatch(h -> h.startsWith("Basic"));
    }

    @Test
    void aBearerHeaderThatSignsNothingInDoesNotExcuseTheSessionFromTheToken() {
        String worker = Users.create("worker", Communities.create());
        PageSession session = PageSession.signIn(worker, Users.PASSWORD, "198.51.100.31");

        // Token sign-in is not configured here: the cookie signs the request in, so the token is needed.
        given().redirects()
                .follow(false)
                .cookies(session.cookies())
                .header("Authorization", "Bearer x")
                .post("/logout")
                .then()
                .statusCode(403);
        assertThat(session.open()).isTrue();
        session.request().post("/logout").then().statusCode(200);
    }
}
