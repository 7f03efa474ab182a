package org.communityhub.intake.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.ResidentTestData.aResident;

import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.response.Response;
import io.restassured.specification.MultiPartSpecification;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubDates;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.Imports;
import org.communityhub.testing.Json;
import org.communityhub.testing.Phones;
import org.communityhub.testing.Spreadsheets;
import org.communityhub.testing.TestSql;
import org.communityhub.testing.Users;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Collections through the API: a street's form never seen before, under its title rows, mapped
 * through the vocabulary; the mapping corrected; each community's form filled from the registry as
 * an export, with its rules (purpose, area, restricted tags, formulas, the access log).
 */
@HubTest
class CollectionResourceTest {

    private static final String TITLE = "建外街道高龄老人走访摸排表";
    /** The street's form: title rows, then this header. */
    private static final List<String> HEADERS = List.of(
            "序号", "姓名", "性别", "年龄（周岁）", "公民身份号码", "居住地址", "联系电话", "户主姓名", "家庭人口数", "人员标签", "走访情况", "需求类型", "是否独居",
            "备注");

    private static final List<String> FIELDS = java.util.Arrays.asList(
            "rowNumber",
            "name",
            "sex",
            "age",
            "idNumber",
            "address",
            "phone",
            "householdHeadName",
            "householdSize",
            "tags",
            null,
            null,
            "tag:living-alone-elderly",
            null);

    private static final String XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final String PURPOSE = "purpose=platform-submission";

    private String home;
    private String elsewhere;
    private String worker;
    private String supervisor;
    private LocalDate due;

    @BeforeEach
    void aStreetWithTwoCommunities() {
        home = Communities.create();
        elsewhere = Communities.create();
        worker = Users.create(Roles.WORKER, home);
        supervisor = Users.create(Roles.SUPERVISOR, home, elsewhere);
        due = HubDates.today().plusDays(7);
    }

    @Test
    void aFormNeverSeenBeforeIsMappedUnderItsTitleRows() {
        Json created = create(supervisor, streetForm(), "form.xlsx", "age>=80")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class);
        assertThat(created.getString("id")).isNotBlank();
        assertThat(created.getList("columns.header", String.class)).containsExactlyElementsOf(HEADERS);
        assertThat(created.getList("columns.column", Integer.class))
                .startsWith(1, 2, 3)
                .hasSize(HEADERS.size());
        assertThat(created.getList("columns.field", String.class)).containsExactlyElementsOf(FIELDS);
        for (int c = 0; c < HEADERS.size(); c++) {
            assertThat(created.getString("columns[" + c + "].kind"))
                    .as(HEADERS.get(c))
                    .isEqualTo(FIELDS.get(c) == null ? "to-fill" : "prefilled");
        }
        assertThat(created.getInt("headerRow")).isEqualTo(3);

        Json shown = Users.as(worker)
                .get("/api/v1/collections/" + created.getString("id"))
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(shown.getString("title")).isEqualTo(TITLE);
        assertThat(shown.getString("selection")).isEqualTo("age>=80");
        assertThat(shown.getString("selectionText")).contains("80");
        assertThat(shown.getString("dueDate")).isEqualTo(due.toString());
        assertThat(shown.getList("communities.communityCode", String.class)).containsExactlyInAnyOrder(home, elsewhere);
        assertThat(shown.getList("communities.status", String.class)).containsOnly("open");
        assertThat(shown.getList("columns.field", String.class)).containsExactlyElementsOf(FIELDS);

        // Outside every community of the collection, it does not exist.
        String stranger = Users.create(Roles.WORKER, Communities.create());
        Users.as(stranger)
                .get("/api/v1/collections/" + created.getString("id"))
                .then()
                .statusCode(404);
    }

    @Test
    void theCellsACommunitysFormWasFilledWithCountAsEntriesSavedOnItsHomePage() throws Exception {
        String registrar = Users.create(Roles.SUPERVISOR, home);
        LocalDate today = HubDates.today();
        aResident()
                .in(home)
                .withName("省录老人")
                .bornOn(today.minusYears(81), "1")
                .with("phone", Phones.any())
                .registerAs(registrar);
        aResident().in(home).withName("省录老伴").bornOn(today.minusYears(83), "2").registerAs(registrar);
        String id = created("age>=80");
        assertThat(homePage(worker)).doesNotContain("《" + TITLE + "》");

        // Downloaded twice: the cells of the form count once, the row numbers not at all.
        form(worker, id, home, PURPOSE).then().statusCode(200);
        List<List<String>> rows = xlsx(
                form(worker, id, home, PURPOSE).then().statusCode(200).extract().asByteArray());
        assertThat(rows.get(2)).as("the header row, under two title rows").startsWith("序号", "姓名");
        long cells = 0;
        for (List<String> row : rows.subList(3, rows.size())) {
            for (int c = 0; c < FIELDS.size(); c++) {
                if (FIELDS.get(c) != null
                        && !FIELDS.get(c).equals("rowNumber")
                        && c < row.size()
                        && !row.get(c).isBlank()) {
                    cells++;
                }
            }
        }
        assertThat(rows).hasSize(3 + 2);
        assertThat(cells).isGreaterThan(2 * 5);

        String page = homePage(worker);
        assertThat(page).contains("《" + TITLE + "》" + cells + " 格");
        Matcher figure = Pattern.compile("id=\"entries-saved\">(\\d+)<").matcher(page);
        assertThat(figure.find()).isTrue();
        assertThat(Long.parseLong(figure.group(1))).isGreaterThanOrEqualTo(cells);

        // A community that has not downloaded its form saved nothing by it.
        String other = Users.create(Roles.WORKER, elsewhere);
        assertThat(homePage(other)).doesNotContain("《" + TITLE + "》");
    }

    private static String homePage(String user) {
        Response response = Users.as(user).accept("text/html").when().get("/");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.asString();
    }

    @Test
    void theSupervisorCorrectsTheMapping() {
        String id = created("all");
        int phone = HEADERS.indexOf("联系电话") + 1;
        int remark = HEADERS.indexOf("备注") + 1;
        Json corrected = Users.as(supervisor)
                .body(Map.of(
                        "columns",
                        List.of(
                                java.util.Collections.singletonMap("column", phone),
                                Map.of("column", remark, "field", "学历"))))
                .put("/api/v1/collections/" + id + "/mapping")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(corrected.getString("columns[" + (phone - 1) + "].field")).isNull();
        assertThat(corrected.getString("columns[" + (phone - 1) + "].kind")).isEqualTo("to-fill");
        assertThat(corrected.getString("columns[" + (remark - 1) + "].field")).isEqualTo("education");
        assertThat(corrected.getString("columns[" + (remark - 1) + "].kind")).isEqualTo("prefilled");
        assertThat(corrected.getInt("version")).isEqualTo(2);

        Response wrong = Users.as(supervisor)
                .body(Map.of(
                        "columns",
                        List.of(Map.of("column", 99, "field", "name"), Map.of("column", 2, "field", "没有的字段"))))
                .put("/api/v1/collections/" + id + "/mapping");
        assertThat(wrong.statusCode()).isEqualTo(422);
        assertThat(wrong.contentType()).startsWith("application/problem+json");
        assertThat(wrong.as(Json.class).getList("errors.code", String.class))
                .containsExactly("unknown-column", "unknown-field");
        assertThat(Users.as(supervisor)
                        .get("/api/v1/collections/" + id)
                        .as(Json.class)
                        .getString("columns[1].field"))
                .as("nothing of a refused correction is kept")
                .isEqualTo("name");

        Users.as(worker)
                .body(Map.of("columns", List.of(Map.of("column", 2, "field", "sex"))))
                .put("/api/v1/collections/" + id + "/mapping")
                .then()
                .statusCode(403);
    }

    @Test
    void aWorkerDownloadsTheirCommunitysFormFilledFromTheRegistry() throws Exception {
        String registrar = Users.create(Roles.SUPERVISOR, home);
        LocalDate today = HubDates.today();
        String phone = Phones.any();
        String head = aResident()
                .in(home)
                .withName("高龄户主")
                .bornOn(today.minusYears(85).minusDays(3), "1")
                .with("phone", phone)
                .at("2号楼", "1", "101")
                .withTags("elderly-80", "community-correction")
                .registerAs(registrar);
        String spouse = aResident()
                .in(home)
                .withName("高龄配偶")
                .bornOn(today.minusYears(82).minusDays(3), "2")
                .at("2号楼", "1", "101")
                .registerAs(registrar);
        String household = household("H" + home.substring(8));
        member(household, head, "02");
        member(household, spouse, "10");
        String alone = aResident()
                .in(home)
                .withName("独居老人")
                .bornOn(today.minusYears(90).minusDays(3), "2")
                .at("3号楼", "2", "202")
                .registerAs(registrar);
        aResident().in(home).withName("中年居民").bornOn(today.minusYears(40), "1").registerAs(registrar);
        aResident()
                .in(elsewhere)
                .withName("别处老人")
                .bornOn(today.minusYears(88), "1")
                .registerAs(supervisor);
        String id = created("age>=80");

        Response response = form(worker, id, home, PURPOSE)
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .header("X-Export-Rows", "3")
                .extract()
                .response();
        assertThat(response.contentType()).startsWith(XLSX_TYPE);
        byte[] file = response.asByteArray();
        List<List<String>> rows = xlsx(file);
        assertThat(rows.get(0).get(0)).isEqualTo(TITLE);
        assertThat(rows.get(1).get(0)).startsWith("填报单位");
        List<String> header = new ArrayList<>(HEADERS);
        header.add("编号（勿改）");
        assertThat(rows.get(2)).containsExactlyElementsOf(header);
        assertThat(rows).hasSize(6);
        List<String> first = padded(rows.get(3), header.size());
        assertThat(first.subList(0, 10))
                .containsExactly("1", "高龄户主", "男", "85", idNumberOf(head), first.get(5), phone, "高龄户主", "2", "高龄老人");
        assertThat(first.get(5)).contains("2号楼").contains("101");
        assertThat(List.of(first.get(10), first.get(11), first.get(13)))
                .as("to fill")
                .containsOnly("");
        assertThat(first.get(12))
                .as("是否独居: the tag asked, answered from the register")
                .isEqualTo("否");
        assertThat(first.get(14)).isEqualTo(head);
        List<String> second = padded(rows.get(4), header.size());
        assertThat(second.subList(0, 4)).containsExactly("2", "高龄配偶", "女", "82");
        assertThat(second.get(7)).isEqualTo("高龄户主");
        assertThat(second.get(8)).isEqualTo("2");
        assertThat(second.get(14)).isEqualTo(spouse);
        List<String> third = padded(rows.get(5), header.size());
        assertThat(third.subList(0, 4)).containsExactly("3", "独居老人", "女", "90");
        assertThat(third.get(7)).as("no household").isEmpty();
        assertThat(third.get(14)).isEqualTo(alone);

        // The form's look: its widths and its merged title.
        String sheet = sheetXml(file);
        assertThat(sheet).contains("<mergeCell ref=\"A1:N1\"/>");
        assertThat(sheet).containsPattern("<col min=\"2\" max=\"2\" width=\"14\\.0*\"");
        assertThat(sheet).containsPattern("<col min=\"11\" max=\"11\" width=\"30\\.0*\"");

        // The restricted tag is there for whom may see it.
        List<List<String>> bySupervisor = xlsx(form(supervisor, id, home, PURPOSE)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray());
        assertThat(bySupervisor.get(3).get(9)).isEqualTo("高龄老人、社区矫正对象");

        Json shown = Users.as(supervisor).get("/api/v1/collections/" + id).as(Json.class);
        assertThat(shown.getInt("communities.find { it.communityCode == '" + home + "' }.formsDownloaded"))
                .isEqualTo(2);
    }

    @Test
    void theSelectionTakesResidentsByTagByAgeAndHouseholdHeads() throws Exception {
        LocalDate today = HubDates.today();
        String poor = aResident()
                .in(home)
                .withName("低保居民")
                .bornOn(today.minusYears(50), "1")
                .withTags("low-income")
                .registerAs(worker);
        String child = aResident()
                .in(home)
                .withName("少年居民")
                .bornOn(today.minusYears(12), "2")
                .registerAs(worker);
        String spouse = aResident()
                .in(home)
                .withName("户内配偶")
                .bornOn(today.minusYears(48), "2")
                .registerAs(worker);
        String household = household("S" + home.substring(8));
        member(household, poor, "02");
        member(household, spouse, "10");

        assertThat(keys(created("tag:低保"))).containsExactly(poor);
        assertThat(keys(created("tag:低保对象"))).containsExactly(poor);
        assertThat(keys(created("age<18"))).containsExactly(child);
        assertThat(keys(created("age>=18;age<50"))).containsExactly(spouse);
        assertThat(keys(created("heads"))).containsExactly(poor);
        assertThat(keys(created("all"))).containsExactlyInAnyOrder(poor, child, spouse);
    }

    @Test
    void aFormSelectedByARestrictedTagIsOnlyForWhomMaySeeTheTag() throws Exception {
        String registrar = Users.create(Roles.SUPERVISOR, home);
        String corrected = aResident()
                .in(home)
                .withName("矫正对象")
                .withTags("community-correction")
                .registerAs(registrar);
        aResident().in(home).withName("普通居民").registerAs(worker);
        String id = created("tag:社区矫正对象");

        Response refused = form(worker, id, home, PURPOSE);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.as(Json.class).getString("code")).isEqualTo("restricted-tag");
        List<List<String>> rows = xlsx(form(supervisor, id, home, PURPOSE)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray());
        assertThat(rows).hasSize(4);
        assertThat(rows.get(3).get(HEADERS.size())).isEqualTo(corrected);
    }

    @Test
    void aColumnAskingForATagIsFilledYesOrNoAndARestrictedOneOnlyForWhomMaySeeIt() throws Exception {
        String registrar = Users.create(Roles.SUPERVISOR, home);
        String poor = aResident()
                .in(home)
                .withName("标签甲")
                .withTags("low-income", "community-correction")
                .registerAs(registrar);
        String other = aResident().in(home).withName("标签乙").registerAs(worker);
        List<String> headers = List.of("姓名", "是否低保", "残疾人（是/否）", "是否社区矫正对象", "性别", "走访情况", "党员（是/否）");
        Json created = create(supervisor, workbook("困难群众摸排表", headers), "困难群众.xlsx", "all")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class);
        assertThat(created.getList("columns.field", String.class))
                .containsExactly(
                        "name",
                        "tag:low-income",
                        "tag:disabled",
                        "tag:community-correction",
                        "sex",
                        null,
                        "isPartyMember");
        assertThat(created.getString("columns[1].label")).isEqualTo("标签：低保对象（是/否）");
        String id = created.getString("id");

        Map<String, List<String>> byKey = new java.util.HashMap<>();
        for (List<String> row : xlsx(form(worker, id, home, PURPOSE)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray())
                .subList(2, 4)) {
            List<String> r = padded(row, headers.size() + 1);
            byKey.put(r.get(headers.size()), r.subList(1, 4));
            assertThat(r.get(6)).as("党员（是/否）").isEqualTo("否");
        }
        assertThat(byKey.get(poor))
                .as("a restricted tag the worker may not see is left empty, saying nothing")
                .containsExactly("是", "否", "");
        assertThat(byKey.get(other)).containsExactly("否", "否", "");

        List<List<String>> seen = xlsx(form(supervisor, id, home, PURPOSE)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray());
        assertThat(seen.subList(2, 4))
                .anySatisfy(r ->
                        assertThat(padded(r, headers.size() + 1).subList(1, 4)).containsExactly("是", "否", "是"));

        // The mapping takes a tag by name, and refuses one that does not exist.
        Users.as(supervisor)
                .body(Map.of("columns", List.of(Map.of("column", 6, "field", "tag:独居"))))
                .put("/api/v1/collections/" + id + "/mapping")
                .then()
                .statusCode(200)
                .body(at("columns[5].field", org.hamcrest.Matchers.equalTo("tag:living-alone-elderly")));
        Users.as(supervisor)
                .body(Map.of("columns", List.of(Map.of("column", 6, "field", "tag:没有这个标签"))))
                .put("/api/v1/collections/" + id + "/mapping")
                .then()
                .statusCode(422);
    }

    @Test
    void theReadmesExampleFormIsMappedAndFilledAsTheReadmeSays() throws Exception {
        String name = "示例表甲";
        aResident()
                .in(home)
                .withName(name)
                .bornOn(HubDates.today().minusYears(86), "2")
                .registerAs(worker);
        byte[] example = Files.readAllBytes(Path.of("docs", "examples", "高龄老人走访摸排表.csv"));
        Json created = create(supervisor, example, "高龄老人走访摸排表.csv", "age>=80")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class);
        assertThat(created.getList("columns.header", String.class))
                .containsExactly("序号", "姓名", "性别", "年龄", "身份证号码", "现住址", "联系电话", "户主姓名", "走访情况", "身体状况", "需求类型", "备注");
        assertThat(created.getList("columns.kind", String.class))
                .as("eight columns the hub fills, four the community fills")
                .containsExactly(
                        "prefilled",
                        "prefilled",
                        "prefilled",
                        "prefilled",
                        "prefilled",
                        "prefilled",
                        "prefilled",
                        "prefilled",
                        "to-fill",
                        "to-fill",
                        "to-fill",
                        "to-fill");

        String csv = new String(
                form(worker, created.getString("id"), home, PURPOSE)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray(),
                StandardCharsets.UTF_8);
        assertThat(csv).contains("\r\n1," + name + ",女,86,");
    }

    @Test
    void theFillPageShowsAHundredRowsAtATimeAndCanShowOnlyThoseNotYetFilled() throws Exception {
        List<String> residents = new ArrayList<>();
        for (int i = 0; i < CollectionFill.PAGE_SIZE + 5; i++) {
            residents.add(aResident()
                    .in(home)
                    .withName("翻页" + "甲乙丙丁戊己庚辛壬癸".charAt(i % 10) + "子丑寅卯辰巳午未申酉戌亥".charAt(i / 10 % 12))
                    .bornOn(HubDates.today().minusYears(40), i % 2 == 0 ? "1" : "2")
                    .registerAs(worker));
        }
        String id = created("all");
        String fill = "/collections/" + id + "/fill/" + home;

        String first =
                Users.as(worker).get(fill).then().statusCode(200).extract().asString();
        assertThat(rowIds(first)).hasSize(CollectionFill.PAGE_SIZE);
        assertThat(first).contains("第 1 / 2 页").contains("id=\"page-next\"").doesNotContain("page-previous");
        String second = Users.as(worker)
                .get(fill + "?page=2")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(rowIds(second)).hasSize(5).doesNotContainAnyElementsOf(rowIds(first));
        assertThat(second)
                .contains("<td>" + (CollectionFill.PAGE_SIZE + 1) + "</td>")
                .contains("page-previous");
        assertThat(Users.as(worker).get(fill + "?page=x").asString())
                .as("a page that is no number is the first")
                .contains("第 1 / 2 页");

        // One resident answered: the rows not yet filled are one fewer.
        returnForm(worker, id, home, Map.of(residents.get(0), Map.of(HEADERS.indexOf("走访情况"), "已走访")));
        String open = Users.as(worker)
                .get(fill + "?open=true")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(open)
                .contains("共 " + (CollectionFill.PAGE_SIZE + 4) + " 人未填")
                .doesNotContain("page-next");
        assertThat(rowIds(open)).doesNotContain(residents.get(0)).hasSize(CollectionFill.PAGE_SIZE);
        assertThat(rowIds(Users.as(worker).get(fill + "?open=true&page=2").asString()))
                .as("the rows not yet filled are always shown from the first: those saved drop out")
                .isEqualTo(rowIds(open));

        // Each page opened is logged with the residents it showed, not the whole community's.
        Json lists = Users.as(Users.create(Roles.AUDITOR, "*"))
                .get("/api/v1/audit/access-log?action=LIST&user=" + worker + "&size=10")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(lists.getList(
                        "items.findAll { it.resource.contains('/fill/') }.collect { it.residentIds.size() }",
                        Integer.class))
                .containsOnly(CollectionFill.PAGE_SIZE, 5);
    }

    private static List<String> rowIds(String html) {
        Matcher m = Pattern.compile("<tr id=\"row-([0-9a-f-]{36})\"").matcher(html);
        List<String> ids = new ArrayList<>();
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    @Test
    void aCsvFormComesBackAsCsvWithFormulasNeutralised() throws Exception {
        String formula = "=HYPERLINK(\"http://example.invalid\",\"点此\")";
        aResident()
                .in(home)
                .withName("公式测试")
                .bornOn(HubDates.today().minusYears(30), "1")
                .with("partyMembership", Map.of("status", "FULL", "joinedOn", "2015-07-01", "branch", formula))
                .registerAs(worker);
        String csvForm = "党员信息核对表\r\n姓名,所在党支部,入党日期,核对结果\r\n";
        String id = create(supervisor, csvForm.getBytes(StandardCharsets.UTF_8), "党员核对.csv", "party")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class)
                .get("id");

        Response response =
                form(worker, id, home, PURPOSE).then().statusCode(200).extract().response();
        assertThat(response.contentType()).startsWith("text/csv");
        String csv = new String(response.asByteArray(), StandardCharsets.UTF_8);
        assertThat(csv)
                .startsWith("\uFEFF党员信息核对表\r\n姓名,所在党支部,入党日期,核对结果,编号（勿改）\r\n")
                .contains("\r\n公式测试,\"'=HYPERLINK(\"\"http://example.invalid\"\",\"\"点此\"\")\",2015-07-01,,");

        // In a workbook a string cell never runs: the value is kept as it is, and no cell is a formula.
        String xlsxId = create(supervisor, workbook("党员信息核对表", List.of("姓名", "所在党支部", "核对结果")), "党员核对.xlsx", "party")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class)
                .get("id");
        List<List<String>> rows = xlsx(form(worker, xlsxId, home, PURPOSE)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray());
        assertThat(rows.get(2).subList(0, 2)).containsExactly("公式测试", formula);
    }

    @Test
    void anotherCommunitysWorkerIsRefusedAndAPurposeIsRequired() {
        String id = created("all");
        String otherWorker = Users.create(Roles.WORKER, elsewhere);
        Response refused = form(otherWorker, id, home, PURPOSE);
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.as(Json.class).getString("code")).isEqualTo("community-outside-area");
        form(otherWorker, id, elsewhere, PURPOSE).then().statusCode(200);

        Response noPurpose = form(worker, id, home, "");
        assertThat(noPurpose.statusCode()).isEqualTo(422);
        assertThat(noPurpose.contentType()).startsWith("application/problem+json");
        assertThat(noPurpose.as(Json.class).getString("errors[0].field")).isEqualTo("purpose");
        assertThat(noPurpose.as(Json.class).getString("errors[0].code")).isEqualTo("purpose-required");

        String notInScope = Communities.create();
        form(supervisor, id, notInScope, PURPOSE).then().statusCode(404);
    }

    @Test
    void theAccessLogNamesTheResidentsAndFieldsOfTheForm() throws Exception {
        String a = aResident()
                .in(home)
                .withName("日志甲")
                .bornOn(HubDates.today().minusYears(81), "1")
                .registerAs(worker);
        aResident()
                .in(home)
                .withName("日志乙")
                .bornOn(HubDates.today().minusYears(30), "2")
                .registerAs(worker);
        String id = created("age>=80");
        form(worker, id, home, "purpose=legal-request&purposeNote=协查函2026-12号")
                .then()
                .statusCode(200);

        String auditor = Users.create(Roles.AUDITOR, "*");
        Json log = Users.as(auditor)
                .get("/api/v1/audit/access-log?action=EXPORT&user=" + worker)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(log.getInt("total")).isEqualTo(1);
        assertThat(log.getList("items[0].residentIds", String.class)).containsExactly(a);
        assertThat(log.getList("items[0].fields", String.class))
                .containsExactly(
                        "name",
                        "sex",
                        "age",
                        "idNumber",
                        "address",
                        "phone",
                        "householdHeadName",
                        "householdSize",
                        "tags",
                        "residentId");
        assertThat(log.getString("items[0].purpose")).isEqualTo("legal-request");
        assertThat(log.getString("items[0].purposeNote")).isEqualTo("协查函2026-12号");
        assertThat(log.getString("items[0].resource")).contains("/api/v1/collections/" + id + "/forms/" + home);
    }

    @Test
    void whatCannotBeACollectionIsRefusedPreciselyAndNothingIsStored() throws Exception {
        String title = "拒收测试" + home;
        Response everything = Users.as(supervisor)
                .contentType("multipart/form-data")
                .multiPart("file", "form.xlsx", "不是工作簿".getBytes(StandardCharsets.UTF_8), XLSX_TYPE)
                .multiPart(text("title", title))
                .multiPart(text("scope", home + ",110105001999," + Communities.create()))
                .multiPart(text("selection", "age>=80;older;tag:没有的标签"))
                .multiPart(text("dueDate", "2026-13-01"))
                .post("/api/v1/collections");
        assertThat(everything.statusCode()).isEqualTo(422);
        assertThat(everything.contentType()).startsWith("application/problem+json");
        Json problem = everything.as(Json.class);
        assertThat(problem.getList("errors.field", String.class))
                .containsExactlyInAnyOrder("file", "scope", "scope", "selection", "selection", "dueDate");
        assertThat(problem.getList("errors.code", String.class))
                .containsExactlyInAnyOrder(
                        "not-xlsx", "unknown-community", "outside-area", "unknown-term", "unknown-tag", "invalid-date");

        Response noHeader = create(supervisor, "只有一行标题\r\n备注,说明\r\n".getBytes(StandardCharsets.UTF_8), "x.csv", "all");
        assertThat(noHeader.statusCode()).isEqualTo(422);
        assertThat(noHeader.as(Json.class).getString("errors[0].code")).isEqualTo("no-header-row");

        Response past = Users.as(supervisor)
                .contentType("multipart/form-data")
                .multiPart("file", "form.xlsx", streetForm(), XLSX_TYPE)
                .multiPart(text("title", title))
                .multiPart(text("scope", home))
                .multiPart(text("selection", "all"))
                .multiPart(text("dueDate", HubDates.today().minusDays(1).toString()))
                .post("/api/v1/collections");
        assertThat(past.statusCode()).isEqualTo(422);
        assertThat(past.as(Json.class).getString("errors[0].code")).isEqualTo("in-the-past");

        assertThat(TestSql.count("select count(*) from collection where title = '" + title + "'"))
                .isZero();

        create(worker, streetForm(), "form.xlsx", "all").then().statusCode(403);
    }

    @Test
    void aReturnedFormKeepsItsAnswersAndProposesWhatChangedWithoutApplyingIt() throws Exception {
        LocalDate today = HubDates.today();
        String oldPhone = Phones.any();
        String first = aResident()
                .in(home)
                .withName("回收甲")
                .bornOn(today.minusYears(81), "1")
                .at("1号楼", "1", "101")
                .registerAs(worker);
        String second = aResident()
                .in(home)
                .withName("回收乙")
                .bornOn(today.minusYears(85), "2")
                .with("phone", oldPhone)
                .at("1号楼", "1", "102")
                .registerAs(worker);
        String id = created("age>=80");
        List<List<String>> rows = xlsx(
                form(worker, id, home, PURPOSE).then().statusCode(200).extract().asByteArray());
        int visit = HEADERS.indexOf("走访情况");
        int need = HEADERS.indexOf("需求类型");
        int phone = HEADERS.indexOf("联系电话");
        List<List<String>> filled = new ArrayList<>();
        rows.forEach(r -> filled.add(padded(r, HEADERS.size() + 1)));
        filled.get(3).set(visit, "已走访，身体良好");
        filled.get(3).set(need, "助餐");
        String newPhone = Phones.any();
        filled.get(4).set(phone, newPhone);
        List<String> added = padded(List.of(), HEADERS.size() + 1);
        added.set(1, "新增居民");
        added.set(visit, "新搬来");
        filled.add(added);

        Json back = sentBack(worker, id, home, filled);
        assertThat(back.getInt("rowsRead")).isEqualTo(3);
        assertThat(back.getInt("rowsAnswered")).isEqualTo(1);
        assertThat(back.getInt("rowsAdded")).as("a row added with a name").isEqualTo(1);
        assertThat(back.getList("rowsAddedAt", Integer.class)).containsExactly(6);
        assertThat(back.getInt("rowsNotMatched")).isZero();
        assertThat(back.getString("checkImportId"))
                .as("offered through an import")
                .isNotBlank();
        assertThat(back.getList("proposedUpdates.field", String.class)).containsExactly("phone");
        assertThat(back.getBoolean("proposedUpdates[0].offered")).isTrue();
        assertThat(back.getString("proposedUpdates[0].residentId")).isEqualTo(second);
        assertThat(back.getString("proposedUpdates[0].value")).isEqualTo(newPhone);
        assertThat(back.getInt("proposedUpdates[0].row")).isEqualTo(5);
        assertThat(back.getString("proposedUpdates[0].registered"))
                .as("what the registry holds, masked as pages show it")
                .isEqualTo(org.communityhub.reference.identity.Masking.maskPhone(oldPhone));
        Json shownChanges = Users.as(Users.create(Roles.AUDITOR, "*"))
                .get("/api/v1/audit/access-log?action=LIST&user=" + worker)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(shownChanges.getList("items.resource", String.class))
                .containsExactly("POST /api/v1/collections/" + id + "/returns");
        assertThat(shownChanges.getList("items[0].residentIds", String.class)).containsExactly(second);
        assertThat(shownChanges.getList("items[0].fields", String.class)).containsExactly("phone");

        assertThat(Users.as(worker)
                        .get("/api/v1/residents/" + second + "?reveal=phone&purpose=data-correction")
                        .as(Json.class)
                        .getString("phone"))
                .as("never applied")
                .isEqualTo(oldPhone);
        Json shown = Users.as(supervisor).get("/api/v1/collections/" + id).as(Json.class);
        String mine = "communities.find { it.communityCode == '" + home + "' }";
        assertThat(shown.getString(mine + ".status")).isEqualTo("returned");
        assertThat(shown.getInt(mine + ".returns")).isEqualTo(1);
        assertThat(shown.getInt(mine + ".rowsAnswered")).isEqualTo(1);
        assertThat(shown.getString("communities.find { it.communityCode == '" + elsewhere + "' }.status"))
                .isEqualTo("open");
        try (var c = TestSql.connect();
                var ps = c.prepareStatement(
                        "select answers_cipher from collection_answer where collection_id = ?::uuid and resident_id = ?::uuid")) {
            ps.setString(1, id);
            ps.setString(2, first);
            try (var rs = ps.executeQuery()) {
                assertThat(rs.next()).as("the answers kept").isTrue();
                assertThat(new String(rs.getBytes(1), StandardCharsets.ISO_8859_1))
                        .as("encrypted")
                        .doesNotContain(
                                new String("已走访".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
            }
        }

        String otherWorker = Users.create(Roles.WORKER, elsewhere);
        Users.as(otherWorker)
                .contentType("multipart/form-data")
                .multiPart("file", "filled.xlsx", workbook(filled), XLSX_TYPE)
                .multiPart(text("communityCode", home))
                .post("/api/v1/collections/" + id + "/returns")
                .then()
                .statusCode(403);
        Response noKey = Users.as(worker)
                .contentType("multipart/form-data")
                .multiPart("file", "filled.xlsx", streetForm(), XLSX_TYPE)
                .multiPart(text("communityCode", home))
                .post("/api/v1/collections/" + id + "/returns");
        assertThat(noKey.statusCode()).isEqualTo(422);
        assertThat(noKey.as(Json.class).getString("errors[0].code")).isEqualTo("no-key-column");
    }

    @Test
    void changedValuesAndAddedRowsAreCheckedByTheImportAndReachTheRegistryOnlyWhenItIsCommitted() throws Exception {
        LocalDate today = HubDates.today();
        String oldPhone = Phones.any();
        String resident = aResident()
                .in(home)
                .withName("回收丙")
                .bornOn(today.minusYears(83), "1")
                .with("phone", oldPhone)
                .at("2号楼", "1", "101")
                .registerAs(worker);
        String id = created("age>=80");
        List<List<String>> rows = xlsx(
                form(worker, id, home, PURPOSE).then().statusCode(200).extract().asByteArray());
        assertThat(rows).hasSize(4);
        List<List<String>> filled = new ArrayList<>();
        rows.forEach(r -> filled.add(padded(r, HEADERS.size() + 1)));
        String newPhone = Phones.any();
        // Typed as people type it: with the country code and a space, which the import reads.
        filled.get(3).set(HEADERS.indexOf("联系电话"), "+86 " + newPhone);
        filled.get(3).set(HEADERS.indexOf("年龄（周岁）"), "90");
        String newcomer = IdNumbers.of(today.minusYears(82), "2");
        filled.add(addedRow("新来甲", newcomer, "女", "新搬来，需助餐"));
        String damaged = IdNumbers.mistyped(IdNumbers.of(today.minusYears(84), "1"), 10);
        filled.add(addedRow("新来乙", damaged, "男", ""));
        List<String> typedOver = addedRow("回收丁", "", "", "");
        typedOver.set(HEADERS.size(), "不是编号");
        filled.add(typedOver);

        Json back = sentBack(worker, id, home, filled);
        assertThat(back.getList("rowsAddedAt", Integer.class)).containsExactly(5, 6);
        assertThat(back.getList("rowsNotMatchedAt", Integer.class))
                .as("a key typed over is nobody to register")
                .containsExactly(7);
        assertThat(back.getList("proposedUpdates.field", String.class)).containsExactly("age", "phone");
        assertThat(back.getList("proposedUpdates.offered", Boolean.class))
                .as("an age is corrected by the birth date, not offered")
                .containsExactly(false, true);
        String importId = back.getString("checkImportId");

        Json checked = Imports.awaitSettled(worker, importId);
        assertThat(checked.getString("state")).isEqualTo("READY");
        assertThat(checked.getString("fileName")).contains(TITLE);
        assertThat(checked.getLong("progress.rowsRead")).isEqualTo(3);
        assertThat(checked.getLong("progress.rowsToUpdate"))
                .as("the resident whose phone changed")
                .isEqualTo(1);
        assertThat(checked.getList("findings.items.findAll { it.severity == 'ERROR' }.code", String.class))
                .as("the damaged number, and the residence type the form does not ask for on both added rows")
                .containsExactlyInAnyOrder("id-number-checksum", "required", "required");
        assertThat(checked.getList("columns.header", String.class))
                .as("columns for what a registration needs, to be filled in on the import's page")
                .contains("姓名", "性别", "出生日期", "人口类型");
        assertThat(phoneOf(resident)).as("nothing applied before the commit").isEqualTo(oldPhone);

        // The worker gives the newcomer's residence type on the import's page, without a new file.
        Users.as(worker)
                .body(Map.of("cells", Map.of("人口类型", "户籍人口")))
                .put("/api/v1/imports/" + importId + "/rows/3")
                .then()
                .statusCode(202);
        checked = Imports.awaitSettled(worker, importId);
        assertThat(checked.getLong("progress.rowsWithErrors"))
                .as("the damaged number's row")
                .isEqualTo(1);
        assertThat(registered(newcomer)).isZero();

        Users.as(worker)
                .post("/api/v1/imports/" + importId + "/commit?mode=valid-rows&updates=apply")
                .then()
                .statusCode(202);
        Json committed = Imports.awaitSettled(worker, importId);
        assertThat(committed.getString("state")).isEqualTo("COMMITTED");
        assertThat(committed.getLong("progress.rowsRegistered")).isEqualTo(1);
        assertThat(committed.getLong("progress.rowsUpdated")).isEqualTo(1);
        assertThat(phoneOf(resident)).isEqualTo(newPhone);
        assertThat(registered(newcomer)).isOne();
        assertThat(Users.as(worker)
                        .get("/api/v1/residents?q=新来乙&communityCode=" + home)
                        .then()
                        .statusCode(200)
                        .extract()
                        .<Integer>path("total"))
                .as("the row with the damaged number stays out")
                .isZero();
    }

    /** A row a worker adds at the bottom of the form: no key, a name, an ID number, a sex, a visit's note. */
    private static List<String> addedRow(String name, String idNumber, String sex, String visit) {
        List<String> row = padded(List.of(), HEADERS.size() + 1);
        row.set(HEADERS.indexOf("姓名"), name);
        row.set(HEADERS.indexOf("公民身份号码"), idNumber);
        row.set(HEADERS.indexOf("性别"), sex);
        row.set(HEADERS.indexOf("走访情况"), visit);
        return row;
    }

    private String phoneOf(String residentId) {
        return Users.as(worker)
                .get("/api/v1/residents/" + residentId + "?reveal=phone&purpose=data-correction")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .get("phone");
    }

    private int registered(String idNumber) {
        return Users.as(worker)
                .get("/api/v1/residents?idNumber=" + idNumber)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .get("total");
    }

    @Test
    void theSummaryGathersEveryCommunitysAnswersInTheFormsLayout() throws Exception {
        LocalDate today = HubDates.today();
        String otherWorker = Users.create(Roles.WORKER, elsewhere);
        String visited = aResident()
                .in(home)
                .withName("汇总甲")
                .bornOn(today.minusYears(81), "1")
                .at("1号楼", "1", "101")
                .registerAs(worker);
        String notVisited = aResident()
                .in(home)
                .withName("汇总乙")
                .bornOn(today.minusYears(84), "2")
                .at("1号楼", "1", "102")
                .registerAs(worker);
        String there = aResident()
                .in(elsewhere)
                .withName("汇总丙")
                .bornOn(today.minusYears(88), "2")
                .at("5号楼", "1", "101")
                .registerAs(otherWorker);
        String id = created("age>=80");
        int visit = HEADERS.indexOf("走访情况");
        int need = HEADERS.indexOf("需求类型");
        returnForm(worker, id, home, Map.of(visited, Map.of(visit, "已走访，身体良好", need, "助餐")));
        returnForm(otherWorker, id, elsewhere, Map.of(there, Map.of(visit, "电话联系")));
        // A later return's answer stands.
        returnForm(otherWorker, id, elsewhere, Map.of(there, Map.of(visit, "已上门走访")));

        Response summary = Users.as(supervisor).get("/api/v1/collections/" + id + "/summary?" + PURPOSE);
        assertThat(summary.statusCode()).isEqualTo(200);
        assertThat(summary.contentType()).startsWith(XLSX_TYPE);
        assertThat(summary.header("X-Export-Rows")).isEqualTo("3");
        List<List<String>> rows = xlsx(summary.asByteArray());
        assertThat(rows.get(0).get(0)).as("the title rows as sent").isEqualTo(TITLE);
        assertThat(padded(rows.get(2), HEADERS.size() + 1)).containsExactlyElementsOf(concat(HEADERS, "编号（勿改）"));
        List<List<String>> body = new ArrayList<>();
        rows.subList(3, rows.size()).forEach(r -> body.add(padded(r, HEADERS.size() + 1)));
        List<String> order = home.compareTo(elsewhere) < 0
                ? List.of(visited, notVisited, there)
                : List.of(there, visited, notVisited);
        assertThat(body).extracting(r -> r.get(HEADERS.size())).containsExactlyElementsOf(order);
        Map<String, List<String>> byResident = new java.util.HashMap<>();
        body.forEach(r -> byResident.put(r.get(HEADERS.size()), r));
        assertThat(byResident.get(visited).get(1)).isEqualTo("汇总甲");
        assertThat(byResident.get(visited).get(visit)).isEqualTo("已走访，身体良好");
        assertThat(byResident.get(visited).get(need)).isEqualTo("助餐");
        assertThat(byResident.get(notVisited).get(visit))
                .as("not answered: empty")
                .isEmpty();
        assertThat(byResident.get(there).get(1)).isEqualTo("汇总丙");
        assertThat(byResident.get(there).get(visit)).isEqualTo("已上门走访");
        assertThat(byResident.get(there).get(need)).isEmpty();

        String auditor = Users.create(Roles.AUDITOR, "*");
        Json log = Users.as(auditor)
                .get("/api/v1/audit/access-log?action=EXPORT&user=" + supervisor)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(log.getInt("total")).isEqualTo(1);
        assertThat(log.getString("items[0].resource")).contains("/api/v1/collections/" + id + "/summary");
        assertThat(log.getList("items[0].residentIds", String.class))
                .containsExactlyInAnyOrder(visited, notVisited, there);
        assertThat(log.getList("items[0].fields", String.class)).contains("name", "collectionAnswers", "residentId");

        Response byWorker = Users.as(worker).get("/api/v1/collections/" + id + "/summary?" + PURPOSE);
        assertThat(byWorker.statusCode()).isEqualTo(403);
        assertThat(byWorker.contentType()).startsWith("application/problem+json");
        String partial = Users.create(Roles.SUPERVISOR, home);
        Users.as(partial)
                .get("/api/v1/collections/" + id + "/summary?" + PURPOSE)
                .then()
                .statusCode(403);
        Response noPurpose = Users.as(supervisor).get("/api/v1/collections/" + id + "/summary");
        assertThat(noPurpose.statusCode()).isEqualTo(422);
        assertThat(noPurpose.as(Json.class).getString("errors[0].code")).isEqualTo("purpose-required");
    }

    @Test
    void aCsvSummaryNeutralisesAnAnswerASpreadsheetWouldRun() throws Exception {
        String resident = aResident()
                .in(home)
                .withName("汇总公式")
                .bornOn(HubDates.today().minusYears(40), "1")
                .registerAs(worker);
        String csvForm = "走访登记表\r\n姓名,年龄,走访情况\r\n";
        String id = create(supervisor, csvForm.getBytes(StandardCharsets.UTF_8), "走访.csv", "all")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class)
                .get("id");
        String answer = "=1+2";
        List<List<String>> filled =
                List.of(List.of("走访登记表", "", ""), List.of("姓名", "走访情况", "编号（勿改）"), List.of("汇总公式", answer, resident));
        Users.as(worker)
                .contentType("multipart/form-data")
                .multiPart("file", "filled.xlsx", workbook(filled), XLSX_TYPE)
                .multiPart(text("communityCode", home))
                .post("/api/v1/collections/" + id + "/returns")
                .then()
                .statusCode(201)
                .body(at("rowsAnswered", org.hamcrest.Matchers.equalTo(1)));

        Response summary = Users.as(supervisor).get("/api/v1/collections/" + id + "/summary?" + PURPOSE);
        assertThat(summary.statusCode()).isEqualTo(200);
        assertThat(summary.contentType()).startsWith("text/csv");
        String csv = new String(summary.asByteArray(), StandardCharsets.UTF_8);
        assertThat(csv)
                .startsWith("\uFEFF走访登记表\r\n姓名,年龄,走访情况,编号（勿改）\r\n")
                .contains("\r\n汇总公式,40,'=1+2," + resident + "\r\n");
    }

    @Test
    void theListShowsWhatTheCallerMaySeeNewestFirstWithProgress() throws Exception {
        String older = created("all");
        String newer = created("age>=80");
        returnForm(worker, newer, home, Map.of());
        Json mine = Users.as(supervisor)
                .get("/api/v1/collections?size=200")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        List<String> ids = mine.getList("items.id", String.class);
        assertThat(ids).contains(newer, older);
        assertThat(ids.indexOf(newer)).isLessThan(ids.indexOf(older));
        String first =
                "items.find { it.id == '" + newer + "' }.communities.find { it.communityCode == '" + home + "' }";
        assertThat(mine.getInt(first + ".returns")).isEqualTo(1);
        assertThat(mine.getString(first + ".status")).isEqualTo("returned");

        assertThat(Users.as(worker)
                        .get("/api/v1/collections?size=200")
                        .as(Json.class)
                        .getList("items.id", String.class))
                .contains(newer, older);
        String stranger = Users.create(Roles.WORKER, Communities.create());
        Json none = Users.as(stranger)
                .get("/api/v1/collections")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(none.getList("items.id", String.class)).doesNotContain(newer, older);
        Users.as(supervisor).get("/api/v1/collections?size=0").then().statusCode(422);
    }

    /** Downloads a community's form, writes these answers (resident, column index, text) and sends it back. */
    private void returnForm(String user, String id, String community, Map<String, Map<Integer, String>> answers)
            throws Exception {
        List<List<String>> rows = xlsx(form(user, id, community, PURPOSE)
                .then()
                .statusCode(200)
                .extract()
                .asByteArray());
        List<List<String>> filled = new ArrayList<>();
        rows.forEach(r -> filled.add(padded(r, HEADERS.size() + 1)));
        for (List<String> row : filled.subList(3, filled.size())) {
            answers.getOrDefault(row.get(HEADERS.size()), Map.of()).forEach(row::set);
        }
        sentBack(user, id, community, filled);
    }

    /** Sends a filled form back as a community's worker does: 201 and what the hub read. */
    private static Json sentBack(String user, String id, String community, List<List<String>> filled) {
        return Users.as(user)
                .contentType("multipart/form-data")
                .multiPart("file", "filled.xlsx", workbook(filled), XLSX_TYPE)
                .multiPart(text("communityCode", community))
                .post("/api/v1/collections/" + id + "/returns")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class);
    }

    private static List<String> concat(List<String> list, String last) {
        List<String> out = new ArrayList<>(list);
        out.add(last);
        return out;
    }

    /** A workbook of these rows, as a spreadsheet program saves a form filled in. */
    static byte[] workbook(List<List<String>> rows) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Workbook wb = new Workbook(out, "Excel", "1.0");
            Worksheet ws = wb.newWorksheet("Sheet1");
            for (int r = 0; r < rows.size(); r++) {
                for (int c = 0; c < rows.get(r).size(); c++) {
                    if (!rows.get(r).get(c).isEmpty()) {
                        ws.value(r, c, rows.get(r).get(c));
                    }
                }
            }
            wb.finish();
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** The street's form: a merged title, a line to fill in, the header, some columns wider. */
    private static byte[] streetForm() {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Workbook wb = new Workbook(out, "WPS", "1.0");
            Worksheet ws = wb.newWorksheet("摸排表");
            ws.value(0, 0, TITLE);
            ws.range(0, 0, 0, HEADERS.size() - 1).merge();
            ws.value(1, 0, "填报单位：              填报日期：");
            for (int c = 0; c < HEADERS.size(); c++) {
                ws.value(2, c, HEADERS.get(c));
            }
            ws.width(1, 14);
            ws.width(10, 30);
            wb.finish();
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A plain form: a title row, then the header. */
    private static byte[] workbook(String title, List<String> headers) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Workbook wb = new Workbook(out, "Excel", "1.0");
            Worksheet ws = wb.newWorksheet("Sheet1");
            ws.value(0, 0, title);
            for (int c = 0; c < headers.size(); c++) {
                ws.value(1, c, headers.get(c));
            }
            wb.finish();
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Response create(String user, byte[] file, String fileName, String selection) {
        return Users.as(user)
                .contentType("multipart/form-data")
                .multiPart("file", fileName, file, fileName.endsWith(".csv") ? "text/csv" : XLSX_TYPE)
                .multiPart(text("title", TITLE))
                .multiPart(text("scope", home + "," + elsewhere))
                .multiPart(text("selection", selection))
                .multiPart(text("dueDate", due.toString()))
                .post("/api/v1/collections");
    }

    private String created(String selection) {
        return create(supervisor, streetForm(), "摸排表.xlsx", selection)
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class)
                .get("id");
    }

    private static Response form(String user, String id, String community, String query) {
        RequestSpecification request = Users.as(user);
        return request.get("/api/v1/collections/" + id + "/forms/" + community + (query.isEmpty() ? "" : "?" + query));
    }

    /** A text field of a form, in UTF-8 as browsers send it. */
    static MultiPartSpecification text(String name, String value) {
        return new MultiPartSpecBuilder(value)
                .controlName(name)
                .charset(StandardCharsets.UTF_8)
                .build();
    }

    /** The keys of the home community's filled form, in order. */
    private List<String> keys(String id) throws Exception {
        List<List<String>> rows = xlsx(
                form(worker, id, home, PURPOSE).then().statusCode(200).extract().asByteArray());
        List<String> keys = new ArrayList<>();
        for (List<String> row : rows.subList(3, rows.size())) {
            keys.add(padded(row, HEADERS.size() + 1).get(HEADERS.size()));
        }
        return keys;
    }

    private String household(String number) {
        return Users.as(worker)
                .body(Map.of("householdNumber", number, "type", "1", "communityCode", home))
                .post("/api/v1/households")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class)
                .get("id");
    }

    private void member(String household, String resident, String relation) {
        Users.as(supervisor)
                .body(Map.of("relationToHead", relation))
                .put("/api/v1/households/" + household + "/members/" + resident)
                .then()
                .statusCode(200);
    }

    private String idNumberOf(String residentId) {
        return Users.as(worker)
                .get("/api/v1/residents/" + residentId + "?reveal=idNumber&purpose=data-correction")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .get("idNumber");
    }

    private static List<List<String>> xlsx(byte[] bytes) throws Exception {
        Path file = Files.createTempFile("collection-", ".xlsx");
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

    private static String sheetXml(byte[] xlsx) throws IOException {
        Path file = Files.createTempFile("collection-", ".xlsx");
        try (ZipFile zip = new ZipFile(Files.write(file, xlsx).toFile())) {
            ZipEntry sheet = zip.getEntry("xl/worksheets/sheet1.xml");
            assertThat(sheet).as("the worksheet").isNotNull();
            return new String(zip.getInputStream(sheet).readAllBytes(), StandardCharsets.UTF_8);
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
