package org.communityhub.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.TestSql.connect;

import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.communityhub.access.Roles;
import org.communityhub.access.pii.PiiCipher;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.Users;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;

/**
 * A street of 10,000 residents in 12 communities (inserted in bulk, delivery off): a supervisor's
 * 10-column collection form with 6 columns the hub knows, every community's form filled and
 * downloaded through the API; then a statistics form of the 12 communities and 8 indicators filled.
 * Not part of the test suite; run it with
 *
 * <pre>./mvnw -B test -Pbench -Dtest=CollectionBenchmark</pre>
 *
 * It writes its figures to {@code benchmarks/collections.md}. Targets (issue 21): every community's
 * form in 10 s in all; the statistics form in 2 s.
 */
@HubTest
@TestProfile(WithoutDelivery.class)
class CollectionBenchmark {

    private static final String STREET = "110105001";
    private static final int COMMUNITIES = 12;
    private static final int RESIDENTS = 10_000;

    @Inject
    PiiCipher pii;

    @Test
    void aStreetsFormsAndItsStatistics() throws Exception {
        List<String> communities = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            for (int k = 0; k < COMMUNITIES; k++) {
                String code = STREET + (950 + k);
                String name = "填报基准" + (k + 1) + "社区居委会";
                s.execute("insert into division (code, name, level, parent_code) values ('" + code + "', '" + name
                        + "', 5, '" + STREET + "') on conflict do nothing");
                communities.add(code);
                names.add(name);
            }
            int per = RESIDENTS / COMMUNITIES;
            for (int k = 0; k < COMMUNITIES; k++) {
                int count = k == COMMUNITIES - 1 ? RESIDENTS - per * (COMMUNITIES - 1) : per;
                List<String[]> rows = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    rows.add(BenchResidents.residentRow(700_000 + k * per + i));
                }
                BenchResidents.insert(c, pii, rows, communities.get(k));
            }
            // Some of them on 低保 and living alone, as a street's residents are.
            s.execute("update resident set tags = array['low-income']::varchar(40)[] where community_code like '"
                    + STREET + "9%' and get_byte(uuid_send(id), 0) < 20");
        }
        String supervisor = Users.create(Roles.SUPERVISOR, STREET);

        // 序号 (a row number), 6 the hub knows, 3 to fill in.
        byte[] form = workbook(List.of(
                List.of("高龄及困难群众走访摸排表"),
                List.of("序号", "姓名", "性别", "年龄", "公民身份号码", "居住地址", "联系电话", "走访情况", "需求类型", "备注")));
        String id = RestAssured.given()
                .auth()
                .preemptive()
                .basic(supervisor, Users.PASSWORD)
                .multiPart("file", "走访摸排表.xlsx", form, "application/octet-stream")
                .multiPart("title", "走访摸排")
                .multiPart("scope", String.join(",", communities))
                .multiPart("selection", "all")
                .multiPart("dueDate", java.time.LocalDate.now().plusDays(7).toString())
                .post("/api/v1/collections")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class)
                .getString("id");

        long rows = 0;
        long bytes = 0;
        long started = System.nanoTime();
        for (String community : communities) {
            Response r = Users.as(supervisor)
                    .queryParam("purpose", "platform-submission")
                    .get("/api/v1/collections/" + id + "/forms/" + community);
            assertThat(r.statusCode()).isEqualTo(200);
            rows += Long.parseLong(r.header("X-Export-Rows"));
            bytes += r.asByteArray().length;
        }
        double formsSeconds = (System.nanoTime() - started) / 1e9;
        assertThat(rows).isEqualTo(RESIDENTS);

        List<List<String>> statistics = new ArrayList<>();
        statistics.add(List.of("街道各社区基本情况统计表"));
        statistics.add(List.of("社区", "总人口", "户籍人口数", "流动人口数", "60岁以上老人", "80岁以上老人", "党员（含预备党员）", "团员", "低保人数"));
        names.forEach(n -> statistics.add(List.of(n)));
        statistics.add(List.of("合计"));
        byte[] statisticsForm = workbook(statistics);
        started = System.nanoTime();
        Response filled = RestAssured.given()
                .auth()
                .preemptive()
                .basic(supervisor, Users.PASSWORD)
                .multiPart("file", "基本情况统计表.xlsx", statisticsForm, "application/octet-stream")
                .multiPart("division", STREET)
                .post("/api/v1/statistics/forms");
        assertThat(filled.statusCode()).isEqualTo(200);
        byte[] statisticsFile = filled.asByteArray();
        double statisticsSeconds = (System.nanoTime() - started) / 1e9;
        assertThat(filled.header("X-Rows-Not-Matched")).isEmpty();

        StringBuilder report = new StringBuilder();
        report.append("# Collections benchmark\n\n")
                .append("Run ")
                .append(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")))
                .append(" UTC with `./mvnw -B test -Pbench -Dtest=CollectionBenchmark`.\n\n")
                .append("- ")
                .append(Machine.cores())
                .append(" cores (")
                .append(Machine.cpu())
                .append("), ")
                .append(Machine.memoryGigabytes())
                .append(" GB; ")
                .append("PostgreSQL ")
                .append(Machine.postgres())
                .append("; load average (1 min) ")
                .append(String.format(
                        "%.1f",
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                                .getSystemLoadAverage()))
                .append(" after\n\n")
                .append("A street of ")
                .append(RESIDENTS)
                .append(" residents in ")
                .append(COMMUNITIES)
                .append(" communities. A collection form of 10 columns (序号, 6 the hub fills: 姓名, 性别, 年龄,"
                        + " 公民身份号码, 居住地址, 联系电话; 3 to fill in: 走访情况, 需求类型, 备注), selection `all`; each"
                        + " community's form downloaded in turn by the street's supervisor (XLSX, an export with its"
                        + " access-log entry). Then a statistics form of the 12 communities and 8 indicators and a"
                        + " 合计 row, filled for the street.\n\n")
                .append("| measure | this run | target | met |\n|---|---:|---:|---|\n")
                .append(String.format(
                        "| every community's form filled and downloaded (%d rows, %d KB) | %.2f s | ≤ 10 s | %s |%n",
                        rows, bytes / 1024, formsSeconds, formsSeconds <= 10 ? "met" : "NOT met"))
                .append(String.format(
                        "| the street's statistics form filled (%d KB) | %.2f s | ≤ 2 s | %s |%n",
                        statisticsFile.length / 1024, statisticsSeconds, statisticsSeconds <= 2 ? "met" : "NOT met"));
        Path file = Path.of("benchmarks", "collections.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report.toString(), StandardCharsets.UTF_8);
        System.out.println(report);
    }

    private static byte[] workbook(List<List<String>> rows) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Workbook wb = new Workbook(out, "Excel", "1.0");
        Worksheet ws = wb.newWorksheet("Sheet1");
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < rows.get(r).size(); c++) {
                ws.value(r, c, rows.get(r).get(c));
            }
        }
        wb.finish();
        return out.toByteArray();
    }
}
