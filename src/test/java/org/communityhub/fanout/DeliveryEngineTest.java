package org.communityhub.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.communityhub.testing.Waiting.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.TestProfile;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communityhub.access.Roles;
import org.communityhub.adapter.transport.OutboundRecord;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubDates;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.PlatformSimulator;
import org.communityhub.testing.PlatformSimulators;
import org.communityhub.testing.PlatformsAndLimitsTestProfile;
import org.communityhub.testing.RecordingTransport;
import org.communityhub.testing.ResidentTestData;
import org.communityhub.testing.TestSql;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The delivery engine's behaviour, against the test platforms (fast retries, one-minute schedule). */
@HubTest
@TestProfile(PlatformsAndLimitsTestProfile.class)
class DeliveryEngineTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private String community;
    private String worker;
    private String operator;
    private PlatformSimulator.Platform platform;

    @BeforeEach
    void setUp() {
        community = Communities.create();
        worker = Users.create(Roles.WORKER, community);
        operator = Users.create(Roles.ADAPTER_ADMIN, "*");
        platform = PlatformSimulators.sim();
        platform.reset();
    }

    @AfterEach
    void platformUpAgain() {
        platform.reset();
        Users.as(operator).when().post("/api/v1/adapters/sim-http/resume");
    }

    @Test
    void changesMadeBeforeARunCollapseIntoOneDeliveryOfTheLatestVersion() {
        Users.as(operator).when().post("/api/v1/adapters/sim-http/pause").then().statusCode(200);
        ResidentTestData data = aResident().in(community).withName("合并甲");
        String id = register(data);
        for (int version = 0; version < 3; version++) {
            Users.as(worker)
                    .header("If-Match", "\"" + version + "\"")
                    .body(data.with("room", "70" + version).json())
                    .when()
                    .put("/api/v1/residents/" + id)
                    .then()
                    .statusCode(200);
        }
        await().atMost(PATIENCE)
                .untilAsserted(() -> Users.as(operator)
                        .queryParam("status", "PENDING")
                        .when()
                        .get("/api/v1/adapters/sim-http/deliveries")
                        .then()
                        .body(at("items.findAll { it.residentId == '" + id + "' }.size()", equalTo(1))));

        Users.as(operator)
                .when()
                .post("/api/v1/adapters/sim-http/resume")
                .then()
                .statusCode(200);

        JsonNode record = awaitRecord(id);
        assertThat(platform.receipts().stream().filter(k -> k.contains(id)).toList())
                .hasSize(1);
        assertThat(record.get("版本").asInt()).isEqualTo(3);
        assertThat(record.get("房号").asText()).isEqualTo("702");
    }

    @Test
    void aPlatformThatIsDownIsTriedAgainUntilItIsBack() {
        // Down for three requests, then back (sim-http allows four attempts).
        platform.failNext(3, 503, -1);
        String id = register(aResident().in(community).withName("等待乙"));

        awaitRecord(id);
        awaitSync(id, "SYNCED");

        // Each attempt is in the ledger: three that failed, then the one the platform accepted.
        List<String> results = Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id + "/disclosures")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .getList("items.findAll { it.adapterId == 'sim-http' }.result");
        assertThat(results).containsExactly("ACCEPTED", "FAILED", "FAILED", "FAILED");
        assertThat(platform.receipts().stream().filter(k -> k.contains(id)).toList())
                .hasSize(1);
    }

    @Test
    void aPlatformAskingUsToSlowDownIsObeyed() {
        platform.failNext(1, 429, 2);
        Instant before = Instant.now();
        String id = register(aResident().in(community).withName("限流丙"));

        awaitRecord(id);

        // The backoff would have tried again within a second; Retry-After said two.
        assertThat(Duration.between(before, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(platform.receipts().stream().filter(k -> k.contains(id)).toList())
                .hasSize(1);
    }

    @Test
    void afterItsAttemptsADeliveryIsDeadAndCanBeReplayed() {
        platform.down(true);
        String id = register(aResident().in(community).withName("死信丁"));

        await().atMost(PATIENCE)
                .untilAsserted(() -> Users.as(operator)
                        .queryParam("status", "DEAD")
                        .when()
                        .get("/api/v1/adapters/sim-http/deliveries")
                        .then()
                        .body(at("items.findAll { it.residentId == '" + id + "' }.size()", equalTo(1)))
                        .body(at("items.find { it.residentId == '" + id + "' }.attempts", equalTo(4)))
                        .body(at(
                                "items.find { it.residentId == '" + id + "' }.lastError",
                                equalTo("the platform answered 503"))));
        awaitSync(id, "DEAD");
        Users.as(operator)
                .when()
                .get("/api/v1/adapters/sim-http")
                .then()
                .body(at("deliveries.DEAD", greaterThanOrEqualTo(1)));

        platform.down(false);
        Users.as(operator)
                .when()
                .post("/api/v1/adapters/sim-http/deliveries/replay")
                .then()
                .statusCode(200)
                .body(at("replayed", greaterThanOrEqualTo(1)));

        awaitRecord(id);
        awaitSync(id, "SYNCED");
    }

    @Test
    void aChangeMadeWhileARecordIsOnItsWayIsSentAfterItEvenWhenThatSendingFails() {
        platform.delay(1500);
        ResidentTestData data = aResident().in(community).withName("途中甲");
        String id = register(data);
        await().atMost(PATIENCE).until(() -> platform.inFlight() > 0);
        Users.as(worker)
                .header("If-Match", "\"0\"")
                .body(data.with("room", "808").json())
                .when()
                .put("/api/v1/residents/" + id)
                .then()
                .statusCode(200);
        // The change waits behind the delivery on its way, which is then answered 503.
        await().atMost(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(deliveriesOf(id, "PENDING")).isEqualTo(1));
        platform.down(true);
        await().atMost(PATIENCE).until(() -> platform.inFlight() == 0);
        platform.down(false).delay(0);

        await().atMost(PATIENCE)
                .until(
                        () -> platform.recordsOf(id),
                        r -> r.stream().anyMatch(n -> n.get("版本").asInt() == 1));
        awaitSync(id, "SYNCED");
        assertThat(platform.recordsOf(id)).hasSize(1);
        for (String status : List.of("PENDING", "SENDING", "FAILED", "DEAD")) {
            assertThat(deliveriesOf(id, status)).as(status).isZero();
        }
    }

    @Test
    void theEntriesSavedCountNewContentAPlatformTookNotAResendOrARemoval() throws Exception {
        ResidentTestData data = aResident().in(community).withName("省录甲").at("5号楼", "1", "501");
        String id = register(data);
        awaitAccepted(id, 1);
        assertThat(entriesSaved()).isEqualTo(1);

        // A resync of this resident (what POST /api/v1/adapters/sim-http/resync queues for everyone):
        // the platform takes the same content again, which saves nobody an entry.
        try (Connection c = TestSql.connect();
                PreparedStatement ps = c.prepareStatement("insert into change_outbox (resident_id,"
                        + " resident_version, adapter_id, forced) select id, version, 'sim-http', true"
                        + " from resident where id = ?")) {
            ps.setObject(1, java.util.UUID.fromString(id));
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        awaitAccepted(id, 2);
        assertThat(entriesSaved()).isEqualTo(1);

        // Changed and delivered again: new content the platform took, a second entry.
        Users.as(worker)
                .header("If-Match", "\"0\"")
                .body(data.with("room", "502").json())
                .when()
                .put("/api/v1/residents/" + id)
                .then()
                .statusCode(200);
        awaitAccepted(id, 3);
        assertThat(entriesSaved()).isEqualTo(2);

        // Moved out: the platform takes the removal, which is no entry either.
        moveOut(id);
        awaitAccepted(id, 4);
        assertThat(platform.receipts()).anyMatch(k -> k.contains(id) && k.endsWith(":remove"));
        assertThat(entriesSaved()).isEqualTo(2);
        assertThat(homePage()).contains("内容未变的重发、删除不计");
    }

    /** Waits until the platform has accepted {@code count} records of the resident, per the sharing ledger. */
    private void awaitAccepted(String id, int count) {
        await().atMost(PATIENCE)
                .untilAsserted(() -> Users.as(worker)
                        .when()
                        .get("/api/v1/residents/" + id + "/disclosures")
                        .then()
                        .statusCode(200)
                        .body(at(
                                "items.findAll { it.adapterId == 'sim-http' && it.result == 'ACCEPTED' }.size()",
                                equalTo(count))));
    }

    /** The entries saved for sim-http this month, as the worker's home page gives them. */
    private long entriesSaved() {
        Matcher m = Pattern.compile("模拟接口平台 (\\d+) 条").matcher(homePage());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private String homePage() {
        return Users.as(worker).when().get("/").then().statusCode(200).extract().asString();
    }

    private void moveOut(String id) {
        Users.as(worker)
                .body(Map.of("status", "MOVED_OUT", "date", HubDates.today().toString(), "reason", "迁往外省"))
                .when()
                .post("/api/v1/residents/" + id + "/status-changes")
                .then()
                .statusCode(200);
    }

    @Test
    void aResidentWhoMovesOutWhileTheirFirstRecordIsOnItsWayIsRemovedAfterIt() {
        platform.delay(1500);
        String id = register(aResident().in(community).withName("途中乙"));
        await().atMost(PATIENCE).until(() -> platform.inFlight() > 0);
        moveOut(id);

        await().atMost(PATIENCE)
                .until(() -> platform.receipts().stream().anyMatch(k -> k.contains(id) && k.endsWith(":remove")));
        platform.delay(0);
        awaitSync(id, "SYNCED");
        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id + "/sync")
                .then()
                .body(at("find { it.adapterId == 'sim-http' }.held", equalTo(false)));
    }

    @Test
    void aRequestThatTimesOutIsRepeatedWithTheSameKeysSoThePlatformKeepsOneCopy() {
        platform.delay(2500); // longer than the definition's 2 s timeout
        String id = register(aResident().in(community).withName("超时戊"));
        await().atMost(PATIENCE).until(() -> platform.receipts().stream().anyMatch(k -> k.contains(id)));
        platform.delay(0);

        awaitSync(id, "SYNCED");

        List<String> receipts =
                platform.receipts().stream().filter(k -> k.contains(id)).toList();
        assertThat(receipts).hasSizeGreaterThanOrEqualTo(2).containsOnly(receipts.get(0));
        assertThat(platform.recordsOf(id)).hasSize(1);
    }

    @Test
    void oneRejectedRecordDoesNotHoldBackTheRestOfItsBatch() {
        // Platforms quote what they refuse: the ID number in the message is kept and shown masked.
        platform.rejectWhere("姓名", "拒收己", "证件号码110105199001011237与姓名不匹配，请核对13812345678");
        Users.as(operator).when().post("/api/v1/adapters/sim-http/pause").then().statusCode(200);
        String refused = register(aResident().in(community).withName("拒收己"));
        String taken = register(aResident().in(community).withName("接收庚"));
        Users.as(operator)
                .when()
                .post("/api/v1/adapters/sim-http/resume")
                .then()
                .statusCode(200);

        awaitRecord(taken);
        awaitSync(refused, "REJECTED");
        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + refused + "/sync")
                .then()
                .body(at(
                        "find { it.adapterId == 'sim-http' }.rejectionMessage",
                        equalTo("证件号码110105********1237与姓名不匹配，请核对138****5678")));
    }

    @Test
    void whenAResidentAgesOutOfASelectionThePlatformIsToldOnTheDay() throws Exception {
        // Someone the platform holds from when they were 28 turns 29 today.
        LocalDate birth = HubDates.today().minusYears(29);
        String id = register(aResident().in(community).withName("超龄辛").bornOn(birth, "1"));
        try (Connection c = TestSql.connect()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into platform_record (adapter_id, resident_id, held,"
                            + " accepted_version, accepted_at, payload_hash) values ('sim-file', ?::uuid, true, 0, now(), 'x')")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "update adapter_state set reevaluated_on = current_date - 1 where adapter_id = 'sim-file'")) {
                ps.executeUpdate();
            }
        }

        await().atMost(PATIENCE)
                .untilAsserted(() -> Users.as(worker)
                        .when()
                        .get("/api/v1/residents/" + id + "/sync")
                        .then()
                        .body(at("find { it.adapterId == 'sim-file' }.status", equalTo("PENDING"))));
        Users.as(operator).when().post("/api/v1/adapters/sim-file/runs").then().statusCode(202);

        await().atMost(PATIENCE)
                .untilAsserted(() -> Users.as(worker)
                        .when()
                        .get("/api/v1/residents/" + id + "/sync")
                        .then()
                        .body(at("find { it.adapterId == 'sim-file' }.status", equalTo("SYNCED")))
                        .body(at("find { it.adapterId == 'sim-file' }.held", equalTo(false))));
    }

    @Test
    void aTransportWrittenInJavaIsChosenByNameAndGetsTheDefinedFieldsOnly() {
        String id = register(aResident().in(community).withName("自定义壬"));

        OutboundRecord record = await().atMost(PATIENCE)
                .until(
                        () -> RecordingTransport.received().stream()
                                .filter(r -> r.residentId().toString().equals(id))
                                .findFirst(),
                        java.util.Optional::isPresent)
                .orElseThrow();

        assertThat(record.fields()).containsOnlyKeys("姓名", "社区");
        assertThat(record.fields().get("姓名")).isEqualTo("自定义壬");
        assertThat(record.key()).matches("sim-spi:" + id + ":0:[0-9a-f]{8}");
    }

    @Test
    void aSlowPlatformDoesNotHoldBackAnother() {
        platform.delay(1800); // slow, but inside the http platform's 2 s timeout
        String id = register(aResident().in(community).withName("快慢癸"));

        await().atMost(Duration.ofMillis(1500))
                .until(() -> RecordingTransport.received().stream()
                        .anyMatch(r -> r.residentId().toString().equals(id)));
        assertThat(platform.recordsOf(id))
                .as("the slow platform has not answered yet")
                .isEmpty();

        awaitRecord(id);
    }

    @Test
    void theOperationsApiNamesAnUnknownPlatformAndABadStatus() {
        Users.as(operator)
                .when()
                .get("/api/v1/adapters/no-such-platform")
                .then()
                .statusCode(404);
        Users.as(operator)
                .queryParam("status", "LOST")
                .when()
                .get("/api/v1/adapters/sim-http/deliveries")
                .then()
                .statusCode(422)
                .body(at("errors[0].field", equalTo("status")));
        Json status = Users.as(operator)
                .when()
                .get("/api/v1/adapters/sim-http")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(status.getList("fields")).containsExactly("姓名", "证件号码", "版本", "房号", "操作");
    }

    private int deliveriesOf(String id, String status) {
        return Users.as(operator)
                .queryParam("status", status)
                .queryParam("size", 100)
                .when()
                .get("/api/v1/adapters/sim-http/deliveries")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .getList("items.findAll { it.residentId == '" + id + "' }")
                .size();
    }

    private String register(ResidentTestData data) {
        return data.registerAs(worker);
    }

    private JsonNode awaitRecord(String id) {
        return await().atMost(PATIENCE)
                .until(() -> platform.recordsOf(id), r -> !r.isEmpty())
                .get(0);
    }

    private void awaitSync(String id, String status) {
        await().atMost(PATIENCE)
                .untilAsserted(() -> Users.as(worker)
                        .when()
                        .get("/api/v1/residents/" + id + "/sync")
                        .then()
                        .body(at("find { it.adapterId == 'sim-http' }.status", equalTo(status))));
    }
}
