package org.communityhub.registry.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.restassured.path.json.JsonPath;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.TestSql;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/** Figures of the register per community, as statistics forms ask for them. */
@HubTest
class StatisticsResourceTest {

    private final LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));

    @Test
    void eachFigureCountsTheResidentsOnTheRegisterThatMeetItsDefinition() throws Exception {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        // 户籍: an 85-year-old woman on 低保 heading a household, and her 50-year-old son; 流动: a
        // 30-year-old party member and a 20-year-old league member; one 户籍 resident moved out.
        String elder = aResident()
                .in(community)
                .bornOn(today.minusYears(85).minusDays(3), "2")
                .withTags("低保对象")
                .with("residenceType", "1")
                .registerAs(worker);
        String son = aResident()
                .in(community)
                .bornOn(today.minusYears(50), "1")
                .with("residenceType", "1")
                .registerAs(worker);
        String member = aResident()
                .in(community)
                .bornOn(today.minusYears(30), "1")
                .with("residenceType", "2")
                .registerAs(worker);
        String young = aResident()
                .in(community)
                .bornOn(today.minusYears(20), "2")
                .with("residenceType", "2")
                .registerAs(worker);
        String gone = aResident()
                .in(community)
                .bornOn(today.minusYears(40), "1")
                .with("residenceType", "1")
                .registerAs(worker);
        // Turns 80 tomorrow: not yet 80.
        aResident()
                .in(community)
                .bornOn(today.minusYears(80).plusDays(1), "1")
                .with("residenceType", "1")
                .registerAs(worker);
        String household = Users.as(worker)
                .body(Map.of("communityCode", community, "householdNumber", "T-1", "type", "1"))
                .post("/api/v1/households")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        place(worker, household, elder, "02");
        place(worker, household, son, "20");
        Users.as(worker)
                .body(Map.of(
                        "status",
                        "FULL",
                        "joinedOn",
                        today.minusYears(5).toString(),
                        "fullMemberOn",
                        today.minusYears(4).toString()))
                .put("/api/v1/residents/" + member + "/party-membership")
                .then()
                .statusCode(200);
        Users.as(worker)
                .body(Map.of("joinedOn", today.minusYears(6).toString()))
                .put("/api/v1/residents/" + young + "/league-membership")
                .then()
                .statusCode(200);
        Users.as(worker)
                .body(Map.of("status", "MOVED_OUT", "date", today.toString(), "reason", "迁往外省"))
                .post("/api/v1/residents/" + gone + "/status-changes")
                .then()
                .statusCode(200);

        JsonPath figures = Users.as(worker)
                .queryParam("division", community)
                // As forms write them: by synonym, with notes in brackets.
                .queryParam("indicator", "户籍人口", "流动人口数", "80周岁以上老人（人）", "党员（含预备党员）", "团员", "低保户数", "总人口")
                .get("/api/v1/statistics")
                .then()
                .statusCode(200)
                .body("asOf", equalTo(today.toString()))
                .body("indicators.name", hasItem("80岁以上老人"))
                .extract()
                .jsonPath();

        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("户籍人口数", 3); // the elder, the son, the one turning 80; moved out today: not counted
        expected.put("流动人口数", 2);
        expected.put("80岁以上老人", 1);
        expected.put("党员（含预备党员）", 1);
        expected.put("团员", 1);
        expected.put("低保户数", 1);
        expected.put("总人口", 5);
        assertThat(figures.getMap("communities[0].figures")).isEqualTo(expected);
        assertThat(figures.getString("communities[0].code")).isEqualTo(community);
        assertThat(figures.getMap("total")).isEqualTo(expected);
        assertThat(figures.getString("indicators.find { it.name == '低保户数' }.definition"))
                .contains("低保对象");

        // Yesterday the one who moved out today was still on the register (had they been registered
        // by then: the register knows nobody before their registration).
        Users.as(worker)
                .queryParam("division", community)
                .queryParam("indicator", "户籍人口数")
                .queryParam("asOf", today.minusDays(1).toString())
                .get("/api/v1/statistics")
                .then()
                .statusCode(200)
                .body("communities[0].figures.户籍人口数", equalTo(0));
        TestSql.execute("update resident set created_at = created_at - interval '10 days' where community_code = '"
                + community + "'");
        Users.as(worker)
                .queryParam("division", community)
                .queryParam("indicator", "户籍人口数")
                .queryParam("asOf", today.minusDays(1).toString())
                .get("/api/v1/statistics")
                .then()
                .statusCode(200)
                .body("communities[0].figures.户籍人口数", equalTo(4));
    }

    @Test
    void anotherAreaAnUnknownIndicatorAndAFutureDateAreRefusedPlainly() {
        String community = Communities.create();
        String elsewhere = Communities.create();
        String worker = Users.create(Roles.WORKER, community);

        Users.as(worker)
                .queryParam("division", elsewhere)
                .get("/api/v1/statistics")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body("code", equalTo("out-of-scope"));
        Users.as(worker)
                .queryParam("division", community)
                .queryParam("indicator", "走访情况")
                .get("/api/v1/statistics")
                .then()
                .statusCode(422)
                .body("errors[0].code", equalTo("unknown-indicator"));
        Users.as(worker)
                .queryParam("division", community)
                .queryParam("asOf", today.plusDays(1).toString())
                .get("/api/v1/statistics")
                .then()
                .statusCode(422)
                .body("errors[0].code", equalTo("date-in-future"));
        Users.as(Users.create(Roles.AUDITOR, community))
                .get("/api/v1/statistics")
                .then()
                .statusCode(403);
    }

    @Test
    void aWorkerWhoNamesNoDivisionGetsTheirOwnCommunityWithEveryIndicator() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        aResident().in(community).registerAs(worker);

        JsonPath figures = Users.as(worker)
                .get("/api/v1/statistics")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(figures.getList("communities.code", String.class)).containsExactly(community);
        assertThat(figures.getInt("communities[0].figures.总人口")).isEqualTo(1);
        assertThat(figures.getList("indicators.name", String.class)).contains("户籍人口数", "低保户数", "残疾人数");
    }

    private static void place(String worker, String household, String resident, String relation) {
        Users.as(worker)
                .body(Map.of("relationToHead", relation))
                .put("/api/v1/households/" + household + "/members/" + resident)
                .then()
                .statusCode(200);
    }
}
