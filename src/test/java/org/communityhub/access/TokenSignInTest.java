package org.communityhub.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.PlatformsAndLimitsTestProfile;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sign-in with OIDC bearer tokens beside the built-in users, against a fake OIDC server (WireMock on
 * a free port) that publishes its signing key the way Keycloak does ({@link
 * PlatformsAndLimitsTestProfile}).
 */
@HubTest
@TestProfile(PlatformsAndLimitsTestProfile.class)
class TokenSignInTest {

    /** The hub's client in the realm; tokens must name it as their audience. */
    private static final String CLIENT_ID = PlatformsAndLimitsTestProfile.OIDC_CLIENT_ID;
    /** The issuer the fake server announces. */
    private static final String ISSUER = "https://server.example.com";
    /** The fake server's signing key (published as key "1" of its JWKS). */
    private static final String SERVER_KEY = "privateKey.jwk";

    private static final AtomicInteger NEXT = new AtomicInteger();

    private String community;
    private String otherCommunity;
    private String residentHere;
    private String residentElsewhere;

    @BeforeEach
    void twoCommunitiesWithAResidentEach() {
        community = Communities.create();
        otherCommunity = Communities.create();
        residentHere = aResident().in(community).registerAs(Users.create(Roles.WORKER, community));
        residentElsewhere = aResident().in(otherCommunity).registerAs(Users.create(Roles.WORKER, otherCommunity));
    }

    @Test
    void aWorkerTokenReadsResidentsInItsScopeAndNoOthers() {
        String token = signed(claims(newName(), List.of(Roles.WORKER)).claim("hub_scope", List.of(community)));

        withToken(token)
                .when()
                .get("/api/v1/residents/" + residentHere)
                .then()
                .statusCode(200)
                .body(at("id", equalTo(residentHere)));
        withToken(token)
                .when()
                .get("/api/v1/residents/" + residentElsewhere)
                .then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body(at("code", equalTo("not-found")));
        withToken(token)
                .when()
                .get("/api/v1/residents")
                .then()
                .statusCode(200)
                .body(at("items.id", contains(residentHere)));
    }

    @Test
    void aTokenUserActsUnderTheirOwnPrefixedNameNeverAsTheBuiltInUserOfTheSameName() {
        String builtIn = Users.create(Roles.WORKER, community);
        String token = signed(claims(builtIn, List.of(Roles.WORKER)).claim("hub_scope", community));

        withToken(token)
                .when()
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body(at("username", equalTo("oidc:" + builtIn)))
                .body(at("roles", contains(Roles.WORKER)))
                .body(at("scope", contains(community)));
        withToken(token)
                .body(aResident().in(community).json())
                .when()
                .post("/api/v1/residents")
                .then()
                .statusCode(201)
                .body(at("createdBy", equalTo("oidc:" + builtIn)));
    }

    @Test
    void withoutAPreferredUsernameTheSubjectNamesTheUser() {
        String subject = "5f0c8a2e-" + NEXT.getAndIncrement();
        String token = signed(Jwt.subject(subject)
                .issuer(ISSUER)
                .audience(CLIENT_ID)
                .claim("realm_access", Map.of("roles", List.of(Roles.WORKER)))
                .claim("hub_scope", List.of(community)));

        withToken(token)
                .when()
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body(at("username", equalTo("oidc:" + subject)));
    }

    @Test
    void aTokenWithoutAScopeSeesNothing() {
        for (JwtClaimsBuilder claims : List.of(
                claims(newName(), List.of(Roles.WORKER, Roles.SUPERVISOR)),
                claims(newName(), List.of(Roles.WORKER, Roles.SUPERVISOR)).claim("hub_scope", ""),
                claims(newName(), List.of(Roles.WORKER, Roles.SUPERVISOR)).claim("hub_scope", List.of()))) {
            String token = signed(claims);

            withToken(token).when().get("/api/v1/me").then().statusCode(200).body(at("scope", empty()));
            withToken(token)
                    .when()
                    .get("/api/v1/residents/" + residentHere)
                    .then()
                    .statusCode(404);
            withToken(token)
                    .when()
                    .get("/api/v1/residents")
                    .then()
                    .statusCode(200)
                    .body(at("total", is(0)));
        }
    }

    @Test
    void scopeEntriesThatAreNotDivisionCodesAreDropped() {
        String separated = signed(claims(newName(), List.of(Roles.WORKER))
                .claim("hub_scope", community + ", 12345 abc *1101 " + community.substring(0, 10)));
        withToken(separated).when().get("/api/v1/me").then().body(at("scope", contains(community)));

        String listed = signed(
                claims(newName(), List.of(Roles.WORKER)).claim("hub_scope", List.of("1101050", community, "", "社区")));
        withToken(listed).when().get("/api/v1/me").then().body(at("scope", contains(community)));
    }

    @Test
    void everywhereOnlyWhenTheTokenSaysStar() {
        String everywhere = signed(claims(newName(), List.of(Roles.SUPERVISOR)).claim("hub_scope", List.of("*")));

        withToken(everywhere).when().get("/api/v1/me").then().body(at("scope", contains("*")));
        withToken(everywhere)
                .when()
                .get("/api/v1/residents/" + residentElsewhere)
                .then()
                .statusCode(200);
    }

    @Test
    void onlyTheHubsRolesCount() {
        String foreign = signed(claims(newName(), List.of("offline_access", "Worker", "superuser"))
                .claim("hub_scope", List.of(community)));

        withToken(foreign)
                .when()
                .get("/api/v1/residents/" + residentHere)
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body(at("code", equalTo("forbidden")));
        withToken(foreign).when().get("/api/v1/me").then().statusCode(200).body(at("roles", empty()));

        String mixed = signed(claims(newName(), List.of("uma_authorization", Roles.WORKER, "default-roles-hub"))
                .claim("hub_scope", List.of(community)));
        withToken(mixed).when().get("/api/v1/me").then().body(at("roles", contains(Roles.WORKER)));
    }

    @Test
    void rolesAreReadFromTheRealmRolesNotFromOtherClaims() {
        String token = signed(Jwt.preferredUserName(newName())
                .issuer(ISSUER)
                .audience(CLIENT_ID)
                .claim("roles", List.of(Roles.ADMIN))
                .groups(Roles.ADMIN)
                .claim("hub_scope", List.of("*")));

        withToken(token).when().get("/api/v1/users").then().statusCode(403);
    }

    @Test
    void anExpiredForeignOrMisdirectedTokenIsUnauthorizedAsAProblem() throws NoSuchAlgorithmException {
        Instant now = Instant.now();
        String expired = signed(claims(newName(), List.of(Roles.WORKER))
                .claim("hub_scope", List.of(community))
                .issuedAt(now.minusSeconds(1200))
                .expiresAt(now.minusSeconds(600)));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair otherKey = generator.generateKeyPair();
        String wronglySigned = claims(newName(), List.of(Roles.WORKER))
                .claim("hub_scope", List.of(community))
                .jws()
                .keyId("1")
                .sign(otherKey.getPrivate());
        String forAnotherClient = signed(claims(newName(), List.of(Roles.WORKER))
                .audience("another-client")
                .claim("hub_scope", List.of(community)));
        String fromAnotherIssuer = signed(claims(newName(), List.of(Roles.WORKER))
                .issuer("https://elsewhere.example.com")
                .claim("hub_scope", List.of(community)));

        for (String token : List.of(expired, wronglySigned, forAnotherClient, fromAnotherIssuer, "not-a-token")) {
            ValidatableResponse response = withToken(token)
                    .when()
                    .get("/api/v1/residents/" + residentHere)
                    .then()
                    .statusCode(401)
                    .contentType("application/problem+json")
                    .body(at("status", is(401)))
                    .body(at("code", equalTo("unauthenticated")));
            assertThat(response.extract().headers().getValues("WWW-Authenticate"))
                    .anyMatch(challenge -> challenge.startsWith("Bearer"))
                    .anyMatch(challenge -> challenge.startsWith("Basic"));
        }
    }

    @Test
    void builtInUsersStillSignInWithAPassword() {
        String worker = Users.create(Roles.WORKER, community);

        Users.as(worker)
                .when()
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body(at("username", equalTo(worker)))
                .header("ETag", equalTo("\"0\""));
        Users.as(worker).when().get("/api/v1/residents/" + residentHere).then().statusCode(200);
        given().auth()
                .preemptive()
                .basic(worker, "wrong-password-1")
                .when()
                .get("/api/v1/me")
                .then()
                .statusCode(401)
                .contentType("application/problem+json");
    }

    // ---- Tokens ---------------------------------------------------------------------------------

    /** Claims as Keycloak issues them for the hub's client: realm roles under realm_access. */
    private static JwtClaimsBuilder claims(String username, List<String> realmRoles) {
        return Jwt.preferredUserName(username)
                .subject("subject-" + username)
                .issuer(ISSUER)
                .audience(CLIENT_ID)
                .claim("realm_access", Map.of("roles", realmRoles));
    }

    /** Signed with the fake server's key, so the hub finds the key through the server's JWKS. */
    private static String signed(JwtClaimsBuilder claims) {
        return claims.jws().keyId("1").sign(SERVER_KEY);
    }

    private static RequestSpecification withToken(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    private static String newName() {
        return "token.user." + NEXT.getAndIncrement();
    }
}
