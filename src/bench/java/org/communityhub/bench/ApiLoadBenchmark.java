package org.communityhub.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.TestSql.connect;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.communityhub.access.AreaScope;
import org.communityhub.access.Roles;
import org.communityhub.access.ScopeSql;
import org.communityhub.access.pii.PiiCipher;
import org.communityhub.access.pii.PiiField;
import org.communityhub.common.database.EmbeddedDatabase;
import org.communityhub.reference.place.DivisionCode;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.HubTestDatabase;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/**
 * The API under sustained load at district scale: {@code bench.rows} residents (1,000,000 by
 * default) in communities of 5,000, then a worker of one community registers, edits, opens and
 * searches residents through the HTTP API at a fixed rate (200 requests/s by default) and then as
 * fast as a few connections go, driven by {@code wrk} with {@code src/test/resources/bench-api/api.lua}.
 * Each operation is compared in the same run with PostgreSQL doing the bare operation on the same
 * tables at the same rate and concurrency, driven by {@code pgbench}. Not part of the test suite; it
 * needs the Debian packages {@code wrk} and {@code postgresql-contrib} (for pgbench) and installs
 * nothing itself. Run it with
 *
 * <pre>nice -n -10 ./mvnw -B test -Pbench -Dtest=ApiLoadBenchmark -Dbench.rows=1000000</pre>
 *
 * ({@code -Dbench.rate}, {@code -Dbench.seconds}, {@code -Dbench.connections} change the load,
 * {@code -Dbench.operations=update,create} runs only those;
 * {@code -Dhub.test.statement-statistics=true} adds PostgreSQL's busiest statements per operation).
 * It writes its figures, with a description of the machine, to {@code benchmarks/api.md} (or, for
 * some operations only, a file named after them).
 */
@HubTest
@TestProfile(WithoutDelivery.class)
class ApiLoadBenchmark {

    private static final int ROWS = Integer.getInteger("bench.rows", 1_000_000);
    private static final int RATE = Integer.getInteger("bench.rate", 200);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 60);
    private static final int MAX_SECONDS = Integer.getInteger("bench.max-seconds", 20);
    private static final int WARM_SECONDS = Integer.getInteger("bench.warm-seconds", 10);
    private static final int CONNECTIONS = Integer.getInteger("bench.connections", 8);
    /** The operations to run (their keys, comma-separated): all unless told. */
    private static final List<String> OPERATIONS =
            List.of(System.getProperty("bench.operations", "get,search-name,search-id,update,create")
                    .split(","));

    private static final int PER_COMMUNITY = 5_000;
    private static final int COMMUNITIES_PER_STREET = 10;
    /** Bodies for the as-fast-as-it-goes registrations: more than the hub can take in that time. */
    private static final int MAX_RATE_BOUND = 3_000;

    private static final double CREATE_TARGET_MS = 25;
    private static final double SEARCH_TARGET_MS = 15;

    private static final Path DIR = Path.of("target", "bench-api");
    private static final String SEARCH_ORDER = " order by r.community_code, r.building, r.unit, r.room, r.name, r.id";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    PiiCipher pii;

    private final boolean statistics = Boolean.getBoolean("hub.test.statement-statistics");
    private String worker;
    private String community;
    private String authorization;
    private int nextLedgerRow = ROWS;

    /** One kind of request: how the hub is asked and what PostgreSQL does for it. */
    enum Operation {
        GET("get", "GET /api/v1/residents/{id}", null),
        SEARCH_NAME("search", "GET /api/v1/residents?q={full name}", SEARCH_TARGET_MS),
        SEARCH_ID("search", "GET /api/v1/residents?idNumber={ID number}", SEARCH_TARGET_MS),
        UPDATE("update", "PUT /api/v1/residents/{id} with If-Match", null),
        CREATE("create", "POST /api/v1/residents", CREATE_TARGET_MS);

        final String lua;
        final String request;
        final Double targetP99;

        Operation(String lua, String request, Double targetP99) {
            this.lua = lua;
            this.request = request;
            this.targetP99 = targetP99;
        }

        String key() {
            return name().toLowerCase().replace('_', '-');
        }
    }

    /** One run of a load tool: what was asked and what came back. */
    record Run(
            String tool,
            int rateAsked,
            long requests,
            double seconds,
            double p50,
            double p90,
            double p99,
            double max,
            long errors,
            String firstFailure) {

        double achieved() {
            return requests / seconds;
        }
    }

    record Outcome(Operation op, Run hub, Run hubMax, Run pg, Run pgScheduled, Run pgMax, List<String> statements) {}

    /** A pgbench run timed from each transaction's start, and from the time its schedule gave it. */
    record Baseline(Run sent, Run scheduled) {}

    @Test
    void residentApiAtDistrictScale() throws Exception {
        String wrk = tool("wrk", "wrk (Debian package wrk: apt-get install wrk)");
        String pgbench = tool("pgbench", "pgbench (Debian package postgresql-contrib)");
        String loadBefore = loadAverage();
        Files.createDirectories(DIR);

        double seedSeconds;
        try (Connection c = connect()) {
            long t0 = System.nanoTime();
            seed(c);
            seedSeconds = (System.nanoTime() - t0) / 1e9;
            if (statistics) {
                execute(c, "create extension if not exists pg_stat_statements");
            }
            worker = Users.create(Roles.WORKER, community);
            authorization = "Basic "
                    + Base64.getEncoder()
                            .encodeToString((worker + ":" + Users.PASSWORD).getBytes(StandardCharsets.UTF_8));
            baselineKeys(c);
            execute(c, "checkpoint");

            List<Outcome> outcomes = new ArrayList<>();
            for (Operation op : Operation.values()) {
                if (OPERATIONS.contains(op.key())) {
                    outcomes.add(measure(c, op, wrk, pgbench));
                }
            }
            String loadAfter = loadAverage();
            String plan = OPERATIONS.contains(Operation.SEARCH_NAME.key()) ? searchPlan(c) : "";
            write(report(c, seedSeconds, outcomes, loadBefore, loadAfter) + plan);
            for (Outcome o : outcomes) {
                assertThat(o.hub().requests()).as(o.op() + " requests answered").isPositive();
                assertThat(o.pg().requests())
                        .as(o.op() + " baseline transactions")
                        .isPositive();
            }
        }
    }

    // ---- the residents -------------------------------------------------------------------------

    /**
     * {@code ROWS} generated residents in communities of 5,000, ten to a street of 朝阳区; the
     * worker's community is the first. Each community is one insert of 5,000 rows.
     */
    /** How the seeded residents' names are shared, read before the runs add residents of their own. */
    private String nameSpread = "";

    private void seed(Connection c) throws Exception {
        int communities = (ROWS + PER_COMMUNITY - 1) / PER_COMMUNITY;
        assertThat(communities).as("at most 43 streets of ten communities").isLessThanOrEqualTo(430);
        for (int j = 0; j < communities; j++) {
            execute(
                    c,
                    "insert into division (code, name, level, parent_code) values ('" + communityCode(j) + "', '接口基准社区"
                            + j + "', 5, '" + streetCode(j) + "') on conflict do nothing");
        }
        community = communityCode(0);
        for (int j = 0; j < communities; j++) {
            int from = j * PER_COMMUNITY;
            int n = Math.min(PER_COMMUNITY, ROWS - from);
            List<String[]> rows = new ArrayList<>(n);
            for (int i = from; i < from + n; i++) {
                rows.add(BenchResidents.residentRow(i));
            }
            assertThat(BenchResidents.insert(c, pii, rows, communityCode(j))).hasSize(n);
        }
        // Vacuumed as a registry in use has long been: otherwise autovacuum's first pass over the
        // million new rows (and their indexes) takes the cores during the first operation measured.
        execute(c, "vacuum (analyze)");
        nameSpread = nameSpread(c);
    }

    /** How many residents share a name, district-wide: what a search by full name wades through before the community is applied. */
    private static String nameSpread(Connection c) throws Exception {
        try (Statement st = c.createStatement();
                ResultSet rs =
                        st.executeQuery("select count(*), max(n), avg(n) from (select count(*) as n from resident"
                                + " group by name) as t")) {
            rs.next();
            return String.format(
                    "Names as BenchResidents generates them: %,d distinct full names, a name shared by %.1f residents"
                            + " on average and the commonest by %,d. ",
                    rs.getLong(1), rs.getDouble(3), rs.getLong(2));
        }
    }

    private static String streetCode(int community) {
        return String.format("110105%03d", 1 + community / COMMUNITIES_PER_STREET);
    }

    private static String communityCode(int community) {
        return streetCode(community) + String.format("%03d", 951 + community % COMMUNITIES_PER_STREET);
    }

    // ---- one operation -------------------------------------------------------------------------

    private Outcome measure(Connection c, Operation op, String wrk, String pgbench) throws Exception {
        System.out.println("[api-bench] " + op + ": warm-up");
        wrk(wrk, op, requests(c, op, WARM_SECONDS * RATE), RATE, WARM_SECONDS);
        resetStatistics(c);
        System.out.println("[api-bench] " + op + ": hub at " + RATE + "/s");
        Run hub = wrk(wrk, op, requests(c, op, SECONDS * RATE), RATE, SECONDS);
        List<String> statements = statistics ? statements(c) : List.of();
        System.out.println("[api-bench] " + op + ": hub as fast as it goes");
        Run hubMax = wrk(wrk, op, requests(c, op, MAX_SECONDS * MAX_RATE_BOUND), 0, MAX_SECONDS);
        execute(c, "checkpoint");
        System.out.println("[api-bench] " + op + ": PostgreSQL at " + RATE + "/s");
        Baseline pg = pgbench(pgbench, op, RATE, SECONDS);
        System.out.println("[api-bench] " + op + ": PostgreSQL as fast as it goes");
        Run pgMax = pgbench(pgbench, op, 0, MAX_SECONDS).sent();
        execute(c, "checkpoint");
        Outcome outcome = new Outcome(op, hub, hubMax, pg.sent(), pg.scheduled(), pgMax, statements);
        System.out.println("[api-bench] " + op + ": " + outcome);
        return outcome;
    }

    /** The file of request lines for one wrk run of {@code op}, enough for {@code count} requests. */
    private Path requests(Connection c, Operation op, int count) throws Exception {
        Path file = Files.createTempFile(DIR, op.key(), ".txt");
        List<String> lines = new ArrayList<>();
        switch (op) {
            case CREATE -> {
                // A little more than the run can send at its rate: a body used twice would be refused (409).
                for (int k = 0; k < count + count / 10 + 100; k++) {
                    List<String> r = BenchResidents.ledgerRow(nextLedgerRow++);
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("name", r.get(0));
                    body.put("idNumber", r.get(1));
                    body.put("ethnicity", "01");
                    body.put("politicalStatus", "13");
                    body.put("phone", r.get(6));
                    body.put("residenceType", "1");
                    body.put("communityCode", community);
                    body.put("building", r.get(7));
                    body.put("unit", r.get(8));
                    body.put("room", r.get(9));
                    lines.add(JSON.writeValueAsString(body));
                }
            }
            case UPDATE -> {
                for (Seeded r : seeded(c, count)) {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("name", r.name());
                    body.put("ethnicity", "01");
                    body.put("residenceType", "1");
                    body.put("communityCode", community);
                    body.put("building", r.building());
                    body.put("unit", r.unit());
                    body.put("room", "@ROOM@");
                    body.put("tags", List.of());
                    lines.add(r.id() + "\t" + r.version() + "\t" + JSON.writeValueAsString(body));
                }
            }
            case GET -> seeded(c, count).forEach(r -> lines.add(r.id().toString()));
            case SEARCH_NAME ->
                seeded(c, count).forEach(r -> lines.add("q=" + URLEncoder.encode(r.name(), StandardCharsets.UTF_8)));
            case SEARCH_ID -> seeded(c, count).forEach(r -> lines.add("idNumber=" + r.idNumber()));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    record Seeded(UUID id, int version, String name, String idNumber, String building, String unit) {}

    /** The seeded residents of the worker's community as they are now, in an order of their own for each run. */
    private List<Seeded> seeded(Connection c, int seed) throws Exception {
        List<Seeded> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("select id, version, name, id_number_cipher, building, unit"
                + " from resident where community_code = ? and created_by = 'bench' order by id")) {
            ps.setString(1, community);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Seeded(
                            rs.getObject(1, UUID.class),
                            rs.getInt(2),
                            rs.getString(3),
                            pii.decrypt(PiiField.ID_NUMBER, rs.getBytes(4)),
                            rs.getString(5),
                            rs.getString(6)));
                }
            }
        }
        Collections.shuffle(out, new Random(seed));
        return out;
    }

    // ---- wrk -----------------------------------------------------------------------------------

    private Run wrk(String wrk, Operation op, Path requests, int rate, int seconds) throws Exception {
        Path script = DIR.resolve("api.lua");
        try (InputStream in = getClass().getResourceAsStream("/bench-api/api.lua")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        String url = "http://localhost:" + RestAssured.port;
        List<String> command = List.of(
                wrk,
                "-t1",
                "-c" + CONNECTIONS,
                "-d" + seconds + "s",
                "--timeout",
                "30s",
                "--latency",
                "-s",
                script.toString(),
                url,
                "--",
                op.lua,
                requests.toString(),
                String.valueOf(rate),
                authorization);
        String out = run(
                command, Map.of(), seconds + 60, DIR.resolve(op.key() + (rate == 0 ? "-max" : "-rate") + ".wrk.txt"));
        // Requests cut off at the end are still being answered: let them finish before the next run.
        Thread.sleep(3_000);
        Map<String, String> v = fields(out, "BENCH requests=");
        Matcher failure = Pattern.compile("BENCH first_failure=(.*)").matcher(out);
        String first = failure.find() ? failure.group(1).strip() : "";
        long errors = Long.parseLong(v.get("socket_errors"))
                + Long.parseLong(v.get("timeouts"))
                + Long.parseLong(v.get("non2xx"));
        return new Run(
                "wrk",
                rate,
                Long.parseLong(v.get("requests")),
                Long.parseLong(v.get("duration_us")) / 1e6,
                Double.parseDouble(v.get("p50_us")) / 1000,
                Double.parseDouble(v.get("p90_us")) / 1000,
                Double.parseDouble(v.get("p99_us")) / 1000,
                Double.parseDouble(v.get("max_us")) / 1000,
                errors,
                first);
    }

    private static Map<String, String> fields(String out, String marker) {
        String line = out.lines()
                .filter(l -> l.startsWith(marker))
                .findFirst()
                .orElseThrow(() -> new AssertionError("wrk printed no result line:\n" + out));
        Map<String, String> v = new LinkedHashMap<>();
        for (String part : line.substring("BENCH ".length()).split(" ")) {
            int eq = part.indexOf('=');
            v.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return v;
    }

    // ---- pgbench -------------------------------------------------------------------------------

    /**
     * Tables pgbench picks its residents from: the worker's community's residents numbered 1..n
     * with their name and blind index (pgbench can draw only numbers).
     */
    private void baselineKeys(Connection c) throws Exception {
        execute(c, "drop table if exists bench_api_key");
        execute(
                c,
                "create table bench_api_key as select (row_number() over (order by id))::int as k, id, name,"
                        + " '%' || name || '%' as name_like, id_number_index from resident where community_code = '"
                        + community + "'");
        execute(c, "alter table bench_api_key add primary key (k)");
        execute(c, "analyze bench_api_key");
    }

    /** The worker's area as the hub writes it into its queries. */
    private String workerScope() {
        return ScopeSql.condition(AreaScope.of(List.of(community)), "r.community_code");
    }

    /** The hub's condition for a search of the worker's community by a name. */
    private String searchByName(String name, String nameLike) {
        return searchByName(workerScope(), name, nameLike);
    }

    /** The hub's condition for a search of an area by a name. */
    private static String searchByName(String scope, String name, String nameLike) {
        return scope + " and r.name_grams @> hub_query_grams(" + name + ") and lower(r.name) like lower(" + nameLike
                + ") escape '\\'";
    }

    /**
     * The plan PostgreSQL runs for the first page of a search of the worker's community by the
     * full name most shared across the district among its residents' names: the search that reads
     * the most namesakes, if the community is applied after the name.
     */
    private String searchPlan(Connection c) throws Exception {
        String name;
        long namesakes;
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("select name, count(*) from resident where name in"
                        + " (select name from bench_api_key) group by name order by count(*) desc, name limit 1")) {
            rs.next();
            name = rs.getString(1);
            namesakes = rs.getLong(2);
        }
        String street = DivisionCode.streetOf(community);
        String county = community.substring(0, DivisionCode.lengthAt(3));
        return String.format(
                "### The plan of a search by name%n%nThe worker's community searched for the full name of %,d"
                        + " residents across the district (the most shared among its residents' names), the"
                        + " first page, as PostgreSQL ran it (`explain (analyze, buffers)`, the names are generated):%n%n```%n%s```%n"
                        + "%nThe same name searched by a worker of the community's street (%s, ten communities of"
                        + " the seeded ones): a street's area is a prefix of the code, which the index over the"
                        + " community and the name's pieces cannot take, so the name's pieces find the namesakes"
                        + " and the prefix filters them:%n%n```%n%s```%n"
                        + "%nAnd by a worker of the whole county (%s):%n%n```%n%s```%n",
                namesakes,
                plan(c, workerScope(), name),
                street,
                plan(c, ScopeSql.condition(AreaScope.of(List.of(street)), "r.community_code"), name),
                county,
                plan(c, ScopeSql.condition(AreaScope.of(List.of(county)), "r.community_code"), name));
    }

    private static String plan(Connection c, String scope, String name) throws Exception {
        StringBuilder plan = new StringBuilder();
        try (PreparedStatement ps = c.prepareStatement("explain (analyze, buffers, costs off, timing off)"
                + " select r.* from resident r where " + searchByName(scope, "?", "?") + SEARCH_ORDER + " limit 20")) {
            ps.setString(1, name);
            ps.setString(2, "%" + name + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
        }
        return plan.toString();
    }

    private static int baselineKeyCount(Connection c) throws Exception {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select count(*) from bench_api_key")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /**
     * The bare operation as PostgreSQL does it on the same tables: the statements the hub's
     * operation comes down to, without the hub (no user check, access log, history, validation,
     * encryption or duplicate look-up).
     */
    private String baselineScript(Connection c, Operation op) throws Exception {
        int n = baselineKeyCount(c);
        String scope = workerScope();
        String order = SEARCH_ORDER;
        return switch (op) {
            case GET ->
                "\\set k random(1, " + n + ")\n"
                        + "select id from bench_api_key where k = :k \\gset\n"
                        + "select r.* from resident r where r.id = :id;\n";
            case SEARCH_NAME ->
                "\\set k random(1, " + n + ")\n"
                        + "select name as q, name_like as qlike from bench_api_key where k = :k \\gset\n"
                        + "select r.* from resident r where " + searchByName(":q", ":qlike") + order
                        + " limit 20 offset 0;\n"
                        + "select count(*) from resident r where " + searchByName(":q", ":qlike") + ";\n";
            case SEARCH_ID ->
                "\\set k random(1, " + n + ")\n"
                        + "select id_number_index as idx from bench_api_key where k = :k \\gset\n"
                        + "select r.* from resident r where " + scope + " and r.id_number_index in (:idx)" + order
                        + " limit 20 offset 0;\n"
                        + "select count(*) from resident r where " + scope + " and r.id_number_index in (:idx);\n";
            case UPDATE ->
                "\\set k random(1, " + n + ")\n"
                        + "select id from bench_api_key where k = :k \\gset\n"
                        + "update resident set room = case when room = '9903' then '9904' else '9903' end,"
                        + " version = version + 1, updated_at = now(), updated_by = 'bench-baseline' where id = :id;\n";
            case CREATE ->
                "insert into resident (id, name, name_key, id_type, id_number_cipher, id_number_index,"
                        + " sex, birth_date, ethnicity, political_status, residence_type, community_code, building, unit,"
                        + " room, tags, status, version, created_at, created_by, updated_at, updated_by, phone_cipher,"
                        + " phone_index) values (gen_random_uuid(), '基准插入', 'JI ZHUN CHA RU', '1',"
                        + " sha256(gen_random_uuid()::text::bytea) || sha256(gen_random_uuid()::text::bytea),"
                        + " sha256(gen_random_uuid()::text::bytea), '1', date '1980-01-01', '01', '13', '1', '"
                        + community + "', '1号楼', '1', '101', '{}', 'ACTIVE', 0, now(), 'bench-baseline', now(),"
                        + " 'bench-baseline', sha256(gen_random_uuid()::text::bytea),"
                        + " sha256(gen_random_uuid()::text::bytea));\n";
        };
    }

    private Baseline pgbench(String pgbench, Operation op, int rate, int seconds) throws Exception {
        String name = "pg-" + op.key() + (rate == 0 ? "-max" : "-rate");
        Path script = DIR.resolve(name + ".sql");
        try (Connection c = connect()) {
            Files.writeString(script, baselineScript(c, op), StandardCharsets.UTF_8);
        }
        try (Stream<Path> old = Files.list(DIR)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith(name + ".log"))
                    .toList()) {
                Files.delete(p);
            }
        }
        HubTestDatabase.Running db = HubTestDatabase.database();
        String port = db.jdbcUrl().replaceAll(".*://[^:]+:(\\d+)/.*", "$1");
        List<String> command = new ArrayList<>(List.of(
                pgbench,
                "-h",
                "localhost",
                "-p",
                port,
                "-U",
                db.username(),
                "-n",
                "-M",
                "prepared",
                "-c",
                String.valueOf(CONNECTIONS),
                "-j",
                "1",
                "-T",
                String.valueOf(seconds),
                "-f",
                script.toString(),
                "-l",
                "--log-prefix=" + DIR.resolve(name + ".log")));
        if (rate > 0) {
            command.add("-R");
            command.add(String.valueOf(rate));
        }
        command.add(EmbeddedDatabase.DATABASE);
        String out = run(command, Map.of("PGPASSWORD", db.password()), seconds + 60, DIR.resolve(name + ".txt"));
        // Per transaction: client, number, time (µs, or why it failed), script, epoch s, µs[, lag]. At
        // a rate (-R), time counts from when the schedule meant the transaction to start, and lag is
        // how late it started: time - lag is from its start, as wrk measures.
        List<Long> sent = new ArrayList<>();
        List<Long> scheduled = new ArrayList<>();
        long failed = 0;
        try (Stream<Path> logs = Files.list(DIR)) {
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith(name + ".log"))
                    .toList()) {
                for (String line : Files.readAllLines(log)) {
                    String[] f = line.split(" ");
                    if (f.length < 3) {
                        continue;
                    }
                    if (f[2].matches("\\d+")) {
                        long time = Long.parseLong(f[2]);
                        long lag = f.length >= 7 && f[6].matches("\\d+") ? Long.parseLong(f[6]) : 0;
                        sent.add(time - lag);
                        scheduled.add(time);
                    } else {
                        failed++;
                    }
                }
            }
        }
        Matcher aborted =
                Pattern.compile("number of failed transactions: (\\d+)").matcher(out);
        long failedReported = aborted.find() ? Long.parseLong(aborted.group(1)) : 0;
        if (sent.isEmpty()) {
            throw new AssertionError("pgbench ran no transaction:\n" + out);
        }
        long errors = Math.max(failed, failedReported) + (out.contains("aborted") ? 1 : 0);
        return new Baseline(baselineRun(rate, seconds, sent, errors), baselineRun(rate, seconds, scheduled, errors));
    }

    private static Run baselineRun(int rate, int seconds, List<Long> micros, long errors) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        return new Run(
                "pgbench",
                rate,
                sorted.size(),
                seconds,
                quantile(sorted, 0.50),
                quantile(sorted, 0.90),
                quantile(sorted, 0.99),
                sorted.get(sorted.size() - 1) / 1000.0,
                errors,
                "");
    }

    private static double quantile(List<Long> sorted, double q) {
        int index = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1000.0;
    }

    // ---- statements ----------------------------------------------------------------------------

    private void resetStatistics(Connection c) throws Exception {
        if (statistics) {
            execute(c, "select pg_stat_statements_reset()");
        }
    }

    /** PostgreSQL's busiest statements since the last reset (the hub's run at the fixed rate). */
    private static List<String> statements(Connection c) throws Exception {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select calls, total_exec_time, mean_exec_time, query"
                        + " from pg_stat_statements where query not like '%pg_stat_statements%'"
                        + " order by total_exec_time desc limit 8")) {
            while (rs.next()) {
                String q = rs.getString(4).replaceAll("\\s+", " ").replace("|", "\\|");
                out.add(String.format(
                        "| %,d | %.1f s | %.2f ms | `%s` |",
                        rs.getLong(1),
                        rs.getDouble(2) / 1000,
                        rs.getDouble(3),
                        q.length() > 110 ? q.substring(0, 110) + "…" : q));
            }
        }
        return out;
    }

    // ---- the report ----------------------------------------------------------------------------

    private String report(Connection c, double seedSeconds, List<Outcome> outcomes, String loadBefore, String loadAfter)
            throws Exception {
        StringBuilder md = new StringBuilder();
        md.append("# API benchmark\n\n")
                .append("Written by `nice -n -10 ./mvnw -B test -Pbench -Dtest=ApiLoadBenchmark -Dbench.rows=")
                .append(ROWS)
                .append(
                        reportFile().getFileName().toString().equals("api.md")
                                ? ""
                                : " -Dbench.operations=" + String.join(",", OPERATIONS))
                .append(
                        "` (src/bench/java/org/communityhub/bench/ApiLoadBenchmark.java, src/test/resources/bench-api/api.lua) on ")
                .append(LocalDateTime.now(ZoneOffset.UTC).withNano(0))
                .append(" UTC.\n\n## Machine\n\n")
                .append(machine())
                .append("- load average (1, 5, 15 min) before the run: ")
                .append(loadBefore)
                .append("; after: ")
                .append(loadAfter)
                .append(" (the machine is shared with other builds; the hub, PostgreSQL and the load tools share")
                .append(" its cores)\n\n");
        md.append("## What it measures\n\n")
                .append(String.format("%,d", ROWS))
                .append(" generated residents (synthetic names, valid ID numbers and mobiles, encrypted and")
                .append(" blind-indexed by the hub's own code) in communities of 5,000, ten to a street, inserted")
                .append(String.format(" in bulk and vacuumed (%.0f s). ", seedSeconds))
                .append(nameSpread)
                .append("A worker of one community, signed in with HTTP Basic on every request, then:\n\n")
                .append("- **create**: registers new residents (`POST /api/v1/residents`, a new person each request:")
                .append(" name, ID number, mobile, address), each with the duplicate look-up a registration runs;\n")
                .append("- **update**: edits residents of the community (`PUT /api/v1/residents/{id}` with `If-Match`")
                .append(" of the version, the room changed), each with its history entry;\n")
                .append("- **get**: opens residents (`GET /api/v1/residents/{id}`, in the access log);\n")
                .append("- **search-name**: searches the community by a full name (`GET /api/v1/residents?q=`), the")
                .append(" first page of 20 and the count;\n")
                .append("- **search-id**: searches by an ID number (`?idNumber=`).\n\n")
                .append("Each operation: ")
                .append(WARM_SECONDS)
                .append(" s of warm-up, then `wrk` (1 thread, ")
                .append(CONNECTIONS)
                .append(" connections) at ")
                .append(RATE)
                .append(" requests/s for ")
                .append(SECONDS)
                .append(" s, then as fast as the ")
                .append(CONNECTIONS)
                .append(" connections go for ")
                .append(MAX_SECONDS)
                .append(" s. The baseline is `pgbench` (")
                .append(CONNECTIONS)
                .append(" connections, prepared statements) doing the bare operation on the same tables and data")
                .append(" at the same rate for the same time, and as fast as it goes: ")
                .append("select a resident by primary key (get); the hub's search statements, page and count")
                .append(" (search); update one row by primary key (update; its outbox trigger fires); insert one")
                .append(" row into the resident table with its indexes, foreign key and outbox trigger (create). Each")
                .append(" baseline transaction first reads which resident to use from a small keyed table (a")
                .append(" primary-key look-up of a few µs), since pgbench draws only numbers. Delivery to platforms")
                .append(" is off.\n\n")
                .append("Latency is measured from when a request is sent to when its answer is complete, by wrk")
                .append(" and by pgbench alike. Both tools are closed-loop (a connection sends its next request")
                .append(" when the last is answered; the rate is kept by holding requests back to a schedule), so")
                .append(" while the server stalls, the requests that would have been sent wait unmeasured")
                .append(" (coordinated omission): the percentiles are those of the requests sent, and a lower")
                .append(" achieved rate than asked shows such waiting. pgbench also times each transaction from")
                .append(" when its schedule meant it to start, which counts that waiting: the line \"timed from its")
                .append(" schedule\" shows how far behind PostgreSQL fell. Errors are socket errors, timeouts (30 s)")
                .append(" and answers outside 2xx.\n\n");

        md.append("## Summary\n\n")
                .append("| operation | rate asked | achieved | p50 | p99 | max | errors | PostgreSQL p50 / p99 |")
                .append(" hub ÷ PostgreSQL p50 / p99 | hub max throughput | PostgreSQL max | target | met |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        for (Outcome o : outcomes) {
            Run h = o.hub();
            Run p = o.pg();
            md.append(String.format(
                    "| %s | %d/s | %.1f/s | %.1f ms | %.1f ms | %.0f ms | %d | %.2f / %.2f ms | %.0f× / %.0f× | %,.0f/s | %,.0f/s | %s | %s |%n",
                    o.op().key(),
                    h.rateAsked(),
                    h.achieved(),
                    h.p50(),
                    h.p99(),
                    h.max(),
                    h.errors(),
                    p.p50(),
                    p.p99(),
                    h.p50() / p.p50(),
                    h.p99() / p.p99(),
                    o.hubMax().achieved(),
                    o.pgMax().achieved(),
                    o.op().targetP99 == null
                            ? "–"
                            : String.format("p99 ≤ %.0f ms at %d/s, no errors", o.op().targetP99, RATE),
                    o.op().targetP99 == null ? "–" : met(o) ? "yes" : "no"));
        }
        md.append("\nTargets of the issue (on 2 cores, at 1,000,000 residents): create p99 ≤ 25 ms and search p99 ≤")
                .append(" 15 ms at 200 requests/s with zero errors; met means the p99 is within the target, no error,")
                .append(" and at least 97 % of the asked rate achieved.\n\n");

        md.append("## Each operation\n\n");
        for (Outcome o : outcomes) {
            md.append("### ")
                    .append(o.op().key())
                    .append(": `")
                    .append(o.op().request)
                    .append("`\n\n")
                    .append("| run | rate asked | achieved | requests | p50 | p90 | p99 | max | errors |\n")
                    .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
                    .append(line("hub (wrk), fixed rate", o.hub()))
                    .append(line("PostgreSQL (pgbench), fixed rate", o.pg()))
                    .append(line("PostgreSQL (pgbench), fixed rate, timed from its schedule", o.pgScheduled()))
                    .append(String.format(
                            "| hub ÷ PostgreSQL | | | | %.1f× | %.1f× | %.1f× | | |%n",
                            o.hub().p50() / o.pg().p50(),
                            o.hub().p90() / o.pg().p90(),
                            o.hub().p99() / o.pg().p99()))
                    .append(line("hub (wrk), as fast as it goes", o.hubMax()))
                    .append(line("PostgreSQL (pgbench), as fast as it goes", o.pgMax()));
            if (!o.hub().firstFailure().isEmpty() || !o.hubMax().firstFailure().isEmpty()) {
                md.append("\nFirst failed answer: `")
                        .append((o.hub().firstFailure().isEmpty() ? o.hubMax() : o.hub()).firstFailure())
                        .append("`\n");
            }
            if (!o.statements().isEmpty()) {
                md.append("\nPostgreSQL's busiest statements during the hub's fixed-rate run (pg_stat_statements):\n\n")
                        .append("| calls | total | mean | statement |\n|---:|---:|---:|---|\n");
                o.statements().forEach(s -> md.append(s).append('\n'));
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static boolean met(Outcome o) {
        Run h = o.hub();
        return h.p99() <= o.op().targetP99 && h.errors() == 0 && h.achieved() >= 0.97 * h.rateAsked();
    }

    private static String line(String what, Run r) {
        return String.format(
                "| %s | %s | %.1f/s | %,d | %.2f ms | %.2f ms | %.2f ms | %.1f ms | %d |%n",
                what,
                r.rateAsked() == 0 ? "–" : r.rateAsked() + "/s",
                r.achieved(),
                r.requests(),
                r.p50(),
                r.p90(),
                r.p99(),
                r.max(),
                r.errors());
    }

    private static String machine() throws Exception {
        String cpu = Machine.cpu();
        String postgres = Machine.postgres();
        Runtime rt = Runtime.getRuntime();
        return "- " + Machine.cores() + " cores (" + cpu + "), " + Machine.memoryGigabytes() + " GB memory\n"
                + "- Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name")
                + "), max heap " + rt.maxMemory() / (1024 * 1024) + " MB; the hub runs in the test's JVM (Quarkus"
                + " test mode, database pool of 20)\n"
                + "- PostgreSQL " + postgres + " (embedded, same machine, fsync and synchronous commit on)\n"
                + "- " + version(List.of("wrk", "-v")) + "; " + version(List.of("pgbench", "--version")) + "\n";
    }

    private static String version(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out.lines()
                    .findFirst()
                    .orElse(command.get(0))
                    .replaceAll("\\s*Copyright.*", "")
                    .strip();
        } catch (IOException | InterruptedException e) {
            return command.get(0) + " (version unknown)";
        }
    }

    /**
     * {@code benchmarks/api.md} for a run of every operation; a run of some ({@code
     * -Dbench.operations=}) writes a report of its own, named after them, and leaves the whole
     * run's figures as they are.
     */
    private static Path reportFile() {
        boolean all = Arrays.stream(Operation.values()).allMatch(op -> OPERATIONS.contains(op.key()));
        return Path.of("benchmarks", all ? "api.md" : "api-" + String.join("-", OPERATIONS) + ".md");
    }

    private static void write(String report) throws IOException {
        Path file = reportFile();
        Files.createDirectories(file.getParent());
        Files.writeString(file, report, StandardCharsets.UTF_8);
        System.out.println(report);
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** The tool on the PATH, or a failure that says which package brings it. */
    private static String tool(String name, String install) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError("The API benchmark needs " + install + " on the PATH; it installs nothing itself.");
    }

    private static String run(List<String> command, Map<String, String> env, int timeoutSeconds, Path output)
            throws Exception {
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish in " + timeoutSeconds + " s");
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new AssertionError(command.get(0) + " failed (exit " + p.exitValue() + "):\n" + out);
        }
        return out;
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void execute(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
