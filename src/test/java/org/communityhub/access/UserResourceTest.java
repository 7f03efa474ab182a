package org.communityhub.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.TestSql;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@HubTest
class UserResourceTest {

    private static final AtomicInteger NEXT = new AtomicInteger();
    private static final String PASSWORD = "synthetic-pass-42";

    private String community;

    @BeforeEach
    void aCommunity() {
        community = Communities.create();
    }

    // ---- Creating users -------------------------------------------------------------------------

    @Test
    void anAdminCreatesAUserWhoCanThenSignIn() {
        String username = newUsername();

        Users.asAdmin()
                .body(newUser(username, PASSWORD, List.of(Roles.WORKER, Roles.SUPERVISOR), List.of(community))
                        .with("displayName", "测试网格员")
                        .map)
                .when()
                .post("/api/v1/users")
                .then()
                .statusCode(201)
                .header("ETag", "\"0\"")
                .header("Location", endsWith("/api/v1/users/" + username))
                .body(at("username", equalTo(username)))
                .body(at("displayName", equalTo("测试网格员")))
                .body(at("roles", containsInAnyOrder(Roles.WORKER, Roles.SUPERVISOR)))
                .body(at("scope", contains(community)))
                .body(at("enabled", is(true)))
                .body(at("id", notNullValue()))
                .body(at("$", not(org.hamcrest.Matchers.hasKey("password"))))
                .body(at("$", not(org.hamcrest.Matchers.hasKey("passwordHash"))));

        as(username, PASSWORD)
                .when()
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body(at("username", equalTo(username)))
                .body(at("roles", containsInAnyOrder(Roles.WORKER, Roles.SUPERVISOR)))
                .body(at("scope", contains(community)));
        Users.asAdmin()
                .when()
                .get("/api/v1/users/" + username)
                .then()
                .statusCode(200)
                .header("ETag", "\"0\"")
                .body(at("displayName", equalTo("测试网格员")));
    }

    @Test
    void aWeakPasswordIsRefused() {
        String username = newUsername();

        for (String weak : List.of("short1a", "onlyletterspassword", "1234567890123", username + "99x")) {
            Users.asAdmin()
                    .body(newUser(username, weak, List.of(Roles.WORKER), List.of(community)).map)
                    .when()
                    .post("/api/v1/users")
                    .then()
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body(at("errors.field", contains("password")))
                    .body(at("errors[0].code", equalTo("weak-password")));
        }
        for (String common : List.of("password12", "qwerty1234", "a123456789", "woaini1314")) {
            Users.asAdmin()
                    .body(newUser(username, common, List.of(Roles.WORKER), List.of(community)).map)
                    .when()
                    .post("/api/v1/users")
                    .then()
                    .statusCode(422)
                    .contentType("application/problem+json")
                    .body(at("errors.field", contains("password")))
                    .body(at("errors[0].code", equalTo("common-password")))
                    .body(at("errors[0].message", containsString("太常见")));
        }
        Users.asAdmin().when().get("/api/v1/users/" + username).then().statusCode(404);
    }

    @Test
    void anUnknownRoleIsRefused() {
        Users.asAdmin()
                .body(newUser(newUsername(), PASSWORD, List.of(Roles.WORKER, "mayor"), List.of(community)).map)
                .when()
                .post("/api/v1/users")
                .then()
                .statusCode(422)
                .body(at("errors.field", contains("roles[1]")))
                .body(at("errors[0].code", equalTo("unknown-role")));
        Users.asAdmin()
                .body(newUser(newUsername(), PASSWORD, List.of(), List.of(community)).map)
                .when()
                .post("/api/v1/users")
                .then()
                .statusCode(422)
                .body(at("errors.field", contains("roles")));
    }

    @Test
    void aScopeMustBeAWellFormedKnownDivision() {
        Users.asAdmin()
                .body(newUser(newUsername(), PASSWORD, List.of(Roles.WORKER), List.of("1101x5")).map)
                .when()
                .post("/api/v1/users")
                .then()
                .statusCode(422)
                .body(at("errors.field", contains("scope[0]")))
                .body(at("errors[0].code", equalTo("invalid-format")));
        Users.asAdmin()
                .body(newUser(newUsername(), PASSWORD, List.of(Roles.WORKER), List.of(community, "1101050")).map)
                .when()
                .post("/api/v1/users")
                .then()
                .statusCode(422)
                .body(at("errors.field", contains("scope[1]")));
        String username = newUsername();
        Users.asAdmin()
                .body(newUser(username, PASSWORD, List.of(Roles.WORKER), List.of("110105999")).map)
                .when()
                .post("/api/v1/users")
                .then()
                .statusCode(422)
                .body(at("errors.field", contains("scope[0]")))
                .body(at("errors[0].code", equalTo("unknown-division")));
        Users.asAdmin().when().get("/api/v1/users/" + username).then().statusCode(404);
    }

    @Test
    void aUsernameIsTakenOnlyOnce() {
        String username = createUser(Roles.WORKER, community);

        Users.asAdmin()
                .body(newUser(username, "another-pass-77", List.of(Roles.SUPERVISOR), List.of(community)).map)
                .when()
                .post("/api/v1/users")
                .then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body(at("code", equalTo("duplicate-username")));
        // The first user keeps their password and roles.
        as(username, PASSWORD)
                .when()
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body(at("roles", contains(Roles.WORKER)));
    }

    // ---- Signing in -----------------------------------------------------------------------------

    @Test
    void aBearerTokenIsUnauthorizedWhileTokenSignInIsOff() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String token = Jwt.preferredUserName("token.user")
                .claim("realm_access", Map.of("roles", List.of(Roles.ADMIN)))
                .claim("hub_scope", List.of("*"))
                .sign(generator.generateKeyPair().getPrivate());

        given().auth()
                .oauth2(token)
                .when()
                .get("/api/v1/me")
                .then()
                .statusCode(401)
                .contentType("application/problem+json")
                .body(at("code", equalTo("unauthenticated")))
                .header("WWW-Authenticate", not(containsString("Bearer")));
    }

    @Test
    void aWrongPasswordIsUnauthorizedWithAChallengeAndAProblem() {
        String username = createUser(Roles.WORKER, community);

        as(username, "wrong-pass-123")
                .when()
                .get("/api/v1/me")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("Basic"))
                .contentType("application/problem+json")
                .body(at("status", is(401)))
                .body(at("code", equalTo("unauthenticated")));
        given().when().get("/api/v1/me").then().statusCode(401).header("WWW-Authenticate", containsString("Basic"));
        as("nobody-" + NEXT.getAndIncrement(), PASSWORD)
                .when()
                .get("/api/v1/me")
                .then()
                .statusCode(401);

        as(username, PASSWORD).when().get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void onlyAdminsManageUsers() {
        String worker = createUser(Roles.WORKER, community);

        as(worker, PASSWORD)
                .when()
                .get("/api/v1/users")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body(at("code", equalTo("forbidden")));
        as(worker, PASSWORD)
                .body(newUser(newUsername(), PASSWORD, List.of(Roles.ADMIN), List.of("*")).map)
                .when()
                .post("/api/v1/users")
                .then()
                .statusCode(403);
        as(worker, PASSWORD).when().get("/api/v1/users/admin").then().statusCode(403);
        Users.asAdmin().when().get("/api/v1/users").then().statusCode(200).body(at("items.username", hasItem("admin")));
    }

    // ---- Changing users -------------------------------------------------------------------------

    @Test
    void aChangeNeedsTheVersionItWasBasedOn() {
        String username = createUser(Roles.WORKER, community);
        String street = Communities.streetOf(community);
        Map<String, Object> change = change(List.of(Roles.SUPERVISOR), List.of(street), true);

        Users.asAdmin()
                .body(change)
                .when()
                .put("/api/v1/users/" + username)
                .then()
                .statusCode(428)
                .body(at("code", equalTo("precondition-required")));
        Users.asAdmin()
                .header("If-Match", "\"4\"")
                .body(change)
                .when()
                .put("/api/v1/users/" + username)
                .then()
                .statusCode(412)
                .body(at("code", equalTo("stale-version")));
        as(username, PASSWORD).when().get("/api/v1/me").then().body(at("roles", contains(Roles.WORKER)));

        Users.asAdmin()
                .header("If-Match", "\"0\"")
                .body(change)
                .when()
                .put("/api/v1/users/" + username)
                .then()
                .statusCode(200)
                .header("ETag", "\"1\"")
                .body(at("roles", contains(Roles.SUPERVISOR)))
                .body(at("scope", contains(street)));

        as(username, PASSWORD)
                .when()
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body(at("roles", contains(Roles.SUPERVISOR)))
                .body(at("scope", contains(street)));
        Users.asAdmin()
                .header("If-Match", "\"0\"")
                .body(change)
                .when()
                .put("/api/v1/users/" + username)
                .then()
                .statusCode(412);
    }

    @Test
    void aDisabledUserCannotSignIn() {
        String username = createUser(Roles.WORKER, community);
        as(username, PASSWORD).when().get("/api/v1/me").then().statusCode(200);

        Users.asAdmin()
                .header("If-Match", "\"0\"")
                .body(change(List.of(Roles.WORKER), List.of(community), false))
                .when()
                .put("/api/v1/users/" + username)
                .then()
                .statusCode(200)
                .body(at("enabled", is(false)));

        as(username, PASSWORD).when().get("/api/v1/me").then().statusCode(401);
        as(username, PASSWORD).when().get("/api/v1/code-tables").then().statusCode(401);

        Users.asAdmin()
                .header("If-Match", "\"1\"")
                .body(change(List.of(Roles.WORKER), List.of(community), true))
                .when()
                .put("/api/v1/users/" + username)
                .then()
                .statusCode(200)
                .body(at("enabled", is(true)));
        as(username, PASSWORD).when().get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void theOnlyEnabledAdminCannotBeDisabledNorLoseTheAdminRole() {
        String second = createUser(Roles.ADMIN, "*");
        List<String> othersDisabled = new ArrayList<>();
        try {
            // Leave `second` as the only enabled admin: disable every other one for the moment.
            for (String other : enabledAdmins()) {
                if (!other.equals(second)) {
                    setEnabled(second, other, false);
                    othersDisabled.add(other);
                }
            }
            Users.asAdmin().when().get("/api/v1/me").then().statusCode(401);

            Json self = as(second, PASSWORD)
                    .when()
                    .get("/api/v1/users/" + second)
                    .then()
                    .statusCode(200)
                    .extract()
                    .as(Json.class);
            String etag = "\"" + self.getInt("version") + "\"";

            as(second, PASSWORD)
                    .header("If-Match", etag)
                    .body(change(List.of(Roles.ADMIN), List.of("*"), false))
                    .when()
                    .put("/api/v1/users/" + second)
                    .then()
                    .statusCode(409)
                    .contentType("application/problem+json")
                    .body(at("code", equalTo("last-admin")));
            as(second, PASSWORD)
                    .header("If-Match", etag)
                    .body(change(List.of(Roles.WORKER, Roles.SUPERVISOR), List.of("*"), true))
                    .when()
                    .put("/api/v1/users/" + second)
                    .then()
                    .statusCode(409)
                    .body(at("code", equalTo("last-admin")));

            as(second, PASSWORD)
                    .when()
                    .get("/api/v1/me")
                    .then()
                    .statusCode(200)
                    .body(at("roles", contains(Roles.ADMIN)))
                    .body(at("enabled", is(true)));
        } finally {
            for (String other : othersDisabled) {
                try {
                    setEnabled(second, other, true);
                } catch (AssertionError e) {
                    // The rule under test failed and `second` can no longer act: put the others back
                    // directly, so that a broken rule fails this test only, not every later one.
                    enableInDatabase(other);
                }
            }
        }
        Users.asAdmin().when().get("/api/v1/me").then().statusCode(200).body(at("roles", hasItem(Roles.ADMIN)));

        // With another enabled admin about, the second admin may step down.
        Json self = Users.asAdmin()
                .when()
                .get("/api/v1/users/" + second)
                .then()
                .extract()
                .as(Json.class);
        Users.asAdmin()
                .header("If-Match", "\"" + self.getInt("version") + "\"")
                .body(change(List.of(Roles.WORKER), List.of(community), true))
                .when()
                .put("/api/v1/users/" + second)
                .then()
                .statusCode(200)
                .body(at("roles", contains(Roles.WORKER)));
    }

    // ---- Passwords ------------------------------------------------------------------------------

    @Test
    void aUserChangesTheirOwnPasswordKnowingTheCurrentOne() {
        String username = createUser(Roles.WORKER, community);

        as(username, PASSWORD)
                .body(Map.of("currentPassword", PASSWORD, "password", "fresh-secret-2027"))
                .when()
                .put("/api/v1/users/" + username + "/password")
                .then()
                .statusCode(204);

        as(username, PASSWORD).when().get("/api/v1/me").then().statusCode(401);
        as(username, "fresh-secret-2027").when().get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void aWrongCurrentPasswordIsRefused() {
        String username = createUser(Roles.WORKER, community);

        as(username, PASSWORD)
                .body(Map.of("currentPassword", "not-my-pass-1", "password", "fresh-secret-2027"))
                .when()
                .put("/api/v1/users/" + username + "/password")
                .then()
                .statusCode(422)
                .body(at("errors.field", contains("currentPassword")))
                .body(at("errors[0].code", equalTo("wrong-password")));
        as(username, PASSWORD)
                .body(Map.of("password", "fresh-secret-2027"))
                .when()
                .put("/api/v1/users/" + username + "/password")
                .then()
                .statusCode(422)
                .body(at("errors.field", contains("currentPassword")));

        as(username, PASSWORD).when().get("/api/v1/me").then().statusCode(200);
        as(username, "fresh-secret-2027").when().get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void aNewPasswordMustBeStrong() {
        String username = createUser(Roles.WORKER, community);

        as(username, PASSWORD)
                .body(Map.of("currentPassword", PASSWORD, "password", "short1"))
                .when()
                .put("/api/v1/users/" + username + "/password")
                .then()
                .statusCode(422)
                .body(at("errors.field", contains("password")))
                .body(at("errors[0].code", equalTo("weak-password")));
        as(username, PASSWORD).when().get("/api/v1/me").then().statusCode(200);
    }

    @Test
    void aUserCannotChangeSomeoneElsesPassword() {
        String username = createUser(Roles.WORKER, community);
        String victim = createUser(Roles.WORKER, community);

        as(username, PASSWORD)
                .body(Map.of("currentPassword", PASSWORD, "password", "taken-over-2027"))
                .when()
                .put("/api/v1/users/" + victim + "/password")
                .then()
                .statusCode(403)
                .contentType("application/problem+json");

        as(victim, PASSWORD).when().get("/api/v1/me").then().statusCode(200);
        as(victim, "taken-over-2027").when().get("/api/v1/me").then().statusCode(401);
    }

    @Test
    void anAdminResetsAPasswordWithoutKnowingIt() {
        String username = createUser(Roles.WORKER, community);

        Users.asAdmin()
                .body(Map.of("password", "reset-by-admin-9"))
                .when()
                .put("/api/v1/users/" + username + "/password")
                .then()
                .statusCode(204);

        as(username, PASSWORD).when().get("/api/v1/me").then().statusCode(401);
        as(username, "reset-by-admin-9").when().get("/api/v1/me").then().statusCode(200);
    }

    // ---- Helpers --------------------------------------------------------------------------------

    private static String newUsername() {
        return "ut.user." + NEXT.getAndIncrement();
    }

    /** Creates a user with {@link #PASSWORD}; returns the username. */
    private static String createUser(String role, String... scope) {
        String username = newUsername();
        Users.asAdmin()
                .body(newUser(username, PASSWORD, List.of(role), List.of(scope)).map)
                .when()
                .post("/api/v1/users")
                .then()
                .statusCode(201);
        return username;
    }

    private static RequestSpecification as(String username, String password) {
        return given().auth().preemptive().basic(username, password).contentType(ContentType.JSON);
    }

    private static Body newUser(String username, String password, List<String> roles, List<String> scope) {
        return new Body()
                .with("username", username)
                .with("password", password)
                .with("roles", roles)
                .with("scope", scope);
    }

    private static Map<String, Object> change(List<String> roles, List<String> scope, boolean enabled) {
        return new Body().with("roles", roles).with("scope", scope).with("enabled", enabled).map;
    }

    /** Usernames of all enabled admins, read page by page. */
    private static List<String> enabledAdmins() {
        List<String> admins = new ArrayList<>();
        for (int page = 0; ; page++) {
            Json users = Users.asAdmin()
                    .queryParam("page", page)
                    .queryParam("size", 200)
                    .when()
                    .get("/api/v1/users")
                    .then()
                    .statusCode(200)
                    .extract()
                    .as(Json.class);
            List<Map<String, Object>> items = users.getList("items");
            for (Map<String, Object> u : items) {
                if (Boolean.TRUE.equals(u.get("enabled")) && ((List<?>) u.get("roles")).contains(Roles.ADMIN)) {
                    admins.add((String) u.get("username"));
                }
            }
            if (items.size() < 200) {
                return admins;
            }
        }
    }

    /** As {@code actor} (an admin), enables or disables {@code username}, keeping their roles and scope. */
    /** Runs for every other admin of the suite. */
    @SuppressWarnings("unchecked")
    private static void setEnabled(String actor, String username, boolean enabled) {
        Map<String, Object> user = as(actor, PASSWORD)
                .when()
                .get("/api/v1/users/" + username)
                .then()
                .statusCode(200)
                .extract()
                .as(Map.class);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("displayName", user.get("displayName"));
        body.put("roles", user.get("roles"));
        body.put("scope", user.get("scope"));
        body.put("enabled", enabled);
        Map<String, Object> changed = as(actor, PASSWORD)
                .header("If-Match", "\"" + user.get("version") + "\"")
                .body(body)
                .when()
                .put("/api/v1/users/" + username)
                .then()
                .statusCode(200)
                .extract()
                .as(Map.class);
        assertThat(changed.get("enabled")).isEqualTo(enabled);
        assertThat(changed.get("displayName")).isEqualTo(user.get("displayName"));
    }

    /** Last resort of {@link #theOnlyEnabledAdminCannotBeDisabledNorLoseTheAdminRole}'s clean-up. */
    private static void enableInDatabase(String username) {
        try (Connection c = TestSql.connect();
                PreparedStatement ps = c.prepareStatement("update app_user set enabled = true where username = ?")) {
            ps.setString(1, username);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not re-enable " + username, e);
        }
    }

    /** A JSON object built field by field; null values are left out. */
    private static final class Body {
        final Map<String, Object> map = new LinkedHashMap<>();

        Body with(String field, Object value) {
            if (value != null) {
                map.put(field, value);
            }
            return this;
        }
    }
}
