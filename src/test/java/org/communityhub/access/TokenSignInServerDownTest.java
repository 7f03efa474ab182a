package org.communityhub.access;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.HubTestDatabase;
import org.junit.jupiter.api.Test;

/** Token sign-in configured, but its OIDC server cannot be reached: the hub still serves its built-in users. */
@HubTest
@TestProfile(TokenSignInServerDownTest.WithUnreachableServer.class)
class TokenSignInServerDownTest {

    /** Nothing listens on the loopback's port 1: connections are refused at once. */
    public static class WithUnreachableServer implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.oidc.auth-server-url", "http://127.0.0.1:1/realms/community",
                    "quarkus.oidc.client-id", "community-hub",
                    "quarkus.oidc.connection-timeout", "2s");
        }
    }

    @Test
    void aTokenIsAnsweredWithServiceUnavailableWhileBuiltInUsersSignIn() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String token = Jwt.preferredUserName("token.user")
                .audience("community-hub")
                .claim("realm_access", Map.of("roles", List.of(Roles.WORKER)))
                .sign(generator.generateKeyPair().getPrivate());

        given().auth()
                .oauth2(token)
                .when()
                .get("/api/v1/me")
                .then()
                .statusCode(503)
                .contentType("application/problem+json")
                .header("Retry-After", equalTo("30"))
                .body("code", equalTo("sign-in-unavailable"));
        given().auth()
                .preemptive()
                .basic("admin", HubTestDatabase.ADMIN_PASSWORD)
                .when()
                .get("/api/v1/me")
                .then()
                .statusCode(200)
                .body("username", equalTo("admin"));
    }
}
