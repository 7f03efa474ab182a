package org.communityhub.registry.household;

import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.ResidentTestData;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@HubTest
class HouseholdResourceTest {

    private String community;
    private String worker;

    @BeforeEach
    void aCommunityWithItsWorker() {
        community = Communities.create();
        worker = Users.create(Roles.WORKER, community);
    }

    // ---- Registration ---------------------------------------------------------------------------

    @Test
    void aHouseholdIsRegisteredWithLocationEtagAndItsFields() {
        String location = Users.as(worker)
                .body(household("H-0001", "3号楼", "2", "501"))
                .when()
                .post("/api/v1/households")
                .then()
                .statusCode(201)
                .header("ETag", "\"0\"")
                .body(at("id", notNullValue()))
                .body(at("version", is(0)))
                .body(at("householdNumber", equalTo("H-0001")))
                .body(at("type", equalTo("1")))
                .body(at("communityCode", equalTo(community)))
                .body(at("building", equalTo("3号楼")))
                .body(at("unit", equalTo("2")))
                .body(at("room", equalTo("501")))
                .body(at("headResidentId", nullValue()))
                .body(at("members", empty()))
                .body(at("createdBy", equalTo(worker)))
                .extract()
                .header("Location");

        org.assertj.core.api.Assertions.assertThat(location).contains("/api/v1/households/");
        String id = location.substring(location.lastIndexOf('/') + 1);
        Users.as(worker)
                .when()
                .get("/api/v1/households/" + id)
                .then()
                .statusCode(200)
                .header("ETag", "\"0\"")
                .body(at("id", equalTo(id)))
                .body(at("householdNumber", equalTo("H-0001")))
                .body(at("room", equalTo("501")));
    }

    @Test
    void aHouseholdWithoutNumberOrTypeIsRefusedNamingBothFields() {
        Map<String, Object> body = household("x", "1号楼", "1", "101");
        body.remove("householdNumber");
        body.remove("type");

        Users.as(worker)
                .body(body)
                .when()
                .post("/api/v1/households")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body(at("code", equalTo("validation-failed")))
                .body(at("errors.field", containsInAnyOrder("householdNumber", "type")))
                .body(at("errors.code", everyItem(equalTo("required"))));
    }

    @Test
    void anUnknownHouseholdTypeIsRefused() {
        Map<String, Object> body = household("H-0002", "1号楼", "1", "101");
        body.put("type", "9");

        Users.as(worker)
                .body(body)
                .when()
                .post("/api/v1/households")
                .then()
                .statusCode(422)
                .body(at("errors.field", contains("type")))
                .body(at("errors[0].code", equalTo("unknown-code")));
    }

    @Test
    void anUnknownCommunityIsRefused() {
        Map<String, Object> body = household("H-0003", "1号楼", "1", "101");
        body.put("communityCode", Communities.streetOf(community) + "999");

        Users.as(worker)
                .body(body)
                .when()
                .post("/api/v1/households")
                .then()
                .statusCode(422)
                .body(at("errors.field", contains("communityCode")))
                .body(at("errors[0].code", equalTo("unknown-community")));
    }

    @Test
    void aCommunityOutsideTheWorkersScopeIsRefused() {
        String elsewhere = Communities.create();
        Map<String, Object> body = household("H-0004", "1号楼", "1", "101");
        body.put("communityCode", elsewhere);

        Users.as(worker)
                .body(body)
                .when()
                .post("/api/v1/households")
                .then()
                .statusCode(422)
                .body(at("errors.field", contains("communityCode")))
                .body(at("errors[0].code", equalTo("out-of-scope")));
    }

    @Test
    void aHouseholdNumberIsUniqueWithinItsCommunityOnly() {
        String first = createHousehold("H-0005", "1号楼", "1", "101").getString("id");

        Users.as(worker)
                .body(household("H-0005", "2号楼", "1", "202"))
                .when()
                .post("/api/v1/households")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body(at("code", equalTo("duplicate-household-number")))
                .body(at("existingId", equalTo(first)));

        String other = Communities.create();
        String otherWorker = Users.create(Roles.WORKER, other);
        Map<String, Object> elsewhere = household("H-0005", "1号楼", "1", "101");
        elsewhere.put("communityCode", other);
        Users.as(otherWorker)
                .body(elsewhere)
                .when()
                .post("/api/v1/households")
                .then()
                .statusCode(201);
    }

    // ---- Members ----------------------------------------------------------------------------------

    @Test
    void membersAreAddedWithTheirRelationToTheHead() {
        Json h = createHousehold("H-0101", "1号楼", "1", "101");
        String id = h.getString("id");
        String head = register(aResident().in(community).withName("测试户主"));
        String spouse = register(aResident().in(community).withName("测试配偶"));
        String child = register(aResident().in(community).withName("测试子女"));

        place(id, head, "02")
                .then()
                .statusCode(200)
                .header("ETag", "\"1\"")
                .body(at("headResidentId", equalTo(head)))
                .body(at("members.residentId", contains(head)));
        place(id, spouse, "10").then().statusCode(200);
        place(id, child, "20").then().statusCode(200);

        Users.as(worker)
                .when()
                .get("/api/v1/households/" + id)
                .then()
                .statusCode(200)
                .body(at("headResidentId", equalTo(head)))
                .body(at("members.residentId", containsInAnyOrder(head, spouse, child)))
                .body(at("members.find { it.residentId == '" + spouse + "' }.relationToHead", equalTo("10")))
                .body(at("members.find { it.residentId == '" + spouse + "' }.name", equalTo("测试配偶")))
                .body(at("members.find { it.residentId == '" + child + "' }.relationToHead", equalTo("20")));
        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + spouse)
                .then()
                .statusCode(200)
                .body(at("householdId", equalTo(id)))
                .body(at("relationToHead", equalTo("10")));
        Users.as(worker)
                .queryParam("householdId", id)
                .when()
                .get("/api/v1/residents")
                .then()
                .statusCode(200)
                .body(at("total", is(3)));
    }

    @Test
    void aMemberNeedsAKnownRelation() {
        String id = createHousehold("H-0102", "1号楼", "1", "101").getString("id");
        String r = register(aResident().in(community));

        Users.as(worker)
                .body(Map.of())
                .when()
                .put("/api/v1/households/" + id + "/members/" + r)
                .then()
                .statusCode(422)
                .body(at("errors[0].field", equalTo("relationToHead")))
                .body(at("errors[0].code", equalTo("required")));
        place(id, r, "03")
                .then()
                .statusCode(422)
                .body(at("errors[0].field", equalTo("relationToHead")))
                .body(at("errors[0].code", equalTo("unknown-code")));
        Users.as(worker).when().get("/api/v1/residents/" + r).then().body(at("householdId", nullValue()));
    }

    @Test
    void aHouseholdHasOnlyOneHead() {
        String id = createHousehold("H-0103", "1号楼", "1", "101").getString("id");
        String head = register(aResident().in(community).withName("测试户主"));
        String second = register(aResident().in(community).withName("测试第二人"));
        place(id, head, "02").then().statusCode(200);

        place(id, second, "02")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body(at("code", equalTo("household-head-exists")))
                .body(at("headResidentId", equalTo(head)));

        // Also when the second person is already a member and only their relation would change.
        place(id, second, "10").then().statusCode(200);
        place(id, second, "02").then().statusCode(409).body(at("code", equalTo("household-head-exists")));
        Users.as(worker)
                .when()
                .get("/api/v1/households/" + id)
                .then()
                .body(at("headResidentId", equalTo(head)))
                .body(at("members.find { it.residentId == '" + second + "' }.relationToHead", equalTo("10")));
    }

    @Test
    void aResidentBelongsToOneHouseholdAtATime() {
        String first = createHousehold("H-0104", "1号楼", "1", "101").getString("id");
        String second = createHousehold("H-0105", "2号楼", "1", "101").getString("id");
        String r = register(aResident().in(community));
        place(first, r, "02").then().statusCode(200);

        place(second, r, "10")
                .then()
                .statusCode(409)
                .body(at("code", equalTo("already-in-household")))
                .body(at("householdId", equalTo(first)));

        Users.as(worker).when().get("/api/v1/households/" + second).then().body(at("members", empty()));
        Users.as(worker).when().get("/api/v1/residents/" + r).then().body(at("householdId", equalTo(first)));
    }

    @Test
    void aMembersRelationCanBeChanged() {
        String id = createHousehold("H-0106", "1号楼", "1", "101").getString("id");
        String r = register(aResident().in(community));
        place(id, r, "20").then().statusCode(200);

        place(id, r, "30")
                .then()
                .statusCode(200)
                .body(at("members.find { it.residentId == '" + r + "' }.relationToHead", equalTo("30")));

        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + r)
                .then()
                .body(at("relationToHead", equalTo("30")))
                .body(at("householdId", equalTo(id)));
        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + r + "/history")
                .then()
                .body(at("items.action", contains("HOUSEHOLD_RELATION_CHANGED", "JOINED_HOUSEHOLD", "REGISTERED")))
                .body(at("items[0].changes.find { it.field == 'relationToHead' }.old", equalTo("20")))
                .body(at("items[0].changes.find { it.field == 'relationToHead' }.new", equalTo("30")));
    }

    @Test
    void aMemberIsRemovedAndTheHistoryShowsJoiningAndLeaving() {
        String id = createHousehold("H-0107", "1号楼", "1", "101").getString("id");
        String head = register(aResident().in(community).withName("测试户主"));
        String child = register(aResident().in(community).withName("测试子女"));
        place(id, head, "02").then().statusCode(200);
        place(id, child, "20").then().statusCode(200);

        Users.as(worker)
                .when()
                .delete("/api/v1/households/" + id + "/members/" + child)
                .then()
                .statusCode(200)
                .body(at("members.residentId", contains(head)));

        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + child)
                .then()
                .body(at("householdId", nullValue()))
                .body(at("relationToHead", nullValue()));
        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + child + "/history")
                .then()
                .statusCode(200)
                .body(at("items.action", contains("LEFT_HOUSEHOLD", "JOINED_HOUSEHOLD", "REGISTERED")))
                .body(at("items[0].changedBy", equalTo(worker)))
                .body(at("items[0].changes.find { it.field == 'householdNumber' }.old", equalTo("H-0107")))
                .body(at("items[0].changes.find { it.field == 'householdNumber' }.new", nullValue()))
                .body(at("items[1].changes.find { it.field == 'householdNumber' }.new", equalTo("H-0107")))
                .body(at("items[1].changes.find { it.field == 'relationToHead' }.new", equalTo("20")));

        // Removing someone who is not a member is not found; the removed one may join again.
        Users.as(worker)
                .when()
                .delete("/api/v1/households/" + id + "/members/" + child)
                .then()
                .statusCode(404);
        place(id, child, "20").then().statusCode(200);
    }

    @Test
    void theHeadIsChangedAndTheFormerHeadTakesTheGivenRelation() {
        String id = createHousehold("H-0108", "1号楼", "1", "101").getString("id");
        String head = register(aResident().in(community).withName("测试老户主"));
        String spouse = register(aResident().in(community).withName("测试新户主"));
        place(id, head, "02").then().statusCode(200);
        place(id, spouse, "10").then().statusCode(200);

        Users.as(worker)
                .body(Map.of("residentId", spouse, "formerHeadRelation", "10"))
                .when()
                .put("/api/v1/households/" + id + "/head")
                .then()
                .statusCode(200)
                .body(at("headResidentId", equalTo(spouse)))
                .body(at("members.find { it.residentId == '" + spouse + "' }.relationToHead", equalTo("02")))
                .body(at("members.find { it.residentId == '" + head + "' }.relationToHead", equalTo("10")));

        Users.as(worker).when().get("/api/v1/residents/" + head).then().body(at("relationToHead", equalTo("10")));
        Users.as(worker).when().get("/api/v1/residents/" + spouse).then().body(at("relationToHead", equalTo("02")));
    }

    @Test
    void aNewHeadMustBeAMemberAndTheFormerHeadNeedsARelation() {
        String id = createHousehold("H-0109", "1号楼", "1", "101").getString("id");
        String head = register(aResident().in(community));
        String member = register(aResident().in(community));
        String outsider = register(aResident().in(community));
        place(id, head, "02").then().statusCode(200);
        place(id, member, "20").then().statusCode(200);

        Users.as(worker)
                .body(Map.of("residentId", outsider, "formerHeadRelation", "50"))
                .when()
                .put("/api/v1/households/" + id + "/head")
                .then()
                .statusCode(409)
                .body(at("code", equalTo("not-a-member")));
        Users.as(worker)
                .body(Map.of("residentId", member))
                .when()
                .put("/api/v1/households/" + id + "/head")
                .then()
                .statusCode(422)
                .body(at("errors.field", contains("formerHeadRelation")));
        Users.as(worker)
                .body(Map.of("residentId", member, "formerHeadRelation", "02"))
                .when()
                .put("/api/v1/households/" + id + "/head")
                .then()
                .statusCode(422)
                .body(at("errors.field", contains("formerHeadRelation")));

        Users.as(worker).when().get("/api/v1/households/" + id).then().body(at("headResidentId", equalTo(head)));
    }

    @Test
    void aResidentWhoIsNoLongerOnTheRegisterCannotJoin() {
        String id = createHousehold("H-0110", "1号楼", "1", "101").getString("id");
        String r = register(aResident().in(community));
        Users.as(worker)
                .body(Map.of("status", "MOVED_OUT", "date", "2024-01-02", "reason", "迁往外省"))
                .when()
                .post("/api/v1/residents/" + r + "/status-changes")
                .then()
                .statusCode(200);

        place(id, r, "02").then().statusCode(409).body(at("code", equalTo("not-on-register")));
    }

    // ---- Edits and moves --------------------------------------------------------------------------

    @Test
    void anEditOfNumberOrTypeNeedsTheVersionItWasBasedOn() {
        Json created = createHousehold("H-0201", "1号楼", "1", "101");
        String id = created.getString("id");
        Map<String, Object> edited = new LinkedHashMap<>(created.getMap(""));
        edited.put("householdNumber", "H-0201A");
        edited.put("type", "2");

        Users.as(worker)
                .body(edited)
                .when()
                .put("/api/v1/households/" + id)
                .then()
                .statusCode(428)
                .body(at("code", equalTo("precondition-required")));
        Users.as(worker)
                .header("If-Match", "\"5\"")
                .body(edited)
                .when()
                .put("/api/v1/households/" + id)
                .then()
                .statusCode(412)
                .body(at("code", equalTo("stale-version")))
                .body(at("currentVersion", is(0)));
        Users.as(worker).when().get("/api/v1/households/" + id).then().body(at("householdNumber", equalTo("H-0201")));

        Users.as(worker)
                .header("If-Match", "\"0\"")
                .body(edited)
                .when()
                .put("/api/v1/households/" + id)
                .then()
                .statusCode(200)
                .header("ETag", "\"1\"")
                .body(at("householdNumber", equalTo("H-0201A")))
                .body(at("type", equalTo("2")))
                // the address is not changed by an edit
                .body(at("building", equalTo("1号楼")));

        Users.as(worker)
                .header("If-Match", "\"0\"")
                .body(edited)
                .when()
                .put("/api/v1/households/" + id)
                .then()
                .statusCode(412);
    }

    @Test
    void anEditToANumberAnotherHouseholdHasIsRefused() {
        createHousehold("H-0202", "1号楼", "1", "101");
        String id = createHousehold("H-0203", "1号楼", "1", "102").getString("id");

        Users.as(worker)
                .header("If-Match", "\"0\"")
                .body(Map.of("householdNumber", "H-0202", "type", "1"))
                .when()
                .put("/api/v1/households/" + id)
                .then()
                .statusCode(409)
                .body(at("code", equalTo("duplicate-household-number")));
    }

    @Test
    void aMoveNeedsTheVersionItWasBasedOn() {
        String id = createHousehold("H-0301", "1号楼", "1", "101").getString("id");
        Map<String, Object> to = address(community, "9号楼", "3", "903");

        Users.as(worker)
                .body(to)
                .when()
                .post("/api/v1/households/" + id + "/move")
                .then()
                .statusCode(428)
                .body(at("code", equalTo("precondition-required")));
        Users.as(worker)
                .header("If-Match", "\"3\"")
                .body(to)
                .when()
                .post("/api/v1/households/" + id + "/move")
                .then()
                .statusCode(412)
                .body(at("code", equalTo("stale-version")));
        Users.as(worker).when().get("/api/v1/households/" + id).then().body(at("building", equalTo("1号楼")));
    }

    @Test
    void aMoveTakesTheMembersWhoLivedAtTheOldAddressAndLeavesTheOthers() {
        String id = createHousehold("H-0302", "1号楼", "1", "101").getString("id");
        String head = register(aResident().in(community).withName("测试户主").at("1号楼", "1", "101"));
        String spouse = register(aResident().in(community).withName("测试配偶").at("1号楼", "1", "101"));
        String student = register(aResident().in(community).withName("测试住校生").at("5号楼", "2", "202"));
        String neighbour = register(aResident().in(community).withName("测试邻居").at("1号楼", "1", "101"));
        place(id, head, "02").then().statusCode(200);
        place(id, spouse, "10").then().statusCode(200);
        String etag = place(id, student, "20").then().statusCode(200).extract().header("ETag");

        Users.as(worker)
                .header("If-Match", etag)
                .body(address(community, "9号楼", "3", "903"))
                .when()
                .post("/api/v1/households/" + id + "/move")
                .then()
                .statusCode(200)
                .body(at("building", equalTo("9号楼")))
                .body(at("unit", equalTo("3")))
                .body(at("room", equalTo("903")))
                .body(at("members.residentId", containsInAnyOrder(head, spouse, student)));

        for (String moved : new String[] {head, spouse}) {
            Users.as(worker)
                    .when()
                    .get("/api/v1/residents/" + moved)
                    .then()
                    .body(at("building", equalTo("9号楼")))
                    .body(at("unit", equalTo("3")))
                    .body(at("room", equalTo("903")))
                    .body(at("communityCode", equalTo(community)));
        }
        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + student)
                .then()
                .body(at("building", equalTo("5号楼")))
                .body(at("room", equalTo("202")));
        // Not a member: stays even though they lived at the same address.
        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + neighbour)
                .then()
                .body(at("building", equalTo("1号楼")))
                .body(at("room", equalTo("101")));
        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + head + "/history")
                .then()
                .body(at("items[0].action", equalTo("MOVED_WITH_HOUSEHOLD")))
                .body(at("items[0].changes.find { it.field == 'building' }.old", equalTo("1号楼")))
                .body(at("items[0].changes.find { it.field == 'building' }.new", equalTo("9号楼")));
        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + student + "/history")
                .then()
                .body(at("items.action", not(hasItem("MOVED_WITH_HOUSEHOLD"))));
    }

    @Test
    void aMoveToAnotherCommunityOfTheWorkersAreaTakesTheMembersThere() {
        String second = Communities.create();
        String streetWorker = Users.create(Roles.WORKER, community, second);
        String id = Users.as(streetWorker)
                .body(household("H-0303", "1号楼", "1", "101"))
                .when()
                .post("/api/v1/households")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class)
                .get("id");
        String head = Users.as(streetWorker)
                .body(aResident().in(community).at("1号楼", "1", "101").json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class)
                .get("id");
        String etag = Users.as(streetWorker)
                .body(Map.of("relationToHead", "02"))
                .when()
                .put("/api/v1/households/" + id + "/members/" + head)
                .then()
                .statusCode(200)
                .extract()
                .header("ETag");

        Users.as(streetWorker)
                .header("If-Match", etag)
                .body(address(second, "2号楼", "1", "301"))
                .when()
                .post("/api/v1/households/" + id + "/move")
                .then()
                .statusCode(200)
                .body(at("communityCode", equalTo(second)));

        Users.as(streetWorker)
                .when()
                .get("/api/v1/residents/" + head)
                .then()
                .body(at("communityCode", equalTo(second)))
                .body(at("building", equalTo("2号楼")));
        // The first community's own worker no longer sees the household.
        Users.as(worker).when().get("/api/v1/households/" + id).then().statusCode(404);
    }

    @Test
    void aMoveOutOfTheWorkersAreaIsRefused() {
        String id = createHousehold("H-0304", "1号楼", "1", "101").getString("id");
        String elsewhere = Communities.create();

        Users.as(worker)
                .header("If-Match", "\"0\"")
                .body(address(elsewhere, "1号楼", "1", "101"))
                .when()
                .post("/api/v1/households/" + id + "/move")
                .then()
                .statusCode(422)
                .body(at("errors[0].field", equalTo("communityCode")))
                .body(at("errors[0].code", equalTo("out-of-scope")));
    }

    // ---- Area and lists ---------------------------------------------------------------------------

    @Test
    void anotherCommunitysWorkerFindsNothing() {
        String id = createHousehold("H-0401", "1号楼", "1", "101").getString("id");
        String member = register(aResident().in(community));
        place(id, member, "02").then().statusCode(200);
        String other = Communities.create();
        String otherWorker = Users.create(Roles.WORKER, other);
        String theirResident = Users.as(otherWorker)
                .body(aResident().in(other).json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class)
                .get("id");

        Users.as(otherWorker)
                .when()
                .get("/api/v1/households/" + id)
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body(at("code", equalTo("not-found")));
        Users.as(otherWorker)
                .header("If-Match", "\"1\"")
                .body(Map.of("householdNumber", "X", "type", "1"))
                .when()
                .put("/api/v1/households/" + id)
                .then()
                .statusCode(404);
        Users.as(otherWorker)
                .body(Map.of("relationToHead", "10"))
                .when()
                .put("/api/v1/households/" + id + "/members/" + theirResident)
                .then()
                .statusCode(404);
        Users.as(otherWorker)
                .when()
                .delete("/api/v1/households/" + id + "/members/" + member)
                .then()
                .statusCode(404);
        Users.as(otherWorker)
                .queryParam("householdNumber", "H-0401")
                .when()
                .get("/api/v1/households")
                .then()
                .statusCode(200)
                .body(at("total", is(0)));

        Users.as(worker)
                .when()
                .get("/api/v1/households/" + id)
                .then()
                .statusCode(200)
                .body(at("members", not(empty())));
        Users.as(otherWorker)
                .when()
                .get("/api/v1/residents/" + theirResident)
                .then()
                .body(at("householdId", nullValue()));
    }

    @Test
    void anUnknownHouseholdIsNotFound() {
        Users.as(worker)
                .when()
                .get("/api/v1/households/01a20000-0000-7000-8000-000000000000")
                .then()
                .statusCode(404)
                .body(at("code", equalTo("not-found")));
        Users.as(worker).when().get("/api/v1/households/not-an-id").then().statusCode(404);
    }

    @Test
    void theListIsFilteredByCommunityNumberAndBuilding() {
        createHousehold("H-0501", "7号楼", "1", "101");
        createHousehold("H-0502", "7号楼", "2", "201");
        createHousehold("H-0503", "8号楼", "1", "101");
        String other = Communities.create();
        Map<String, Object> elsewhere = household("H-0501", "7号楼", "1", "101");
        elsewhere.put("communityCode", other);
        Users.as(Users.create(Roles.WORKER, other))
                .body(elsewhere)
                .when()
                .post("/api/v1/households")
                .then()
                .statusCode(201);
        String supervisor = Users.create(Roles.SUPERVISOR, Communities.streetOf(community));

        Users.as(worker)
                .when()
                .get("/api/v1/households")
                .then()
                .statusCode(200)
                .body(at("total", is(3)))
                .body(at("items.householdNumber", contains("H-0501", "H-0502", "H-0503")))
                .body(at("items.communityCode", everyItem(equalTo(community))));
        Users.as(worker)
                .queryParam("building", "7号楼")
                .when()
                .get("/api/v1/households")
                .then()
                .body(at("total", is(2)))
                .body(at("items.householdNumber", contains("H-0501", "H-0502")));
        Users.as(worker)
                .queryParam("householdNumber", "H-0503")
                .when()
                .get("/api/v1/households")
                .then()
                .body(at("total", is(1)))
                .body(at("items[0].building", equalTo("8号楼")));
        Users.as(supervisor)
                .queryParam("communityCode", community)
                .when()
                .get("/api/v1/households")
                .then()
                .statusCode(200)
                .body(at("total", is(3)));
        Users.as(worker)
                .queryParam("size", "2")
                .when()
                .get("/api/v1/households")
                .then()
                .body(at("total", is(3)))
                .body(at("items.householdNumber", contains("H-0501", "H-0502")));
        Users.as(worker)
                .queryParam("communityCode", "abc")
                .when()
                .get("/api/v1/households")
                .then()
                .statusCode(422)
                .body(at("errors[0].field", equalTo("communityCode")));
    }

    @Test
    void onlyWorkersAndSupervisorsManageHouseholds() {
        String auditor = Users.create(Roles.AUDITOR, community);

        Users.as(auditor)
                .body(household("H-0601", "1号楼", "1", "101"))
                .when()
                .post("/api/v1/households")
                .then()
                .statusCode(403)
                .body(at("code", equalTo("forbidden")));
    }

    // ---- Helpers ----------------------------------------------------------------------------------

    private Map<String, Object> household(String number, String building, String unit, String room) {
        Map<String, Object> body = address(community, building, unit, room);
        body.put("householdNumber", number);
        body.put("type", "1");
        return body;
    }

    private static Map<String, Object> address(String communityCode, String building, String unit, String room) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("communityCode", communityCode);
        body.put("building", building);
        body.put("unit", unit);
        body.put("room", room);
        return body;
    }

    private Json createHousehold(String number, String building, String unit, String room) {
        return Users.as(worker)
                .body(household(number, building, unit, room))
                .when()
                .post("/api/v1/households")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class);
    }

    private String register(ResidentTestData data) {
        return data.registerAs(worker);
    }

    private io.restassured.response.Response place(String householdId, String residentId, String relation) {
        return Users.as(worker)
                .body(Map.of("relationToHead", relation))
                .when()
                .put("/api/v1/households/" + householdId + "/members/" + residentId);
    }
}
