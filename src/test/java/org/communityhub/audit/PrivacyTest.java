package org.communityhub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.communityhub.testing.Waiting.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.communityhub.access.Roles;
import org.communityhub.fanout.PayloadRetention;
import org.communityhub.reports.AuditResource;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.PlatformSimulators;
import org.communityhub.testing.ResidentTestData;
import org.communityhub.testing.Users;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reveals with a purpose, the access log, restricted tags, a person's disclosure history, the
 * monthly sharing report, the over-sharing check and payload retention.
 */
@HubTest
class PrivacyTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Inject
    SharingLedger ledger;

    @Inject
    PayloadRetention retention;

    private String community;
    private String worker;
    private String supervisor;
    private String auditor;

    @BeforeEach
    void aCommunityAndItsStaff() {
        community = Communities.create();
        worker = Users.create(Roles.WORKER, community);
        supervisor = Users.create(Roles.SUPERVISOR, Communities.streetOf(community));
        auditor = Users.create(Roles.AUDITOR, "*");
    }

    // ---- reveal and the access log ---------------------------------------------------------------

    @Test
    void aRevealNeedsAKnownPurposeAndIsLoggedWithIt() {
        ResidentTestData data = aResident().in(community).with("phone", "13912345678");
        String id = data.registerAs(worker);

        revealAsWorker(id, "?reveal=idNumber")
                .body(at("errors[0].field", equalTo("purpose")))
                .body(at("errors[0].code", equalTo("purpose-required")));
        revealAsWorker(id, "?reveal=idNumber&purpose=curiosity").body(at("errors[0].code", equalTo("unknown-purpose")));
        revealAsWorker(id, "?reveal=idNumber&purpose=legal-request")
                .body(at("errors[0].field", equalTo("purposeNote")));
        revealAsWorker(id, "?reveal=birthplace&purpose=identity-check")
                .body(at("errors[0].code", equalTo("unknown-field")));

        Json masked = Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(masked.getString("idNumber")).isNotEqualTo(data.idNumber()).contains("*");
        assertThat(masked.getString("phone")).isNotEqualTo("13912345678").contains("*");

        var revealed = Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id + "?reveal=idNumber,phone&purpose=legal-request&purposeNote=协查函2026-17号")
                .then()
                .statusCode(200)
                .extract();
        assertThat(revealed.as(Json.class).getString("idNumber")).isEqualTo(data.idNumber());
        assertThat(revealed.as(Json.class).getString("phone")).isEqualTo("13912345678");
        assertThat(revealed.header("Cache-Control")).isEqualTo("no-store");

        Json log = accessLog("resident=" + id);
        assertThat(log.getList("items.action")).containsExactly("REVEAL", "VIEW");
        assertThat(log.getString("items[0].username")).isEqualTo(worker);
        assertThat(log.getList("items[0].roles")).containsExactly(Roles.WORKER);
        assertThat(log.getString("items[0].purpose")).isEqualTo("legal-request");
        assertThat(log.getString("items[0].purposeNote")).isEqualTo("协查函2026-17号");
        assertThat(log.getList("items[0].fields")).contains("idNumber", "phone").doesNotContain("idNumber:masked");
        assertThat(log.getList("items[1].fields")).contains("idNumber:masked", "phone:masked");
        assertThat(log.getString("items[0].clientAddress")).isNotBlank();
        // The log itself holds no identifier.
        assertThat(log.prettify()).doesNotContain(data.idNumber()).doesNotContain("13912345678");
    }

    @Test
    void aListLogsEveryResidentItReturned() {
        String a = aResident().in(community).withName("列表甲").registerAs(worker);
        String b = aResident().in(community).withName("列表乙").registerAs(worker);

        Users.as(worker)
                .queryParam("communityCode", community)
                .when()
                .get("/api/v1/residents")
                .then()
                .statusCode(200);

        Json log = accessLog("user=" + worker + "&action=LIST");
        assertThat(log.getList("items[0].residentIds")).containsExactlyInAnyOrder(a, b);
        assertThat(log.getString("items[0].resource")).isEqualTo("GET /api/v1/residents");
    }

    // ---- restricted tags -------------------------------------------------------------------------

    @Test
    void aRestrictedTagIsSeenAndKeptOnlyByRolesGrantedIt() {
        String id = aResident()
                .in(community)
                .withTags("community-correction", "elderly-80")
                .registerAs(supervisor);

        Json seenByWorker = Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(seenByWorker.getList("tags")).containsExactly("elderly-80");
        Users.as(worker)
                .queryParam("tag", "community-correction")
                .when()
                .get("/api/v1/residents")
                .then()
                .statusCode(403)
                .body(at("code", equalTo("restricted-tag")));

        // Sending the view back unchanged changes nothing: the hidden tag is neither lost nor moved.
        Users.as(worker)
                .header("If-Match", "\"" + seenByWorker.getInt("version") + "\"")
                .body(seenByWorker.getMap(""))
                .when()
                .put("/api/v1/residents/" + id)
                .then()
                .statusCode(200)
                .body(at("version", equalTo(seenByWorker.getInt("version"))));

        // The worker edits the resident without seeing the tag; it stays.
        Map<String, Object> edit = seenByWorker.getMap("");
        edit.put("tags", List.of("living-alone-elderly"));
        Users.as(worker)
                .header("If-Match", "\"" + seenByWorker.getInt("version") + "\"")
                .body(edit)
                .when()
                .put("/api/v1/residents/" + id)
                .then()
                .statusCode(200)
                .body(at("tags", equalTo(List.of("living-alone-elderly"))));
        Users.as(supervisor)
                .when()
                .get("/api/v1/residents/" + id)
                .then()
                .body(at("tags", equalTo(List.of("living-alone-elderly", "community-correction"))));

        // Nor does the worker's view of the history give it away.
        String history = Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id + "/history")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(history).doesNotContain("community-correction").contains("living-alone-elderly");

        // A worker cannot set it either.
        Users.as(worker)
                .body(aResident().in(community).withTags("drug-user").json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(422)
                .body(at("errors[0].code", equalTo("restricted-tag")));
    }

    @Test
    void aRestrictedTagSentToAPlatformStaysHiddenFromThoseNotGrantedIt() {
        String id = aResident().in(community).withTags("community-correction").registerAs(supervisor);
        String untagged = aResident().in(community).registerAs(supervisor);
        String operator = Users.create(Roles.ADAPTER_ADMIN, "*");
        Users.as(operator).when().post("/api/v1/adapters/grid/runs").then().statusCode(202);
        await().atMost(PATIENCE)
                .until(() -> !PlatformSimulators.grid().recordsOf(id).isEmpty());

        await().atMost(PATIENCE)
                .untilAsserted(() -> Users.as(supervisor)
                        .when()
                        .get("/api/v1/residents/" + id + "/disclosures")
                        .then()
                        .body(at(
                                "items.find { it.adapterId == 'grid' }.tags", equalTo(List.of("community-correction"))))
                        .body(at("items.find { it.adapterId == 'grid' }.fields", hasItem("特殊人群类别"))));
        // The field only a restricted tag can fill would tell the tag: hidden with it.
        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id + "/disclosures")
                .then()
                .statusCode(200)
                .body(at("items.find { it.adapterId == 'grid' }.tags", equalTo(List.of())))
                .body(at("items.find { it.adapterId == 'grid' }.fields", not(hasItem("特殊人群类别"))))
                .body(at("items.find { it.adapterId == 'grid' }.fields", hasItem("姓名")));
        Users.as(auditor)
                .when()
                .get("/api/v1/audit/ledger?adapter=grid&resident=" + id)
                .then()
                .body(at("items[0].tags", equalTo(List.of())))
                .body(at("items[0].fields", not(hasItem("特殊人群类别"))));
        String preview = Users.as(operator)
                .when()
                .get("/api/v1/adapters/grid/preview/" + id)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(preview).doesNotContain("社区矫正").contains("受限");
        // A resident without such a tag reads the same: an empty field beside a restricted one would tell.
        Users.as(operator)
                .when()
                .get("/api/v1/adapters/grid/preview/" + untagged)
                .then()
                .statusCode(200)
                .body(at(
                        "fields.特殊人群类别",
                        equalTo(Users.as(operator)
                                .when()
                                .get("/api/v1/adapters/grid/preview/" + id)
                                .then()
                                .extract()
                                .as(Json.class)
                                .get("fields.特殊人群类别"))));
    }

    // ---- disclosure history, sharing report, over-sharing ------------------------------------------

    @Test
    void aPersonsDisclosuresNameThePlatformFieldsAndLegalBasis() throws Exception {
        ResidentTestData migrant = aResident().in(community).withName("披露丁").with("residenceType", "2");
        String id = migrant.registerAs(worker);
        await().atMost(PATIENCE)
                .until(() -> !PlatformSimulators.publicSecurity().recordsOf(id).isEmpty());

        Json disclosures = await().atMost(PATIENCE)
                .until(
                        () -> Users.as(auditor)
                                .when()
                                .get("/api/v1/residents/" + id + "/disclosures")
                                .then()
                                .statusCode(200)
                                .extract()
                                .as(Json.class),
                        d -> d.getList("items.adapterId").contains("public-security")
                                && d.getList("items.result").contains("ACCEPTED"));
        int i = disclosures.getList("items.adapterId").indexOf("public-security");
        assertThat(disclosures.getList("items[" + i + "].fields", String.class))
                .contains("公民身份号码", "姓名", "标准地址")
                .doesNotContain("联系电话", "户号"); // this resident has no phone and no household
        assertThat(disclosures.getString("items[" + i + "].legalBasis")).contains("户口登记条例");
        assertThat(disclosures.prettify()).doesNotContain(migrant.idNumber());

        // The month's report counts them, as JSON and as a workbook.
        String month = YearMonth.now().toString();
        Json report = Users.as(auditor)
                .when()
                .get("/api/v1/audit/reports/sharing?month=" + month)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        Map<String, Object> platform = report.getMap("platforms.find { it.adapterId == 'public-security' }");
        assertThat(((Number) platform.get("persons")).longValue()).isPositive();
        byte[] xlsx = Users.as(auditor)
                .when()
                .get("/api/v1/audit/reports/sharing?month=" + month + "&format=xlsx")
                .then()
                .statusCode(200)
                .contentType(AuditResource.XLSX)
                .extract()
                .asByteArray();
        try (ReadableWorkbook workbook = new ReadableWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet summary = workbook.getFirstSheet();
            assertThat(summary.getName()).isEqualTo("汇总");
            List<Row> rows = summary.read();
            assertThat(rows.get(1).getCellText(2)).isEqualTo("涉及人数");
            // Platforms by their Chinese names, as the auditor knows them.
            assertThat(rows.stream().map(r -> r.getCellText(0))).contains("公安实有人口");
        }
    }

    @Test
    void theOverSharingCheckIsEmptyForRealDeliveriesAndCatchesAFieldOrTagOutsideTheAllowList() {
        String id = aResident().in(community).with("residenceType", "2").registerAs(worker);
        await().atMost(PATIENCE)
                .until(() -> !PlatformSimulators.publicSecurity().recordsOf(id).isEmpty());
        assertThat(overSharing().getList("adapterId")).doesNotContain("public-security");

        // A shipment under the real definition version that carried one field and one tag too many.
        String hash = Users.as(Users.create(Roles.ADAPTER_ADMIN, "*"))
                .when()
                .get("/api/v1/adapters")
                .then()
                .extract()
                .as(Json.class)
                .get("find { it.id == 'public-security' }.definitionHash");
        assertThat(hash).isNotBlank();
        QuarkusTransactionRunner.run(() -> ledger.recordSent(
                new SharingLedger.Shipment(
                        "public-security",
                        hash,
                        "test",
                        "测试",
                        "over-" + UUID.randomUUID(),
                        List.of("姓名", "宗教信仰"),
                        List.of("姓名")),
                List.of(new SharingLedger.Entry(UUID.fromString(id), 1, "UPSERT", "00", null, List.of("drug-user"))),
                Instant.now()));

        Json found = overSharing();
        assertThat(found.getList("findAll { it.adapterId == 'public-security' }.field"))
                .containsExactlyInAnyOrder("宗教信仰", "tag:drug-user");
    }

    // ---- retention -------------------------------------------------------------------------------

    @Test
    void deliveredPayloadsGoAfterTheRetentionPeriodWhileTheLedgerStays() {
        String id = aResident().in(community).with("residenceType", "2").registerAs(worker);
        String operator = Users.create(Roles.ADAPTER_ADMIN, "*");
        await().atMost(PATIENCE)
                .untilAsserted(() -> Users.as(operator)
                        .when()
                        .get("/api/v1/adapters/public-security/preview/" + id)
                        .then()
                        .statusCode(200)
                        .body(at("lastDelivered", org.hamcrest.Matchers.notNullValue())));

        PayloadRetention.Result result = retention.apply(Instant.now().plus(Duration.ofDays(181)));

        assertThat(result.payloads()).isPositive();
        Users.as(operator)
                .when()
                .get("/api/v1/adapters/public-security/preview/" + id)
                .then()
                .statusCode(200)
                .body(at("lastDelivered", org.hamcrest.Matchers.nullValue()));
        Users.as(auditor)
                .when()
                .get("/api/v1/residents/" + id + "/disclosures")
                .then()
                .body(at("items.adapterId", org.hamcrest.Matchers.hasItem("public-security")));
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** A reveal the rules refuse: 422, with the request's problems in {@code errors}. */
    private ValidatableResponse revealAsWorker(String id, String query) {
        return Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id + query)
                .then()
                .statusCode(422);
    }

    private Json accessLog(String query) {
        return Users.as(auditor)
                .when()
                .get("/api/v1/audit/access-log?" + query)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
    }

    private Json overSharing() {
        return Users.as(auditor)
                .when()
                .get("/api/v1/audit/over-sharing")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
    }

    /** Runs work in a transaction of its own. */
    private static final class QuarkusTransactionRunner {
        static void run(Runnable work) {
            io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().run(work);
        }
    }
}
