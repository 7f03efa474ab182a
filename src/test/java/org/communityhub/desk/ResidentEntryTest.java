package org.communityhub.desk;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/**
 * The resident form with a household: the resident and their place in the household are written
 * together or not at all, and the form answers with every problem at once.
 */
@HubTest
class ResidentEntryTest {

    private static final String HEAD = "02";

    @Test
    void aRefusedHouseholdPlaceLeavesNoResidentBehind() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);

        ExtractableResponse<Response> head = post(worker, community, "入户甲", "H-1", HEAD);
        assertThat(head.header("HX-Redirect")).as(head.asString()).startsWith("/residents/");

        // A second head for the same household: refused, and the resident is not registered either.
        ExtractableResponse<Response> second = post(worker, community, "入户乙", "H-1", HEAD);
        assertThat(second.header("HX-Redirect")).isNull();
        assertThat(second.asString()).contains("已有户主");
        assertThat(found(worker, "入户甲")).isEqualTo(1);
        assertThat(found(worker, "入户乙")).isZero();

        // A household number without a relation: refused after the resident passed the rules, still nothing written.
        ExtractableResponse<Response> noRelation = post(worker, community, "入户丙", "H-2", null);
        assertThat(noRelation.header("HX-Redirect")).isNull();
        assertThat(noRelation.asString()).contains("填写了户号时，请选择与户主关系");
        assertThat(found(worker, "入户丙")).isZero();
    }

    @Test
    void theResidentsAndTheHouseholdsProblemsAreAnsweredTogether() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);

        ExtractableResponse<Response> refused = post(worker, community, "", "H-3", null);

        assertThat(refused.header("HX-Redirect")).isNull();
        assertThat(refused.asString()).contains("name-error", "填写了户号时，请选择与户主关系");
    }

    private static ExtractableResponse<Response> post(
            String worker, String community, String name, String householdNumber, String relation) {
        var form = Users.as(worker)
                .contentType("application/x-www-form-urlencoded; charset=UTF-8")
                .formParam("name", name)
                .formParam("idNumber", "")
                .formParam("birthDate", "1970-03-04")
                .formParam("sex", "1")
                .formParam("residenceType", "1")
                .formParam("communityCode", community)
                .formParam("building", "7")
                .formParam("unit", "1")
                .formParam("room", "101")
                .formParam("householdNumber", householdNumber);
        if (relation != null) {
            form = form.formParam("relationToHead", relation);
        }
        return form.post("/residents").then().statusCode(200).extract();
    }

    private static int found(String worker, String name) {
        return Users.as(worker)
                .queryParam("q", name)
                .get("/api/v1/residents")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .get("total");
    }
}
