package org.communityhub.registry.code;

import static io.restassured.RestAssured.given;
import static org.communityhub.testing.Json.at;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@HubTest
class CodeTableResourceTest {

    private String worker;

    @BeforeEach
    void aWorker() {
        worker = Users.create(Roles.WORKER, Communities.create());
    }

    @Test
    void theIndexListsTheTablesWithTheirSizes() {
        Users.as(worker)
                .when()
                .get("/api/v1/code-tables")
                .then()
                .statusCode(200)
                .body(at(
                        "id",
                        hasItems(
                                "sex",
                                "ethnicity",
                                "political-status",
                                "relation-to-head",
                                "residence-type",
                                "household-type",
                                "tag")))
                .body(at("find { it.id == 'ethnicity' }.size", is(58)))
                .body(at("find { it.id == 'ethnicity' }.name", equalTo("民族")))
                .body(at("find { it.id == 'ethnicity' }.standard", containsString("GB/T 3304")))
                .body(at("find { it.id == 'sex' }.size", is(4)))
                .body(at("find { it.id == 'household-type' }.size", is(2)))
                .body(at("name", everyItem(notNullValue())));
    }

    @Test
    void sexFollowsTheNationalStandard() {
        Users.as(worker)
                .when()
                .get("/api/v1/code-tables/sex")
                .then()
                .statusCode(200)
                .body(at("id", equalTo("sex")))
                .body(at("entries.code", contains("0", "1", "2", "9")))
                .body(at("entries.find { it.code == '1' }.name", equalTo("男")))
                .body(at("entries.find { it.code == '2' }.name", equalTo("女")));
    }

    @Test
    void theEthnicityTableHasTheFiftySixPeoplesAndTheTwoSpecialCodes() {
        Users.as(worker)
                .when()
                .get("/api/v1/code-tables/ethnicity")
                .then()
                .statusCode(200)
                .body(at("id", equalTo("ethnicity")))
                .body(at("entries", hasSize(58)))
                .body(at("entries[0].code", equalTo("01")))
                .body(at("entries[0].name", equalTo("汉族")))
                .body(at("entries.find { it.code == '56' }.name", equalTo("基诺族")))
                .body(at("entries.find { it.code == '97' }.name", equalTo("其他")))
                .body(at("entries.find { it.code == '98' }.name", equalTo("外国血统中国籍人士")))
                // grades belong to tags only
                .body(at("entries[0]", not(hasKey("grade"))));
    }

    @Test
    void politicalStatusRelationResidenceAndHouseholdTypesAreServed() {
        Users.as(worker)
                .when()
                .get("/api/v1/code-tables/political-status")
                .then()
                .statusCode(200)
                .body(at("entries", hasSize(13)))
                .body(at("entries.find { it.code == '01' }.name", equalTo("中共党员")))
                .body(at("entries.find { it.code == '03' }.name", equalTo("共青团员")))
                .body(at("entries.find { it.code == '13' }.name", equalTo("群众")));
        Users.as(worker)
                .when()
                .get("/api/v1/code-tables/relation-to-head")
                .then()
                .statusCode(200)
                .body(at("entries.find { it.code == '02' }.name", equalTo("户主")))
                .body(at("entries.find { it.code == '10' }.name", equalTo("配偶")));
        Users.as(worker)
                .when()
                .get("/api/v1/code-tables/residence-type")
                .then()
                .statusCode(200)
                .body(at("entries.code", contains("1", "2", "3")))
                .body(at("entries.find { it.code == '2' }.name", equalTo("流动人口")));
        Users.as(worker)
                .when()
                .get("/api/v1/code-tables/household-type")
                .then()
                .statusCode(200)
                .body(at("entries.code", contains("1", "2")))
                .body(at("entries.find { it.code == '1' }.name", equalTo("家庭户")))
                .body(at("entries.find { it.code == '2' }.name", equalTo("集体户")));
    }

    @Test
    void tagsCarryTheirSensitivityGrade() {
        Users.as(worker)
                .when()
                .get("/api/v1/code-tables/tag")
                .then()
                .statusCode(200)
                .body(at("entries.find { it.code == 'community-correction' }.name", equalTo("社区矫正对象")))
                .body(at("entries.find { it.code == 'community-correction' }.grade", is(3)))
                .body(at("entries.find { it.code == 'low-income' }.grade", is(2)))
                .body(at("entries.find { it.code == 'elderly-80' }.grade", is(1)))
                .body(at("entries.grade", everyItem(notNullValue())));
    }

    @Test
    void anUnknownTableIsAProblemNotFound() {
        Users.as(worker)
                .when()
                .get("/api/v1/code-tables/no-such-table")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body(at("code", equalTo("not-found")))
                .body(at("entries", nullValue()));
    }

    @Test
    void codeTablesAreForSignedInUsersOnly() {
        given().when()
                .get("/api/v1/code-tables")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("Basic"))
                .contentType("application/problem+json");
        given().when().get("/api/v1/code-tables/ethnicity").then().statusCode(401);
    }
}
