package org.communityhub.registry.resident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.Json;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/**
 * Registering an ID number tells whether somebody holds it. Outside the caller's area the answer
 * names nobody, is in the access log for that area's auditors, and is rationed per user and day,
 * so the registry cannot be used to learn at scale who is registered in the district.
 */
@HubTest
class IdNumberLookupsTest {

    /** hub.privacy.lookups-elsewhere-per-day, at its default. */
    private static final int BUDGET = 30;

    @Test
    void aNumberRegisteredInAnotherCommunityIsSaidToBeSoWithoutNamingItsHolder() {
        String home = Communities.create();
        String other = Communities.create();
        String homeWorker = Users.create(Roles.WORKER, home);
        String otherWorker = Users.create(Roles.WORKER, other);
        String homeAuditor = Users.create(Roles.AUDITOR, home);
        String otherAuditor = Users.create(Roles.AUDITOR, other);
        var holder = aResident().in(home).withName("查询甲");
        String holderId = holder.registerAs(homeWorker);

        // In the worker's own area: the resident is named, as always.
        register(homeWorker, home, holder.idNumber())
                .then()
                .statusCode(409)
                .body(at("code", equalTo("duplicate-id-number")))
                .body(at("existingId", equalTo(holderId)));

        // Elsewhere: registered, ask the street; no id, no name.
        String body = register(otherWorker, other, holder.idNumber())
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body(at("code", equalTo("id-number-registered-elsewhere")))
                .body(at("detail", containsString("街道")))
                .body(at("$", not(org.hamcrest.Matchers.hasKey("existingId"))))
                .extract()
                .asString();
        assertThat(body).doesNotContain(holderId, "查询甲", home);

        // The holder's auditors see who looked their resident up; the caller's own do not.
        Json log = lookups(homeAuditor, holderId);
        assertThat(log.getInt("total")).isEqualTo(1);
        assertThat(log.getString("items[0].username")).isEqualTo(otherWorker);
        assertThat(log.getList("items[0].fields", String.class)).containsExactly("idNumber");
        assertThat(lookups(otherAuditor, holderId).getInt("total")).isZero();
    }

    @Test
    void answersAboutOtherAreasAreRationedAndThenEveryLookUpIsRefused() {
        String home = Communities.create();
        String other = Communities.create();
        String homeWorker = Users.create(Roles.WORKER, home);
        String prober = Users.create(Roles.WORKER, other);
        String colleague = Users.create(Roles.WORKER, other);
        List<String> held = new ArrayList<>();
        for (int i = 0; i < BUDGET; i++) {
            var r = aResident().in(home);
            r.registerAs(homeWorker);
            held.add(r.idNumber());
        }
        for (String number : held) {
            register(prober, other, number)
                    .then()
                    .statusCode(409)
                    .body(at("code", equalTo("id-number-registered-elsewhere")));
        }

        // Used up: refused whether the number is held or free, so the refusal tells nothing.
        for (String number : List.of(held.get(0), IdNumbers.any())) {
            register(prober, other, number)
                    .then()
                    .statusCode(429)
                    .contentType("application/problem+json")
                    .body(at("code", equalTo("lookups-exhausted")));
        }
        // A registration without an ID number looks nothing up.
        Users.as(prober)
                .body(aResident()
                        .in(other)
                        .withoutIdNumber(java.time.LocalDate.of(1990, 1, 1), "1")
                        .json())
                .post("/api/v1/residents")
                .then()
                .statusCode(201);
        // An import's check looks numbers up too: it stops, saying why.
        String ledger = "姓名,身份证号\r\n查询乙," + IdNumbers.any() + "\r\n";
        String importId = io.restassured.RestAssured.given()
                .auth()
                .preemptive()
                .basic(prober, Users.PASSWORD)
                .multiPart("file", "名册.csv", ledger.getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/api/v1/imports")
                .then()
                .statusCode(202)
                .extract()
                .as(Json.class)
                .get("id");
        org.communityhub.testing.Waiting.await()
                .atMost(java.time.Duration.ofSeconds(60))
                .untilAsserted(() -> Users.as(prober)
                        .get("/api/v1/imports/" + importId)
                        .then()
                        .body(at("state", equalTo("FAILED")))
                        .body(at("error.code", equalTo("lookups-exhausted"))));

        // Another user's budget is their own.
        register(colleague, other, IdNumbers.any()).then().statusCode(201);
    }

    private static Response register(String worker, String community, String idNumber) {
        return Users.as(worker)
                .body(aResident().in(community).withIdNumber(idNumber).json())
                .post("/api/v1/residents");
    }

    private static Json lookups(String auditor, String resident) {
        return Users.as(auditor)
                .get("/api/v1/audit/access-log?action=LOOKUP&resident=" + resident)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
    }
}
