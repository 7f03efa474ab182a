package org.communityhub.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.TestSql.connect;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.InputStream;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.communityhub.access.Roles;
import org.communityhub.access.pii.PiiCipher;
import org.communityhub.access.pii.PiiField;
import org.communityhub.common.ids.Ids;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.Users;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;

/**
 * Template export at its limit: 100,000 residents of one community (inserted in bulk, delivery
 * off) exported as the civil-affairs template (XLSX with its title row, and CSV) and as a column
 * set, through the API; then one resident more is refused. Not part of the test suite; run it with
 *
 * <pre>./mvnw -B test -Pbench -Dtest=ExportBenchmark -DargLine=-Xmx256m</pre>
 *
 * It writes its figures to {@code benchmarks/export.md}.
 */
@HubTest
@TestProfile(WithoutDelivery.class)
class ExportBenchmark {

    private static final int RESIDENTS = 100_000;
    private static final int CHUNK = 5_000;
    private static final String COMMUNITY = "110105003097";

    @Inject
    PiiCipher pii;

    @TestHTTPResource("/")
    URL hub;

    @Test
    void exportOneHundredThousandResidents() throws Exception {
        try (Connection c = connect()) {
            execute(
                    c,
                    "insert into division (code, name, level, parent_code) values ('" + COMMUNITY
                            + "', '导出基准社区居委会', 5, '110105003') on conflict do nothing");
            for (int from = 0; from < RESIDENTS; from += CHUNK) {
                insert(c, from, Math.min(CHUNK, RESIDENTS - from));
            }
        }
        String worker = Users.create(Roles.WORKER, COMMUNITY);
        List<String> lines = new ArrayList<>();
        lines.add("| export | rows | file size | time | rows/s |");
        lines.add("|---|---:|---:|---:|---:|");
        Path dir = Files.createTempDirectory("export-bench");
        try {
            for (String query : List.of(
                    "adapter=civil-affairs&format=xlsx",
                    "adapter=civil-affairs&format=csv",
                    "columns=name,idNumber,sex,birthDate,phone,address,tags&format=xlsx")) {
                lines.add(measure(worker, query, dir));
            }
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
        try (Connection c = connect()) {
            insert(c, RESIDENTS, 1);
        }
        Users.as(worker)
                .when()
                .get("/api/v1/exports?columns=name&purpose=platform-submission")
                .then()
                .statusCode(422)
                .body(at("code", equalTo("too-many-rows")));
        write(lines);
    }

    private String measure(String worker, String query, Path dir) throws Exception {
        long start = System.nanoTime();
        // Streamed to a file: a client holding the whole response (as REST Assured does) would weigh on the heap.
        String credentials =
                Base64.getEncoder().encodeToString((worker + ":" + Users.PASSWORD).getBytes(StandardCharsets.UTF_8));
        HttpResponse<Path> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(hub.toURI()
                                        .resolve("/api/v1/exports?" + query + "&purpose=platform-submission"))
                                .header("Authorization", "Basic " + credentials)
                                .build(),
                        HttpResponse.BodyHandlers.ofFile(
                                Files.createTempFile(dir, "export-", query.contains("csv") ? ".csv" : ".xlsx")));
        assertThat(response.statusCode()).isEqualTo(200);
        Path file = response.body();
        double seconds = (System.nanoTime() - start) / 1e9;
        long rows = rows(file);
        assertThat(rows).isEqualTo(RESIDENTS);
        assertThat(response.headers().firstValue("X-Export-Rows")).contains(String.valueOf(RESIDENTS));
        return String.format(
                "| `%s` | %,d | %.1f MB | %.1f s | %,.0f |",
                query, rows, Files.size(file) / 1e6, seconds, rows / seconds);
    }

    /** Data rows of the file: its lines or sheet rows less the header (and the civil-affairs title). */
    private static long rows(Path file) throws Exception {
        if (file.toString().endsWith(".csv")) {
            try (Stream<String> lines = Files.lines(file, StandardCharsets.UTF_8)) {
                return lines.count() - 1;
            }
        }
        try (InputStream in = Files.newInputStream(file);
                ReadableWorkbook workbook = new ReadableWorkbook(in);
                Stream<Row> sheet = workbook.getFirstSheet().openStream()) {
            List<Row> firstTwo = new ArrayList<>();
            long n = sheet.peek(r -> {
                        if (firstTwo.size() < 2) {
                            firstTwo.add(r);
                        }
                    })
                    .count();
            boolean titled = firstTwo.get(0).getCellCount() == 1;
            return n - (titled ? 2 : 1);
        }
    }

    private void write(List<String> table) throws Exception {
        Runtime rt = Runtime.getRuntime();
        String md = "# Template export benchmark\n\n"
                + "Written by `./mvnw -B test -Pbench -Dtest=ExportBenchmark -DargLine=-Xmx256m`"
                + " (src/bench/java/org/communityhub/bench/ExportBenchmark.java) on "
                + LocalDateTime.now().withNano(0) + ".\n\n"
                + "## What it measures\n\n"
                + String.format("%,d", RESIDENTS)
                + " residents of one community (inserted in bulk with encrypted ID numbers and phones; delivery"
                + " off) exported through `GET /api/v1/exports` by a worker: the civil-affairs template as XLSX"
                + " (title row, 19 columns) and as CSV, and a column set of 7 columns. Each time covers the whole"
                + " request: the selection, deciding who the platform concerns, the access-log entry naming all"
                + " 100,000 residents, decrypting, mapping with the record mapper and streaming the file to the"
                + " client, which saves it to a file as it arrives. The hub holds one batch of 1,000 residents"
                + " and fastexcel's last 1,000 rows at a time, so the whole test JVM (the hub and the test) runs"
                + " in the heap given below. Then one resident more is refused (422 too-many-rows): 100,000 is the default cap"
                + " (`hub.export.max-rows`).\n\n"
                + "## Results\n\n"
                + String.join("\n", table) + "\n\n"
                + "## Machine\n\n"
                + rt.availableProcessors() + " processors available to the JVM, max heap "
                + rt.maxMemory() / (1024 * 1024) + " MB, Java " + System.getProperty("java.version")
                + "; PostgreSQL embedded, on the same machine.\n";
        Files.writeString(Path.of("benchmarks", "export.md"), md, StandardCharsets.UTF_8);
    }

    private void insert(Connection c, int from, int n) throws Exception {
        UUID[] ids = new UUID[n];
        String[] names = new String[n];
        byte[][] idCipher = new byte[n][];
        byte[][] idIndex = new byte[n][];
        String[] sexes = new String[n];
        java.sql.Date[] births = new java.sql.Date[n];
        String[] buildings = new String[n];
        String[] rooms = new String[n];
        byte[][] phoneCipher = new byte[n][];
        byte[][] phoneIndex = new byte[n][];
        for (int k = 0; k < n; k++) {
            int i = from + k;
            LocalDate birth = LocalDate.of(1940, 1, 1).plusDays(i % 30_000);
            String sex = i % 2 == 0 ? "1" : "2";
            // Numbers of a county other than the fan-out benchmark's, so both can share a database.
            String number = IdNumbers.withCheck("110108" + birth.format(DateTimeFormatter.BASIC_ISO_DATE)
                    + String.format("%02d%d", (i / 30_000) % 100, (i % 5) * 2 + ("1".equals(sex) ? 1 : 0)));
            String phone = String.format("138%08d", i);
            ids[k] = Ids.newId();
            names[k] = "导出" + "甲乙丙丁戊己庚辛壬癸".charAt(i % 10) + "子丑寅卯辰巳午未申酉戌亥".charAt((i / 10) % 12);
            idCipher[k] = pii.encrypt(PiiField.ID_NUMBER, number);
            idIndex[k] = pii.blindIndex(PiiField.ID_NUMBER, number);
            sexes[k] = sex;
            births[k] = java.sql.Date.valueOf(birth);
            buildings[k] = (1 + i % 40) + "号楼";
            rooms[k] = String.valueOf(101 + i % 1800);
            phoneCipher[k] = pii.encrypt(PiiField.PHONE, phone);
            phoneIndex[k] = pii.blindIndex(PiiField.PHONE, phone);
        }
        try (PreparedStatement ps = c.prepareStatement("insert into resident (id, name, id_type, id_number_cipher,"
                + " id_number_index, sex, birth_date, ethnicity, residence_type, community_code, building, unit, room,"
                + " tags, status, version, created_at, created_by, updated_at, updated_by, phone_cipher, phone_index)"
                + " select r.id, r.name, '1', r.idc, r.idi, r.sex, r.birth, '01', '1', ?, r.building, '1', r.room,"
                + " '{elderly-80}', 'ACTIVE', 0, now(), 'bench', now(), 'bench', r.pc, r.pi"
                + " from unnest(?::uuid[], ?::varchar[], ?::bytea[], ?::bytea[], ?::varchar[], ?::date[],"
                + " ?::varchar[], ?::varchar[], ?::bytea[], ?::bytea[])"
                + " as r(id, name, idc, idi, sex, birth, building, room, pc, pi)")) {
            ps.setString(1, COMMUNITY);
            ps.setArray(2, c.createArrayOf("uuid", ids));
            ps.setArray(3, c.createArrayOf("varchar", names));
            ps.setArray(4, c.createArrayOf("bytea", idCipher));
            ps.setArray(5, c.createArrayOf("bytea", idIndex));
            ps.setArray(6, c.createArrayOf("varchar", sexes));
            ps.setArray(7, c.createArrayOf("date", births));
            ps.setArray(8, c.createArrayOf("varchar", buildings));
            ps.setArray(9, c.createArrayOf("varchar", rooms));
            ps.setArray(10, c.createArrayOf("bytea", phoneCipher));
            ps.setArray(11, c.createArrayOf("bytea", phoneIndex));
            ps.executeUpdate();
        }
    }

    private static void execute(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
