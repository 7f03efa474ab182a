package org.communityhub.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.hamcrest.Matchers.equalTo;

import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.ResidentTestData;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/** Answers at the edge: personal data never cached, over-long addresses and headers as problems. */
@HubTest
class EdgeAnswersTest {

    @Test
    void theHubHasAnIconForTheBrowsersTab() {
        byte[] icon = given().redirects()
                .follow(false)
                .get("/favicon.ico")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        // An icon file (ICO) holding one 32×32 image.
        assertThat(icon).startsWith(0, 0, 1, 0, 1, 0, 32, 32);
        String signIn = given().get("/login").then().statusCode(200).extract().asString();
        assertThat(signIn).contains("<link rel=\"icon\" href=\"/favicon.ico\">");
    }

    @Test
    void jsonWithPersonalDataIsNotStored() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        String id = ResidentTestData.aResident().in(community).registerAs(worker);

        Users.as(worker).get("/api/v1/residents").then().statusCode(200).header("Cache-Control", "no-store");
        Users.as(worker).get("/api/v1/residents/" + id).then().statusCode(200).header("Cache-Control", "no-store");
    }

    @Test
    void anAddressTooLongIsAProblem() {
        String worker = Users.create("worker", Communities.create());
        Users.as(worker)
                .get("/api/v1/residents?q=" + "a".repeat(RequestHeads.MAX_URI + 100))
                .then()
                .statusCode(414)
                .contentType("application/problem+json")
                .body(at("code", equalTo("uri-too-long")));
    }

    @Test
    void headersTooLargeAreAProblem() {
        given().header("Accept", "application/json")
                .cookie("big", "b".repeat(RequestHeads.MAX_HEADERS + 100))
                .get("/api/v1/residents")
                .then()
                .statusCode(431)
                .contentType("application/problem+json")
                .body(at("code", equalTo("headers-too-large")));
    }
}
