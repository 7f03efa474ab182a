package org.communityhub.access.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.communityhub.testing.TestSql.connect;
import static org.communityhub.testing.Waiting.await;
import static org.hamcrest.Matchers.equalTo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.communityhub.access.Roles;
import org.communityhub.testing.ClearValues;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.HubTestDatabase;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.Phones;
import org.communityhub.testing.ResidentTestData;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/**
 * Nothing personal in clear where the hub keeps its data: neither a dump of every table nor the
 * bytes of the database's files (tables, indexes, write-ahead log) and its server log hold an ID
 * number or phone of any test resident, in any form. The exported files of file platforms are
 * outside the database and hold ID numbers by design; they are not looked at.
 */
@HubTest
class PersonalDataAtRestTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @Test
    void idNumbersAndPhonesAreNowhereInTheDatabaseInClear() throws Exception {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        List<String> idNumbers = new ArrayList<>();
        List<String> phones = new ArrayList<>();
        List<String> residents = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ResidentTestData r = aResident()
                    .in(community)
                    .bornOn(LocalDate.of(1950 + i * 3, 1 + i, 1 + i * 2), i % 2 == 0 ? "1" : "2")
                    .with("phone", Phones.any());
            residents.add(r.registerAs(worker));
            idNumbers.add(r.idNumber());
            phones.add((String) r.json().get("phone"));
            if (i == 0) {
                // an edit of both, so that history rows exist for them too
                ResidentTestData edited =
                        r.bornOn(LocalDate.of(1950, 1, 1), "1").with("phone", Phones.any());
                Users.as(worker)
                        .header("If-Match", "\"0\"")
                        .body(edited.json())
                        .when()
                        .put("/api/v1/residents/" + residents.get(0))
                        .then()
                        .statusCode(200);
                idNumbers.add(edited.idNumber());
                phones.add((String) edited.json().get("phone"));
            }
        }
        // Delivered to a platform (公安, on the simulator): the hub keeps the platform's copy too.
        await().atMost(PATIENCE).untilAsserted(() -> {
            for (String id : residents) {
                Users.as(worker)
                        .when()
                        .get("/api/v1/residents/" + id + "/sync")
                        .then()
                        .statusCode(200)
                        .body(at("find { it.adapterId == 'public-security' }.status", equalTo("SYNCED")));
            }
        });

        try (Connection c = connect()) {
            scansFindWhatIsPlantedInClear(c);

            // This test's residents, and every ID number and phone any test of this JVM made up.
            List<String> everyId = new ArrayList<>(IdNumbers.issued());
            everyId.addAll(idNumbers);
            List<String> everyPhone = new ArrayList<>(Phones.issued());
            everyPhone.addAll(phones);
            ClearValues personal = ClearValues.of(everyId, everyPhone);
            String dump = dumpEveryTable(c);
            assertThat(dump)
                    .as("the dump read the residents and the platform's copies")
                    .contains(residents);
            assertThat(platformCopies(c, residents)).isEqualTo(residents.size());
            assertThat(masked(personal.foundIn(dump))).as("in the dump").isEmpty();
            execute(c, "checkpoint"); // what is in shared buffers goes to the files
            Map<String, Set<String>> inFiles = new TreeMap<>();
            foundInFiles(personal).forEach((file, found) -> inFiles.put(file, masked(found)));
            assertThat(inFiles).as("in the database's files").isEmpty();
        }
    }

    /** The scans can fail: values written in clear on purpose are found, in each form. */
    private static void scansFindWhatIsPlantedInClear(Connection c) throws Exception {
        String text = IdNumbers.withCheck("99000019800101123"); // region 99: no test issues these
        String bytes = IdNumbers.withCheck("99000019800101456");
        String base64 = "13700990011";
        ClearValues planted = ClearValues.of(List.of(text, bytes), List.of(base64));
        execute(c, "create table clear_value_self_check (plain text, raw bytea, b64 text)");
        try {
            try (PreparedStatement ps = c.prepareStatement("insert into clear_value_self_check"
                    + " values (?, convert_to(?, 'UTF8'), encode(convert_to(?, 'UTF8'), 'base64'))")) {
                ps.setString(1, text);
                ps.setString(2, bytes);
                ps.setString(3, base64);
                ps.executeUpdate();
            }
            assertThat(planted.foundIn(dumpEveryTable(c))).containsExactlyInAnyOrder(text, bytes, base64);
            execute(c, "checkpoint");
            assertThat(foundInFiles(planted).values().stream().flatMap(Set::stream))
                    .contains(text, bytes);
        } finally {
            execute(c, "drop table clear_value_self_check");
        }
    }

    /** Every row of every table in the hub's schema, as text (a bytea shows as hex). */
    private static String dumpEveryTable(Connection c) throws Exception {
        StringBuilder dump = new StringBuilder();
        try (Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select tablename from pg_tables where schemaname = 'public'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).contains("resident", "resident_history", "platform_record", "sharing_ledger");
            for (String table : tables) {
                try (ResultSet rs = s.executeQuery("select t::text from \"" + table + "\" t")) {
                    while (rs.next()) {
                        dump.append(rs.getString(1)).append('\n');
                    }
                }
            }
        }
        return dump.toString();
    }

    /**
     * The values found in the files of the database cluster and in its server log, by file. Not in
     * the PostgreSQL binaries, nor in the platforms' exported files (outside the database).
     */
    private static Map<String, Set<String>> foundInFiles(ClearValues values) throws IOException {
        Path dir = HubTestDatabase.database().dataDirectory();
        List<Path> files;
        try (Stream<Path> cluster = Files.walk(dir.resolve("postgres"))) {
            files = cluster.filter(Files::isRegularFile).collect(Collectors.toCollection(ArrayList::new));
        }
        files.add(dir.resolve("postgres.log"));
        assertThat(files).as("the cluster's files").hasSizeGreaterThan(100);
        Map<String, Set<String>> found = new TreeMap<>();
        for (Path file : files) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                continue; // a temporary file PostgreSQL removed meanwhile
            }
            Set<String> inFile = values.foundInBytes(bytes);
            if (!inFile.isEmpty()) {
                found.put(dir.relativize(file).toString(), inFile);
            }
        }
        return found;
    }

    private static int platformCopies(Connection c, List<String> residents) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("select count(*) from platform_record where adapter_id ="
                + " 'public-security' and payload_cipher is not null and resident_id = any(?)")) {
            ps.setArray(1, c.createArrayOf("uuid", residents.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static Set<String> masked(Set<String> values) {
        return values.stream().map(ClearValues::mask).collect(Collectors.toSet());
    }

    private static void execute(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
