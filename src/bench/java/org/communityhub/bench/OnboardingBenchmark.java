package org.communityhub.bench;

import static io.restassured.RestAssured.given;

import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communityhub.access.Actor;
import org.communityhub.access.AreaScope;
import org.communityhub.access.Roles;
import org.communityhub.reference.identity.IdNumber;
import org.communityhub.reference.identity.PersonName;
import org.communityhub.registry.resident.IdNumberHolders;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.StreetLedger;
import org.communityhub.testing.TestSql;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/**
 * The onboarding benchmark of issue 16: a street brings its ledger in. A generated street ledger
 * ({@link StreetLedger}: {@code bench.rows} rows, 10,000 by default, over 12 communities, about 5 %
 * second rows of someone with the damage copies carry, and look-alikes who are other people) is
 * imported through the API as the street's supervisor would: uploaded, checked, every question
 * the hub asks accepted, the valid rows committed. Reported against the targets, with
 * met / not met (a target missed does not fail the run; an import that fails does):
 *
 * <ul>
 *   <li>{@code decisionsNeeded} of the import (rows a person still has to look at) before and after
 *       accepting the hub's suggestions, and the rows refused by kind;
 *   <li>people lost (a person of the ledger with no resident after the commit) and people registered
 *       twice (a person with two residents or more);
 *   <li>duplicate precision and recall over pairs of rows: a pair is found when the hub made the two
 *       rows one resident (how a row is traced to its resident: {@link #residentsOfRows});
 *   <li>machine time from upload to COMMITTED.
 * </ul>
 *
 * Not part of the test suite; run it with
 *
 * <pre>./mvnw -B test -Pbench -Dtest=OnboardingBenchmark [-Dbench.rows=10000] [-Dbench.seed=16]</pre>
 *
 * It writes its figures, with the machine and its load, to {@code benchmarks/onboarding.md}; the
 * sections written by hand below the figures (from the first second-level heading on) are kept.
 */
@HubTest
@TestProfile(WithoutDelivery.class)
class OnboardingBenchmark {

    private static final int ROWS = Integer.getInteger("bench.rows", 10_000);
    private static final long SEED = Long.getLong("bench.seed", 16);
    /** Whether the file has its household columns (户号, 与户主关系); without them, to see what households cost. */
    private static final boolean HOUSEHOLDS = Boolean.parseBoolean(System.getProperty("bench.households", "true"));

    private static final String STREET = "110105001";
    private static final Pattern ROW_NAMED = Pattern.compile("第 (\\d+) 行");

    private static final int TARGET_DECISIONS_PER_10K = 50;
    private static final double TARGET_PRECISION = 0.98;
    private static final double TARGET_RECALL = 0.95;
    private static final double TARGET_SECONDS = 60;

    @Inject
    IdNumberHolders residents;

    @Test
    void aStreetBringsItsLedgerIn() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.ofHours(8));
        List<StreetLedger.Community> communities = communities();
        String supervisor = Users.create(Roles.SUPERVISOR, STREET);
        StreetLedger ledger = new StreetLedger(SEED, ROWS, 0.05, communities, today);
        Path dir = Files.createDirectories(Path.of("target", "bench-onboarding"));
        Path file = dir.resolve("street-ledger.xlsx");
        ledger.writeXlsx(file, HOUSEHOLDS);
        double loadBefore = ImportBenchmark.loadAverage();

        // As the supervisor would: upload, wait for the check, accept every suggestion, commit.
        long start = System.nanoTime();
        String id = given().auth()
                .preemptive()
                .basic(supervisor, Users.PASSWORD)
                .multiPart("file", "建外街道居民台账.xlsx", Files.readAllBytes(file), "application/octet-stream")
                .post("/api/v1/imports")
                .then()
                .statusCode(202)
                .extract()
                .as(Json.class)
                .getString("id");
        Json checked = await(supervisor, id, "READY");
        long ready = System.nanoTime();
        List<Map<String, Object>> findingsBefore = findings(supervisor, id);
        List<Long> questions = findingsBefore.stream()
                .filter(f -> "pending".equals(f.get("decision")))
                .map(f -> ((Number) f.get("row")).longValue())
                .distinct()
                .toList();
        Json decided = checked;
        for (int from = 0; from < questions.size(); from += 500) {
            List<Map<String, Object>> answers = new ArrayList<>();
            for (long row : questions.subList(from, Math.min(questions.size(), from + 500))) {
                answers.add(Map.of("row", row, "accept", true));
            }
            decided = Users.as(supervisor)
                    .body(Map.of("decisions", answers))
                    .put("/api/v1/imports/" + id + "/decisions")
                    .then()
                    .statusCode(200)
                    .extract()
                    .as(Json.class);
        }
        long decidedAt = System.nanoTime();
        Users.as(supervisor)
                .post("/api/v1/imports/" + id + "/commit?mode=valid-rows")
                .then()
                .statusCode(202);
        Json committed = await(supervisor, id, "COMMITTED");
        long end = System.nanoTime();
        double loadAfter = ImportBenchmark.loadAverage();

        List<Map<String, Object>> findings = findings(supervisor, id);
        writeFindings(ledger, findings, dir.resolve("findings.tsv"));
        Actor actor = new Actor(supervisor, Set.of(Roles.SUPERVISOR), AreaScope.of(List.of(STREET)));
        Outcome outcome = outcome(ledger, findings, actor, communities, today);
        Times times = new Times(
                (ready - start) / 1e9, (decidedAt - ready) / 1e9, (end - decidedAt) / 1e9, (end - start) / 1e9);
        String report = report(
                ledger,
                file,
                checked,
                decided,
                committed,
                findingsBefore,
                findings,
                questions,
                outcome,
                times,
                loadBefore,
                loadAfter);
        write(report);
    }

    /** The street's 12 communities, added as an admin adds them, with names a ledger may write instead of the code. */
    private static List<StreetLedger.Community> communities() {
        String[] names = {"晨光", "春和", "翠林", "丰泽", "和园", "锦华", "兰庭", "明湖", "清泉", "瑞景", "松风", "新桥"};
        List<StreetLedger.Community> made = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            String code = STREET + String.format("%03d", 201 + i);
            String name = names[i] + "社区";
            Users.asAdmin()
                    .body(Map.of("code", code, "name", name, "parentCode", STREET))
                    .post("/api/v1/divisions")
                    .then()
                    .statusCode(201);
            made.add(new StreetLedger.Community(code, names[i] + "社区"));
        }
        return made;
    }

    /** Waits for the import to reach {@code state}; any other end (FAILED, CANCELLED, READY again after a commit) is a fault. */
    private static Json await(String user, String id, String state) throws InterruptedException {
        long deadline = System.nanoTime() + 15L * 60 * 1_000_000_000;
        while (System.nanoTime() < deadline) {
            Json j = Users.as(user)
                    .get("/api/v1/imports/" + id + "?size=1")
                    .then()
                    .statusCode(200)
                    .extract()
                    .as(Json.class);
            String now = j.getString("state");
            if (now.equals(state)) {
                return j;
            }
            if (!now.equals("PARSING") && !now.equals("COMMITTING")) {
                throw new AssertionError("The import ended in " + now + " instead of " + state + ": "
                        + j.getString("error.code") + " " + j.getString("error.detail"));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("The import did not reach " + state + " in 15 minutes");
    }

    /** Every finding of the import, page after page. */
    private static List<Map<String, Object>> findings(String user, String id) {
        List<Map<String, Object>> all = new ArrayList<>();
        for (int page = 0; ; page++) {
            Json j = Users.as(user)
                    .get("/api/v1/imports/" + id + "?size=200&page=" + page)
                    .then()
                    .statusCode(200)
                    .extract()
                    .as(Json.class);
            List<Map<String, Object>> items = j.getList("findings.items");
            all.addAll(items);
            if (items.size() < 200) {
                return all;
            }
        }
    }

    /** What became of the ledger's people and rows. */
    record Outcome(
            int people,
            Map<Long, UUID> residentOfRow,
            Set<Long> refusedRows,
            Map<Integer, Set<UUID>> residentsOfPerson,
            List<Integer> lost,
            List<Integer> twice,
            Pairs pairs,
            Map<StreetLedger.Damage, int[]> byDamage,
            Map<StreetLedger.LookAlike, int[]> byLookAlike,
            int pointedOut,
            int ambiguousRows,
            int questionsRight,
            int questionsWrong,
            long residentsInStreet) {}

    /** Pairs of rows: of one person (true), made one resident (found), both. */
    record Pairs(long truePairs, long found, long foundTrue) {
        double precision() {
            return found == 0 ? 1.0 : (double) foundTrue / found;
        }

        double recall() {
            return truePairs == 0 ? 1.0 : (double) foundTrue / truePairs;
        }
    }

    private Outcome outcome(
            StreetLedger ledger,
            List<Map<String, Object>> findings,
            Actor actor,
            List<StreetLedger.Community> communities,
            LocalDate today)
            throws Exception {
        Map<Long, List<Map<String, Object>>> byRow = new TreeMap<>();
        for (Map<String, Object> f : findings) {
            byRow.computeIfAbsent(((Number) f.get("row")).longValue(), r -> new ArrayList<>())
                    .add(f);
        }
        Set<Long> refused = new HashSet<>();
        for (var e : byRow.entrySet()) {
            boolean error = e.getValue().stream().anyMatch(f -> "ERROR".equals(f.get("severity")));
            boolean accepted = e.getValue().stream().anyMatch(f -> "accepted".equals(f.get("decision")));
            if (e.getKey() > 1 && error && !accepted) {
                refused.add(e.getKey());
            }
        }
        Map<Long, UUID> resident = new HashMap<>();
        int ambiguous = residentsOfRows(ledger, byRow, refused, actor, communities, today, resident);

        int people = ledger.people.size();
        Map<Integer, Set<UUID>> residentsOfPerson = new HashMap<>();
        // A resident is the person most of its rows are (the first row met on a tie).
        Map<UUID, Map<Integer, Integer>> personsOfResident = new LinkedHashMap<>();
        long lastRow = ledger.rows.size() + 1L;
        for (long row = 2; row <= lastRow; row++) {
            UUID r = resident.get(row);
            if (r != null) {
                personsOfResident
                        .computeIfAbsent(r, k -> new LinkedHashMap<>())
                        .merge(ledger.personOfRow(row), 1, Integer::sum);
            }
        }
        personsOfResident.forEach((r, persons) -> {
            int person = persons.entrySet().stream()
                    .max((a, b) -> Integer.compare(a.getValue(), b.getValue()))
                    .get()
                    .getKey();
            residentsOfPerson.computeIfAbsent(person, k -> new HashSet<>()).add(r);
        });
        List<Integer> lost = new ArrayList<>();
        List<Integer> twice = new ArrayList<>();
        for (int p = 0; p < people; p++) {
            int n = residentsOfPerson.getOrDefault(p, Set.of()).size();
            if (n == 0) {
                lost.add(p);
            } else if (n > 1) {
                twice.add(p);
            }
        }

        // Pairs of rows: of one person, and made one resident.
        Map<Integer, List<Long>> rowsOfPerson = new HashMap<>();
        for (long row = 2; row <= lastRow; row++) {
            rowsOfPerson
                    .computeIfAbsent(ledger.personOfRow(row), k -> new ArrayList<>())
                    .add(row);
        }
        long truePairs = 0;
        long foundTrue = 0;
        Map<StreetLedger.Damage, int[]> byDamage = new EnumMap<>(StreetLedger.Damage.class);
        for (List<Long> rows : rowsOfPerson.values()) {
            for (int i = 0; i < rows.size(); i++) {
                for (int j = i + 1; j < rows.size(); j++) {
                    truePairs++;
                    boolean found = same(resident, rows.get(i), rows.get(j));
                    if (found) {
                        foundTrue++;
                    }
                    StreetLedger.Damage d = damageOf(ledger, rows.get(i), rows.get(j));
                    int[] counts = byDamage.computeIfAbsent(d, k -> new int[2]);
                    counts[0]++;
                    if (found) {
                        counts[1]++;
                    }
                }
            }
        }
        Map<UUID, Long> rowsOfResident = new HashMap<>();
        resident.values().forEach(r -> rowsOfResident.merge(r, 1L, Long::sum));
        long found =
                rowsOfResident.values().stream().mapToLong(n -> n * (n - 1) / 2).sum();
        Map<StreetLedger.LookAlike, int[]> byLookAlike = new EnumMap<>(StreetLedger.LookAlike.class);
        for (var e : ledger.lookAlikes.entrySet()) {
            int[] counts = new int[2];
            for (int[] pair : e.getValue()) {
                counts[0]++;
                Set<UUID> a = residentsOfAnyRow(rowsOfPerson.get(pair[0]), resident);
                Set<UUID> b = residentsOfAnyRow(rowsOfPerson.get(pair[1]), resident);
                a.retainAll(b);
                if (!a.isEmpty()) {
                    counts[1]++;
                }
            }
            byLookAlike.put(e.getKey(), counts);
        }

        // Pairs the findings point out (a row named by another's finding), whatever was done with them.
        Set<String> pointed = new HashSet<>();
        int questionsRight = 0;
        int questionsWrong = 0;
        for (var e : byRow.entrySet()) {
            long row = e.getKey();
            if (row < 2) {
                continue;
            }
            Set<Long> named = new HashSet<>();
            for (Map<String, Object> f : e.getValue()) {
                if (f.get("otherRow") != null) {
                    named.add(((Number) f.get("otherRow")).longValue());
                }
                Matcher m = ROW_NAMED.matcher(String.valueOf(f.get("message")));
                while (m.find()) {
                    named.add(Long.parseLong(m.group(1)));
                }
                if (f.get("decision") != null && f.get("otherRow") != null) {
                    long other = ((Number) f.get("otherRow")).longValue();
                    if (ledger.personOfRow(other) == ledger.personOfRow(row)) {
                        questionsRight++;
                    } else {
                        questionsWrong++;
                    }
                }
            }
            for (long other : named) {
                if (other >= 2
                        && other <= lastRow
                        && other != row
                        && ledger.personOfRow(other) == ledger.personOfRow(row)) {
                    pointed.add(Math.min(row, other) + ":" + Math.max(row, other));
                }
            }
        }
        long inStreet;
        try (Connection c = TestSql.connect();
                PreparedStatement ps = c.prepareStatement(
                        "select count(*) from resident where community_code like ? and merged_into is null")) {
            ps.setString(1, STREET + "%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                inStreet = rs.getLong(1);
            }
        }
        return new Outcome(
                people,
                resident,
                refused,
                residentsOfPerson,
                lost,
                twice,
                new Pairs(truePairs, found, foundTrue),
                byDamage,
                byLookAlike,
                pointed.size(),
                ambiguous,
                questionsRight,
                questionsWrong,
                inStreet);
    }

    private static boolean same(Map<Long, UUID> resident, long a, long b) {
        UUID ra = resident.get(a);
        return ra != null && ra.equals(resident.get(b));
    }

    private static Set<UUID> residentsOfAnyRow(List<Long> rows, Map<Long, UUID> resident) {
        Set<UUID> found = new HashSet<>();
        for (long row : rows) {
            if (resident.get(row) != null) {
                found.add(resident.get(row));
            }
        }
        return found;
    }

    /** The damage that tells two rows of one person apart (the one either carries), or EXACT_COPY. */
    private static StreetLedger.Damage damageOf(StreetLedger ledger, long a, long b) {
        StreetLedger.Damage da = ledger.rows.get((int) a - 2).damage();
        StreetLedger.Damage db = ledger.rows.get((int) b - 2).damage();
        return da != null ? da : db != null ? db : StreetLedger.Damage.EXACT_COPY;
    }

    /**
     * Which resident each row became, as the registry and the import say after the commit; a row
     * refused (an error no accepted suggestion resolves) became none. In this order:
     *
     * <ol>
     *   <li>a finding naming a resident the row was taken for (a suggestion accepted, or the row
     *       found registered already: {@code residentId});
     *   <li>the resident holding the row's own ID number (as the hub reads it: spaces and full-width
     *       digits normalised), looked up through the registry's ID-number index;
     *   <li>the row a finding of this row names (a suggestion accepted, or a row taken into another
     *       without a question), followed to its resident;
     *   <li>otherwise (no usable number, or a number nobody holds because the hub kept another one
     *       for the person): the resident of the row's community with the same sound of the name and
     *       birth date; when several fit and as many rows are left with that name and birth date,
     *       each row its resident in the order the hub registered them (resident ids are
     *       time-ordered, rows are committed in the file's order); else the one at the row's
     *       building, unit and room. A row that still fits several is counted as ambiguous and
     *       traced to none.
     * </ol>
     *
     * Returns the number of ambiguous rows.
     */
    private int residentsOfRows(
            StreetLedger ledger,
            Map<Long, List<Map<String, Object>>> byRow,
            Set<Long> refused,
            Actor actor,
            List<StreetLedger.Community> communities,
            LocalDate today,
            Map<Long, UUID> resident)
            throws Exception {
        long lastRow = ledger.rows.size() + 1L;
        int nameCol = StreetLedger.col("name");
        int idCol = StreetLedger.col("id");
        // 2. The rows' own numbers, looked up in batches.
        Map<Long, IdNumber> numberOfRow = new HashMap<>();
        for (long row = 2; row <= lastRow; row++) {
            Object cell = ledger.rows.get((int) row - 2).cells().get(idCol);
            if (cell instanceof String s && !s.isBlank()) {
                try {
                    numberOfRow.put(row, IdNumber.parse(s, today));
                } catch (RuntimeException e) {
                    // damaged: no number of its own
                }
            }
        }
        Map<String, IdNumberHolders.IdNumberHolder> holders = new HashMap<>();
        Map<String, IdNumber> distinct = new LinkedHashMap<>();
        numberOfRow.values().forEach(n -> distinct.put(n.value(), n));
        List<IdNumber> numbers = new ArrayList<>(distinct.values());
        for (int from = 0; from < numbers.size(); from += 1000) {
            holders.putAll(residents.holdersOf(actor, numbers.subList(from, Math.min(numbers.size(), from + 1000))));
        }
        // 4. The residents of the street by community, sound of the name and birth date.
        Map<String, List<Object[]>> byPerson = new HashMap<>();
        try (Connection c = TestSql.connect();
                PreparedStatement ps = c.prepareStatement(
                        "select id, community_code, name_key, birth_date, building,"
                                + " unit, room from resident where community_code like ? and merged_into is null order by id")) {
            ps.setString(1, STREET + "%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String key = rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getObject(4, LocalDate.class);
                    byPerson.computeIfAbsent(key, k -> new ArrayList<>()).add(new Object[] {
                        rs.getObject(1, UUID.class), rs.getString(5), rs.getString(6), rs.getString(7)
                    });
                }
            }
        }
        // Rules 1 to 3; the rows they leave, by community, sound of the name and birth date.
        Map<String, List<Long>> unresolved = new LinkedHashMap<>();
        for (long row = 2; row <= lastRow; row++) {
            if (refused.contains(row)) {
                continue;
            }
            UUID r = traced(row, ledger, byRow, numberOfRow, holders, resident, new HashSet<>());
            if (r != null) {
                resident.put(row, r);
            } else {
                StreetLedger.Person p = ledger.people.get(ledger.personOfRow(row));
                String name = PersonName.normalise(
                        String.valueOf(ledger.rows.get((int) row - 2).cells().get(nameCol)));
                String key = p.community.code() + "|" + PersonName.soundKey(name) + "|" + p.birth;
                unresolved.computeIfAbsent(key, k -> new ArrayList<>()).add(row);
            }
        }
        // Rule 4.
        int ambiguous = 0;
        for (var e : unresolved.entrySet()) {
            List<Object[]> fits = byPerson.getOrDefault(e.getKey(), List.of());
            List<Long> rows = e.getValue();
            for (int i = 0; i < rows.size(); i++) {
                long row = rows.get(i);
                StreetLedger.Person p = ledger.people.get(ledger.personOfRow(row));
                UUID r = null;
                if (fits.size() == 1) {
                    r = (UUID) fits.get(0)[0];
                } else if (fits.size() == rows.size()) {
                    r = (UUID) fits.get(i)[0]; // each row its resident, in the order the hub registered them
                } else if (fits.size() > 1) {
                    List<Object[]> here = fits.stream()
                            .filter(f -> p.building.equals(f[1]) && p.unit.equals(f[2]) && p.room.equals(f[3]))
                            .toList();
                    if (here.size() == 1) {
                        r = (UUID) here.get(0)[0];
                    } else {
                        ambiguous++;
                    }
                }
                if (r != null) {
                    resident.put(row, r);
                }
            }
        }
        return ambiguous;
    }

    /** Rules 1 to 3 of {@link #residentsOfRows} for one row; null when they say nothing. */
    private static UUID traced(
            long row,
            StreetLedger ledger,
            Map<Long, List<Map<String, Object>>> byRow,
            Map<Long, IdNumber> numberOfRow,
            Map<String, IdNumberHolders.IdNumberHolder> holders,
            Map<Long, UUID> resident,
            Set<Long> seen) {
        if (!seen.add(row)) {
            return null;
        }
        List<Map<String, Object>> found = byRow.getOrDefault(row, List.of());
        for (Map<String, Object> f : found) {
            boolean taken = "accepted".equals(f.get("decision"))
                    || String.valueOf(f.get("code")).startsWith("existing-resident");
            if (taken && f.get("residentId") != null) {
                return UUID.fromString((String) f.get("residentId"));
            }
        }
        IdNumber own = numberOfRow.get(row);
        IdNumberHolders.IdNumberHolder holder = own == null ? null : holders.get(own.value());
        boolean refusedForIt =
                found.stream().anyMatch(f -> "ERROR".equals(f.get("severity")) && "idNumber".equals(f.get("field")));
        if (holder != null && !refusedForIt) {
            return holder.id();
        }
        for (Map<String, Object> f : found) {
            boolean taken = "accepted".equals(f.get("decision")) || f.get("decision") == null;
            if (taken && f.get("otherRow") != null) {
                long other = ((Number) f.get("otherRow")).longValue();
                UUID r = resident.containsKey(other)
                        ? resident.get(other)
                        : traced(other, ledger, byRow, numberOfRow, holders, resident, seen);
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }

    /** The import's findings beside what the generator put in each row, to read when a figure needs explaining. */
    private static void writeFindings(StreetLedger ledger, List<Map<String, Object>> findings, Path file)
            throws IOException {
        StringBuilder s =
                new StringBuilder("row\tperson\tdamage\tseverity\tcode\tfield\tdecision\totherRow\tmessage\n");
        for (Map<String, Object> f : findings) {
            long row = ((Number) f.get("row")).longValue();
            boolean data = row >= 2 && row <= ledger.rows.size() + 1L;
            s.append(row)
                    .append('\t')
                    .append(data ? ledger.personOfRow(row) : "")
                    .append('\t')
                    .append(data ? ledger.rows.get((int) row - 2).damage() : "")
                    .append('\t')
                    .append(f.get("severity"))
                    .append('\t')
                    .append(f.get("code"))
                    .append('\t')
                    .append(f.get("field"))
                    .append('\t')
                    .append(f.get("decision"))
                    .append('\t')
                    .append(f.get("otherRow"))
                    .append('\t')
                    .append(f.get("message"))
                    .append('\n');
        }
        Files.writeString(file, s, StandardCharsets.UTF_8);
    }

    record Times(double check, double decisions, double commit, double total) {}

    private static String report(
            StreetLedger ledger,
            Path file,
            Json checked,
            Json decided,
            Json committed,
            List<Map<String, Object>> findingsBefore,
            List<Map<String, Object>> findings,
            List<Long> questions,
            Outcome o,
            Times t,
            double loadBefore,
            double loadAfter)
            throws Exception {
        int rows = ledger.rows.size();
        long neededBefore = checked.getLong("progress.decisionsNeeded");
        long neededAfter = decided.getLong("progress.decisionsNeeded");
        double neededPer10k = neededAfter * 10_000.0 / rows;
        StringBuilder s = new StringBuilder();
        String when = LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"));
        s.append("# Onboarding benchmark\n\n");
        s.append("Run ")
                .append(when)
                .append(" UTC with `./mvnw -B test -Pbench -Dtest=OnboardingBenchmark -Dbench.rows=")
                .append(ROWS)
                .append(" -Dbench.seed=")
                .append(SEED)
                .append(HOUSEHOLDS ? "" : " -Dbench.households=false")
                .append("`")
                .append(HOUSEHOLDS ? "" : " (**without the household columns**, to see what they cost)")
                .append(".\n\n");
        s.append("- ")
                .append(Machine.cores())
                .append(" cores (")
                .append(Machine.cpu())
                .append("), ")
                .append(Machine.memoryGigabytes())
                .append(" GB memory; load average (1 min) ")
                .append(String.format("%.1f before, %.1f after", loadBefore, loadAfter))
                .append(" (the hub, its PostgreSQL and the test client share the cores)\n");
        s.append("- Java ")
                .append(System.getProperty("java.version"))
                .append(", PostgreSQL ")
                .append(Machine.postgres())
                .append(" (embedded, fsync on)\n\n");

        s.append("## Targets (issue 16)\n\n");
        s.append("| measure | this run | target | met |\n|---|---:|---:|---|\n");
        target(
                s,
                "rows that still need a person (`decisionsNeeded` after accepting every suggestion), per 10,000 rows",
                String.format("%.0f", neededPer10k),
                "≤ " + TARGET_DECISIONS_PER_10K,
                neededPer10k <= TARGET_DECISIONS_PER_10K);
        target(s, "people lost", String.valueOf(o.lost().size()), "0", o.lost().isEmpty());
        target(
                s,
                "people registered twice",
                String.valueOf(o.twice().size()),
                "0",
                o.twice().isEmpty());
        target(
                s,
                "duplicate precision (pairs of rows)",
                String.format("%.3f", o.pairs().precision()),
                "≥ 0.98",
                o.pairs().precision() >= TARGET_PRECISION);
        target(
                s,
                "duplicate recall (pairs of rows)",
                String.format("%.3f", o.pairs().recall()),
                "≥ 0.95",
                o.pairs().recall() >= TARGET_RECALL);
        target(
                s,
                "machine time, upload to COMMITTED",
                String.format("%.1f s", t.total()),
                "≤ 60 s",
                t.total() <= TARGET_SECONDS);

        s.append("\n## The ledger\n\n");
        s.append(String.format(
                "A generated street ledger (`StreetLedger`, seed %d): %,d rows (XLSX, %d KB) of %,d people in households"
                        + " (户号, 与户主关系) over %d communities, written by code or by name (锦华社区居委会); headers %s;"
                        + " code words (大专, 有配偶, 群众, 汉, 外来人口), tags by shorthand (低保, 高龄, 残疾, 独居老人), birth dates"
                        + " as date cells and in five ways as text; %d people without an ID number. %,d rows (%.1f %%) are a"
                        + " second row of someone:\n\n",
                SEED,
                rows,
                Files.size(file) >> 10,
                o.people(),
                ledger.communities.size(),
                String.join("、", ledger.header.values()),
                ledger.people.stream().filter(p -> p.idNumber == null).count(),
                rows - o.people(),
                100.0 * (rows - o.people()) / rows));
        s.append("| second row | rows | pairs made one resident |\n|---|---:|---:|\n");
        for (StreetLedger.Damage d : StreetLedger.Damage.values()) {
            int[] c = o.byDamage().getOrDefault(d, new int[2]);
            s.append(String.format(
                    "| %s | %d | %d of %d |\n", d.description, ledger.damages.getOrDefault(d, 0), c[1], c[0]));
        }
        s.append("\nAnd people who only look alike (different people, each pair should stay two residents):\n\n");
        s.append("| look-alikes | pairs | made one resident (wrongly) |\n|---|---:|---:|\n");
        for (StreetLedger.LookAlike k : StreetLedger.LookAlike.values()) {
            int[] c = o.byLookAlike().getOrDefault(k, new int[2]);
            s.append(String.format("| %s | %d | %d |\n", k.description, c[0], c[1]));
        }

        s.append("\n## The import\n\n");
        s.append("The street's supervisor uploads the file (`POST /api/v1/imports`), waits for READY, accepts every"
                + " question the hub asks (findings with `decision: pending`, `PUT /api/v1/imports/{id}/decisions`),"
                + " commits the valid rows (`POST /api/v1/imports/{id}/commit?mode=valid-rows`) and waits for"
                + " COMMITTED.\n\n");
        s.append("| | |\n|---|---:|\n");
        s.append(String.format("| rows read | %,d |\n", checked.getLong("progress.rowsRead")));
        s.append(String.format(
                "| valid / with errors after the check | %,d / %,d |\n",
                checked.getLong("progress.rowsValid"), checked.getLong("progress.rowsWithErrors")));
        s.append(String.format("| questions asked (all accepted) | %d |\n", questions.size()));
        s.append(String.format(
                "| of them naming another row: the same person / another person | %d / %d |\n",
                o.questionsRight(), o.questionsWrong()));
        s.append(String.format("| `decisionsNeeded` before accepting | %,d |\n", neededBefore));
        s.append(String.format("| `decisionsNeeded` after accepting | %,d |\n", neededAfter));
        s.append(String.format(
                "| rows committed: registered / updated | %,d: %,d / %,d |\n",
                committed.getLong("progress.rowsCommitted"),
                committed.getLong("progress.rowsRegistered"),
                committed.getLong("progress.rowsUpdated")));
        s.append(String.format(
                "| residents in the street afterwards (people in the ledger: %,d) | %,d |\n",
                o.people(), o.residentsInStreet()));
        s.append(String.format(
                "| pairs of rows of one person a finding points out (names the other row), whatever became of them |"
                        + " %d of %d |\n",
                o.pointedOut(), o.pairs().truePairs()));
        s.append(String.format(
                "| pairs made one resident: of one person / in all | %d / %d |\n",
                o.pairs().foundTrue(), o.pairs().found()));
        s.append(String.format("| rows traced to no single resident (ambiguous) | %d |\n", o.ambiguousRows()));
        s.append(String.format(
                "| machine time: check / decisions / commit / total | %.1f / %.1f / %.1f / %.1f s |\n",
                t.check(), t.decisions(), t.commit(), t.total()));

        s.append("\nRows refused after the decisions, by the code of their errors (a row may have several):\n\n");
        s.append("| error | rows |\n|---|---:|\n");
        Map<String, Set<Long>> byCode = new TreeMap<>();
        for (Map<String, Object> f : findings) {
            long row = ((Number) f.get("row")).longValue();
            if ("ERROR".equals(f.get("severity")) && o.refusedRows().contains(row)) {
                byCode.computeIfAbsent((String) f.get("code"), k -> new HashSet<>())
                        .add(row);
            }
        }
        byCode.entrySet().stream()
                .sorted((a, b) ->
                        Integer.compare(b.getValue().size(), a.getValue().size()))
                .forEach(e -> s.append(String.format(
                        "| `%s` | %d |\n", e.getKey(), e.getValue().size())));
        s.append("\nOf them, rows that are a second row of someone (their person has another row): ")
                .append(o.refusedRows().stream()
                        .filter(r -> rowsOf(ledger, ledger.personOfRow(r)) > 1)
                        .count())
                .append("; rows of a person with no other row: ")
                .append(o.refusedRows().stream()
                        .filter(r -> rowsOf(ledger, ledger.personOfRow(r)) == 1)
                        .count())
                .append(".\n");

        s.append("\nWarnings and questions at the check, by code (findings, before the decisions):\n\n");
        s.append("| finding | count |\n|---|---:|\n");
        Map<String, Integer> warnings = new TreeMap<>();
        for (Map<String, Object> f : findingsBefore) {
            if (!"ERROR".equals(f.get("severity"))) {
                warnings.merge((String) f.get("code"), 1, Integer::sum);
            }
        }
        warnings.entrySet().stream()
                .sorted((a, b) -> Integer.compare(b.getValue(), a.getValue()))
                .forEach(e -> s.append(String.format("| `%s` | %d |\n", e.getKey(), e.getValue())));

        s.append("\nPeople lost, by what their rows carried: ");
        s.append(describe(ledger, o.lost()));
        s.append(". Registered twice: ");
        s.append(describe(ledger, o.twice()));
        s.append(".\n\n");
        s.append("""
                How it is measured. Each row of the file is traced to the resident it became after the commit:
                by a finding naming the resident it was taken for (`residentId` of an accepted suggestion or of an
                `existing-resident` row), else by its own ID number in the registry (as the hub reads it: spaces and
                full-width digits normalised), else by the row a finding of it names (`otherRow` of an accepted
                suggestion), else, for a row without a usable number that was not refused, by the resident of its
                community with the same sound of the name and birth date (when several fit and as many rows are
                left, each row its resident in the order the hub registered them; else the one at the row's address). A row
                refused (an error no accepted suggestion resolves) becomes no resident. A resident is the person most
                of its rows are; a person with no resident is lost, with two or more registered twice. A pair of rows is
                found when both rows became the same resident: precision is the share of such pairs that are one
                person, recall the share of the pairs of one person's rows that were found. A row refused because the
                hub saw it was a second row of someone (`duplicate-in-file`) counts as not found: the hub did not make
                the two rows one resident, a person must. Machine time runs from the upload's request to the import
                seen COMMITTED (polled every 100 ms), the supervisor's decisions (one request) included.
                """);
        return s.toString();
    }

    private static long rowsOf(StreetLedger ledger, int person) {
        return ledger.rows.stream().filter(r -> r.person() == person).count();
    }

    /** What the rows of these people carried: their damage, or look-alike kind, counted. */
    private static String describe(StreetLedger ledger, List<Integer> people) {
        if (people.isEmpty()) {
            return "none";
        }
        Map<String, Integer> kinds = new TreeMap<>();
        for (int p : people) {
            String kind = null;
            for (var e : ledger.lookAlikes.entrySet()) {
                for (int[] pair : e.getValue()) {
                    if (pair[0] == p || pair[1] == p) {
                        kind = e.getKey().name().toLowerCase();
                    }
                }
            }
            if (kind == null) {
                kind = ledger.rows.stream()
                        .filter(r -> r.person() == p && r.damage() != null)
                        .map(r -> r.damage().name().toLowerCase())
                        .findFirst()
                        .orElse(ledger.people.get(p).idNumber == null ? "no ID number" : "a single row");
            }
            kinds.merge(kind, 1, Integer::sum);
        }
        StringBuilder s = new StringBuilder(people.size() + " (");
        kinds.forEach((k, n) -> s.append(k).append(' ').append(n).append(", "));
        s.setLength(s.length() - 2);
        return s.append(')').toString();
    }

    private static void target(StringBuilder s, String what, String value, String target, boolean met) {
        s.append("| ")
                .append(what)
                .append(" | ")
                .append(value)
                .append(" | ")
                .append(target)
                .append(" | ")
                .append(met ? "met" : "**not met**")
                .append(" |\n");
    }

    /**
     * Writes the figures of this run over those of the last one; what was written by hand after
     * them (from the heading "## Earlier runs" on) is kept.
     */
    private static void write(String report) throws IOException {
        // A run without households is a diagnosis, not the benchmark: it stays in target/.
        Path file = HOUSEHOLDS
                ? Path.of("benchmarks", "onboarding.md")
                : Path.of("target", "bench-onboarding", "onboarding.md");
        Files.createDirectories(file.getParent());
        String kept = "";
        if (Files.exists(file)) {
            String before = Files.readString(file, StandardCharsets.UTF_8);
            int at = before.indexOf("\n## Earlier runs");
            kept = at < 0 ? "" : before.substring(at);
        }
        Files.writeString(file, report + kept, StandardCharsets.UTF_8);
        System.out.println(report);
    }
}
