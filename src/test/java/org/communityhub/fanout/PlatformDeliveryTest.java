package org.communityhub.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.communityhub.testing.Waiting.await;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubDates;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.PlatformSimulator;
import org.communityhub.testing.PlatformSimulators;
import org.communityhub.testing.ResidentTestData;
import org.communityhub.testing.Spreadsheets;
import org.communityhub.testing.TestSql;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shipped platform definitions, delivering to simulated platforms and files. */
@HubTest
class PlatformDeliveryTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private String community;
    private String worker;
    private String operator;

    @BeforeEach
    void aCommunityAWorkerAndAnOperator() {
        community = Communities.create();
        worker = Users.create(Roles.WORKER, community);
        operator = Users.create(Roles.ADAPTER_ADMIN, "*");
    }

    @Test
    void aLeagueMemberRegisteredThroughTheApiAppearsInTheNextYouthLeagueFile() throws Exception {
        LocalDate birth = HubDates.today().minusYears(20).minusDays(3);
        ResidentTestData member = aResident()
                .in(community)
                .withName("团员甲")
                .bornOn(birth, "2")
                .with(
                        "leagueMembership",
                        Map.of(
                                "joinedOn",
                                birth.plusYears(15).toString(),
                                "developmentNumber",
                                "T20260001",
                                "branch",
                                "测试团支部"));
        String id = register(member);
        awaitSync(id, "youth-league", "PENDING"); // queued for the next scheduled file

        Users.as(operator)
                .when()
                .post("/api/v1/adapters/youth-league/runs")
                .then()
                .statusCode(202);
        awaitSync(id, "youth-league", "SYNCED");

        List<List<String>> rows = rowsOfLatestFile("youth-league", member.idNumber());
        assertThat(rows.get(0))
                .containsExactly(
                        "姓名", "性别", "民族", "出生年月", "身份证号", "政治面貌", "入团年月", "团员编号", "所在团支部", "团内职务", "学历", "手机号码", "居住地址",
                        "操作");
        List<String> row = rows.stream()
                .filter(r -> r.contains(member.idNumber()))
                .findFirst()
                .orElseThrow();
        assertThat(row.get(0)).isEqualTo("团员甲");
        assertThat(row.get(1)).isEqualTo("女");
        assertThat(row.get(3)).isEqualTo(birth.format(DateTimeFormatter.ofPattern("yyyy-MM")));
        assertThat(row.get(4)).isEqualTo(member.idNumber()); // as text: all 18 characters
        assertThat(row.get(5)).isEqualTo("共青团员");
        assertThat(row.get(7)).isEqualTo("T20260001");
        assertThat(row.get(13)).isEqualTo("新增或更新");
    }

    @Test
    void aFloatingResidentReachesPublicSecurityWithExactlyTheAllowListedFields() throws Exception {
        ResidentTestData migrant = aResident()
                .in(community)
                .withName("流动人员乙")
                .with("residenceType", "2")
                .with("phone", "13700001111")
                .at("5号楼", "3", "602");
        String id = register(migrant);

        JsonNode record = awaitRecord(PlatformSimulators.publicSecurity(), id);

        List<String> names = new ArrayList<>();
        record.fieldNames().forEachRemaining(names::add);
        assertThat(names)
                .containsExactly(
                        "recordKey",
                        "公民身份号码",
                        "证件类型",
                        "姓名",
                        "性别",
                        "民族",
                        "出生日期",
                        "人员类别",
                        "户号",
                        "与户主关系",
                        "社区代码",
                        "标准地址",
                        "楼栋",
                        "单元",
                        "房号",
                        "联系电话",
                        "登记类型",
                        "注销原因");
        assertThat(record.get("公民身份号码").asText()).isEqualTo(migrant.idNumber());
        assertThat(record.get("人员类别").asText()).isEqualTo("流动人口");
        assertThat(record.get("标准地址").asText()).startsWith("北京市朝阳区").endsWith("5号楼3单元602室");
        assertThat(record.get("联系电话").asText()).isEqualTo("13700001111");
        assertThat(record.get("登记类型").asText()).isEqualTo("登记或变更");
        assertThat(PlatformSimulators.publicSecurity().violations()).isEmpty();
        awaitSync(id, "public-security", "SYNCED");

        // The ledger names exactly the fields the record carried a value for.
        List<String> carried = names.subList(1, names.size()).stream()
                .filter(n -> !record.get(n).isNull() && !record.get(n).asText().isEmpty())
                .toList();
        assertThat(carried).contains("公民身份号码", "联系电话").doesNotContain("户号", "注销原因");
        List<String> ledgerFields = ledger(id, "public-security");
        assertThat(ledgerFields).containsExactly(carried.toArray(String[]::new));
    }

    @Test
    void aRecordThePlatformRejectsBecomesATaskThatClosesWhenALaterDeliveryIsAccepted() {
        PlatformSimulators.publicSecurity().rejectWhere("姓名", "拒收丙", "地址不规范：缺少门牌号");
        String id = register(aResident().in(community).withName("拒收丙"));

        await().atMost(PATIENCE)
                .untilAsserted(() -> Users.as(worker)
                        .queryParam("residentId", id)
                        .when()
                        .get("/api/v1/tasks")
                        .then()
                        .statusCode(200)
                        .body(at("total", equalTo(1)))
                        .body(at("items[0].kind", equalTo("PLATFORM_REJECTION")))
                        .body(at("items[0].adapterId", equalTo("public-security")))
                        .body(at("items[0].message", equalTo("平台拒收：地址不规范：缺少门牌号"))));
        awaitSync(id, "public-security", "REJECTED");

        // The worker corrects the record; the platform accepts the new version.
        Json read = Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id)
                .then()
                .extract()
                .as(Json.class);
        Map<String, Object> edit = read.getMap("");
        edit.put("name", "已更正丙");
        Users.as(worker)
                .header("If-Match", "\"" + read.getInt("version") + "\"")
                .body(edit)
                .when()
                .put("/api/v1/residents/" + id)
                .then()
                .statusCode(200);

        awaitSync(id, "public-security", "SYNCED");
        Users.as(worker)
                .queryParam("residentId", id)
                .when()
                .get("/api/v1/tasks")
                .then()
                .body(at("total", equalTo(0)));
        Users.as(worker)
                .queryParam("residentId", id)
                .queryParam("status", "closed")
                .when()
                .get("/api/v1/tasks")
                .then()
                .body(at("total", equalTo(1)));
    }

    @Test
    void aResidentWhoMovesOutIsSentAsARemovalCarryingOnlyTheRemovalFields() {
        String id = register(aResident().in(community).withName("迁出丁"));
        awaitRecord(PlatformSimulators.publicSecurity(), id);

        Users.as(worker)
                .body(Map.of("status", "MOVED_OUT", "date", HubDates.today().toString(), "reason", "迁往外省"))
                .when()
                .post("/api/v1/residents/" + id + "/status-changes")
                .then()
                .statusCode(200);

        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(
                                PlatformSimulators.publicSecurity().recordsOf(id))
                        .anySatisfy(r -> {
                            assertThat(r.get("登记类型").asText()).isEqualTo("注销");
                            assertThat(r.get("注销原因").asText()).isEqualTo("迁出");
                            List<String> names = new ArrayList<>();
                            r.fieldNames().forEachRemaining(names::add);
                            assertThat(names).containsExactly("recordKey", "公民身份号码", "姓名", "登记类型", "注销原因");
                        }));
        awaitSync(id, "public-security", "SYNCED");
        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id + "/sync")
                .then()
                .body(at("find { it.adapterId == 'public-security' }.held", equalTo(false)));
    }

    @Test
    void aChangedHouseholdNumberReachesThePlatformsThatCarryIt() {
        String id = register(aResident().in(community).withName("户号辛"));
        String household = Users.as(worker)
                .body(Map.of("householdNumber", "H0001", "type", "1", "communityCode", community))
                .when()
                .post("/api/v1/households")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class)
                .get("id");
        Users.as(worker)
                .body(Map.of("relationToHead", "02"))
                .when()
                .put("/api/v1/households/" + household + "/members/" + id)
                .then()
                .statusCode(200);
        await().atMost(PATIENCE)
                .until(() -> PlatformSimulators.publicSecurity().recordsOf(id).stream()
                        .anyMatch(r -> r.get("户号").asText().equals("H0001")));

        int version = Users.as(worker)
                .when()
                .get("/api/v1/households/" + household)
                .then()
                .extract()
                .as(Json.class)
                .get("version");
        Users.as(worker)
                .header("If-Match", "\"" + version + "\"")
                .body(Map.of("householdNumber", "H0002", "type", "1"))
                .when()
                .put("/api/v1/households/" + household)
                .then()
                .statusCode(200);

        await().atMost(PATIENCE)
                .until(() -> PlatformSimulators.publicSecurity().recordsOf(id).stream()
                        .anyMatch(r -> r.get("户号").asText().equals("H0002")));
        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id + "/history")
                .then()
                .body(at("items[0].action", equalTo("HOUSEHOLD_CHANGED")))
                .body(at("items[0].changes[0].new", equalTo("H0002")));
    }

    @Test
    void onlyTheSensitiveTagsAPlatformNamesLeaveForIt() {
        // Restricted tags are set by a role granted them (a supervisor, by default).
        String id = aResident()
                .in(community)
                .withName("标签戊")
                .withTags("community-correction", "low-income", "elderly-80")
                .registerAs(Users.create(Roles.SUPERVISOR, community));
        awaitSync(id, "grid", "PENDING"); // due at the grid's next quarter hour
        Users.as(operator).when().post("/api/v1/adapters/grid/runs").then().statusCode(202);

        JsonNode record = awaitRecord(PlatformSimulators.grid(), id);

        assertThat(record.get("特殊人群类别").asText()).isEqualTo("社区矫正对象");
        assertThat(record.get("网格编码").asText()).isEqualTo(community + "-1号楼");
        assertThat(PlatformSimulators.grid().violations()).isEmpty();
    }

    @Test
    void aRecordThePlatformRequiresButTheRegistryCannotFillIsATaskNotADelivery() {
        String id = register(aResident()
                .in(community)
                .withName("无证己")
                .withoutIdNumber(HubDates.today().minusMonths(2), "1"));

        await().atMost(PATIENCE)
                .untilAsserted(() -> Users.as(worker)
                        .queryParam("residentId", id)
                        .when()
                        .get("/api/v1/tasks")
                        .then()
                        .body(at(
                                "items.find { it.adapterId == 'public-security' }.message",
                                equalTo("本系统无法生成该平台所需的记录：“公民身份号码”为必填项，本系统中该项为空"))));
        assertThat(PlatformSimulators.publicSecurity().recordsOf(id)).isEmpty();
        awaitSync(id, "public-security", "REJECTED");
    }

    @Test
    void theOperatorPreviewsARecordWithIdentifiersMaskedAndSeesWhatChanged() {
        ResidentTestData data = aResident().in(community).withName("预览庚").with("phone", "13900008888");
        String id = register(data);
        awaitSync(id, "public-security", "SYNCED");
        // Paused, so that the edit is not delivered before the preview looks at it.
        Users.as(operator)
                .when()
                .post("/api/v1/adapters/public-security/pause")
                .then()
                .statusCode(200);
        Json preview;
        try {
            Map<String, Object> edit = data.with("room", "909").json();
            Users.as(worker)
                    .header("If-Match", "\"0\"")
                    .body(edit)
                    .when()
                    .put("/api/v1/residents/" + id)
                    .then()
                    .statusCode(200);

            preview = Users.as(operator)
                    .when()
                    .get("/api/v1/adapters/public-security/preview/" + id)
                    .then()
                    .statusCode(200)
                    .extract()
                    .as(Json.class);
        } finally {
            Users.as(operator)
                    .when()
                    .post("/api/v1/adapters/public-security/resume")
                    .then()
                    .statusCode(200);
        }

        assertThat(preview.getBoolean("concerned")).isTrue();
        assertThat(preview.getString("operation")).isEqualTo("UPSERT");
        assertThat(preview.getString("fields.公民身份号码")).contains("********").isNotEqualTo(data.idNumber());
        assertThat(preview.getString("fields.联系电话")).isEqualTo("139****8888");
        assertThat(preview.getList("differences.field")).contains("房号", "标准地址");
        assertThat(preview.getString("lastDelivered.房号")).isEqualTo("101");
    }

    @Test
    void theOperatorSeesEveryPlatformWithItsAllowListAndCounts() {
        Json adapters = Users.as(operator)
                .when()
                .get("/api/v1/adapters")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);

        assertThat(adapters.getList("id")).contains("civil-affairs", "youth-league", "public-security", "grid");
        assertThat(adapters.getBoolean("find { it.id == 'public-security' }.configured"))
                .isTrue();
        assertThat(adapters.getList("find { it.id == 'public-security' }.fields"))
                .startsWith("公民身份号码", "证件类型");
        assertThat(adapters.getString("find { it.id == 'youth-league' }.legalBasis"))
                .contains("团章");
        Users.as(worker).when().get("/api/v1/adapters").then().statusCode(403);
    }

    // ---- helpers -----------------------------------------------------------------------------------

    private String register(ResidentTestData data) {
        return data.registerAs(worker);
    }

    private void awaitSync(String id, String adapter, String status) {
        await().atMost(PATIENCE)
                .untilAsserted(() -> Users.as(worker)
                        .when()
                        .get("/api/v1/residents/" + id + "/sync")
                        .then()
                        .statusCode(200)
                        .body(at("find { it.adapterId == '" + adapter + "' }.status", equalTo(status))));
    }

    private static JsonNode awaitRecord(PlatformSimulator.Platform platform, String residentId) {
        return await().atMost(PATIENCE)
                .until(() -> platform.recordsOf(residentId), r -> !r.isEmpty())
                .get(0);
    }

    /** The field names the sharing ledger recorded for a resident's accepted delivery. */
    private static List<String> ledger(String residentId, String adapter) throws Exception {
        try (Connection c = TestSql.connect();
                PreparedStatement ps =
                        c.prepareStatement("select fields, result, legal_basis from sharing_ledger_entries"
                                + " where resident_id = ?::uuid and adapter_id = ? order by id desc limit 1")) {
            ps.setString(1, residentId);
            ps.setString(2, adapter);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(2)).isEqualTo("ACCEPTED");
                assertThat(rs.getString(3)).contains("个人信息保护法");
                return Arrays.asList((String[]) rs.getArray(1).getArray());
            }
        }
    }

    /** The rows of the newest export file of a platform that holds {@code text}. */
    private static List<List<String>> rowsOfLatestFile(String adapter, String text) throws Exception {
        Path dir = Path.of("target", "test-hub-data", "exports", adapter);
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.toString().endsWith(".xlsx")).sorted().toList();
        }
        for (int i = files.size() - 1; i >= 0; i--) {
            List<List<String>> rows = Spreadsheets.rows(files.get(i));
            if (rows.stream().anyMatch(r -> r.contains(text))) {
                return rows;
            }
        }
        throw new AssertionError("no export file of " + adapter + " holds the record");
    }
}
