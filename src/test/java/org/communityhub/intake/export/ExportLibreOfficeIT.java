package org.communityhub.intake.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.communityhub.common.csv.CsvReader;
import org.communityhub.testing.BesideTheTests;
import org.communityhub.testing.HubProcess;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.Phones;
import org.communityhub.testing.ProcessLevelTest;
import org.communityhub.testing.Spreadsheets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The youth-league template exported by the packaged hub opens in LibreOffice: converted headless
 * to CSV ({@code soffice --headless --convert-to csv}), it has the definition's header and the
 * members' rows as the hub wrote them. Needs Debian's LibreOffice Calc ({@code .ci/run} installs it
 * when {@code soffice} is missing).
 */
@ProcessLevelTest(onCopiesOfNewHub = true)
class ExportLibreOfficeIT {

    private static final String ADMIN_PASSWORD = HubProcess.ADMIN_PASSWORD;
    private static final String COMMUNITY = "110105001095";
    private static final String WORKER = "exporter";
    private static final String WORKER_PASSWORD = "ex-secret-2026";
    private static final List<String> YOUTH_LEAGUE = List.of(
            "姓名", "性别", "民族", "出生年月", "身份证号", "政治面貌", "入团年月", "团员编号", "所在团支部", "团内职务", "学历", "手机号码", "居住地址", "操作");
    private static final List<String> SOFFICE =
            List.of("/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice");

    @Test
    void theExportedYouthLeagueTemplateConvertsInLibreOfficeWithItsHeaderAndRows(@TempDir Path dir) throws Exception {
        String soffice = soffice();
        HubProcess hub = HubProcess.startCopyOfNew(
                dir.resolve("data"),
                Map.of(
                        "HUB_BOOTSTRAP_ADMIN_PASSWORD",
                        ADMIN_PASSWORD,
                        "HUB_ADAPTERS_DIR",
                        Path.of("adapters").toAbsolutePath().toString()));
        byte[] xlsx;
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        List<String> idNumbers = new ArrayList<>();
        try {
            hub.addCommunity(ADMIN_PASSWORD, COMMUNITY, "转换测试社区", "110105001");
            hub.addUser(ADMIN_PASSWORD, WORKER, WORKER_PASSWORD, "worker", COMMUNITY);
            int n = 0;
            for (String name : List.of("转换团员甲", "转换团员乙")) {
                LocalDate birth = today.minusYears(20 + n).withDayOfMonth(10);
                String idNumber = IdNumbers.of(birth, n == 0 ? "1" : "2");
                idNumbers.add(idNumber);
                register(
                        hub,
                        Map.ofEntries(
                                Map.entry("name", name),
                                Map.entry("idNumber", idNumber),
                                Map.entry("ethnicity", "01"),
                                Map.entry("education", "20"),
                                Map.entry("phone", Phones.any()),
                                Map.entry("residenceType", "1"),
                                Map.entry("communityCode", COMMUNITY),
                                Map.entry("building", "5号楼"),
                                Map.entry("unit", "1"),
                                Map.entry("room", "10" + (n + 1)),
                                Map.entry(
                                        "leagueMembership",
                                        Map.of(
                                                "joinedOn",
                                                birth.plusYears(15).toString(),
                                                "developmentNumber",
                                                "LO-" + n,
                                                "branch",
                                                "=转换测试团支部"))));
                n++;
            }
            register(
                    hub,
                    Map.of(
                            "name",
                            "非团员",
                            "idNumber",
                            IdNumbers.of(today.minusYears(40), "1"),
                            "residenceType",
                            "1",
                            "communityCode",
                            COMMUNITY));
            xlsx = hub.as(WORKER, WORKER_PASSWORD)
                    .when()
                    .get(
                            "/api/v1/exports?list=league-members&adapter=youth-league&format=xlsx&purpose=platform-submission")
                    .then()
                    .statusCode(200)
                    .extract()
                    .asByteArray();
        } finally {
            hub.stop();
        }
        Path file = dir.resolve("youth-league.xlsx");
        Files.write(file, xlsx);
        List<List<String>> written = Spreadsheets.rows(file);

        List<List<String>> converted = convertToCsv(soffice, file, dir);

        assertThat(converted.get(0)).containsExactlyElementsOf(YOUTH_LEAGUE);
        assertThat(converted).hasSize(3);
        for (int r = 1; r < 3; r++) {
            List<String> row = converted.get(r);
            assertThat(row).hasSize(YOUTH_LEAGUE.size());
            List<String> hub1 = new ArrayList<>(written.get(r));
            while (hub1.size() < YOUTH_LEAGUE.size()) {
                hub1.add("");
            }
            assertThat(row).as("row %d as LibreOffice reads it", r).isEqualTo(hub1);
        }
        assertThat(converted.stream().skip(1).map(r -> r.get(0))).containsExactly("转换团员甲", "转换团员乙");
        // ID numbers stay text, all 18 characters (a number would have lost digits).
        assertThat(converted.stream().skip(1).map(r -> r.get(4))).containsExactlyElementsOf(idNumbers);
        assertThat(converted.get(1).get(1)).isEqualTo("男");
        assertThat(converted.get(1).get(3))
                .isEqualTo(today.minusYears(20).withDayOfMonth(10).toString().substring(0, 7));
        // A string cell is text to LibreOffice too: the value as it was, not run as a formula.
        assertThat(converted.get(1).get(8)).isEqualTo("=转换测试团支部");
        assertThat(converted.get(1).get(13)).isEqualTo("新增或更新");
    }

    private static void register(HubProcess hub, Map<String, Object> resident) {
        hub.as(WORKER, WORKER_PASSWORD)
                .body(resident)
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(201);
    }

    /** LibreOffice's own reading of the workbook, written out as UTF-8 CSV and parsed. */
    private static List<List<String>> convertToCsv(String soffice, Path xlsx, Path dir) throws Exception {
        Path out = Files.createDirectories(dir.resolve("converted"));
        Path log = HubProcess.logFile("soffice");
        Process p = new ProcessBuilder(BesideTheTests.lowered(List.of(
                        soffice,
                        // A profile of its own: no clash with another LibreOffice of the same user.
                        "-env:UserInstallation=" + dir.resolve("lo-profile").toUri(),
                        "--headless",
                        "--norestore",
                        "--convert-to",
                        "csv:Text - txt - csv (StarCalc):44,34,76,1",
                        "--outdir",
                        out.toString(),
                        xlsx.toString())))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("LibreOffice did not finish the conversion in 3 minutes");
        }
        assertThat(p.exitValue())
                .as("soffice exit code; its output: %s", Files.readString(log))
                .isZero();
        Path csv = out.resolve("youth-league.csv");
        assertThat(csv)
                .as("LibreOffice's CSV; its output: %s", Files.readString(log))
                .exists();
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        List<List<String>> rows = new ArrayList<>();
        try (CsvReader reader = new CsvReader(new StringReader(text.startsWith("\uFEFF") ? text.substring(1) : text))) {
            for (List<String> row = reader.next(); row != null; row = reader.next()) {
                rows.add(row);
            }
        }
        return rows;
    }

    private static String soffice() throws IOException {
        for (String candidate : SOFFICE) {
            if (Files.isExecutable(Path.of(candidate))) {
                return candidate;
            }
        }
        String path = System.getenv().getOrDefault("PATH", "");
        try (Stream<String> dirs = Stream.of(path.split(":"))) {
            return dirs.map(d -> Path.of(d, "soffice"))
                    .filter(Files::isExecutable)
                    .map(Path::toString)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("This test needs LibreOffice Calc's soffice"
                            + " (apt-get install libreoffice-calc); .ci/run installs it when missing."));
        }
    }
}
