package org.communityhub.registry.statistics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.communityhub.access.Roles;
import org.communityhub.reference.code.Vocabulary;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.Phones;
import org.communityhub.testing.TestSql;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/** Figures of the register per community, as statistics forms ask for them. */
@HubTest
class StatisticsResourceTest {

    @Inject
    Vocabulary vocabulary;

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
                .as(Json.class)
                .get("id");
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

        Json figures = Users.as(worker)
                .queryParam("division", community)
                // As forms write them: by synonym, with notes in brackets.
                .queryParam("indicator", "户籍人口", "流动人口数", "80周岁以上老人（人）", "党员（含预备党员）", "团员", "低保户数", "总人口")
                .get("/api/v1/statistics")
                .then()
                .statusCode(200)
                .body(at("asOf", equalTo(today.toString())))
                .body(at("indicators.name", hasItem("80岁以上老人")))
                .extract()
                .as(Json.class);

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
                .body(at("communities[0].figures.户籍人口数", equalTo(0)));
        TestSql.execute("update resident set created_at = created_at - interval '10 days' where community_code = '"
                + community + "'");
        Users.as(worker)
                .queryParam("division", community)
                .queryParam("indicator", "户籍人口数")
                .queryParam("asOf", today.minusDays(1).toString())
                .get("/api/v1/statistics")
                .then()
                .statusCode(200)
                .body(at("communities[0].figures.户籍人口数", equalTo(4)));
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
                .body(at("code", equalTo("out-of-scope")));
        Users.as(worker)
                .queryParam("division", community)
                .queryParam("indicator", "走访情况")
                .get("/api/v1/statistics")
                .then()
                .statusCode(422)
                .body(at("errors[0].code", equalTo("unknown-indicator")));
        Users.as(worker)
                .queryParam("division", community)
                .queryParam("asOf", today.plusDays(1).toString())
                .get("/api/v1/statistics")
                .then()
                .statusCode(422)
                .body(at("errors[0].code", equalTo("date-in-future")));
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

        Json figures = Users.as(worker)
                .get("/api/v1/statistics")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(figures.getList("communities.code", String.class)).containsExactly(community);
        assertThat(figures.getInt("communities[0].figures.总人口")).isEqualTo(1);
        assertThat(figures.getList("indicators.name", String.class)).contains("户籍人口数", "低保户数", "残疾人数");
    }

    @Test
    void theResidentsBehindAFigureAreThoseItCountsAndTheirTotalIsTheFigure() throws Exception {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        // Two 户籍 residents over 80 (one turning 80 tomorrow, not yet), a 流动 one; households: one
        // with two members on 低保 (counted once, both shown), one with one, one with none.
        String elder = aResident()
                .in(community)
                .withName("甲老人")
                .bornOn(today.minusYears(85), "2")
                .with("phone", Phones.any())
                .withTags("低保对象")
                .registerAs(worker);
        String spouse = aResident()
                .in(community)
                .withName("乙老人")
                .bornOn(today.minusYears(83), "1")
                .withTags("低保对象")
                .registerAs(worker);
        String almost = aResident()
                .in(community)
                .withName("丙将满")
                .bornOn(today.minusYears(80).plusDays(1), "1")
                .registerAs(worker);
        String single = aResident()
                .in(community)
                .withName("丁单身")
                .bornOn(today.minusYears(40), "2")
                .with("residenceType", "2")
                .withTags("低保对象")
                .registerAs(worker);
        String other = aResident()
                .in(community)
                .withName("戊邻居")
                .bornOn(today.minusYears(35), "1")
                .registerAs(worker);
        String twoOnAid = household(worker, community, "S-1");
        place(worker, twoOnAid, elder, "02");
        place(worker, twoOnAid, spouse, "10");
        String oneOnAid = household(worker, community, "S-2");
        place(worker, oneOnAid, single, "02");
        place(worker, household(worker, community, "S-3"), other, "02");

        Json aid = residentsBehind(worker, community, "低保户", null, 200);
        assertThat(aid.getLong("total"))
                .isEqualTo(figure(worker, community, "低保户数", null))
                .isEqualTo(2);
        assertThat(aid.getList("items.household.id", String.class)).containsExactly(twoOnAid, oneOnAid);
        assertThat(aid.getList("items[0].residents.id", String.class)).containsExactlyInAnyOrder(elder, spouse);
        assertThat(aid.getList("items[1].residents.id", String.class)).containsExactly(single);
        assertThat(aid.getString("indicator.name")).isEqualTo("低保户数");
        assertThat(aid.getString("indicator.definition")).contains("低保对象");
        // Masked as the lists mask them.
        Map<String, Object> first = aid.getMap("items[0].residents.find { it.id == '" + elder + "' }");
        assertThat((String) first.get("idNumber")).matches("\\d{6}\\*{8}\\d{3}[\\dX]");
        assertThat((String) first.get("phone")).matches("139\\*{4}\\d{4}");
        assertThat(first.get("age")).isEqualTo(85);

        Json households = residentsBehind(worker, community, "户数", null, 200);
        assertThat(households.getLong("total"))
                .isEqualTo(figure(worker, community, "户数", null))
                .isEqualTo(3);

        Json everyone = residentsBehind(worker, community, "总人口", null, 2);
        assertThat(everyone.getLong("total"))
                .isEqualTo(figure(worker, community, "总人口", null))
                .isEqualTo(5);
        assertThat(everyone.getList("items")).hasSize(2);
        assertThat(everyone.getInt("size")).isEqualTo(2);
        assertThat(everyone.getString("items[0].household.householdNumber")).startsWith("S-");

        Json flowing = residentsBehind(worker, community, "流动人口", null, 200);
        assertThat(flowing.getLong("total"))
                .isEqualTo(figure(worker, community, "流动人口数", null))
                .isEqualTo(1);
        assertThat(flowing.getList("items.collect { it.residents[0].id }", String.class))
                .containsExactly(single);

        Json aged = residentsBehind(worker, community, "80周岁以上老人（人）", null, 200);
        assertThat(aged.getLong("total"))
                .isEqualTo(figure(worker, community, "80岁以上老人", null))
                .isEqualTo(2);
        assertThat(aged.getList("items.collect { it.residents[0].id }", String.class))
                .containsExactlyInAnyOrder(elder, spouse);

        // A past date: registered long ago, 83-year-old spouse was 79 three years and a day ago, the
        // elder 81; the one turning 80 tomorrow was 76.
        TestSql.execute("update resident set created_at = created_at - interval '5 years' where community_code = '"
                + community + "'");
        String past = today.minusYears(3).minusDays(1).toString();
        Json agedThen = residentsBehind(worker, community, "80岁以上老人", past, 200);
        assertThat(agedThen.getLong("total"))
                .isEqualTo(figure(worker, community, "80岁以上老人", past))
                .isEqualTo(1);
        assertThat(agedThen.getList("items.collect { it.residents[0].id }", String.class))
                .containsExactly(elder);
        assertThat(agedThen.getInt("items[0].residents[0].age")).isEqualTo(81);
        assertThat(agedThen.getString("asOf")).isEqualTo(past);
        assertThat(almost).isNotNull();

        // The list shown is in the access log, naming the residents and the fields shown.
        String logged = TestSql.text("select array_to_string(resident_ids, ',') || ' ' || array_to_string(fields, ',')"
                + " from access_log where username = '" + worker + "' and action = 'LIST'"
                + " and resource = 'GET /api/v1/statistics/residents' order by id desc limit 1");
        assertThat(logged)
                .isEqualTo(elder + " name,idNumber:masked,phone:masked,sex,birthDate,residenceType,address,"
                        + "household,tags");
    }

    @Test
    void theResidentsBehindAFigureAreRefusedAsTheFigureIs() throws Exception {
        String community = Communities.create();
        String elsewhere = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String supervisor = Users.create(Roles.SUPERVISOR, community);
        String corrected = aResident().in(community).withTags("社区矫正对象").registerAs(supervisor);

        behind(worker, elsewhere, "总人口")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body(at("code", equalTo("out-of-scope")));
        behind(worker, community, "走访情况")
                .then()
                .statusCode(422)
                .body(at("errors[0].code", equalTo("unknown-indicator")));
        behind(worker, "1101", "总人口").then().statusCode(422).body(at("errors[0].code", equalTo("invalid-community")));
        String unregistered = Communities.unregistered();
        behind(worker, unregistered, "总人口").then().statusCode(403).body(at("code", equalTo("out-of-scope")));
        behind(Users.create(Roles.SUPERVISOR, Communities.streetOf(unregistered)), unregistered, "总人口")
                .then()
                .statusCode(422)
                .body(at("errors[0].field", equalTo("community")))
                .body(at("errors[0].code", equalTo("unknown-community")));
        Users.as(worker)
                .queryParam("community", community)
                .queryParam("indicator", "总人口")
                .queryParam("asOf", today.plusDays(1).toString())
                .get("/api/v1/statistics/residents")
                .then()
                .statusCode(422)
                .body(at("errors[0].code", equalTo("date-in-future")));
        Users.as(worker)
                .queryParam("community", community)
                .queryParam("indicator", "总人口")
                .queryParam("asOf", "2026-13-01")
                .get("/api/v1/statistics/residents")
                .then()
                .statusCode(422)
                .body(at("errors[0].code", equalTo("invalid-date")));
        Users.as(Users.create(Roles.AUDITOR, community))
                .queryParam("community", community)
                .queryParam("indicator", "总人口")
                .get("/api/v1/statistics/residents")
                .then()
                .statusCode(403);

        // An indicator over a restricted tag: withheld from the worker, figure and residents alike.
        Path file = vocabulary.directory().resolve(Indicators.FILE);
        Files.createDirectories(file.getParent());
        String before = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        try {
            Files.writeString(
                    file,
                    "name,synonyms,counts,conditions,definition\n"
                            + "社区矫正人数,,residents,tag:社区矫正对象,统计日在册、带“社区矫正对象”标签的居民\n",
                    StandardCharsets.UTF_8);
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(7)));
            Users.as(worker)
                    .queryParam("division", community)
                    .queryParam("indicator", "社区矫正人数")
                    .get("/api/v1/statistics")
                    .then()
                    .statusCode(200)
                    .body(at("indicators[0].withheld", equalTo(true)));
            behind(worker, community, "社区矫正人数").then().statusCode(403).body(at("code", equalTo("restricted-tag")));
            Json seen = residentsBehind(supervisor, community, "社区矫正人数", null, 200);
            assertThat(seen.getLong("total"))
                    .isEqualTo(figure(supervisor, community, "社区矫正人数", null))
                    .isEqualTo(1);
            assertThat(seen.getList("items.collect { it.residents[0].id }", String.class))
                    .containsExactly(corrected);
        } finally {
            if (before == null) {
                Files.deleteIfExists(file);
            } else {
                Files.writeString(file, before, StandardCharsets.UTF_8);
                Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(9)));
            }
        }
    }

    private static io.restassured.response.Response behind(String user, String community, String indicator) {
        return Users.as(user)
                .queryParam("community", community)
                .queryParam("indicator", indicator)
                .get("/api/v1/statistics/residents");
    }

    private static Json residentsBehind(String user, String community, String indicator, String asOf, int size) {
        var request = Users.as(user)
                .queryParam("community", community)
                .queryParam("indicator", indicator)
                .queryParam("size", size);
        if (asOf != null) {
            request.queryParam("asOf", asOf);
        }
        return request.get("/api/v1/statistics/residents")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
    }

    private static long figure(String user, String community, String indicator, String asOf) {
        var request = Users.as(user).queryParam("division", community).queryParam("indicator", indicator);
        if (asOf != null) {
            request.queryParam("asOf", asOf);
        }
        return request.get("/api/v1/statistics")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .getLong("communities[0].figures.'" + indicator + "'");
    }

    private static String household(String worker, String community, String number) {
        return Users.as(worker)
                .body(Map.of("communityCode", community, "householdNumber", number, "type", "1"))
                .post("/api/v1/households")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class)
                .get("id");
    }

    private static void place(String worker, String household, String resident, String relation) {
        Users.as(worker)
                .body(Map.of("relationToHead", relation))
                .put("/api/v1/households/" + household + "/members/" + resident)
                .then()
                .statusCode(200);
    }
}
