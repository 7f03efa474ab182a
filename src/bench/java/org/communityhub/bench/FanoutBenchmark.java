package org.communityhub.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.TestSql.connect;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.communityhub.access.Roles;
import org.communityhub.access.pii.PiiCipher;
import org.communityhub.access.pii.PiiField;
import org.communityhub.common.ids.Ids;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.PlatformSimulators;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/**
 * The fan-out benchmark: 100,000 resident changes delivered to four platforms (two http platforms
 * on local simulators, one XLSX and one CSV file platform), in the hub's own process with its
 * embedded PostgreSQL. First each platform alone, then all four at once. Not part of the test
 * suite; run it with
 *
 * <pre>./mvnw -B test -Pbench -Dtest=FanoutBenchmark -Dhub.test.statement-statistics=true</pre>
 *
 * It writes its figures, with a description of the machine, to {@code benchmarks/fanout.md}.
 */
@HubTest
@TestProfile(FanoutBenchmark.Profile.class)
class FanoutBenchmark {

    /** The hub with the benchmark's four platforms and quick polling. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "hub.adapters.dir", "src/test/resources/bench-adapters",
                    "hub.fanout.poll-interval", "250ms",
                    "hub.fanout.lease", "5m");
        }
    }

    private static final int RESIDENTS = Integer.getInteger("bench.residents", 100_000);
    private static final int CHUNK = 5_000;
    private static final List<String> ADAPTERS = List.of("bench-http-a", "bench-http-b", "bench-xlsx", "bench-csv");
    private static final String COMMUNITY = "110105003098";

    @Inject
    PiiCipher pii;

    private String operator;

    @Test
    void fanOutOneHundredThousandChangesToFourPlatforms() throws Exception {
        operator = Users.create(Roles.ADAPTER_ADMIN, "*");
        ADAPTERS.forEach(a -> post(a, "pause"));
        try (Connection c = connect()) {
            boolean statistics = Boolean.getBoolean("hub.test.statement-statistics");
            if (statistics) {
                execute(c, "create extension if not exists pg_stat_statements");
            }
            execute(
                    c,
                    "insert into division (code, name, level, parent_code) values ('" + COMMUNITY
                            + "', '基准测试社区居委会', 5, '110105003') on conflict do nothing");

            long insertStart = System.nanoTime();
            for (int from = 0; from < RESIDENTS; from += CHUNK) {
                insert(c, from, Math.min(CHUNK, RESIDENTS - from));
            }
            long insertEnd = System.nanoTime();
            waitFor(c, "select not exists (select 1 from change_outbox)");
            long dispatched = System.nanoTime();

            // 1. Each platform alone: the machine serves one platform at a time.
            Map<String, Double> alone = new LinkedHashMap<>();
            for (String a : ADAPTERS) {
                long start = System.nanoTime();
                post(a, "resume");
                awaitDone(c, a);
                alone.put(a, (System.nanoTime() - start) / 1e9);
                post(a, "pause");
            }
            verify(c, 1);

            // 2. All four at once: everything again (a resync), each platform's share of a busy machine.
            ADAPTERS.forEach(a -> post(a, "resync"));
            waitFor(c, "select not exists (select 1 from change_outbox)");
            long start = System.nanoTime();
            ADAPTERS.forEach(a -> post(a, "resume"));
            Map<String, Double> together = new LinkedHashMap<>();
            while (together.size() < ADAPTERS.size()) {
                for (String a : ADAPTERS) {
                    if (!together.containsKey(a) && !waiting(c, a)) {
                        together.put(a, (System.nanoTime() - start) / 1e9);
                    }
                }
                Thread.sleep(250);
            }
            double allFour = (System.nanoTime() - start) / 1e9;
            verify(c, 2);

            String report = report(
                    c, (insertEnd - insertStart) / 1e9, (dispatched - insertStart) / 1e9, alone, together, allFour);
            write(statistics ? report + statements(c) : report);
        }
    }

    private void post(String adapter, String action) {
        Users.as(operator)
                .when()
                .post("/api/v1/adapters/" + adapter + "/" + action)
                .then()
                .statusCode(action.equals("resync") ? 202 : 200);
    }

    /** Waits until nothing waits for the platform any more (each delivery is deleted once accepted). */
    private static void awaitDone(Connection c, String adapter) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        while (waiting(c, adapter)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(adapter + " did not finish in 20 minutes");
            }
            Thread.sleep(250);
        }
    }

    /** Two index probes, not a count: the benchmark must not load the database it measures. */
    private static boolean waiting(Connection c, String adapter) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("select exists (select 1 from delivery where adapter_id = ?"
                + " and status in ('PENDING', 'FAILED')) or exists (select 1 from delivery where adapter_id = ?"
                + " and status = 'SENDING')")) {
            ps.setString(1, adapter);
            ps.setString(2, adapter);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Every platform holds every resident, and the ledger has each delivery with its answer. */
    private static void verify(Connection c, int rounds) throws Exception {
        Map<String, Long> held = counts(
                c,
                "select adapter_id, count(*) from platform_record"
                        + " where adapter_id like 'bench-%' and held group by adapter_id");
        Map<String, Long> answered = counts(
                c,
                "select adapter_id, count(*) from sharing_ledger_entries"
                        + " where adapter_id like 'bench-%' and result in ('ACCEPTED', 'EXPORTED') group by adapter_id");
        for (String a : ADAPTERS) {
            assertThat(held.get(a)).as(a + " holds everyone").isEqualTo(RESIDENTS);
            assertThat(answered.get(a)).as(a + " ledger").isEqualTo((long) rounds * RESIDENTS);
        }
        assertThat(PlatformSimulators.platform("bench-a").records()).hasSize(RESIDENTS);
        assertThat(PlatformSimulators.platform("bench-b").records()).hasSize(RESIDENTS);
        assertThat(PlatformSimulators.platform("bench-a").violations()).isEmpty();
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
            String number = IdNumbers.withCheck("110105" + birth.format(DateTimeFormatter.BASIC_ISO_DATE)
                    + String.format("%02d%d", (i / 30_000) % 100, (i % 5) * 2 + ("1".equals(sex) ? 1 : 0)));
            String phone = String.format("139%08d", i);
            ids[k] = Ids.newId();
            names[k] = "基准" + "甲乙丙丁戊己庚辛壬癸".charAt(i % 10) + "子丑寅卯辰巳午未申酉戌亥".charAt((i / 10) % 12);
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
                + " '{}', 'ACTIVE', 0, now(), 'bench', now(), 'bench', r.pc, r.pi"
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

    private static String report(
            Connection c,
            double insertSeconds,
            double dispatchSeconds,
            Map<String, Double> alone,
            Map<String, Double> together,
            double allFour)
            throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("# Fan-out benchmark\n\n")
                .append(
                        "Written by `./mvnw -B test -Pbench -Dtest=FanoutBenchmark -Dhub.test.statement-statistics=true`")
                .append(" (src/bench/java/org/communityhub/bench/FanoutBenchmark.java) on ")
                .append(LocalDateTime.now().withNano(0))
                .append(".\n\n")
                .append("## What it measures\n\n")
                .append(String.format("%,d", RESIDENTS))
                .append(" resident changes (new residents inserted in bulk with the")
                .append(
                        " hub's own encryption; the outbox trigger fires for each) are dispatched to four platforms and")
                .append(" delivered: two `http-json` platforms on local simulators (1,000 records a request), one")
                .append(" `xlsx-file` and one `csv-file` platform (10,000 records a file). Each record has 10 fields,")
                .append(" among them the decrypted ID number and phone and the composed standard address. Every record")
                .append(" is written to the sharing ledger before it leaves and answered after; the platform's copy is")
                .append(" kept encrypted for previews. First each platform alone, one after another; then all four at")
                .append(" once, sending everything again (a resync). The hub, its embedded PostgreSQL (fsync on) and")
                .append(" the simulators share the machine.\n\n")
                .append("## Machine\n\n")
                .append(machine())
                .append('\n')
                .append("## Results\n\n")
                .append("| step | time | records/s |\n|---|---|---|\n")
                .append(row(
                        "insert " + String.format("%,d", RESIDENTS) + " residents (bulk SQL, outbox trigger)",
                        insertSeconds,
                        RESIDENTS))
                .append(row(
                        "dispatch the outbox into deliveries for four platforms (overlaps the insert)",
                        dispatchSeconds,
                        RESIDENTS))
                .append(row("deliver to all four platforms at once, start to last", allFour, 4L * RESIDENTS))
                .append('\n')
                .append(
                        "| platform | alone: time | alone: records/s | with the other three: time | with the other three: records/s |\n")
                .append("|---|---|---|---|---|\n");
        for (String a : ADAPTERS) {
            md.append(String.format(
                    "| `%s` | %.1f s | %,.0f | %.1f s | %,.0f |%n",
                    a, alone.get(a), RESIDENTS / alone.get(a), together.get(a), RESIDENTS / together.get(a)));
        }
        md.append("\nLedger: every delivery of both rounds has its row and its answer (")
                .append(String.format("%,d", 8L * RESIDENTS))
                .append(" rows for the four platforms), checked by the benchmark.\n");
        return md.toString();
    }

    /** Where PostgreSQL spent its time: the statements with the most total execution time. */
    private static String statements(Connection c) throws Exception {
        StringBuilder md = new StringBuilder("\n## Where the database spent its time\n\n")
                .append("Top statements by total execution time (pg_stat_statements, whole run):\n\n")
                .append("| total | calls | mean | statement |\n|---|---|---|---|\n");
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select total_exec_time, calls, mean_exec_time,"
                        + " left(regexp_replace(query, '\\s+', ' ', 'g'), 110) from pg_stat_statements"
                        + " where query not like '%pg_stat_statements%' order by total_exec_time desc limit 12")) {
            while (rs.next()) {
                md.append(String.format(
                        "| %.1f s | %,d | %.1f ms | `%s…` |%n",
                        rs.getDouble(1) / 1000,
                        rs.getLong(2),
                        rs.getDouble(3),
                        rs.getString(4).replace("|", "\\|")));
            }
        }
        return md.toString();
    }

    private static String row(String step, double seconds, long records) {
        return String.format("| %s | %.1f s | %,.0f |%n", step, seconds, records / seconds);
    }

    private static String machine() throws Exception {
        String cpu = Machine.cpu();
        String postgres = Machine.postgres();
        return "- " + Machine.cores() + " cores (" + cpu + "), " + Machine.memoryGigabytes() + " GB memory\n"
                + "- Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")\n"
                + "- PostgreSQL " + postgres + " (embedded, fsync and synchronous commit on)\n";
    }

    private static void write(String report) throws IOException {
        Path file = Path.of("benchmarks", "fanout.md");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report, StandardCharsets.UTF_8);
        System.out.println(report);
    }

    private static Map<String, Long> counts(Connection c, String sql) throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }

    private static void waitFor(Connection c, String sql) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < deadline) {
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                if (rs.getBoolean(1)) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out: " + sql);
    }

    private static void execute(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
