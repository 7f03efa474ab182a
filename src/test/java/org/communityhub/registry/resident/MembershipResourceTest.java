package org.communityhub.registry.resident;

import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubDates;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.ResidentTestData;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@HubTest
class MembershipResourceTest {

    private static final LocalDate ADULT_BIRTH = LocalDate.of(1985, 6, 15);

    private String community;
    private String worker;
    private final LocalDate today = HubDates.today();

    @BeforeEach
    void aCommunityWithItsWorker() {
        community = Communities.create();
        worker = Users.create(Roles.WORKER, community);
    }

    // ---- Political status follows membership -------------------------------------------------------

    @Test
    void aFullPartyMemberIsACommunistPartyMember() {
        String id = register(adult("测试党员"));

        Users.as(worker)
                .body(party("FULL", "2010-07-01", "2011-07-01")
                        .with("branch", "测试第一党支部")
                        .with("category", "1")
                        .with("reportedToCommunity", true)
                        .map)
                .when()
                .put("/api/v1/residents/" + id + "/party-membership")
                .then()
                .statusCode(200)
                .header("ETag", "\"0\"")
                .body(at("status", equalTo("FULL")))
                .body(at("joinedOn", equalTo("2010-07-01")))
                .body(at("fullMemberOn", equalTo("2011-07-01")))
                .body(at("branch", equalTo("测试第一党支部")))
                .body(at("category", equalTo("1")))
                .body(at("reportedToCommunity", is(true)))
                .body(at("lostContact", is(false)));

        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id)
                .then()
                .statusCode(200)
                .body(at("politicalStatus", equalTo("01")))
                .body(at("partyMembership.status", equalTo("FULL")))
                .body(at("partyMembership.branch", equalTo("测试第一党支部")));
        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id + "/party-membership")
                .then()
                .statusCode(200)
                .header("ETag", "\"0\"")
                .body(at("joinedOn", equalTo("2010-07-01")));
        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id + "/history")
                .then()
                .body(at("items[0].action", equalTo("PARTY_MEMBERSHIP_SET")))
                .body(at("items[0].changedBy", equalTo(worker)))
                .body(at("items[0].changes.find { it.field == 'politicalStatus' }.new", equalTo("01")));
    }

    @Test
    void aProbationaryMemberIsAProbationaryPartyMemberUntilPromoted() {
        String id = register(adult("测试预备党员"));

        Users.as(worker)
                .body(party("PROBATIONARY", "2024-07-01", null).map)
                .when()
                .put("/api/v1/residents/" + id + "/party-membership")
                .then()
                .statusCode(200)
                .body(at("status", equalTo("PROBATIONARY")))
                .body(at("fullMemberOn", nullValue()));
        Users.as(worker).when().get("/api/v1/residents/" + id).then().body(at("politicalStatus", equalTo("02")));

        Users.as(worker)
                .body(party("FULL", "2024-07-01", "2025-07-01").map)
                .when()
                .put("/api/v1/residents/" + id + "/party-membership")
                .then()
                .statusCode(200)
                .body(at("status", equalTo("FULL")));
        Users.as(worker).when().get("/api/v1/residents/" + id).then().body(at("politicalStatus", equalTo("01")));
    }

    @Test
    void aLeagueMemberWhoIsNotInThePartyIsALeagueMember() {
        LocalDate birth = today.minusYears(22);
        String id = register(aResident().in(community).withName("测试团员").bornOn(birth, "2"));

        Users.as(worker)
                .body(Map.of("joinedOn", birth.plusYears(15).toString(), "branch", "测试团支部"))
                .when()
                .put("/api/v1/residents/" + id + "/league-membership")
                .then()
                .statusCode(200)
                .header("ETag", "\"0\"")
                .body(at("joinedOn", equalTo(birth.plusYears(15).toString())))
                .body(at("branch", equalTo("测试团支部")))
                .body(at("overage", is(false)));

        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id)
                .then()
                .body(at("politicalStatus", equalTo("03")))
                .body(at("leagueMembership.branch", equalTo("测试团支部")));
        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id + "/league-membership")
                .then()
                .statusCode(200)
                .body(at("branch", equalTo("测试团支部")));
    }

    @Test
    void endingPartyMembershipLeavesALeagueMemberAndEndingBothLeavesTheMasses() {
        LocalDate birth = today.minusYears(24);
        String id = register(aResident().in(community).withName("测试党团员").bornOn(birth, "1"));
        Users.as(worker)
                .body(Map.of("joinedOn", birth.plusYears(15).toString()))
                .when()
                .put("/api/v1/residents/" + id + "/league-membership")
                .then()
                .statusCode(200);
        Users.as(worker)
                .body(party(
                                "FULL",
                                birth.plusYears(20).toString(),
                                birth.plusYears(21).toString())
                        .map)
                .when()
                .put("/api/v1/residents/" + id + "/party-membership")
                .then()
                .statusCode(200);
        Users.as(worker).when().get("/api/v1/residents/" + id).then().body(at("politicalStatus", equalTo("01")));

        Users.as(worker)
                .when()
                .delete("/api/v1/residents/" + id + "/party-membership")
                .then()
                .statusCode(204);

        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id)
                .then()
                .body(at("politicalStatus", equalTo("03")))
                .body(at("partyMembership", nullValue()));
        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id + "/party-membership")
                .then()
                .statusCode(404)
                .body(at("code", equalTo("not-found")));

        Users.as(worker)
                .when()
                .delete("/api/v1/residents/" + id + "/league-membership")
                .then()
                .statusCode(204);

        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id)
                .then()
                .body(at("politicalStatus", equalTo("13")))
                .body(at("leagueMembership", nullValue()));
        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id + "/league-membership")
                .then()
                .statusCode(404);
        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id + "/history")
                .then()
                .body(at(
                        "items.action",
                        contains(
                                "LEAGUE_MEMBERSHIP_ENDED",
                                "PARTY_MEMBERSHIP_ENDED",
                                "PARTY_MEMBERSHIP_SET",
                                "LEAGUE_MEMBERSHIP_SET",
                                "REGISTERED")));
        Users.as(worker)
                .when()
                .delete("/api/v1/residents/" + id + "/league-membership")
                .then()
                .statusCode(404);
    }

    @Test
    void endingThePartyMembershipOfSomeoneWithoutLeagueMembershipLeavesTheMasses() {
        String id = register(adult("测试退党"));
        Users.as(worker)
                .body(party("PROBATIONARY", "2024-01-10", null).map)
                .when()
                .put("/api/v1/residents/" + id + "/party-membership")
                .then()
                .statusCode(200);

        Users.as(worker)
                .when()
                .delete("/api/v1/residents/" + id + "/party-membership")
                .then()
                .statusCode(204);

        Users.as(worker).when().get("/api/v1/residents/" + id).then().body(at("politicalStatus", equalTo("13")));
    }

    @Test
    void anEditSendingBackWhatWasReadKeepsTheMembershipAndTheStatusCannotContradictIt() {
        String id = register(adult("测试编辑党员"));
        Users.as(worker)
                .body(party("FULL", "2010-07-01", "2011-07-01").with("branch", "测试党支部").map)
                .when()
                .put("/api/v1/residents/" + id + "/party-membership")
                .then()
                .statusCode(200);
        io.restassured.response.Response read = Users.as(worker).when().get("/api/v1/residents/" + id);
        Map<String, Object> edited = new LinkedHashMap<>(read.as(Json.class).getMap(""));
        edited.put("room", "606");

        Users.as(worker)
                .header("If-Match", read.header("ETag"))
                .body(edited)
                .when()
                .put("/api/v1/residents/" + id)
                .then()
                .statusCode(200)
                .body(at("room", equalTo("606")))
                .body(at("politicalStatus", equalTo("01")))
                .body(at("partyMembership.status", equalTo("FULL")))
                .body(at("partyMembership.branch", equalTo("测试党支部")));

        io.restassured.response.Response again = Users.as(worker).when().get("/api/v1/residents/" + id);
        Map<String, Object> contradicting =
                new LinkedHashMap<>(again.as(Json.class).getMap(""));
        contradicting.put("politicalStatus", "13");
        contradicting.remove("partyMembership");
        Users.as(worker)
                .header("If-Match", again.header("ETag"))
                .body(contradicting)
                .when()
                .put("/api/v1/residents/" + id)
                .then()
                .statusCode(422)
                .body(at("errors.field", contains("politicalStatus")))
                .body(at("errors[0].code", equalTo("membership-mismatch")));
    }

    @Test
    void aPartyMemberCannotBeRegisteredWithoutTheirMembership() {
        Users.as(worker)
                .body(adult("测试无党员信息").with("politicalStatus", "01").json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(422)
                .body(at("errors.field", contains("politicalStatus")))
                .body(at("errors[0].code", equalTo("party-membership-required")));
        Users.as(worker)
                .body(adult("测试无党员信息").with("politicalStatus", "02").json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(422)
                .body(at("errors[0].code", equalTo("party-membership-required")));
    }

    @Test
    void aResidentIsRegisteredWithNestedPartyMembership() {
        Map<String, Object> membership =
                party("PROBATIONARY", "2024-01-10", null).with("branch", "测试第二党支部").map;

        String id = Users.as(worker)
                .body(adult("测试新党员").with("partyMembership", membership).json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(201)
                .body(at("politicalStatus", equalTo("02")))
                .body(at("partyMembership.status", equalTo("PROBATIONARY")))
                .body(at("partyMembership.joinedOn", equalTo("2024-01-10")))
                .body(at("partyMembership.branch", equalTo("测试第二党支部")))
                .extract()
                .as(Json.class)
                .get("id");

        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id + "/party-membership")
                .then()
                .statusCode(200)
                .body(at("status", equalTo("PROBATIONARY")));
        Users.as(worker)
                .queryParam("communityCode", community)
                .when()
                .get("/api/v1/party-members")
                .then()
                .body(at("items.residentId", contains(id)));
    }

    @Test
    void aResidentIsRegisteredWithNestedLeagueMembership() {
        LocalDate birth = today.minusYears(19);
        String joined = birth.plusYears(14).plusDays(1).toString();

        String id = Users.as(worker)
                .body(aResident()
                        .in(community)
                        .withName("测试新团员")
                        .bornOn(birth, "1")
                        .with("leagueMembership", Map.of("joinedOn", joined, "developmentNumber", "T2020001"))
                        .json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(201)
                .body(at("politicalStatus", equalTo("03")))
                .body(at("leagueMembership.joinedOn", equalTo(joined)))
                .body(at("leagueMembership.developmentNumber", equalTo("T2020001")))
                .body(at("leagueMembership.overage", is(false)))
                .extract()
                .as(Json.class)
                .get("id");

        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id + "/league-membership")
                .then()
                .statusCode(200)
                .body(at("developmentNumber", equalTo("T2020001")));
    }

    // ---- Rules of a membership ---------------------------------------------------------------------

    @Test
    void nobodyJoinsThePartyBeforeTheirEighteenthBirthday() {
        String id = register(adult("测试年轻"));

        Users.as(worker)
                .body(party(
                                "PROBATIONARY",
                                ADULT_BIRTH.plusYears(18).minusDays(1).toString(),
                                null)
                        .map)
                .when()
                .put("/api/v1/residents/" + id + "/party-membership")
                .then()
                .statusCode(422)
                .body(at("errors.field", contains("joinedOn")))
                .body(at("errors[0].code", equalTo("too-young")));
        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id)
                .then()
                .body(at("politicalStatus", nullValue()))
                .body(at("partyMembership", nullValue()));

        Users.as(worker)
                .body(party("PROBATIONARY", ADULT_BIRTH.plusYears(18).toString(), null).map)
                .when()
                .put("/api/v1/residents/" + id + "/party-membership")
                .then()
                .statusCode(200);
    }

    @Test
    void aNestedMembershipIsCheckedWithTheResidentsBirthDate() {
        Map<String, Object> membership =
                party("PROBATIONARY", ADULT_BIRTH.plusYears(17).toString(), null).map;

        Users.as(worker)
                .body(adult("测试年轻").with("partyMembership", membership).json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(422)
                .body(at("errors.field", contains("partyMembership.joinedOn")))
                .body(at("errors[0].code", equalTo("too-young")));
    }

    @Test
    void aProbationaryMemberHasNoDateOfBecomingAFullMember() {
        String id = register(adult("测试预备"));

        Users.as(worker)
                .body(party("PROBATIONARY", "2020-07-01", "2021-07-01").map)
                .when()
                .put("/api/v1/residents/" + id + "/party-membership")
                .then()
                .statusCode(422)
                .body(at("errors.field", contains("fullMemberOn")))
                .body(at("errors[0].code", equalTo("not-full-member")));
        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id + "/party-membership")
                .then()
                .statusCode(404);
    }

    @Test
    void membershipDatesCannotLieInTheFuture() {
        String id = register(adult("测试未来"));
        String tomorrow = today.plusDays(1).toString();

        Users.as(worker)
                .body(party("PROBATIONARY", tomorrow, null).map)
                .when()
                .put("/api/v1/residents/" + id + "/party-membership")
                .then()
                .statusCode(422)
                .body(at("errors.field", contains("joinedOn")))
                .body(at("errors[0].code", equalTo("future-date")));
        Users.as(worker)
                .body(party("FULL", "2010-07-01", tomorrow).map)
                .when()
                .put("/api/v1/residents/" + id + "/party-membership")
                .then()
                .statusCode(422)
                .body(at("errors.field", contains("fullMemberOn")))
                .body(at("errors[0].code", equalTo("future-date")));
        Users.as(worker)
                .body(Map.of("joinedOn", tomorrow))
                .when()
                .put("/api/v1/residents/" + id + "/league-membership")
                .then()
                .statusCode(422)
                .body(at("errors.field", contains("joinedOn")))
                .body(at("errors[0].code", equalTo("future-date")));

        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id)
                .then()
                .body(at("politicalStatus", nullValue()))
                .body(at("partyMembership", nullValue()))
                .body(at("leagueMembership", nullValue()));
    }

    @Test
    void anUnknownPartyMemberStatusIsRefused() {
        String id = register(adult("测试状态"));

        Users.as(worker)
                .body(party("MEMBER", "2010-07-01", null).map)
                .when()
                .put("/api/v1/residents/" + id + "/party-membership")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body(at("errors.field", contains("status")))
                .body(at("errors[0].code", equalTo("invalid-format")));
        Users.as(worker)
                .body(party(null, "2010-07-01", null).map)
                .when()
                .put("/api/v1/residents/" + id + "/party-membership")
                .then()
                .statusCode(422)
                .body(at("errors.field", contains("status")))
                .body(at("errors[0].code", equalTo("required")));
        Users.as(worker)
                .body(adult("测试状态")
                        .with("partyMembership", party("MEMBER", "2010-07-01", null).map)
                        .json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(422)
                .body(at("errors.field", contains("partyMembership.status")));
    }

    @Test
    void membershipsOfResidentsOfAnotherCommunityDoNotExistForAWorker() {
        String id = register(adult("测试他社区"));
        Users.as(worker)
                .body(party("FULL", "2010-07-01", "2011-07-01").map)
                .when()
                .put("/api/v1/residents/" + id + "/party-membership")
                .then()
                .statusCode(200);
        String otherWorker = Users.create(Roles.WORKER, Communities.create());

        Users.as(otherWorker)
                .when()
                .get("/api/v1/residents/" + id + "/party-membership")
                .then()
                .statusCode(404);
        Users.as(otherWorker)
                .body(party("PROBATIONARY", "2010-07-01", null).map)
                .when()
                .put("/api/v1/residents/" + id + "/party-membership")
                .then()
                .statusCode(404);
        Users.as(otherWorker)
                .when()
                .delete("/api/v1/residents/" + id + "/party-membership")
                .then()
                .statusCode(404);
        Users.as(otherWorker)
                .body(Map.of())
                .when()
                .put("/api/v1/residents/" + id + "/league-membership")
                .then()
                .statusCode(404);

        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id + "/party-membership")
                .then()
                .statusCode(200)
                .body(at("status", equalTo("FULL")));
    }

    @Test
    void aResidentWhoMovedOutGetsNoNewMembership() {
        String id = register(adult("测试迁出"));
        moveOut(id);

        Users.as(worker)
                .body(party("FULL", "2010-07-01", "2011-07-01").map)
                .when()
                .put("/api/v1/residents/" + id + "/party-membership")
                .then()
                .statusCode(409)
                .body(at("code", equalTo("not-on-register")));
    }

    // ---- League: 超龄 --------------------------------------------------------------------------------

    @Test
    void aLeagueMemberOfTwentyEightWithoutAPostIsOverageAndOneWithAPostIsNot() {
        String overage = leagueMember("测试超龄", today.minusYears(35), null);
        String withPost = leagueMember("测试团干部", today.minusYears(35), "团支部书记");
        String young = leagueMember("测试青年", today.minusYears(20), null);
        String justTwentyEight = leagueMember("测试满龄", today.minusYears(28), null);
        String almostTwentyEight = leagueMember("测试将满", today.minusYears(28).plusDays(1), null);

        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + overage + "/league-membership")
                .then()
                .statusCode(200)
                .body(at("overage", is(true)));
        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + withPost + "/league-membership")
                .then()
                .statusCode(200)
                .body(at("overage", is(false)))
                .body(at("post", equalTo("团支部书记")));

        Users.as(worker)
                .when()
                .get("/api/v1/league-members")
                .then()
                .statusCode(200)
                .body(at("total", is(5)))
                .body(at("items.find { it.residentId == '" + overage + "' }.overage", is(true)))
                .body(at("items.find { it.residentId == '" + overage + "' }.age", is(35)))
                .body(at("items.find { it.residentId == '" + withPost + "' }.overage", is(false)))
                .body(at("items.find { it.residentId == '" + young + "' }.overage", is(false)))
                .body(at("items.find { it.residentId == '" + justTwentyEight + "' }.overage", is(true)))
                .body(at("items.find { it.residentId == '" + almostTwentyEight + "' }.overage", is(false)));
        Users.as(worker)
                .queryParam("overage", "true")
                .when()
                .get("/api/v1/league-members")
                .then()
                .statusCode(200)
                .body(at("total", is(2)))
                .body(at("items.residentId", containsInAnyOrder(overage, justTwentyEight)))
                .body(at("items.overage", everyItem(is(true))));
        Users.as(worker)
                .queryParam("overage", "false")
                .when()
                .get("/api/v1/league-members")
                .then()
                .body(at("total", is(3)))
                .body(at("items.residentId", containsInAnyOrder(withPost, young, almostTwentyEight)));
    }

    @Test
    void aBadBooleanFilterIsRefused() {
        Users.as(worker)
                .queryParam("overage", "maybe")
                .when()
                .get("/api/v1/league-members")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body(at("errors.field", contains("overage")))
                .body(at("errors[0].code", equalTo("invalid-format")));
        Users.as(worker)
                .queryParam("lostContact", "yes")
                .when()
                .get("/api/v1/party-members")
                .then()
                .statusCode(422)
                .body(at("errors.field", contains("lostContact")));
        Users.as(worker)
                .queryParam("status", "MEMBER")
                .when()
                .get("/api/v1/party-members")
                .then()
                .statusCode(422)
                .body(at("errors.field", contains("status")));
    }

    // ---- Lists ---------------------------------------------------------------------------------------

    @Test
    void theListsShowOnlyTheCallersArea() {
        String other = Communities.create();
        String otherWorker = Users.create(Roles.WORKER, other);
        String both = Users.create(Roles.WORKER, community, other);
        String mine = partyMember("测试本社区党员", "FULL", "1");
        String theirs = Users.as(otherWorker)
                .body(adult("测试外社区党员")
                        .in(other)
                        .with("partyMembership", party("FULL", "2010-07-01", "2011-07-01").map)
                        .json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class)
                .get("id");
        String myLeague = leagueMember("测试本社区团员", today.minusYears(20), null);
        String theirLeague = Users.as(otherWorker)
                .body(aResident()
                        .in(other)
                        .withName("测试外社区团员")
                        .bornOn(today.minusYears(20), "2")
                        .with("leagueMembership", Map.of())
                        .json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class)
                .get("id");

        Users.as(worker)
                .when()
                .get("/api/v1/party-members")
                .then()
                .statusCode(200)
                .body(at("total", is(1)))
                .body(at("items.residentId", contains(mine)))
                .body(at("items[0].communityCode", equalTo(community)));
        Users.as(otherWorker)
                .when()
                .get("/api/v1/party-members")
                .then()
                .body(at("total", is(1)))
                .body(at("items.residentId", contains(theirs)));
        Users.as(worker)
                .when()
                .get("/api/v1/league-members")
                .then()
                .body(at("total", is(1)))
                .body(at("items.residentId", contains(myLeague)));
        Users.as(both)
                .when()
                .get("/api/v1/party-members")
                .then()
                .body(at("total", is(2)))
                .body(at("items.residentId", containsInAnyOrder(mine, theirs)));
        Users.as(both)
                .queryParam("communityCode", other)
                .when()
                .get("/api/v1/party-members")
                .then()
                .body(at("items.residentId", contains(theirs)));
        Users.as(both)
                .queryParam("communityCode", other)
                .when()
                .get("/api/v1/league-members")
                .then()
                .body(at("items.residentId", contains(theirLeague)));
        // A filter outside the caller's area shows nothing rather than widening it.
        Users.as(worker)
                .queryParam("communityCode", other)
                .when()
                .get("/api/v1/party-members")
                .then()
                .statusCode(200)
                .body(at("total", is(0)));
    }

    @Test
    void theListsShowOnlyResidentsOnTheRegister() {
        String stays = partyMember("测试在册党员", "FULL", "1");
        String leaves = partyMember("测试迁出党员", "FULL", "1");
        String leagueStays = leagueMember("测试在册团员", today.minusYears(20), null);
        String leagueLeaves = leagueMember("测试迁出团员", today.minusYears(20), null);

        moveOut(leaves);
        moveOut(leagueLeaves);

        Users.as(worker)
                .when()
                .get("/api/v1/party-members")
                .then()
                .body(at("total", is(1)))
                .body(at("items.residentId", contains(stays)));
        Users.as(worker)
                .when()
                .get("/api/v1/league-members")
                .then()
                .body(at("total", is(1)))
                .body(at("items.residentId", contains(leagueStays)));
        // The membership itself is still on file.
        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + leaves + "/party-membership")
                .then()
                .statusCode(200);
    }

    @Test
    void thePartyMemberListIsFilteredByStatusCategoryNameAndFlags() {
        String full = partyMember("测试正式党员", "FULL", "1");
        String retired = partyMember("测试离休党员", "FULL", "2");
        String id = register(adult("测试预备甲"));
        Users.as(worker)
                .body(party("PROBATIONARY", "2024-07-01", null)
                        .with("category", "1")
                        .with("lostContact", true)
                        .map)
                .when()
                .put("/api/v1/residents/" + id + "/party-membership")
                .then()
                .statusCode(200);

        Users.as(worker)
                .when()
                .get("/api/v1/party-members")
                .then()
                .statusCode(200)
                .body(at("total", is(3)))
                .body(at("items.find { it.residentId == '" + full + "' }.name", equalTo("测试正式党员")))
                .body(at("items.find { it.residentId == '" + full + "' }.status", equalTo("FULL")))
                .body(at("items.find { it.residentId == '" + full + "' }.age", is(ageOf(ADULT_BIRTH))));
        Users.as(worker)
                .queryParam("status", "PROBATIONARY")
                .when()
                .get("/api/v1/party-members")
                .then()
                .body(at("total", is(1)))
                .body(at("items.residentId", contains(id)));
        Users.as(worker)
                .queryParam("status", "FULL")
                .when()
                .get("/api/v1/party-members")
                .then()
                .body(at("total", is(2)))
                .body(at("items.residentId", containsInAnyOrder(full, retired)));
        Users.as(worker)
                .queryParam("category", "2")
                .when()
                .get("/api/v1/party-members")
                .then()
                .body(at("total", is(1)))
                .body(at("items.residentId", contains(retired)));
        Users.as(worker)
                .queryParam("q", "离休")
                .when()
                .get("/api/v1/party-members")
                .then()
                .body(at("total", is(1)))
                .body(at("items.residentId", contains(retired)));
        Users.as(worker)
                .queryParam("q", "正式")
                .when()
                .get("/api/v1/party-members")
                .then()
                .body(at("items.residentId", contains(full)));
        Users.as(worker)
                .queryParam("lostContact", "true")
                .when()
                .get("/api/v1/party-members")
                .then()
                .body(at("total", is(1)))
                .body(at("items.residentId", contains(id)));
        Users.as(worker)
                .queryParam("communityCode", community)
                .queryParam("status", "FULL")
                .queryParam("category", "1")
                .when()
                .get("/api/v1/party-members")
                .then()
                .body(at("items.residentId", contains(full)));
    }

    @Test
    void theLeagueMemberListIsFilteredByNameAndCommunity() {
        String a = leagueMember("测试青年甲", today.minusYears(20), null);
        leagueMember("测试少年乙", today.minusYears(16), null);

        Users.as(worker)
                .queryParam("q", "青年")
                .when()
                .get("/api/v1/league-members")
                .then()
                .statusCode(200)
                .body(at("total", is(1)))
                .body(at("items.residentId", contains(a)))
                .body(at("items[0].age", is(20)));
        Users.as(worker)
                .queryParam("communityCode", community)
                .when()
                .get("/api/v1/league-members")
                .then()
                .body(at("total", is(2)));
        Users.as(worker)
                .queryParam("communityCode", "x1")
                .when()
                .get("/api/v1/league-members")
                .then()
                .statusCode(422)
                .body(at("errors.field", contains("communityCode")));
    }

    // ---- Helpers -------------------------------------------------------------------------------------

    private ResidentTestData adult(String name) {
        return aResident().in(community).withName(name).bornOn(ADULT_BIRTH, "1");
    }

    private String register(ResidentTestData data) {
        return data.registerAs(worker);
    }

    private String partyMember(String name, String status, String category) {
        String id = register(adult(name));
        Users.as(worker)
                .body(party(status, "2010-07-01", "FULL".equals(status) ? "2011-07-01" : null)
                        .with("category", category)
                        .map)
                .when()
                .put("/api/v1/residents/" + id + "/party-membership")
                .then()
                .statusCode(200);
        return id;
    }

    private String leagueMember(String name, LocalDate birth, String post) {
        String id = register(aResident().in(community).withName(name).bornOn(birth, "2"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("joinedOn", birth.plusYears(15).toString());
        if (post != null) {
            body.put("post", post);
        }
        Users.as(worker)
                .body(body)
                .when()
                .put("/api/v1/residents/" + id + "/league-membership")
                .then()
                .statusCode(200);
        return id;
    }

    private void moveOut(String id) {
        Users.as(worker)
                .body(Map.of("status", "MOVED_OUT", "date", today.toString(), "reason", "迁往外省"))
                .when()
                .post("/api/v1/residents/" + id + "/status-changes")
                .then()
                .statusCode(200);
    }

    private int ageOf(LocalDate birth) {
        return java.time.Period.between(birth, today).getYears();
    }

    private static Body party(String status, String joinedOn, String fullMemberOn) {
        return new Body().with("status", status).with("joinedOn", joinedOn).with("fullMemberOn", fullMemberOn);
    }

    /** A JSON object built field by field; null values are left out. */
    private static final class Body {
        final Map<String, Object> map = new LinkedHashMap<>();

        Body with(String field, Object value) {
            if (value != null) {
                map.put(field, value);
            }
            return this;
        }
    }
}
