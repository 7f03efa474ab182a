package org.communityhub.matching;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.communityhub.testing.Waiting.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.communityhub.access.Roles;
import org.communityhub.reference.identity.IdNumber;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.Json;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@HubTest
class DuplicateResourceTest {

    private static final LocalDate BIRTH = LocalDate.of(1980, 3, 2);

    private String community;
    private String worker;
    private String supervisor;

    @BeforeEach
    void aCommunityWithItsWorkerAndSupervisor() {
        community = Communities.create();
        worker = Users.create(Roles.WORKER, community);
        supervisor = Users.create(Roles.SUPERVISOR, community);
    }

    @Test
    void aHomophoneWithTheSameBirthDateIsRegisteredWithAWarningNamingTheCandidate() {
        String first =
                aResident().in(community).withName("张伟").bornOn(BIRTH, "1").registerAs(worker);

        Json created = register(aResident()
                .in(community)
                .withName("章伟")
                .withoutIdNumber(BIRTH, "1")
                .at("7号楼", "2", "301")
                .json());

        assertThat(created.getList("warnings")).hasSize(1);
        assertThat(created.getString("warnings[0].code")).isEqualTo("probable-duplicate");
        assertThat(created.getList("warnings[0].candidates.id")).containsExactly(first);
        assertThat(created.getList("warnings[0].candidates[0].reasons.code"))
                .contains("name-homophone", "birth-date-same", "id-number-missing");
        assertThat(created.getFloat("warnings[0].candidates[0].score")).isBetween(0.55f, 1f);
        assertThat(created.getString("warnings[0].candidates[0].reasons[0].message"))
                .contains("同音");
    }

    @Test
    void aResidentWithoutProbableDuplicatesHasNoWarnings() {
        aResident().in(community).withName("李娜").bornOn(BIRTH, "2").registerAs(worker);

        Users.as(worker)
                .body(aResident()
                        .in(community)
                        .withName("王芳")
                        .bornOn(BIRTH, "2")
                        .json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(201)
                .body(at("warnings", nullValue()));
    }

    @Test
    void anIdNumberOneDigitAwayIsACandidateEvenWithAnotherBirthDate() {
        String number = IdNumbers.of(BIRTH, "1");
        String first =
                aResident().in(community).withName("劉德華").withIdNumber(number).registerAs(worker);
        // A digit of the birth date mistyped, the check character recomputed (as an upgraded 15-digit number has).
        char[] digits = number.substring(0, 17).toCharArray();
        digits[13] = digits[13] == '9' ? '8' : (char) (digits[13] + 1);
        String typo = IdNumbers.withCheck(new String(digits));

        Json created = register(
                aResident().in(community).withName("刘德华").withIdNumber(typo).json());

        assertThat(created.getList("warnings[0].candidates.id")).containsExactly(first);
        assertThat(created.getList("warnings[0].candidates[0].reasons.code"))
                .contains("name-variant", "id-number-one-digit", "birth-date-one-digit");
    }

    @Test
    void twinsAndAFatherAndSonOfOneNameAreNotCandidates() {
        aResident()
                .in(community)
                .withName("赵明")
                .bornOn(BIRTH, "1")
                .at("3", "1", "502")
                .registerAs(worker);
        Users.as(worker)
                .body(aResident()
                        .in(community)
                        .withName("赵亮")
                        .bornOn(BIRTH, "1")
                        .at("3", "1", "502")
                        .json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(201)
                .body(at("warnings", nullValue()));
        Users.as(worker)
                .body(aResident()
                        .in(community)
                        .withName("赵明")
                        .bornOn(BIRTH.plusYears(28), "1")
                        .at("3", "1", "502")
                        .json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(201)
                .body(at("warnings", nullValue()));
    }

    @Test
    void residentsOfAnotherCommunityAreNeverCandidates() {
        String elsewhere = Communities.create();
        String otherWorker = Users.create(Roles.WORKER, elsewhere);
        aResident().in(elsewhere).withName("孙丽").bornOn(BIRTH, "2").registerAs(otherWorker);

        Users.as(worker)
                .body(aResident()
                        .in(community)
                        .withName("孙丽")
                        .withoutIdNumber(BIRTH, "2")
                        .json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(201)
                .body(at("warnings", nullValue()));
    }

    @Test
    void differentPeopleIsRememberedAndNeverOfferedAgainByAScan() {
        aResident().in(community).withName("周杰").bornOn(BIRTH, "1").registerAs(worker);
        Json created = register(aResident()
                .in(community)
                .withName("周傑")
                .withoutIdNumber(BIRTH, "1")
                .json());
        String pair = created.getString("warnings[0].candidates[0].pairId");

        Users.as(worker)
                .body(Map.of("decision", "DIFFERENT_PEOPLE"))
                .when()
                .post("/api/v1/duplicates/{id}/decision", pair)
                .then()
                .statusCode(200)
                .body(at("status", equalTo("DIFFERENT_PEOPLE")))
                .body(at("decidedBy", equalTo(worker)));
        Users.as(worker)
                .body(Map.of("decision", "SAME_PERSON"))
                .when()
                .post("/api/v1/duplicates/{id}/decision", pair)
                .then()
                .statusCode(409)
                .body(at("code", equalTo("already-decided")));

        Json scan = scanAndWait(community);
        assertThat(scan.getInt("pairsFound")).isZero();
        Users.as(supervisor)
                .when()
                .get("/api/v1/duplicates?status=open")
                .then()
                .statusCode(200)
                .body(at("total", equalTo(0)));
        Users.as(supervisor)
                .when()
                .get("/api/v1/duplicates?status=different-people")
                .then()
                .statusCode(200)
                .body(at("items.id", hasItems(pair)));
    }

    @Test
    void aScanQueuesThePairsOfItsCommunityForTheSupervisor() {
        String number = IdNumbers.of(BIRTH, "2");
        String legacy = number.substring(0, 6) + number.substring(8, 17);
        String a = aResident().in(community).withName("陈静").withIdNumber(number).registerAs(worker);
        // Imported long ago with the 15-digit number mistyped in one digit; upgraded by the registry.
        char[] digits = legacy.toCharArray();
        digits[2] = digits[2] == '9' ? '8' : (char) (digits[2] + 1);
        IdNumber typo = IdNumber.parse(new String(digits), LocalDate.now());
        String b = aResident()
                .in(community)
                .withName("陳 靜")
                .withIdNumber(typo.value())
                .at("9号楼", "1", "101")
                .registerAs(worker);

        Json scan = scanAndWait(community);

        assertThat(scan.getString("scope")).isEqualTo(community);
        assertThat(scan.getInt("residentsRead")).isEqualTo(2);
        assertThat(scan.getInt("pairsFound")).isEqualTo(1);
        Json queue = Users.as(supervisor)
                .when()
                .get("/api/v1/duplicates?status=open")
                .then()
                .statusCode(200)
                .body(at("items", hasSize(1)))
                .body(at("total", equalTo(1)))
                .extract()
                .as(Json.class);
        assertThat(List.of(queue.getString("items[0].residentA.id"), queue.getString("items[0].residentB.id")))
                .containsExactlyInAnyOrder(a, b);
        assertThat(queue.getList("items[0].reasons.code")).contains("name-variant", "id-number-one-digit");
        assertThat(queue.getString("items[0].residentA.idNumber"))
                .contains("*")
                .doesNotContain(number.substring(6, 14));
    }

    @Test
    void scansStayInTheSupervisorsArea() {
        String elsewhere = Communities.create();
        Users.as(supervisor)
                .body(Map.of("scope", elsewhere))
                .when()
                .post("/api/v1/duplicate-scans")
                .then()
                .statusCode(403)
                .body(at("code", equalTo("out-of-area")));
        Users.as(worker)
                .body(Map.of("scope", community))
                .when()
                .post("/api/v1/duplicate-scans")
                .then()
                .statusCode(403);
        Users.as(supervisor)
                .body(Map.of("scope", "12x"))
                .when()
                .post("/api/v1/duplicate-scans")
                .then()
                .statusCode(422)
                .body(at("errors[0].field", equalTo("scope")));
    }

    private Json register(Map<String, Object> body) {
        return Users.as(worker)
                .body(body)
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class);
    }

    private Json scanAndWait(String scope) {
        String id = Users.as(supervisor)
                .body(Map.of("scope", scope))
                .when()
                .post("/api/v1/duplicate-scans")
                .then()
                .statusCode(202)
                .extract()
                .as(Json.class)
                .get("id");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !List.of("QUEUED", "RUNNING")
                        .contains(Users.as(supervisor)
                                .when()
                                .get("/api/v1/duplicate-scans/{id}", id)
                                .then()
                                .extract()
                                .as(Json.class)
                                .get("state")));
        Json scan = Users.as(supervisor)
                .when()
                .get("/api/v1/duplicate-scans/{id}", id)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(scan.getString("state")).isEqualTo("DONE");
        return scan;
    }
}
