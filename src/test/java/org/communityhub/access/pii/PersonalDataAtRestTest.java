package org.communityhub.access.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.ResidentTestData.aResident;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.communityhub.access.Roles;
import org.communityhub.common.database.EmbeddedDatabase;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.HubTestDatabase;
import org.communityhub.testing.ResidentTestData;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/** A plain dump of the database holds no ID number and no phone in clear. */
@HubTest
class PersonalDataAtRestTest {

    @Test
    void idNumbersAndPhonesAreNowhereInTheDatabaseInClear() throws Exception {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        ResidentTestData resident = aResident().in(community).with("phone", "13987654321");
        String id = Users.as(worker)
                .body(resident.json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        // an edit, so that history rows exist too
        Map<String, Object> edit = resident.with("phone", "13911112222").json();
        Users.as(worker)
                .header("If-Match", "\"0\"")
                .body(edit)
                .when()
                .put("/api/v1/residents/" + id)
                .then()
                .statusCode(200);

        String dump = dumpEveryTable();

        assertThat(dump).contains(id); // the dump did read the resident's rows
        assertThat(dump)
                .doesNotContain(resident.idNumber())
                .doesNotContain(resident.idNumber().substring(6, 14)
                        + resident.idNumber().substring(14, 17))
                .doesNotContain("13987654321")
                .doesNotContain("13911112222");
    }

    /** Every row of every table in the hub's schema, as text. */
    private static String dumpEveryTable() throws Exception {
        EmbeddedDatabase db = HubTestDatabase.database();
        StringBuilder dump = new StringBuilder();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
                Statement s = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select tablename from pg_tables where schemaname = 'public'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).contains("resident", "resident_history");
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
}
