package org.communityhub.registry.resident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import java.time.LocalDate;
import java.util.Map;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubDates;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.Json;
import org.communityhub.testing.ResidentTestData;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@HubTest
class ResidentResourceTest {

    private String community;
    private String worker;

    @BeforeEach
    void aCommunityWithItsWorker() {
        community = Communities.create();
        worker = Users.create(Roles.WORKER, community);
    }

    @Test
    void aResidentIsRegisteredOnceWithBirthDateAndSexTakenFromTheIdNumber() {
        String id = IdNumbers.of(LocalDate.of(1990, 3, 7), "2");

        Users.as(worker)
                .body(aResident()
                        .in(community)
                        .withName("王芳")
                        .withIdNumber(id)
                        .with("phone", "13812345678")
                        .json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(201)
                .header("Location", containsString("/api/v1/residents/"))
                .header("ETag", "\"0\"")
                .body(at("name", equalTo("王芳")))
                .body(at("birthDate", equalTo("1990-03-07")))
                .body(at("sex", equalTo("2")))
                .body(at("idType", equalTo("1")))
                .body(at("status", equalTo("ACTIVE")))
                .body(at("idNumber", equalTo(id.substring(0, 6) + "********" + id.substring(14))))
                .body(at("phone", equalTo("138****5678")))
                .body(at("createdBy", equalTo(worker)));
    }

    @Test
    void aSecondResidentWithTheSameIdNumberIsRefusedNamingTheFirst() {
        ResidentTestData first = aResident().in(community);
        String existing = register(first).getString("id");

        Users.as(worker)
                .body(aResident()
                        .in(community)
                        .withName("另一人")
                        .withIdNumber(" " + first.idNumber().toLowerCase())
                        .json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body(at("code", equalTo("duplicate-id-number")))
                .body(at("existingId", equalTo(existing)));
    }

    @Test
    void aLegacyFifteenDigitNumberIsStoredInItsEighteenDigitForm() {
        String full = IdNumbers.of(LocalDate.of(1968, 11, 2), "1");
        String legacy = full.substring(0, 6) + full.substring(8, 17);

        Json created = register(aResident().in(community).withIdNumber(legacy));

        Users.as(worker)
                .queryParam("idNumber", full)
                .when()
                .get("/api/v1/residents")
                .then()
                .statusCode(200)
                .body(at("total", is(1)))
                .body(at("items[0].id", equalTo(created.getString("id"))))
                .body(at("items[0].birthDate", equalTo("1968-11-02")));
    }

    @Test
    void aPersonWithoutAnIdNumberNeedsSexAndBirthDate() {
        Users.as(worker)
                .body(aResident().in(community).with("idNumber", null).json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(422)
                .body(at("errors.field", containsInAnyOrder("sex", "birthDate")));

        register(aResident()
                .in(community)
                .withName("新生儿")
                .withoutIdNumber(HubDates.today().minusDays(3), "1"));
    }

    @Test
    void typedBirthDateOrSexThatContradictTheIdNumberAreRefused() {
        String id = IdNumbers.of(LocalDate.of(1990, 3, 7), "1");

        Users.as(worker)
                .body(aResident()
                        .in(community)
                        .withIdNumber(id)
                        .with("birthDate", "1990-03-08")
                        .with("sex", "2")
                        .json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(422)
                .body(at("errors.code", containsInAnyOrder("birth-date-mismatch", "sex-mismatch")));
    }

    @Test
    void anIdNumberASpreadsheetMangledIsFlaggedWithAMessageThatSaysSo() {
        Users.as(worker)
                .body(aResident().in(community).withIdNumber("1.10105E+17").json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(422)
                .body(at("errors[0].field", equalTo("idNumber")))
                .body(at("errors[0].code", equalTo("id-number-scientific-notation")))
                .body(at("errors[0].message", containsString("科学计数法")));

        Users.as(worker)
                .body(aResident()
                        .in(community)
                        .withIdNumber("11010519900307123")
                        .json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(422)
                .body(at("errors[0].code", equalTo("id-number-length")));
    }

    @Test
    void aValidNumberEndingInThreeZerosIsTakenOnlyOnceConfirmedAgainstTheDocument() {
        String endsInZeros = validNumberEndingIn000();

        Users.as(worker)
                .body(aResident().in(community).withIdNumber(endsInZeros).json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(422)
                .body(at("errors[0].code", equalTo("id-number-possibly-truncated")));

        Users.as(worker)
                .body(aResident()
                        .in(community)
                        .withIdNumber(endsInZeros)
                        .with("idNumberChecked", true)
                        .json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(201);
    }

    @Test
    void everyProblemOfARequestIsReportedAtOnceInChinese() {
        Users.as(worker)
                .body(Map.of(
                        "name", "李四1",
                        "birthDate", "1990-02-30",
                        "sex", "3",
                        "ethnicity", "99",
                        "residenceType", "9",
                        "communityCode", "110105001",
                        "phone", "12345",
                        "building", "楼".repeat(21),
                        "tags", java.util.List.of("no-such-tag")))
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body(at("code", equalTo("validation-failed")))
                .body(at("detail", containsString("处问题")))
                .body(at(
                        "errors.field",
                        containsInAnyOrder(
                                "name",
                                "birthDate",
                                "sex",
                                "ethnicity",
                                "residenceType",
                                "communityCode",
                                "phone",
                                "building",
                                "tags[0]")))
                .body(at("errors.find { it.field == 'birthDate' }.code", equalTo("invalid-format")));
    }

    @Test
    void tagsAreTakenByTheirChineseNamesAndTheWordsPeopleUse() {
        Json created = register(aResident().in(community).with("tags", java.util.List.of("空巢老人", "低保", "高龄")));
        assertThat(created.getList("tags", String.class))
                .containsExactlyInAnyOrder("empty-nest-elderly", "low-income", "elderly-80");
        Users.as(worker)
                .body(Map.of(
                        "name", "李四",
                        "birthDate", "1990-02-03",
                        "sex", "1",
                        "residenceType", "1",
                        "communityCode", community,
                        "tags", java.util.List.of("爱好广泛")))
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(422)
                .body(at("errors.find { it.field == 'tags[0]' }.message", containsString("空巢老人")));
    }

    @Test
    void namesWithTheSeparatorDotAndRareCharactersAreKept() {
        String rare = "龙" + new String(Character.toChars(0x2A6A5));
        register(aResident().in(community).withName("阿卜杜拉·买买提"));

        Json created = register(aResident().in(community).withName(rare));

        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + created.getString("id"))
                .then()
                .statusCode(200)
                .body(at("name", equalTo(rare)));
    }

    @Test
    void futureBirthDatesAndUnknownCommunitiesAreRefused() {
        Users.as(worker)
                .body(aResident()
                        .in("110105001999")
                        .withoutIdNumber(HubDates.today().plusDays(1), "1")
                        .json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(422)
                .body(at("errors.code", containsInAnyOrder("future-date", "unknown-community")));
    }

    @Test
    void anEditNeedsTheVersionItWasBasedOn() {
        Json created = register(aResident().in(community).with("phone", "13900001111"));
        String id = created.getString("id");
        Map<String, Object> edited = created.getMap("");
        edited.put("room", "502");

        Users.as(worker)
                .body(edited)
                .when()
                .put("/api/v1/residents/" + id)
                .then()
                .statusCode(428)
                .body(at("code", equalTo("precondition-required")));
        Users.as(worker)
                .header("If-Match", "\"7\"")
                .body(edited)
                .when()
                .put("/api/v1/residents/" + id)
                .then()
                .statusCode(412)
                .body(at("code", equalTo("stale-version")))
                .body(at("currentVersion", is(0)));

        Users.as(worker)
                .header("If-Match", "\"0\"")
                .body(edited)
                .when()
                .put("/api/v1/residents/" + id)
                .then()
                .statusCode(200)
                .header("ETag", "\"1\"")
                .body(at("room", equalTo("502")))
                // sent back masked, as read: kept as they were
                .body(at("idNumber", equalTo(created.getString("idNumber"))))
                .body(at("phone", equalTo("139****1111")));

        Users.as(worker)
                .header("If-Match", "\"0\"")
                .body(edited)
                .when()
                .put("/api/v1/residents/" + id)
                .then()
                .statusCode(412);
    }

    @Test
    void leftOutIdNumberAndPhoneStayAndAnEmptyPhoneClearsIt() {
        ResidentTestData data = aResident().in(community).with("phone", "13900002222");
        String id = register(data).getString("id");
        Map<String, Object> edit = data.json();
        edit.remove("idNumber");
        edit.put("phone", "");

        Users.as(worker)
                .header("If-Match", "\"0\"")
                .body(edit)
                .when()
                .put("/api/v1/residents/" + id)
                .then()
                .statusCode(200)
                .body(at("phone", nullValue()))
                .body(at(
                        "idNumber",
                        equalTo(data.idNumber().substring(0, 6) + "********"
                                + data.idNumber().substring(14))));
    }

    @Test
    void aMaskedValueThatIsNotTheStoredOneIsRefused() {
        ResidentTestData data = aResident().in(community);
        String id = register(data).getString("id");

        Users.as(worker)
                .header("If-Match", "\"0\"")
                .body(data.with("idNumber", "110105********9999").json())
                .when()
                .put("/api/v1/residents/" + id)
                .then()
                .statusCode(422)
                .body(at("errors[0].code", equalTo("masked-value")));
    }

    @Test
    void anEditThatChangesNothingKeepsTheVersion() {
        ResidentTestData data = aResident().in(community).with("phone", "13900003333");
        String id = register(data).getString("id");

        Users.as(worker)
                .header("If-Match", "\"0\"")
                .body(data.json())
                .when()
                .put("/api/v1/residents/" + id)
                .then()
                .statusCode(200)
                .header("ETag", "\"0\"");
    }

    @Test
    void theHistoryTellsWhoChangedWhatFromWhatToWhatWithPersonalDataMasked() {
        ResidentTestData data = aResident().in(community).with("phone", "13900004444");
        String id = register(data).getString("id");
        Users.as(worker)
                .header("If-Match", "\"0\"")
                .body(data.with("room", "808").with("phone", "13900005555").json())
                .when()
                .put("/api/v1/residents/" + id)
                .then()
                .statusCode(200);

        Response history = Users.as(worker).when().get("/api/v1/residents/" + id + "/history");

        history.then()
                .statusCode(200)
                .body(at("total", is(2)))
                .body(at("items.action", contains("UPDATED", "REGISTERED")))
                .body(at("items[0].changedBy", equalTo(worker)))
                .body(at("items[0].changes.find { it.field == 'room' }.old", equalTo("101")))
                .body(at("items[0].changes.find { it.field == 'room' }.new", equalTo("808")))
                .body(at("items[0].changes.find { it.field == 'phone' }.new", equalTo("139****5555")));
        String text = history.asString();
        org.assertj.core.api.Assertions.assertThat(text)
                .doesNotContain(data.idNumber())
                .doesNotContain("13900004444")
                .doesNotContain("13900005555");
    }

    @Test
    void movingOutAndDeathAreExplicitStatusChangesNotDeletes() {
        String id = register(aResident().in(community)).getString("id");

        changeStatus(id, Map.of("status", "MOVED_OUT", "date", HubDates.today().toString(), "reason", "迁往外省"))
                .statusCode(200)
                .body(at("status", equalTo("MOVED_OUT")))
                .body(at("statusReason", equalTo("迁往外省")));
        changeStatus(id, Map.of("status", "DECEASED", "date", HubDates.today().toString(), "reason", "病故"))
                .statusCode(409)
                .body(at("code", equalTo("not-on-register")));
        changeStatus(id, Map.of("status", "ACTIVE", "reason", "迁回本社区"))
                .statusCode(200)
                .body(at("status", equalTo("ACTIVE")))
                .body(at("statusDate", nullValue()));
        changeStatus(id, Map.of("status", "DECEASED", "date", HubDates.today().toString(), "reason", "病故"))
                .statusCode(200)
                .body(at("status", equalTo("DECEASED")));

        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id)
                .then()
                .statusCode(200)
                .body(at("status", equalTo("DECEASED")));
        changeStatus(id, Map.of("status", "ACTIVE", "reason", "误报"))
                .statusCode(403)
                .body(at("code", equalTo("supervisor-required")));
        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id + "/history")
                .then()
                .body(at("items.action", contains("DECEASED", "REACTIVATED", "MOVED_OUT", "REGISTERED")));
    }

    @Test
    void aStatusChangeNeedsADateThatIsNotInTheFutureAndAReason() {
        String id = register(aResident().in(community)).getString("id");

        changeStatus(
                        id,
                        Map.of(
                                "status",
                                "DECEASED",
                                "date",
                                HubDates.today().plusDays(2).toString()))
                .statusCode(422)
                .body(at("errors.field", containsInAnyOrder("date", "reason")));
    }

    @Test
    void aWorkerSeesOnlyTheirOwnCommunityAndOtherResidentsDoNotExistForThem() {
        String id = register(aResident().in(community).withName("甲社区居民")).getString("id");
        String otherCommunity = Communities.create();
        String otherWorker = Users.create(Roles.WORKER, otherCommunity);

        Users.as(otherWorker)
                .when()
                .get("/api/v1/residents/" + id)
                .then()
                .statusCode(404)
                .body(at("code", equalTo("not-found")));
        Users.as(otherWorker)
                .header("If-Match", "\"0\"")
                .body(aResident().in(otherCommunity).json())
                .when()
                .put("/api/v1/residents/" + id)
                .then()
                .statusCode(404);
        Users.as(otherWorker)
                .queryParam("q", "甲社区")
                .when()
                .get("/api/v1/residents")
                .then()
                .statusCode(200)
                .body(at("total", is(0)));
        Users.as(otherWorker)
                .body(aResident().in(community).json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(422)
                .body(at("errors[0].code", equalTo("out-of-scope")));
    }

    @Test
    void aStreetSupervisorSeesEveryCommunityOfTheStreet() {
        String id = register(aResident().in(community).withName("街道可见")).getString("id");
        String supervisor = Users.create(Roles.SUPERVISOR, Communities.streetOf(community));

        Users.as(supervisor).when().get("/api/v1/residents/" + id).then().statusCode(200);
    }

    @Test
    void rolesWithoutResidentWorkCannotReadResidents() {
        String id = register(aResident().in(community)).getString("id");
        String auditor = Users.create(Roles.AUDITOR, community);

        Users.as(auditor)
                .when()
                .get("/api/v1/residents/" + id)
                .then()
                .statusCode(403)
                .body(at("code", equalTo("forbidden")));
    }

    @Test
    void residentsAreFoundByPartOfTheNameByBuildingByTagAndByIdNumber() {
        register(
                aResident().in(community).withName("欧阳明远").at("7号楼", "2", "301").withTags("elderly-80"));
        register(aResident().in(community).withName("欧阳雪").at("7号楼", "1", "101"));
        ResidentTestData third = aResident().in(community).withName("司马光").at("8号楼", "1", "101");
        register(third);

        Users.as(worker)
                .queryParam("q", "欧阳")
                .when()
                .get("/api/v1/residents")
                .then()
                .statusCode(200)
                .body(at("total", is(2)))
                .body(at("items.name", hasItems("欧阳明远", "欧阳雪")));
        Users.as(worker)
                .queryParam("q", "明远")
                .when()
                .get("/api/v1/residents")
                .then()
                .body(at("items.name", contains("欧阳明远")));
        Users.as(worker)
                .queryParam("q", "雪")
                .when()
                .get("/api/v1/residents")
                .then()
                .body(at("items.name", contains("欧阳雪")));
        Users.as(worker)
                .queryParam("building", "7号楼")
                .queryParam("communityCode", community)
                .when()
                .get("/api/v1/residents")
                .then()
                .body(at("total", is(2)));
        Users.as(worker)
                .queryParam("tag", "elderly-80")
                .when()
                .get("/api/v1/residents")
                .then()
                .body(at("items.name", contains("欧阳明远")));
        Users.as(worker)
                .queryParam("idNumber", third.idNumber())
                .when()
                .get("/api/v1/residents")
                .then()
                .body(at("items.name", contains("司马光")))
                .body(at("items[0].idNumber", not(equalTo(third.idNumber()))));
    }

    @Test
    void listsPageAndMaskEveryIdNumber() {
        for (int i = 0; i < 5; i++) {
            register(aResident().in(community).withName("翻页" + "甲乙丙丁戊".charAt(i)));
        }

        Users.as(worker)
                .queryParam("q", "翻页")
                .queryParam("page", "1")
                .queryParam("size", "2")
                .when()
                .get("/api/v1/residents")
                .then()
                .statusCode(200)
                .body(at("total", is(5)))
                .body(at("page", is(1)))
                .body(at("size", is(2)))
                .body(at("items", hasSize(2)))
                .body(at("items.idNumber", everyItem(containsString("********"))));
        Users.as(worker)
                .queryParam("size", "1000")
                .when()
                .get("/api/v1/residents")
                .then()
                .statusCode(422)
                .body(at("errors[0].field", equalTo("size")));
        Users.as(worker)
                .queryParam("page", "abc")
                .when()
                .get("/api/v1/residents")
                .then()
                .statusCode(422)
                .body(at("errors[0].field", equalTo("page")));
    }

    @Test
    void anUnknownIdIsNotFound() {
        Users.as(worker)
                .when()
                .get("/api/v1/residents/01a20000-0000-7000-8000-000000000000")
                .then()
                .statusCode(404);
        Users.as(worker).when().get("/api/v1/residents/not-an-id").then().statusCode(404);
    }

    private ValidatableResponse changeStatus(String id, Map<String, String> change) {
        return Users.as(worker)
                .body(change)
                .when()
                .post("/api/v1/residents/" + id + "/status-changes")
                .then();
    }

    private Json register(ResidentTestData data) {
        return Users.as(worker)
                .body(data.json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(201)
                .body(at("id", notNullValue()))
                .extract()
                .as(Json.class);
    }

    /** A valid ID number whose last three characters are 000 (the check character happens to be 0). */
    private static String validNumberEndingIn000() {
        for (int day = 1; day <= 28; day++) {
            for (int region = 0; region < 100; region++) {
                String first17 = String.format("1101%02d1977%02d%02d%s", region, 4, day, "00" + "0");
                String number = IdNumbers.withCheck(first17);
                if (number.endsWith("000")) {
                    return number;
                }
            }
        }
        throw new IllegalStateException("no such number found");
    }
}
