package org.communityhub.matching.merge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.communityhub.testing.Waiting.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import io.restassured.response.ValidatableResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.Json;
import org.communityhub.testing.PlatformSimulator;
import org.communityhub.testing.PlatformSimulators;
import org.communityhub.testing.ResidentTestData;
import org.communityhub.testing.TestSql;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Merging two records of one person, undoing it, and what the platforms get of both. */
@HubTest
class MergeResourceTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final LocalDate BIRTH = LocalDate.of(1985, 6, 15);

    private String community;
    private String worker;
    private String supervisor;

    @BeforeEach
    void aCommunityAWorkerAndTheirSupervisor() {
        community = Communities.create();
        worker = Users.create(Roles.WORKER, community);
        supervisor = Users.create(Roles.SUPERVISOR, Communities.streetOf(community));
    }

    @Test
    void aMergedPairIsDeliveredAsTheSurvivorsUpdateAndTheOthersRemovalAndAnUndoGivesBothBack() {
        ResidentTestData first = aResident()
                .in(community)
                .withName("合并甲")
                .bornOn(BIRTH, "1")
                .with("phone", "13700002222")
                .at("1号楼", "1", "101");
        ResidentTestData second = aResident()
                .in(community)
                .withName("合并乙")
                .bornOn(BIRTH, "1")
                .with("phone", "13700003333")
                .at("2号楼", "2", "202")
                .with(
                        "partyMembership",
                        Map.of("status", "FULL", "joinedOn", "2010-07-01", "fullMemberOn", "2011-07-01"));
        String survivor = first.registerAs(worker);
        String merged = second.registerAs(worker);
        String household = household("M" + community.substring(8));
        Users.as(worker)
                .body(Map.of("relationToHead", "02"))
                .when()
                .put("/api/v1/households/" + household + "/members/" + merged)
                .then()
                .statusCode(200);
        awaitRecord(survivor, r -> r.get("姓名").asText().equals("合并甲"));
        awaitRecord(merged, r -> r.get("户号").asText().startsWith("M"));

        // Side by side: identifiers masked, the differing fields marked.
        Json comparison = Users.as(supervisor)
                .queryParam("a", survivor)
                .queryParam("b", merged)
                .when()
                .get("/api/v1/merges/comparison")
                .then()
                .statusCode(200)
                .body(at("conflicts", equalTo(List.of())))
                .body(at("fields.find { it.field == 'name' }.differs", equalTo(true)))
                .body(at("fields.find { it.field == 'sex' }.differs", equalTo(false)))
                .body(at("fields.find { it.field == 'idNumber' }.differs", equalTo(true)))
                .body(at("fields.find { it.field == 'idNumber' }.a", containsString("*")))
                .body(at("fields.find { it.field == 'phone' }.b", equalTo("137****3333")))
                .body(at("fields.find { it.field == 'household' }.b.relationToHead", equalTo("02")))
                .body(at("fields.find { it.field == 'partyMembership' }.choosable", equalTo(false)))
                .body(at("b.partyMembership.status", equalTo("FULL")))
                .extract()
                .as(Json.class);
        assertThat(comparison.prettify()).doesNotContain(first.idNumber(), second.idNumber(), "13700002222");
        assertThat(accessLogged("VIEW", survivor, merged)).isTrue();

        Json merge = Users.as(supervisor)
                .body(mergeOf(
                        survivor,
                        merged,
                        Map.of(
                                "name", "MERGED",
                                "idNumber", "SURVIVOR",
                                "phone", "MERGED",
                                "address", "MERGED",
                                "household", "MERGED")))
                .when()
                .post("/api/v1/merges")
                .then()
                .statusCode(201)
                .body(at("survivor.name", equalTo("合并乙")))
                .body(at("survivor.phone", equalTo("137****3333")))
                .body(at("survivor.building", equalTo("2号楼")))
                .body(at("survivor.householdId", equalTo(household)))
                .body(at("survivor.relationToHead", equalTo("02")))
                .body(at("survivor.partyMembership.status", equalTo("FULL")))
                .body(at("survivor.politicalStatus", equalTo("01")))
                .extract()
                .as(Json.class);
        String mergeId = merge.getString("id");

        // The merged-away record: MERGED, pointing at the survivor, its number freed, its history kept.
        Users.as(supervisor)
                .when()
                .get("/api/v1/residents/" + merged)
                .then()
                .statusCode(200)
                .header("Link", containsString("/api/v1/residents/" + survivor))
                .body(at("status", equalTo("MERGED")))
                .body(at("mergedInto", equalTo(survivor)))
                .body(at("idNumber", containsString("*"))) // the survivor kept its own number
                .body(at("householdId", nullValue()))
                .body(at("partyMembership", nullValue()));
        history(merged)
                .body(at("items[0].action", equalTo("MERGED_INTO")))
                .body(at("items.action", hasItem("REGISTERED")));
        history(survivor).body(at("items[0].action", equalTo("MERGED_FROM")));
        Users.as(supervisor)
                .queryParam("idNumber", first.idNumber())
                .when()
                .get("/api/v1/residents")
                .then()
                .body(at("items[0].id", equalTo(survivor)));
        assertThat(accessLogged("MERGE", survivor, merged)).isTrue();

        // Public security: the merged-away record removed, the survivor updated with the chosen values.
        JsonNode removal = awaitRecord(merged, r -> r.get("登记类型").asText().equals("注销"));
        assertThat(removal.get("公民身份号码").asText()).isEqualTo(second.idNumber());
        assertThat(removal.get("注销原因").asText()).isEqualTo("重复登记");
        JsonNode update = awaitRecord(survivor, r -> r.get("姓名").asText().equals("合并乙"));
        assertThat(update.get("公民身份号码").asText()).isEqualTo(first.idNumber());
        assertThat(update.get("联系电话").asText()).isEqualTo("13700003333");
        assertThat(update.get("楼栋").asText()).isEqualTo("2号楼");
        assertThat(update.get("户号").asText()).startsWith("M");
        assertThat(update.get("与户主关系").asText()).isNotEmpty();
        assertThat(update.get("登记类型").asText()).isEqualTo("登记或变更");
        awaitSync(merged, "public-security", false);
        awaitSync(survivor, "public-security", true);
        assertThat(PlatformSimulators.publicSecurity().violations()).isEmpty();

        // Undo: both back as they were, and the platform gets both back.
        Users.as(supervisor)
                .when()
                .post("/api/v1/merges/" + mergeId + "/undo")
                .then()
                .statusCode(200)
                .body(at("undoneBy", equalTo(supervisor)))
                .body(at("survivor.name", equalTo("合并甲")))
                .body(at("survivor.phone", equalTo("137****2222")))
                .body(at("survivor.householdId", nullValue()))
                .body(at("survivor.partyMembership", nullValue()));
        Users.as(supervisor)
                .when()
                .get("/api/v1/residents/" + merged)
                .then()
                .statusCode(200)
                .body(at("status", equalTo("ACTIVE")))
                .body(at("mergedInto", nullValue()))
                .body(at("name", equalTo("合并乙")))
                .body(at("idNumber", containsString("*")))
                .body(at("householdId", equalTo(household)))
                .body(at("relationToHead", equalTo("02")))
                .body(at("partyMembership.status", equalTo("FULL")))
                .body(at("politicalStatus", equalTo("01")));
        history(merged).body(at("items[0].action", equalTo("MERGE_UNDONE")));
        history(survivor).body(at("items[0].action", equalTo("MERGE_UNDONE")));
        awaitRecord(
                merged,
                r -> r.get("登记类型").asText().equals("登记或变更")
                        && r.get("公民身份号码").asText().equals(second.idNumber())
                        && r.get("户号").asText().startsWith("M")
                        && !r.get("recordKey")
                                .asText()
                                .equals(removal.get("recordKey").asText()));
        awaitRecord(
                survivor,
                r -> r.get("姓名").asText().equals("合并甲")
                        && r.get("联系电话").asText().equals("13700002222")
                        && r.get("楼栋").asText().equals("1号楼"));
        awaitSync(merged, "public-security", true);

        Users.as(supervisor)
                .when()
                .post("/api/v1/merges/" + mergeId + "/undo")
                .then()
                .statusCode(409)
                .body(at("code", equalTo("merge-undone")));
    }

    @Test
    void anUndoIsRefusedOnceTheSurvivorChangedAfterTheMerge() {
        String survivor = aResident().in(community).withName("撤销甲").registerAs(worker);
        String merged = aResident().in(community).withName("撤销乙").registerAs(worker);
        String mergeId = Users.as(supervisor)
                .body(mergeOf(survivor, merged, Map.of("name", "SURVIVOR", "idNumber", "MERGED")))
                .when()
                .post("/api/v1/merges")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class)
                .get("id");
        Json read = Users.as(worker)
                .when()
                .get("/api/v1/residents/" + survivor)
                .then()
                .extract()
                .as(Json.class);
        Map<String, Object> edit = new HashMap<>(read.getMap(""));
        edit.put("room", "909");
        Users.as(worker)
                .header("If-Match", "\"" + read.getInt("version") + "\"")
                .body(edit)
                .when()
                .put("/api/v1/residents/" + survivor)
                .then()
                .statusCode(200);

        Users.as(supervisor)
                .when()
                .post("/api/v1/merges/" + mergeId + "/undo")
                .then()
                .statusCode(409)
                .body(at("code", equalTo("changed-since-merge")));
        // The merged-away record cannot be edited either: changes go to the survivor.
        Json away = Users.as(worker)
                .when()
                .get("/api/v1/residents/" + merged)
                .then()
                .extract()
                .as(Json.class);
        Map<String, Object> awayEdit = new HashMap<>(away.getMap(""));
        awayEdit.put("room", "808");
        Users.as(worker)
                .header("If-Match", "\"" + away.getInt("version") + "\"")
                .body(awayEdit)
                .when()
                .put("/api/v1/residents/" + merged)
                .then()
                .statusCode(409)
                .body(at("code", equalTo("merged")));
    }

    @Test
    void mergesAreRefusedOutsideTheAreaForWorkersForStaleVersionsAndForOneRecordTwice() {
        String a = aResident().in(community).withName("拒绝甲").registerAs(worker);
        String b = aResident().in(community).withName("拒绝乙").registerAs(worker);
        String elsewhere = Communities.create();
        String otherWorker = Users.create(Roles.WORKER, elsewhere);
        String outside = aResident().in(elsewhere).withName("拒绝丙").registerAs(otherWorker);
        String otherSupervisor = Users.create(Roles.SUPERVISOR, elsewhere);
        Map<String, String> choices = Map.of("name", "SURVIVOR", "idNumber", "SURVIVOR");

        Users.as(worker)
                .queryParam("a", a)
                .queryParam("b", b)
                .when()
                .get("/api/v1/merges/comparison")
                .then()
                .statusCode(403);
        Users.as(worker)
                .body(mergeOf(a, b, choices))
                .when()
                .post("/api/v1/merges")
                .then()
                .statusCode(403);
        String communitySupervisor = Users.create(Roles.SUPERVISOR, community);
        Users.as(communitySupervisor)
                .body(Map.of(
                        "survivorId", a,
                        "mergedId", outside,
                        "survivorVersion", 0,
                        "mergedVersion", 0,
                        "choices", choices))
                .when()
                .post("/api/v1/merges")
                .then()
                .statusCode(404);
        Users.as(otherSupervisor)
                .queryParam("a", a)
                .queryParam("b", outside)
                .when()
                .get("/api/v1/merges/comparison")
                .then()
                .statusCode(404);
        Users.as(otherSupervisor)
                .body(mergeOf(outside, a, choices))
                .when()
                .post("/api/v1/merges")
                .then()
                .statusCode(404);

        Map<String, Object> stale = mergeOf(a, b, choices);
        stale.put("mergedVersion", ((Integer) stale.get("mergedVersion")) + 5);
        Users.as(supervisor)
                .body(stale)
                .when()
                .post("/api/v1/merges")
                .then()
                .statusCode(412)
                .body(at("code", equalTo("stale-version")));
        Map<String, Object> unversioned = mergeOf(a, b, choices);
        unversioned.remove("survivorVersion");
        Users.as(supervisor)
                .body(unversioned)
                .when()
                .post("/api/v1/merges")
                .then()
                .statusCode(428);

        Users.as(supervisor)
                .body(mergeOf(a, a, choices))
                .when()
                .post("/api/v1/merges")
                .then()
                .statusCode(422)
                .body(at("code", equalTo("validation-failed")))
                .body(at("errors[0].code", equalTo("same-resident")));
        Users.as(supervisor)
                .body(mergeOf(a, b, Map.of("idNumber", "SURVIVOR")))
                .when()
                .post("/api/v1/merges")
                .then()
                .statusCode(422)
                .body(at("errors.field", hasItem("choices.name")));

        // Nothing of the refused attempts changed either record.
        Users.as(supervisor).when().get("/api/v1/residents/" + b).then().body(at("status", equalTo("ACTIVE")));
    }

    @Test
    void twoDifferentMembershipsOrTwoHeadsOfDifferentHouseholdsAreRefusedWithTheReason() {
        String a = aResident()
                .in(community)
                .withName("党员甲")
                .with("partyMembership", Map.of("status", "FULL", "joinedOn", "2010-07-01"))
                .registerAs(worker);
        String b = aResident()
                .in(community)
                .withName("党员乙")
                .with("partyMembership", Map.of("status", "PROBATIONARY", "joinedOn", "2025-07-01"))
                .registerAs(worker);
        Users.as(supervisor)
                .queryParam("a", a)
                .queryParam("b", b)
                .when()
                .get("/api/v1/merges/comparison")
                .then()
                .body(at("conflicts.code", hasItem("conflicting-party-memberships")));
        Users.as(supervisor)
                .body(mergeOf(a, b, Map.of("name", "SURVIVOR", "idNumber", "SURVIVOR")))
                .when()
                .post("/api/v1/merges")
                .then()
                .statusCode(409)
                .body(at("code", equalTo("conflicting-party-memberships")))
                .body(at("detail", containsString("党员信息")));

        String c = aResident().in(community).withName("户主丙").registerAs(worker);
        String d = aResident().in(community).withName("户主丁").registerAs(worker);
        String h1 = household("A" + community.substring(8));
        String h2 = household("B" + community.substring(8));
        placeAsHead(h1, c);
        placeAsHead(h2, d);
        Users.as(supervisor)
                .body(mergeOf(c, d, Map.of("name", "SURVIVOR", "idNumber", "SURVIVOR", "household", "SURVIVOR")))
                .when()
                .post("/api/v1/merges")
                .then()
                .statusCode(409)
                .body(at("code", equalTo("household-head-conflict")));
        Users.as(supervisor)
                .when()
                .get("/api/v1/residents/" + d)
                .then()
                .body(at("status", equalTo("ACTIVE")))
                .body(at("householdId", equalTo(h2)));
    }

    @Test
    void aSurvivorTakesTheOtherRecordsNumberWhenChosen() {
        ResidentTestData withTypo = aResident().in(community).withName("号码甲");
        ResidentTestData right = aResident().in(community).withName("号码甲").withIdNumber(IdNumbers.of(BIRTH, "1"));
        String survivor = withTypo.registerAs(worker);
        String merged = right.registerAs(worker);
        awaitSync(merged, "public-security", true);
        Users.as(supervisor)
                .body(mergeOf(survivor, merged, Map.of("idNumber", "MERGED")))
                .when()
                .post("/api/v1/merges")
                .then()
                .statusCode(201);
        Users.as(supervisor)
                .queryParam("idNumber", right.idNumber())
                .when()
                .get("/api/v1/residents")
                .then()
                .body(at("total", equalTo(1)))
                .body(at("items[0].id", equalTo(survivor)));
        Users.as(supervisor).when().get("/api/v1/residents/" + merged).then().body(at("idNumber", nullValue()));
        // The platform is told which record to remove by the number it holds it under, though the
        // merged-away record has given that number to the survivor.
        JsonNode removal = awaitRecord(merged, r -> r.get("登记类型").asText().equals("注销"));
        assertThat(removal.get("公民身份号码").asText()).isEqualTo(right.idNumber());
        JsonNode update = awaitRecord(survivor, r -> r.get("公民身份号码").asText().equals(right.idNumber()));
        assertThat(update.get("登记类型").asText()).isEqualTo("登记或变更");
        // The survivor's old number is free now: a registration with it is not refused as a duplicate.
        aResident()
                .in(community)
                .withName("号码乙")
                .withIdNumber(withTypo.idNumber())
                .registerAs(worker);
    }

    @Test
    void inOneHouseholdTheSurvivorCanTakeTheHeadsPlaceAndAnUndoGivesItBack() {
        String household = household("S" + community.substring(8));
        String member = aResident().in(community).withName("同户甲").registerAs(worker);
        String head = aResident().in(community).withName("同户甲").registerAs(worker);
        placeAsHead(household, head);
        Users.as(worker)
                .body(Map.of("relationToHead", "20"))
                .when()
                .put("/api/v1/households/" + household + "/members/" + member)
                .then()
                .statusCode(200);

        // Keeping the member's place would leave the household without its head.
        Users.as(supervisor)
                .body(mergeOf(member, head, Map.of("idNumber", "SURVIVOR", "household", "SURVIVOR")))
                .when()
                .post("/api/v1/merges")
                .then()
                .statusCode(409)
                .body(at("code", equalTo("household-head-conflict")));

        String mergeId = Users.as(supervisor)
                .body(mergeOf(member, head, Map.of("idNumber", "SURVIVOR", "household", "MERGED")))
                .when()
                .post("/api/v1/merges")
                .then()
                .statusCode(201)
                .body(at("survivor.householdId", equalTo(household)))
                .body(at("survivor.relationToHead", equalTo("02")))
                .extract()
                .as(Json.class)
                .get("id");
        Users.as(worker)
                .queryParam("householdId", household)
                .queryParam("status", "ACTIVE")
                .when()
                .get("/api/v1/residents")
                .then()
                .body(at("total", equalTo(1)))
                .body(at("items[0].id", equalTo(member)));

        Users.as(supervisor)
                .when()
                .post("/api/v1/merges/" + mergeId + "/undo")
                .then()
                .statusCode(200)
                .body(at("survivor.relationToHead", equalTo("20")));
        Users.as(supervisor)
                .when()
                .get("/api/v1/residents/" + head)
                .then()
                .body(at("status", equalTo("ACTIVE")))
                .body(at("householdId", equalTo(household)))
                .body(at("relationToHead", equalTo("02")));
        Users.as(supervisor)
                .when()
                .get("/api/v1/merges/" + mergeId)
                .then()
                .statusCode(200)
                .body(at("undoneBy", equalTo(supervisor)))
                .body(at("choices.household", equalTo("MERGED")));
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private Map<String, Object> mergeOf(String survivor, String merged, Map<String, String> choices) {
        Map<String, Object> body = new HashMap<>();
        body.put("survivorId", survivor);
        body.put("mergedId", merged);
        body.put("survivorVersion", version(survivor));
        body.put("mergedVersion", version(merged));
        body.put("choices", choices);
        return body;
    }

    private int version(String id) {
        return Users.as(supervisor)
                .when()
                .get("/api/v1/residents/" + id)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .get("version");
    }

    private String household(String number) {
        return Users.as(worker)
                .body(Map.of("householdNumber", number, "type", "1", "communityCode", community))
                .when()
                .post("/api/v1/households")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class)
                .get("id");
    }

    private void placeAsHead(String household, String resident) {
        Users.as(worker)
                .body(Map.of("relationToHead", "02"))
                .when()
                .put("/api/v1/households/" + household + "/members/" + resident)
                .then()
                .statusCode(200);
    }

    private ValidatableResponse history(String id) {
        return Users.as(supervisor)
                .when()
                .get("/api/v1/residents/" + id + "/history")
                .then()
                .statusCode(200);
    }

    private static JsonNode awaitRecord(String residentId, java.util.function.Predicate<JsonNode> which) {
        PlatformSimulator.Platform platform = PlatformSimulators.publicSecurity();
        return await().atMost(PATIENCE)
                .until(
                        () -> platform.recordsOf(residentId).stream()
                                .filter(which)
                                .findFirst(),
                        r -> r.isPresent())
                .orElseThrow();
    }

    private void awaitSync(String id, String adapter, boolean held) {
        await().atMost(PATIENCE)
                .untilAsserted(() -> Users.as(worker)
                        .when()
                        .get("/api/v1/residents/" + id + "/sync")
                        .then()
                        .statusCode(200)
                        .body(at("find { it.adapterId == '" + adapter + "' }.status", equalTo("SYNCED")))
                        .body(at("find { it.adapterId == '" + adapter + "' }.held", equalTo(held))));
    }

    /** Whether the access log has an entry of this action naming both residents. */
    private static boolean accessLogged(String action, String a, String b) {
        try (Connection c = TestSql.connect();
                PreparedStatement ps = c.prepareStatement("select count(*) from access_log where action = ?"
                        + " and resident_ids @> array[?::uuid, ?::uuid]")) {
            ps.setString(1, action);
            ps.setString(2, a);
            ps.setString(3, b);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
