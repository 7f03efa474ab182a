package org.communityhub.intake.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.ResidentTestData.aResident;

import io.restassured.RestAssured;
import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.response.Response;
import io.restassured.specification.MultiPartSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communityhub.access.PageSession;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.Spreadsheets;
import org.communityhub.testing.Users;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;

/** A statistics form from above, filled from the register in its own layout. */
@HubTest
class StatisticsFormTest {

    private final LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    @Test
    void aStreetsFormOfCommunitiesAndCountsComesBackFilledWithTotalsAndDefinitions() throws Exception {
        String a = Communities.create();
        String b = Communities.create();
        while (!Communities.streetOf(b).equals(Communities.streetOf(a))) {
            b = Communities.create();
        }
        String street = Communities.streetOf(a);
        String supervisor = Users.create(Roles.SUPERVISOR, street);
        String workerA = Users.create(Roles.WORKER, a);
        String workerB = Users.create(Roles.WORKER, b);
        aResident()
                .in(a)
                .bornOn(today.minusYears(85), "2")
                .with("residenceType", "1")
                .registerAs(workerA);
        aResident()
                .in(a)
                .bornOn(today.minusYears(40), "1")
                .with("residenceType", "1")
                .registerAs(workerA);
        aResident()
                .in(a)
                .bornOn(today.minusYears(30), "1")
                .with("residenceType", "2")
                .registerAs(workerA);
        aResident()
                .in(b)
                .bornOn(today.minusYears(81), "1")
                .with("residenceType", "1")
                .registerAs(workerB);
        String nameA = Communities.nameOf(a);
        String nameB = Communities.nameOf(b);

        byte[] form = streetForm(List.of(
                List.of("1", nameA, "", "", "", ""),
                List.of("2", nameB + "居委会", "", "", "", "新建小区"),
                List.of("3", "不存在的社区", "", "", "", ""),
                List.of("", "合计", "", "", "", "")));
        Response response = RestAssured.given()
                .auth()
                .preemptive()
                .basic(supervisor, Users.PASSWORD)
                .multiPart("file", "人口统计表.xlsx", form, "application/octet-stream")
                .multiPart("division", street)
                .post("/api/v1/statistics/forms");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.header("X-Statistics-As-Of")).isEqualTo(today.toString());
        assertThat(response.header("X-Rows-Not-Matched")).isEqualTo("6");
        List<List<String>> rows = rows(response.asByteArray());
        assertThat(rows.get(0).get(0)).isEqualTo("某某街道人口情况统计表");
        assertThat(rows.get(2)).startsWith("序号", "社区名称", "户籍人口数", "流动人口", "80周岁以上老人（人）", "备注");
        assertThat(rowNamed(rows, nameA)).containsExactly("1", nameA, "2", "1", "1", "");
        assertThat(rowNamed(rows, nameB + "居委会")).containsExactly("2", nameB + "居委会", "1", "0", "1", "新建小区");
        assertThat(rowNamed(rows, "不存在的社区")).containsExactly("3", "不存在的社区", "", "", "", "");
        assertThat(rowNamed(rows, "合计")).containsExactly("", "合计", "3", "1", "2", "");
        assertThat(rows.stream().map(r -> r.get(0)))
                .anyMatch(text -> text.startsWith("统计日期：" + today))
                .anyMatch(text -> text.startsWith("80岁以上老人：统计日已满 80 周岁"));
    }

    @Test
    void aFormWithOnlyItsHeaderGetsARowPerCommunityOfTheArea() throws Exception {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        aResident().in(community).withTags("低保").registerAs(worker);
        byte[] csv = "社区,总人口,低保人数\r\n".getBytes(StandardCharsets.UTF_8);

        Response response = RestAssured.given()
                .auth()
                .preemptive()
                .basic(worker, Users.PASSWORD)
                .multiPart("file", "统计.csv", csv, "text/csv")
                .post("/api/v1/statistics/forms");

        assertThat(response.statusCode()).isEqualTo(200);
        String text = new String(response.asByteArray(), StandardCharsets.UTF_8);
        assertThat(text.lines().toList())
                .startsWith("\uFEFF社区,总人口,低保人数", Communities.nameOf(community) + ",1,1", "合计,1,1");
    }

    @Test
    void aFormWithoutIndicatorsAndAnotherAreaAreRefusedPlainly() {
        String community = Communities.create();
        String elsewhere = Communities.create();
        String worker = Users.create(Roles.WORKER, community);

        RestAssured.given()
                .auth()
                .preemptive()
                .basic(worker, Users.PASSWORD)
                .multiPart("file", "走访.csv", "姓名,走访情况\r\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/api/v1/statistics/forms")
                .then()
                .statusCode(422)
                .contentType("application/problem+json");
        RestAssured.given()
                .auth()
                .preemptive()
                .basic(worker, Users.PASSWORD)
                .multiPart("file", "统计.csv", "社区,户籍人口数\r\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("division", elsewhere)
                .post("/api/v1/statistics/forms")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");
    }

    @Test
    void aStatisticsFormSentAsACollectionIsSentToBeFilledAndNothingIsStored() throws Exception {
        String community = Communities.create();
        String street = Communities.streetOf(community);
        String supervisor = Users.create(Roles.SUPERVISOR, street);
        int before = collectionsSeenBy(supervisor);

        Response refused = newCollection(
                supervisor, "人口统计表.xlsx", streetForm(List.of(List.of("1", Communities.nameOf(community)))), community);

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.as(Json.class).getString("code")).isEqualTo("statistics-form");
        assertThat(refused.as(Json.class).getList("indicators", String.class))
                .containsExactly("户籍人口数", "流动人口数", "80岁以上老人");
        assertThat(refused.as(Json.class).getString("detail"))
                .contains("统计表", "户籍人口数", "80岁以上老人", "/statistics/forms", "POST /api/v1/statistics/forms");
        assertThat(collectionsSeenBy(supervisor)).isEqualTo(before);

        Response csv =
                newCollection(supervisor, "统计.csv", "社区,总人口,低保户数,联系电话\r\n".getBytes(StandardCharsets.UTF_8), community);
        assertThat(csv.statusCode()).isEqualTo(422);
        assertThat(csv.as(Json.class).getString("code")).isEqualTo("statistics-form");
        assertThat(collectionsSeenBy(supervisor)).isEqualTo(before);
    }

    @Test
    void aFormOfResidentsNamingCountsIsStillACollection() {
        String community = Communities.create();
        String supervisor = Users.create(Roles.SUPERVISOR, Communities.streetOf(community));
        byte[] form = "党员团员核对表\r\n所在社区,姓名,公民身份号码,党员,团员,低保对象\r\n".getBytes(StandardCharsets.UTF_8);

        Response created = newCollection(supervisor, "核对.csv", form, community);

        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        assertThat(newCollection(
                                supervisor,
                                "走访.csv",
                                "走访表\r\n社区,姓名,党员,残疾人,低保对象,走访情况\r\n".getBytes(StandardCharsets.UTF_8),
                                community)
                        .statusCode())
                .as("a column of names makes it a form of residents, whatever counts its headers name")
                .isEqualTo(201);
        assertThat(created.as(Json.class).getList("columns.field", String.class))
                .as("membership and a tag asked yes or no: filled 是/否 from the register")
                .containsExactly(
                        "communityName", "name", "idNumber", "isPartyMember", "isLeagueMember", "tag:low-income");
    }

    @Test
    void thePageFillsAFormAndSaysWhichRowsItCouldNotPlace() throws Exception {
        String a = Communities.create();
        String street = Communities.streetOf(a);
        String supervisor = Users.create(Roles.SUPERVISOR, street);
        String worker = Users.create(Roles.WORKER, a);
        aResident()
                .in(a)
                .bornOn(today.minusYears(86), "2")
                .with("residenceType", "1")
                .registerAs(worker);
        String name = Communities.nameOf(a);
        PageSession session = PageSession.signIn(supervisor, Users.PASSWORD, "198.51.100.91");

        assertThat(session.request().get("/statistics").asString()).contains("href=\"/statistics/forms\"", "填写统计表");
        assertThat(session.request().get("/statistics/forms").asString())
                .contains("hx-post=\"/statistics/forms\"", "name=\"file\"", "name=\"asOf\"");

        Response filled = session.request()
                .header("HX-Request", "true")
                .multiPart("file", "population.xlsx", streetForm(List.of(List.of("1", name), List.of("2", "不存在的社区"))))
                .multiPart(text("division", a))
                .multiPart(text("asOf", today.toString()))
                .post("/statistics/forms");

        assertThat(filled.statusCode()).isEqualTo(200);
        String html = filled.asString();
        assertThat(html).contains("第 5 行（不存在的社区）没有对应到", "统计日已满 80 周岁");
        Matcher link = Pattern.compile("href=\"data:([^;]+);base64,([^\"]+)\" download=\"([^\"]+)\"")
                .matcher(html);
        assertThat(link.find()).as(html).isTrue();
        assertThat(link.group(1)).isEqualTo(FilledForm.XLSX_TYPE);
        assertThat(link.group(3)).isEqualTo("population（" + today + "）.xlsx");
        List<List<String>> rows = rows(Base64.getDecoder().decode(link.group(2)));
        assertThat(rowNamed(rows, name)).containsExactly("1", name, "1", "0", "1", "");
        assertThat(rowNamed(rows, "不存在的社区")).containsExactly("2", "不存在的社区", "", "", "", "");

        Response notAForm = session.request()
                .header("HX-Request", "true")
                .multiPart("file", "走访.csv", "姓名,走访情况\r\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/statistics/forms");
        assertThat(notAForm.statusCode()).isEqualTo(422);
        assertThat(notAForm.header("HX-Retarget")).isEqualTo("#flash");
        assertThat(notAForm.asString()).contains("没有找到统计表的表头行").doesNotContain("data:");
    }

    @Test
    void theNewCollectionPageSendsAStatisticsFormToBeFilled() throws Exception {
        String community = Communities.create();
        String supervisor = Users.create(Roles.SUPERVISOR, Communities.streetOf(community));
        int before = collectionsSeenBy(supervisor);
        PageSession session = PageSession.signIn(supervisor, Users.PASSWORD, "198.51.100.92");

        Response refused = session.request()
                .header("HX-Request", "true")
                .multiPart("file", "人口统计表.xlsx", streetForm(List.of()))
                .multiPart(text("title", "人口统计"))
                .multiPart(text("scope", community))
                .multiPart(text("selection", "all"))
                .multiPart(text("dueDate", today.plusDays(7).toString()))
                .post("/collections");

        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.header("HX-Retarget")).isEqualTo("#flash");
        assertThat(refused.asString())
                .contains("这是一张统计表", "户籍人口数")
                .contains("<a href=\"/statistics/forms\" id=\"problem-page\">填写统计表</a>");
        assertThat(collectionsSeenBy(supervisor)).isEqualTo(before);
    }

    private Response newCollection(String supervisor, String fileName, byte[] file, String community) {
        return Users.as(supervisor)
                .contentType("multipart/form-data")
                .multiPart("file", fileName, file, fileName.endsWith(".csv") ? "text/csv" : FilledForm.XLSX_TYPE)
                .multiPart(text("title", "人口统计"))
                .multiPart(text("scope", community))
                .multiPart(text("selection", "all"))
                .multiPart(text("dueDate", today.plusDays(7).toString()))
                .post("/api/v1/collections");
    }

    private static int collectionsSeenBy(String user) {
        return Users.as(user)
                .get("/api/v1/collections")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .get("total");
    }

    private static MultiPartSpecification text(String name, String value) {
        return new MultiPartSpecBuilder(value)
                .controlName(name)
                .charset(StandardCharsets.UTF_8)
                .build();
    }

    private static List<String> rowNamed(List<List<String>> rows, String name) {
        return rows.stream()
                .filter(r -> r.size() > 1 && r.get(1).equals(name))
                .findFirst()
                .map(r -> {
                    List<String> padded = new java.util.ArrayList<>(r);
                    while (padded.size() < 6) {
                        padded.add("");
                    }
                    return padded.subList(0, 6);
                })
                .orElseThrow(() -> new AssertionError("no row " + name + " in " + rows));
    }

    /** A street's form: a merged title, a line for who fills it in, the header, the communities. */
    private static byte[] streetForm(List<List<String>> body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Workbook wb = new Workbook(out, "WPS", "1.0");
        Worksheet ws = wb.newWorksheet("统计表");
        ws.value(0, 0, "某某街道人口情况统计表");
        ws.range(0, 0, 0, 5).merge();
        ws.value(1, 0, "填报单位：");
        List<String> header = List.of("序号", "社区名称", "户籍人口数", "流动人口", "80周岁以上老人（人）", "备注");
        for (int c = 0; c < header.size(); c++) {
            ws.value(2, c, header.get(c));
        }
        ws.width(1, 24);
        for (int r = 0; r < body.size(); r++) {
            for (int c = 0; c < body.get(r).size(); c++) {
                if (!body.get(r).get(c).isEmpty()) {
                    ws.value(3 + r, c, body.get(r).get(c));
                }
            }
        }
        wb.finish();
        return out.toByteArray();
    }

    private static List<List<String>> rows(byte[] xlsx) throws Exception {
        Path file = Files.createTempFile("statistics-", ".xlsx");
        try {
            Files.write(file, xlsx);
            return Spreadsheets.rows(file);
        } finally {
            Files.delete(file);
        }
    }
}
