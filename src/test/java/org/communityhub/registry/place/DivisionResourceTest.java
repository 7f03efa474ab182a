package org.communityhub.registry.place;

import static io.restassured.RestAssured.given;
import static org.communityhub.testing.Json.at;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

import io.restassured.response.ValidatableResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@HubTest
class DivisionResourceTest {

    private static final String HEADER = "code,name,streetCode,provinceCode,cityCode,areaCode\n";
    /**
     * Streets of 朝阳区 (110105) that the shared {@link Communities} helper leaves alone, and a counter
     * for community codes under them, so each test adds codes no other test has used.
     */
    private static final String[] STREETS = {"110105004", "110105005", "110105006", "110105007"};

    private static final AtomicInteger NEXT = new AtomicInteger(1);

    private String worker;

    @BeforeEach
    void aWorker() {
        worker = Users.create(Roles.WORKER, Communities.create());
    }

    // ---- Reading --------------------------------------------------------------------------------

    @Test
    void aProvinceIsReadByItsCode() {
        Users.as(worker)
                .when()
                .get("/api/v1/divisions/11")
                .then()
                .statusCode(200)
                .body(at("code", equalTo("11")))
                .body(at("name", equalTo("北京市")))
                .body(at("level", is(1)))
                .body(at("parentCode", nullValue()));
    }

    @Test
    void theStreetsOfADistrictAreItsChildren() {
        Users.as(worker)
                .queryParam("parentCode", "110105")
                .queryParam("size", "200")
                .when()
                .get("/api/v1/divisions")
                .then()
                .statusCode(200)
                .body(at("total", is(43)))
                .body(at("items.find { it.code == '110105001' }.name", equalTo("建外街道")))
                .body(at("items.parentCode", everyItem(equalTo("110105"))))
                .body(at("items.level", everyItem(is(4))));
        Users.as(worker)
                .when()
                .get("/api/v1/divisions")
                .then()
                .statusCode(200)
                .body(at("total", is(31)))
                .body(at("items.code", hasItem("11")));
    }

    @Test
    void childrenAreFoundByPartOfTheirName() {
        Users.as(worker)
                .queryParam("parentCode", "110105")
                .queryParam("q", "建外")
                .when()
                .get("/api/v1/divisions")
                .then()
                .statusCode(200)
                .body(at("total", is(1)))
                .body(at("items.code", contains("110105001")))
                .body(at("items[0].name", equalTo("建外街道")));
        Users.as(worker)
                .queryParam("parentCode", "110105")
                .queryParam("q", "三里")
                .when()
                .get("/api/v1/divisions")
                .then()
                .body(at("items.name", contains("三里屯街道")));
        Users.as(worker)
                .queryParam("parentCode", "110105")
                .queryParam("q", "不存在的名字")
                .when()
                .get("/api/v1/divisions")
                .then()
                .statusCode(200)
                .body(at("total", is(0)));
    }

    @Test
    void anUnknownDivisionIsAProblemNotFound() {
        Users.as(worker)
                .when()
                .get("/api/v1/divisions/110105999")
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body(at("status", is(404)))
                .body(at("code", equalTo("not-found")));
        Users.as(worker)
                .queryParam("parentCode", "999999")
                .when()
                .get("/api/v1/divisions")
                .then()
                .statusCode(404)
                .body(at("code", equalTo("not-found")));
    }

    @Test
    void divisionsAreReadOnlyBySignedInUsers() {
        given().when().get("/api/v1/divisions/11").then().statusCode(401);
    }

    // ---- Adding one -------------------------------------------------------------------------------

    @Test
    void anAdminAddsACommunityUnderAStreet() {
        String street = STREETS[0];
        String code = newCode(street);

        Users.asAdmin()
                .body(Map.of("code", code, "name", "测试新增社区", "parentCode", street))
                .when()
                .post("/api/v1/divisions")
                .then()
                .statusCode(201)
                .header("Location", endsWith("/api/v1/divisions/" + code))
                .body(at("code", equalTo(code)))
                .body(at("name", equalTo("测试新增社区")))
                .body(at("level", is(5)))
                .body(at("parentCode", equalTo(street)));

        Users.as(worker)
                .when()
                .get("/api/v1/divisions/" + code)
                .then()
                .statusCode(200)
                .body(at("name", equalTo("测试新增社区")))
                .body(at("level", is(5)));
        Users.as(worker)
                .queryParam("parentCode", street)
                .queryParam("q", "测试新增")
                .when()
                .get("/api/v1/divisions")
                .then()
                .body(at("items.code", contains(code)));
    }

    @Test
    void aWorkerCannotAddDivisions() {
        String code = newCode(STREETS[0]);

        Users.as(worker)
                .body(Map.of("code", code, "name", "测试社区", "parentCode", STREETS[0]))
                .when()
                .post("/api/v1/divisions")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body(at("code", equalTo("forbidden")));
        Users.as(worker).when().get("/api/v1/divisions/" + code).then().statusCode(404);
    }

    @Test
    void aCodeMustStartWithItsParentsCode() {
        String code = newCode(STREETS[1]);

        add(code, "测试社区", STREETS[0])
                .statusCode(422)
                .body(at("errors.field", contains("code")))
                .body(at("errors[0].code", equalTo("parent-mismatch")));
        Users.as(worker).when().get("/api/v1/divisions/" + code).then().statusCode(404);
    }

    @Test
    void aCodeMustHaveTheLengthOfTheLevelBelowItsParent() {
        add("1101050040", "测试社区", STREETS[0])
                .statusCode(422)
                .body(at("errors.field", contains("code")))
                .body(at("errors[0].code", equalTo("invalid-format")));
        // A 9-digit (street) code under a street is the wrong level.
        add("110105004", "测试社区", "110105004").statusCode(422).body(at("errors.field", contains("code")));
        add("11010500A001", "测试社区", STREETS[0]).statusCode(422).body(at("errors.field", contains("code")));
    }

    @Test
    void theParentMustBeGivenAndExist() {
        Users.asAdmin()
                .body(Map.of("code", newCode(STREETS[0]), "name", "测试社区"))
                .when()
                .post("/api/v1/divisions")
                .then()
                .statusCode(422)
                .body(at("errors.field", contains("parentCode")))
                .body(at("errors[0].code", equalTo("required")));
        String code = "110105999" + "001";
        add(code, "测试社区", "110105999")
                .statusCode(422)
                .body(at("errors.field", contains("parentCode")))
                .body(at("errors[0].code", equalTo("unknown-division")));
        Users.as(worker).when().get("/api/v1/divisions/" + code).then().statusCode(404);
    }

    @Test
    void aCodeIsAddedOnlyOnce() {
        String code = newCode(STREETS[0]);
        add(code, "测试社区甲", STREETS[0]).statusCode(201);

        add(code, "测试社区乙", STREETS[0])
                .statusCode(409)
                .contentType("application/problem+json")
                .body(at("code", equalTo("duplicate-division")));
        Users.as(worker).when().get("/api/v1/divisions/" + code).then().body(at("name", equalTo("测试社区甲")));
    }

    // ---- Import ---------------------------------------------------------------------------------

    @Test
    void anImportAddsNewCommunitiesAndReportsWhatItDid() {
        String a = newCode(STREETS[2]);
        String b = newCode(STREETS[2]);
        String c = newCode(STREETS[3]);
        String csv =
                HEADER + row(a, "测试导入社区甲", STREETS[2]) + row(b, "测试导入社区乙", STREETS[2]) + row(c, "测试导入村", STREETS[3]);

        importCsv(csv)
                .statusCode(200)
                .body(at("rows", is(3)))
                .body(at("created", is(3)))
                .body(at("renamed", is(0)))
                .body(at("unchanged", is(0)));

        Users.as(worker)
                .when()
                .get("/api/v1/divisions/" + a)
                .then()
                .statusCode(200)
                .body(at("name", equalTo("测试导入社区甲")))
                .body(at("level", is(5)))
                .body(at("parentCode", equalTo(STREETS[2])));
        Users.as(worker)
                .when()
                .get("/api/v1/divisions/" + c)
                .then()
                .statusCode(200)
                .body(at("parentCode", equalTo(STREETS[3])));
        // An imported community is a place residents can be registered in.
        String localWorker = Users.create(Roles.WORKER, a);
        Users.as(localWorker)
                .body(org.communityhub.testing.ResidentTestData.aResident()
                        .in(a)
                        .json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(201);
    }

    @Test
    void importingTheSameFileAgainChangesNothing() {
        String a = newCode(STREETS[2]);
        String b = newCode(STREETS[3]);
        String csv = HEADER + row(a, "测试重复导入甲", STREETS[2]) + row(b, "测试重复导入乙", STREETS[3]);
        importCsv(csv).statusCode(200).body(at("created", is(2)));

        importCsv(csv)
                .statusCode(200)
                .body(at("rows", is(2)))
                .body(at("created", is(0)))
                .body(at("renamed", is(0)))
                .body(at("unchanged", is(2)));
    }

    @Test
    void anImportRenamesACommunityWhoseNameChanged() {
        String a = newCode(STREETS[2]);
        String b = newCode(STREETS[2]);
        importCsv(HEADER + row(a, "测试旧名", STREETS[2]) + row(b, "测试不变", STREETS[2]))
                .statusCode(200);

        importCsv(HEADER + row(a, "测试新名", STREETS[2]) + row(b, "测试不变", STREETS[2]))
                .statusCode(200)
                .body(at("rows", is(2)))
                .body(at("created", is(0)))
                .body(at("renamed", is(1)))
                .body(at("unchanged", is(1)));
        Users.as(worker).when().get("/api/v1/divisions/" + a).then().body(at("name", equalTo("测试新名")));
    }

    @Test
    void aFileWithAnUnknownStreetChangesNothing() {
        String good = newCode(STREETS[2]);
        String csv = HEADER + row(good, "测试好行", STREETS[2]) + row("110105999001", "测试坏行", "110105999");

        importCsv(csv)
                .statusCode(422)
                .contentType("application/problem+json")
                .body(at("code", equalTo("validation-failed")))
                .body(at("errors.field", contains("line[3].streetCode")))
                .body(at("errors[0].code", equalTo("unknown-parent")));

        Users.as(worker).when().get("/api/v1/divisions/" + good).then().statusCode(404);
    }

    @Test
    void aFileWithABadCodeChangesNothing() {
        String good = newCode(STREETS[2]);
        String csv = HEADER
                + row(good, "测试好行", STREETS[2])
                + row("11010500600X", "测试坏代码", STREETS[2])
                + row(newCode(STREETS[3]), "测试别的街道", STREETS[2]);

        importCsv(csv)
                .statusCode(422)
                .body(at("errors.field", contains("line[3].code", "line[4].code")))
                .body(at("errors.code", contains("invalid-format", "parent-mismatch")));

        Users.as(worker).when().get("/api/v1/divisions/" + good).then().statusCode(404);
    }

    @Test
    void aFileThatListsACodeTwiceChangesNothing() {
        String good = newCode(STREETS[2]);
        String twice = newCode(STREETS[3]);
        String csv = HEADER
                + row(good, "测试好行", STREETS[2])
                + row(twice, "测试第一次", STREETS[3])
                + row(twice, "测试第二次", STREETS[3]);

        importCsv(csv)
                .statusCode(422)
                .body(at("errors.field", contains(anyOf(equalTo("line[3].code"), equalTo("line[4].code")))))
                .body(at("errors[0].code", equalTo("duplicate-code")));

        Users.as(worker).when().get("/api/v1/divisions/" + good).then().statusCode(404);
        Users.as(worker).when().get("/api/v1/divisions/" + twice).then().statusCode(404);
    }

    @Test
    void aFileThatIsNotUtf8IsRefused() throws Exception {
        String good = newCode(STREETS[2]);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write((HEADER + row(good, "测试好行", STREETS[2])).getBytes(StandardCharsets.UTF_8));
        bytes.write(newCode(STREETS[2]).getBytes(StandardCharsets.US_ASCII));
        bytes.write(',');
        bytes.write(new byte[] {(byte) 0xB2, (byte) 0xE2, (byte) 0xCA, (byte) 0xD4, (byte) 0xFF}); // GBK 测试, then 0xFF
        bytes.write(("," + STREETS[2] + ",11,1101,110105\n").getBytes(StandardCharsets.US_ASCII));

        Users.asAdmin()
                .contentType("text/csv")
                .body(bytes.toByteArray())
                .when()
                .post("/api/v1/divisions/import")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body(at("errors[0].code", equalTo("invalid-encoding")));

        Users.as(worker).when().get("/api/v1/divisions/" + good).then().statusCode(404);
    }

    @Test
    void onlyAnAdminImports() {
        String code = newCode(STREETS[2]);

        Users.as(worker)
                .contentType("text/csv")
                .body(HEADER + row(code, "测试社区", STREETS[2]))
                .when()
                .post("/api/v1/divisions/import")
                .then()
                .statusCode(403);
        Users.as(worker).when().get("/api/v1/divisions/" + code).then().statusCode(404);
    }

    @Test
    void aFileWithoutTheRequiredColumnsIsRefused() {
        importCsv("code,name\n" + newCode(STREETS[2]) + ",测试社区\n")
                .statusCode(422)
                .body(at("errors[0].field", equalTo("file")))
                .body(at("errors[0].code", equalTo("missing-columns")));
    }

    // ---- Helpers --------------------------------------------------------------------------------

    /** A community code under {@code street} that no test has used yet. */
    private static String newCode(String street) {
        return street + String.format("%03d", NEXT.getAndIncrement());
    }

    private static String row(String code, String name, String street) {
        return code + "," + name + "," + street + ",11,1101,110105\n";
    }

    private static ValidatableResponse add(String code, String name, String parent) {
        return Users.asAdmin()
                .body(Map.of("code", code, "name", name, "parentCode", parent))
                .when()
                .post("/api/v1/divisions")
                .then();
    }

    private static ValidatableResponse importCsv(String csv) {
        return Users.asAdmin()
                .contentType("text/csv; charset=UTF-8")
                .body(csv.getBytes(StandardCharsets.UTF_8))
                .when()
                .post("/api/v1/divisions/import")
                .then();
    }
}
