package org.communityhub.common.error;

import static io.restassured.RestAssured.given;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.restassured.http.ContentType;
import java.util.Map;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bad requests get a precise problem+json answer: no stack trace, no SQL, nothing written. */
@HubTest
class ProblemResponsesTest {

    private String community;
    private String worker;

    @BeforeEach
    void aWorker() {
        community = Communities.create();
        worker = Users.create(Roles.WORKER, community);
    }

    @Test
    void malformedJsonIsABadRequest() {
        Users.as(worker)
                .body("{\"name\": \"张伟\",")
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body(at("code", equalTo("malformed-json")))
                .body(not(containsString("Exception")))
                .body(not(containsString("at org.")));
        assertNothingRegistered();
    }

    @Test
    void aJsonArrayInsteadOfAnObjectIsABadRequest() {
        Users.as(worker)
                .body("[1, 2]")
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(400)
                .body(at("code", equalTo("malformed-body")));
    }

    @Test
    void anEmptyBodyIsABadRequest() {
        Users.as(worker)
                .body("")
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(400)
                .body(at("code", equalTo("missing-body")));
    }

    @Test
    void anUnknownFieldIsNamed() {
        Map<String, Object> body = aResident().in(community).with("nmae", "张伟").json();

        Users.as(worker)
                .body(body)
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(422)
                .body(at("errors[0].field", equalTo("nmae")))
                .body(at("errors[0].code", equalTo("unknown-field")));
        assertNothingRegistered();
    }

    @Test
    void aValueOfTheWrongTypeIsNamed() {
        Users.as(worker)
                .body(aResident().in(community).with("tags", Map.of("a", 1)).json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(422)
                .body(at("errors[0].field", equalTo("tags")))
                .body(at("errors[0].code", equalTo("invalid-type")));
    }

    @Test
    void anOverLongValueIsRefusedPrecisely() {
        Users.as(worker)
                .body(aResident().in(community).withName("张".repeat(200_000)).json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(422)
                .body(at("errors[0].field", equalTo("name")))
                .body(at("errors[0].message", containsString("过长")));
    }

    @Test
    void theWrongContentTypeIsUnsupported() {
        Users.as(worker)
                .contentType(ContentType.XML)
                .body("<resident/>")
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(415)
                .contentType("application/problem+json")
                .body(at("code", equalTo("unsupported-media-type")));
    }

    @Test
    void anUnacceptableResponseTypeIsSaidSo() {
        Users.as(worker)
                .accept("application/xml")
                .when()
                .get("/api/v1/residents")
                .then()
                .statusCode(406)
                .body(at("code", equalTo("not-acceptable")));
    }

    @Test
    void unknownAddressesAndMethodsAreProblemsToo() {
        Users.as(worker)
                .when()
                .get("/api/v1/no-such-thing")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body(at("code", equalTo("not-found")));
        Users.as(worker)
                .when()
                .delete("/api/v1/residents")
                .then()
                .statusCode(405)
                .contentType("application/problem+json")
                .body(at("code", equalTo("method-not-allowed")));
    }

    @Test
    void withoutCredentialsTheAnswerAsksForThem() {
        given().when()
                .get("/api/v1/residents")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("Basic"))
                .contentType("application/problem+json")
                .body(at("code", equalTo("unauthenticated")));
        given().auth()
                .preemptive()
                .basic(worker, "wrong-password-1")
                .when()
                .get("/api/v1/residents")
                .then()
                .statusCode(401)
                .body(at("code", equalTo("unauthenticated")));
    }

    private void assertNothingRegistered() {
        Users.as(worker)
                .queryParam("communityCode", community)
                .when()
                .get("/api/v1/residents")
                .then()
                .statusCode(200)
                .body(at("total", equalTo(0)));
    }
}
