package org.communityhub.intake.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubDates;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.Phones;
import org.communityhub.testing.ResidentTestData;
import org.communityhub.testing.Spreadsheets;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Template export through the API: a platform's template exactly as the platform receives it, a
 * column set, CSV for Excel, formulas neutralised, the area scope, the reveal rules and the access
 * log.
 */
@HubTest
class ExportResourceTest {

    /** The youth-league definition's field names, in its order (adapters/youth-league/adapter.yaml). */
    private static final List<String> YOUTH_LEAGUE = List.of(
            "姓名", "性别", "民族", "出生年月", "身份证号", "政治面貌", "入团年月", "团员编号", "所在团支部", "团内职务", "学历", "手机号码", "居住地址", "操作");

    private static final String PURPOSE = "purpose=platform-submission";

    private String community;
    private String worker;

    @BeforeEach
    void aCommunityAndItsWorker() {
        community = Communities.create();
        worker = Users.create(Roles.WORKER, community);
    }

    @Test
    void aLeagueMemberInTheYouthLeagueTemplateIsWhatThePlatformReceives() throws Exception {
        LocalDate birth = HubDates.today().minusYears(20).withDayOfMonth(1);
        String phone = Phones.any();
        ResidentTestData member = aResident()
                .in(community)
                .withName("团员甲")
                .bornOn(birth, "2")
                .with("phone", phone)
                .with("education", "20")
                .with(
                        "leagueMembership",
                        Map.of(
                                "joinedOn", birth.plusYears(15).toString(),
                                "developmentNumber", "TY2026001",
                                "branch", "测试社区团支部"));
        String id = member.registerAs(worker);
        aResident().in(community).withName("非团员").registerAs(worker);

        Response response = export(worker, "list=league-members&adapter=youth-league&format=xlsx&" + PURPOSE)
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .header("X-Export-Rows", "1")
                .extract()
                .response();
        assertThat(response.contentType())
                .startsWith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(response.header("Content-Disposition"))
                .startsWith("attachment; filename=\"youth-league_")
                .contains(".xlsx\"; filename*=UTF-8''" + org.communityhub.common.http.Attachments.encode("共青团智慧团建_"))
                .endsWith(".xlsx");

        List<List<String>> rows = xlsx(response.asByteArray());
        assertThat(rows.get(0)).containsExactlyElementsOf(YOUTH_LEAGUE);
        assertThat(templateFields("youth-league")).containsExactlyElementsOf(YOUTH_LEAGUE);
        assertThat(rows).hasSize(2);
        List<String> row = padded(rows.get(1), YOUTH_LEAGUE.size());
        assertThat(row)
                .containsExactly(
                        "团员甲",
                        "女",
                        "汉族",
                        birth.toString().substring(0, 7),
                        member.idNumber(),
                        "共青团员",
                        birth.plusYears(15).toString().substring(0, 7),
                        "TY2026001",
                        "测试社区团支部",
                        "",
                        "大学本科教育",
                        phone,
                        row.get(12),
                        "新增或更新");

        // Every other field as the platform's own record for the resident (the preview masks only identifiers).
        String admin = Users.create(Roles.ADAPTER_ADMIN, "*");
        Map<String, Object> platform = Users.as(admin)
                .when()
                .get("/api/v1/adapters/youth-league/preview/" + id)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .getMap("fields");
        for (int c = 0; c < YOUTH_LEAGUE.size(); c++) {
            String field = YOUTH_LEAGUE.get(c);
            if (!field.equals("身份证号") && !field.equals("手机号码")) {
                Object expected = platform.get(field);
                assertThat(row.get(c)).as(field).isEqualTo(expected == null ? "" : expected.toString());
            }
        }
        assertThat(row.get(12)).startsWith("北京市").endsWith("1号楼1单元101室");
    }

    @Test
    void theExportIsOneAccessLogEntryNamingEveryResidentAndFieldWithItsPurpose() {
        LocalDate birth = HubDates.today().minusYears(22);
        List<String> ids = new ArrayList<>();
        for (String name : List.of("记录甲", "记录乙", "记录丙")) {
            ids.add(aResident()
                    .in(community)
                    .withName(name)
                    .bornOn(birth, "1")
                    .with("leagueMembership", Map.of("branch", "第一团支部"))
                    .registerAs(worker));
        }
        String auditor = Users.create(Roles.AUDITOR, "*");

        export(
                        worker,
                        "list=league-members&adapter=youth-league&format=csv&purpose=legal-request&purposeNote=协查函2026-9号")
                .then()
                .statusCode(200)
                .header("X-Export-Rows", "3");

        Json log = Users.as(auditor)
                .when()
                .get("/api/v1/audit/access-log?action=EXPORT&user=" + worker)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(log.getInt("total")).isEqualTo(1);
        assertThat(log.getList("items[0].residentIds", String.class)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(log.getList("items[0].fields", String.class))
                .containsExactlyElementsOf(
                        YOUTH_LEAGUE.stream().map(f -> "youth-league:" + f).toList());
        assertThat(log.getString("items[0].purpose")).isEqualTo("legal-request");
        assertThat(log.getString("items[0].purposeNote")).isEqualTo("协查函2026-9号");
        assertThat(log.getString("items[0].resource"))
                .contains("/api/v1/exports")
                .contains("youth-league");
        assertThat(log.getString("items[0].username")).isEqualTo(worker);
    }

    @Test
    void csvIsUtf8WithAByteOrderMarkAndCrlfLines() {
        aResident()
                .in(community)
                .withName("引号居民")
                .with("leagueMembership", Map.of("branch", "支部\"一\",二", "developmentNumber", "A,1"))
                .bornOn(HubDates.today().minusYears(18), "1")
                .registerAs(worker);

        Response response = export(worker, "list=league-members&adapter=youth-league&format=csv&" + PURPOSE)
                .then()
                .statusCode(200)
                .extract()
                .response();

        assertThat(response.contentType()).startsWith("text/csv");
        assertThat(response.header("Content-Disposition")).contains(".csv");
        byte[] bytes = response.asByteArray();
        assertThat(Arrays.copyOf(bytes, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        String text = new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8);
        String[] lines = text.split("\r\n", -1);
        assertThat(lines[0]).isEqualTo(String.join(",", YOUTH_LEAGUE));
        assertThat(lines[1]).startsWith("引号居民,男,汉族,").contains(",\"A,1\",\"支部\"\"一\"\",二\",");
        assertThat(lines).hasSize(3);
        assertThat(lines[2]).isEmpty();
    }

    @Test
    void aColumnSetHasChineseHeadersAndValuesAsPeopleReadThem() throws Exception {
        LocalDate birth = LocalDate.of(1950, 3, 9);
        String id = aResident()
                .in(community)
                .withName("自选列居民")
                .bornOn(birth, "1")
                .withTags("elderly-80", "living-alone-elderly")
                .registerAs(worker);

        Response response = export(
                        worker,
                        "columns=name,sex,birthDate,idNumber&columns=tags,tag:elderly-80,tag:disabled,isPartyMember,residenceType"
                                + "&" + PURPOSE)
                .then()
                .statusCode(200)
                .extract()
                .response();

        assertThat(response.header("Content-Disposition")).startsWith("attachment; filename=\"residents_");
        List<List<String>> rows = xlsx(response.asByteArray());
        assertThat(rows.get(0)).containsExactly("姓名", "性别", "出生日期", "证件号码", "标签", "高龄老人", "残疾人", "是否党员", "人口类型");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1))
                .containsExactly("自选列居民", "男", "1950-03-09", idNumberOf(id), "高龄老人、独居老人", "是", "否", "否", "户籍人口");

        Json templates = Users.as(worker)
                .when()
                .get("/api/v1/exports/templates")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(templates.getList("columns.name", String.class))
                .contains("name", "idNumber", "league.branch", "tag:elderly-80")
                .doesNotContain("operation", "tag:community-correction");
        assertThat(templates.getList("platforms.id", String.class)).contains("youth-league", "civil-affairs");
    }

    @Test
    void aPlatformTemplateAsCsvIsInThePlatformsOwnEncoding() {
        aResident()
                .in(community)
                .withName("编码测试")
                .bornOn(HubDates.today().minusYears(40), "1")
                .with("partyMembership", Map.of("status", "FULL", "joinedOn", "2010-07-01", "branch", "第一党支部"))
                .registerAs(worker);

        // The party-building definition names GB18030: its file, and so its template, is in it.
        Response gb = export(worker, "list=party-members&adapter=party-building&format=csv&" + PURPOSE);
        gb.then().statusCode(200).contentType("text/csv; charset=GB18030");
        byte[] bytes = gb.asByteArray();
        assertThat(bytes[0]).as("no byte-order mark").isNotEqualTo((byte) 0xEF);
        String text = new String(bytes, java.nio.charset.Charset.forName("GB18030"));
        assertThat(text).contains("编码测试").contains("第一党支部");
        assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("编码测试");

        // A column set, and a platform that names no encoding: UTF-8 with a byte-order mark.
        Response utf8 = export(worker, "list=party-members&columns=name&format=csv&" + PURPOSE);
        utf8.then().statusCode(200).contentType("text/csv; charset=UTF-8");
        assertThat(new String(utf8.asByteArray(), StandardCharsets.UTF_8))
                .startsWith("\uFEFF")
                .contains("编码测试");
    }

    @Test
    void formulaLikeValuesNeverRunAndXlsxKeepsThemAsTheyAre() throws Exception {
        String formula = "=HYPERLINK(\"http://example.invalid\",\"点此\")";
        aResident()
                .in(community)
                .withName("公式测试")
                .bornOn(HubDates.today().minusYears(30), "1")
                .with("partyMembership", Map.of("status", "FULL", "joinedOn", "2015-07-01", "branch", formula))
                .registerAs(worker);
        aResident()
                .in(community)
                .withName("加号测试")
                .bornOn(HubDates.today().minusYears(19), "2")
                .with("leagueMembership", Map.of("branch", "+1支部", "developmentNumber", "-20"))
                .registerAs(worker);

        List<List<String>> party = xlsx(export(worker, "list=party-members&adapter=party-building&" + PURPOSE)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray());
        int branch = party.get(0).indexOf("所在党支部");
        // An XLSX string cell never runs: the value is written as it is, not prefixed.
        assertThat(party.get(1).get(branch)).isEqualTo(formula);

        String csv = new String(
                export(
                                worker,
                                "list=league-members&columns=name,league.branch,league.developmentNumber&format=csv&"
                                        + PURPOSE)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray(),
                StandardCharsets.UTF_8);
        // CSV cells are read as formulas: a prefix, except for a plain number (only itself as a formula).
        assertThat(csv).contains("\r\n加号测试,'+1支部,-20\r\n");
        List<List<String>> league = xlsx(export(worker, "list=league-members&adapter=youth-league&" + PURPOSE)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray());
        assertThat(league.get(1).get(YOUTH_LEAGUE.indexOf("所在团支部"))).isEqualTo("+1支部");
        assertThat(league.get(1).get(YOUTH_LEAGUE.indexOf("团员编号"))).isEqualTo("-20");
    }

    @Test
    void residentsOutsideTheCallersAreaNeverAppear() throws Exception {
        String elsewhere = Communities.create();
        String otherWorker = Users.create(Roles.WORKER, elsewhere);
        aResident().in(elsewhere).withName("外区居民").registerAs(otherWorker);
        aResident().in(community).withName("本区居民").registerAs(worker);

        List<List<String>> mine = xlsx(export(worker, "columns=name,communityCode&" + PURPOSE)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray());
        assertThat(mine.stream().map(r -> r.get(0))).contains("本区居民").doesNotContain("外区居民");
        assertThat(mine.stream().skip(1).map(r -> r.get(1))).containsOnly(community);

        // Asking for the other community by its code gives the header alone, and a log naming no one.
        Response theirs = export(worker, "communityCode=" + elsewhere + "&columns=name&format=csv&" + PURPOSE)
                .then()
                .statusCode(200)
                .header("X-Export-Rows", "0")
                .extract()
                .response();
        assertThat(new String(theirs.asByteArray(), StandardCharsets.UTF_8)).isEqualTo("\uFEFF姓名\r\n");
    }

    @Test
    void anEmptySelectionGivesTheHeaderRowOnly() throws Exception {
        List<List<String>> rows = xlsx(export(worker, "list=league-members&adapter=youth-league&" + PURPOSE)
                .then()
                .statusCode(200)
                .header("X-Export-Rows", "0")
                .extract()
                .asByteArray());
        assertThat(rows).containsExactly(YOUTH_LEAGUE);
    }

    @Test
    void withoutAPurposeNothingIsExportedAndEveryProblemIsSaidAtOnce() {
        aResident().in(community).registerAs(worker);

        export(worker, "adapter=youth-league")
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body(at("errors.field", hasItems("purpose")))
                .body(at("errors[0].code", equalTo("purpose-required")));
        export(worker, "adapter=no-such-platform&format=pdf&purpose=curiosity&list=league-members&tag=veteran")
                .then()
                .statusCode(422)
                .body(at("errors.field", hasItems("adapter", "format", "purpose", "tag")));
        export(worker, "adapter=youth-league&columns=name&" + PURPOSE)
                .then()
                .statusCode(422)
                .body(at("errors[0].code", equalTo("template-ambiguous")));
        export(worker, "columns=name,birthplace&" + PURPOSE)
                .then()
                .statusCode(422)
                .body(at("errors[0].code", equalTo("unknown-column")))
                .body(at("errors[0].message", equalTo("第 2 个列名不是可导出的字段（可选的列见 GET /api/v1/exports/templates）。")));
        export(worker, "adapter=youth-league&purpose=other")
                .then()
                .statusCode(422)
                .body(at("errors[0].field", equalTo("purposeNote")));

        String auditor = Users.create(Roles.AUDITOR, "*");
        Users.as(auditor)
                .when()
                .get("/api/v1/audit/access-log?action=EXPORT&user=" + worker)
                .then()
                .statusCode(200)
                .body(at("total", equalTo(0)));
    }

    @Test
    void restrictedTagsLeaveOnlyForRolesGrantedThem() throws Exception {
        String supervisor = Users.create(Roles.SUPERVISOR, community);
        aResident()
                .in(community)
                .withName("受限标签居民")
                .withTags("community-correction", "living-alone-elderly")
                .registerAs(supervisor);

        List<List<String>> seenByWorker = xlsx(export(worker, "adapter=grid&q=受限标签居民&" + PURPOSE)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray());
        int special = seenByWorker.get(0).indexOf("特殊人群类别");
        assertThat(seenByWorker.get(1).get(special)).isEqualTo("独居老人");
        List<List<String>> seenBySupervisor = xlsx(export(supervisor, "adapter=grid&q=受限标签居民&" + PURPOSE)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray());
        assertThat(seenBySupervisor.get(1).get(special)).contains("社区矫正对象").contains("独居老人");

        export(worker, "columns=name,tag:community-correction&" + PURPOSE)
                .then()
                .statusCode(403)
                .body(at("code", equalTo("restricted-tag")));
        export(worker, "columns=name&tag=community-correction&" + PURPOSE)
                .then()
                .statusCode(403)
                .body(at("code", equalTo("restricted-tag")));
        List<List<String>> tags = xlsx(export(worker, "columns=name,tags&q=受限标签居民&" + PURPOSE)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray());
        assertThat(tags.get(1)).containsExactly("受限标签居民", "独居老人");
    }

    @Test
    void aHouseholdsMembersCanBeExported() throws Exception {
        String a = aResident().in(community).withName("户内甲").registerAs(worker);
        String b = aResident().in(community).withName("户内乙").registerAs(worker);
        aResident().in(community).withName("户外丙").registerAs(worker);
        String household = Users.as(worker)
                .body(Map.of(
                        "householdNumber",
                        "EX" + System.nanoTime() % 1_000_000,
                        "type",
                        "1",
                        "communityCode",
                        community))
                .when()
                .post("/api/v1/households")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class)
                .get("id");
        placeInHousehold(household, a, "02");
        placeInHousehold(household, b, "10");

        List<List<String>> rows = xlsx(export(worker, "householdId=" + household + "&adapter=civil-affairs&" + PURPOSE)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray());
        // The civil-affairs file has a title row above its header, as the platform's does.
        assertThat(rows.get(0)).containsExactly("城乡社区居民基础信息表");
        int name = rows.get(1).indexOf("姓名");
        int relation = rows.get(1).indexOf("与户主关系");
        assertThat(rows.stream().skip(2).map(r -> r.get(name))).containsExactlyInAnyOrder("户内甲", "户内乙");
        assertThat(rows.stream().skip(2).map(r -> r.get(relation))).contains("户主");
    }

    // ---- helpers ----------------------------------------------------------------------------------

    private void placeInHousehold(String household, String resident, String relation) {
        Users.as(worker)
                .body(Map.of("relationToHead", relation))
                .when()
                .put("/api/v1/households/" + household + "/members/" + resident)
                .then()
                .statusCode(200);
    }

    private static Response export(String user, String query) {
        return Users.as(user).when().get("/api/v1/exports?" + query);
    }

    private List<String> templateFields(String adapter) {
        return Users.as(worker)
                .when()
                .get("/api/v1/exports/templates")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .getList("platforms.find { it.id == '" + adapter + "' }.fields", String.class);
    }

    private String idNumberOf(String residentId) {
        return Users.as(worker)
                .when()
                .get("/api/v1/residents/" + residentId + "?reveal=idNumber&purpose=data-correction")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .get("idNumber");
    }

    static List<List<String>> xlsx(byte[] bytes) throws Exception {
        Path file = Files.createTempFile("export-", ".xlsx");
        try {
            Files.write(file, bytes);
            assertThat(Spreadsheets.formulaCells(file))
                    .as("cells a spreadsheet would run")
                    .isEmpty();
            return Spreadsheets.rows(file);
        } finally {
            Files.delete(file);
        }
    }

    private static List<String> padded(List<String> row, int size) {
        List<String> out = new ArrayList<>(row);
        while (out.size() < size) {
            out.add("");
        }
        return out;
    }
}
