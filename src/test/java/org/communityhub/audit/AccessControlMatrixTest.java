package org.communityhub.audit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.ResidentTestData.aResident;

import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubDates;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.ResidentTestData;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Who may call what, generated: every role (and no sign-in) × a resident inside or outside the
 * caller's area × every endpoint that reads personal data or audit records, against the rule each
 * endpoint states (its roles; whether it is about one resident, so that outside the area it is 404,
 * as if the resident did not exist; lists that must leave out residents outside the area).
 */
@HubTest
class AccessControlMatrixTest {

    private static final String ANONYMOUS = "(not signed in)";
    private static final Set<String> REGISTRY = Set.of(Roles.WORKER, Roles.SUPERVISOR);

    /** How an endpoint treats a resident outside the caller's area. */
    private enum Kind {
        /** About one resident: 404 outside the area. */
        ONE_RESIDENT,
        /** A list that shows the resident: 200, and only residents inside the area. */
        LIST,
        /** A list that may or may not show the resident yet: 200, never one outside the area. */
        FILTERED,
        /** A community's filled form (collections): its residents inside the area, 403 outside it. */
        COMMUNITY_FORM,
        /** Not about a resident. */
        OTHER
    }

    private record Endpoint(String method, String path, Set<String> roles, Kind kind) {

        String describe() {
            return method + " " + path;
        }
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("GET", "/api/v1/residents/{rid}", REGISTRY, Kind.ONE_RESIDENT),
            new Endpoint(
                    "GET",
                    "/api/v1/residents/{rid}?reveal=idNumber&purpose=identity-check",
                    REGISTRY,
                    Kind.ONE_RESIDENT),
            new Endpoint("GET", "/api/v1/residents/{rid}/history", REGISTRY, Kind.ONE_RESIDENT),
            new Endpoint(
                    "GET",
                    "/api/v1/residents/{rid}/disclosures",
                    Set.of(Roles.WORKER, Roles.SUPERVISOR, Roles.AUDITOR),
                    Kind.ONE_RESIDENT),
            new Endpoint("GET", "/api/v1/residents/{rid}/sync", REGISTRY, Kind.ONE_RESIDENT),
            new Endpoint(
                    "GET",
                    "/api/v1/adapters/public-security/preview/{rid}",
                    Set.of(Roles.ADAPTER_ADMIN),
                    Kind.ONE_RESIDENT),
            new Endpoint("GET", "/api/v1/residents?q={name}", REGISTRY, Kind.LIST),
            new Endpoint("GET", "/api/v1/audit/ledger?resident={rid}", Set.of(Roles.AUDITOR), Kind.FILTERED),
            new Endpoint("GET", "/api/v1/audit/access-log?resident={rid}", Set.of(Roles.AUDITOR), Kind.FILTERED),
            new Endpoint("POST", "/api/v1/audit/verify", Set.of(Roles.AUDITOR), Kind.OTHER),
            new Endpoint("GET", "/api/v1/audit/over-sharing", Set.of(Roles.AUDITOR), Kind.OTHER),
            new Endpoint("GET", "/api/v1/audit/alerts", Set.of(Roles.AUDITOR), Kind.OTHER),
            new Endpoint("GET", "/api/v1/audit/reports/sharing", Set.of(Roles.AUDITOR), Kind.OTHER),
            new Endpoint("GET", "/api/v1/adapters", Set.of(Roles.ADAPTER_ADMIN), Kind.OTHER),
            new Endpoint("GET", "/api/v1/tasks", REGISTRY, Kind.OTHER),
            new Endpoint("GET", "/api/v1/users", Set.of(Roles.ADMIN), Kind.OTHER),
            new Endpoint("GET", "/api/v1/collections", REGISTRY, Kind.OTHER),
            new Endpoint("GET", "/api/v1/collections/{cid}", REGISTRY, Kind.OTHER),
            new Endpoint(
                    "GET",
                    "/api/v1/collections/{cid}/forms/{community}?purpose=platform-submission",
                    REGISTRY,
                    Kind.COMMUNITY_FORM));

    @TestFactory
    Stream<DynamicTest> everyRoleInAndOutOfScopeOnEveryEndpoint() {
        String home = Communities.create();
        String elsewhere = Communities.create();
        String registrar = Users.create(Roles.SUPERVISOR, "*");
        // A name of this run only, so that the search finds these two residents and no others.
        String name = "矩阵"
                + home.substring(home.length() - 4)
                        .chars()
                        .mapToObj(d -> String.valueOf("甲乙丙丁戊己庚辛壬癸".charAt(d - '0')))
                        .collect(java.util.stream.Collectors.joining());
        ResidentTestData inside = aResident().in(home).withName(name).with("residenceType", "2");
        ResidentTestData outside = aResident().in(elsewhere).withName(name).with("residenceType", "2");
        Map<Boolean, String> residents =
                Map.of(true, inside.registerAs(registrar), false, outside.registerAs(registrar));
        Map<Boolean, String> idNumbers = Map.of(true, inside.idNumber(), false, outside.idNumber());
        Map<Boolean, String> communities = Map.of(true, home, false, elsewhere);
        String collection = collection(registrar, home, elsewhere);
        Map<String, String> users = new LinkedHashMap<>();
        Roles.ALL.forEach(role -> users.put(role, Users.create(role, home)));
        users.put(ANONYMOUS, null);

        List<DynamicTest> tests = new ArrayList<>();
        for (Map.Entry<String, String> user : users.entrySet()) {
            for (boolean inScope : List.of(true, false)) {
                for (Endpoint e : ENDPOINTS) {
                    String rid = residents.get(inScope);
                    String path = e.path()
                            .replace("{rid}", rid)
                            .replace("{name}", name)
                            .replace("{cid}", collection)
                            .replace("{community}", communities.get(inScope));
                    tests.add(DynamicTest.dynamicTest(
                            user.getKey() + " × " + (inScope ? "in area" : "outside area") + " × " + e.describe(),
                            () -> check(
                                    e, user.getKey(), user.getValue(), path, inScope, rid, idNumbers.get(inScope))));
                }
            }
        }
        return tests.stream();
    }

    /** A collection of both communities, its form a CSV of names and sexes keyed by resident. */
    private static String collection(String supervisor, String home, String elsewhere) {
        return Users.as(supervisor)
                .contentType("multipart/form-data")
                .multiPart("file", "form.csv", "姓名,性别,走访情况\r\n".getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart(new MultiPartSpecBuilder("矩阵填报")
                        .controlName("title")
                        .charset(StandardCharsets.UTF_8)
                        .build())
                .multiPart("scope", home + "," + elsewhere)
                .multiPart("selection", "all")
                .multiPart("dueDate", LocalDate.now(HubDates.ZONE).plusDays(1).toString())
                .post("/api/v1/collections")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class)
                .get("id");
    }

    private static void check(
            Endpoint e, String role, String username, String path, boolean inScope, String rid, String idNumber) {
        RequestSpecification request = username == null ? given() : Users.as(username);
        Response response = e.method().equals("GET") ? request.get(path) : request.post(path);
        int status = response.statusCode();
        if (username == null) {
            assertThat(status).as("no sign-in").isEqualTo(401);
            return;
        }
        if (!e.roles().contains(role)) {
            assertThat(status).as("role %s is not allowed", role).isEqualTo(403);
            assertThat(response.contentType()).startsWith("application/problem+json");
            return;
        }
        if (e.kind() == Kind.ONE_RESIDENT && !inScope) {
            assertThat(status)
                    .as("a resident outside the area does not exist for the caller")
                    .isEqualTo(404);
            assertThat(response.asString()).doesNotContain(idNumber);
            return;
        }
        if (e.kind() == Kind.COMMUNITY_FORM && !inScope) {
            assertThat(status).as("another community's form").isEqualTo(403);
            assertThat(response.contentType()).startsWith("application/problem+json");
            return;
        }
        assertThat(status).as("allowed").isEqualTo(200);
        String body = response.asString();
        if ((e.kind() == Kind.LIST || e.kind() == Kind.COMMUNITY_FORM) && inScope) {
            assertThat(body).contains(rid);
        }
        if (e.kind() != Kind.OTHER && !inScope) {
            assertThat(body).doesNotContain(rid);
        }
        boolean revealed = e.path().contains("reveal=idNumber");
        if (revealed) {
            assertThat(response.as(Json.class).getString("idNumber")).isEqualTo(idNumber);
        } else {
            assertThat(body).as("identifiers stay masked").doesNotContain(idNumber);
        }
    }
}
