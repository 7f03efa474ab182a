package org.communityhub.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.TestSql;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/** Guessing passwords is slowed down by source, without locking anybody out. */
@HubTest
class SignInThrottleTest {

    @Test
    void guessingAUsersPasswordElsewhereDoesNotLockTheUserOut() throws Exception {
        String worker = Users.create("worker", Communities.create());
        // Ten wrong passwords from two addresses: under the old lock the username was closed to everybody.
        for (int i = 0; i < 10; i++) {
            basic(worker, "wrong-password-" + i, "203.0.113." + (20 + i % 2))
                    .then()
                    .statusCode(401);
        }

        basic(worker, Users.PASSWORD, "192.0.2.20").then().statusCode(200);
        assertThat(formSignIn(worker, Users.PASSWORD, "192.0.2.21"))
                .as("the form, from a desk")
                .doesNotContain("error");
        // The guessers' addresses are refused even the right password while the guessing goes on.
        basic(worker, Users.PASSWORD, "203.0.113.20").then().statusCode(401);
        basic(worker, Users.PASSWORD, "203.0.113.21").then().statusCode(401);
    }

    @Test
    void aSourceOverItsBudgetIsRefusedBeforeAnyPasswordIsChecked() throws Exception {
        String worker = Users.create("worker", Communities.create());
        String source = "203.0.113.40";
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            basic("nobody-" + i, "wrong-password", source).then().statusCode(401);
        }
        long logged = Files.size(LOG);
        // Within its wait, even the right password from that source is refused, without a hash: the log says why.
        basic(worker, Users.PASSWORD, source).then().statusCode(401);
        assertThat(logSince(logged))
                .anyMatch(line -> line.contains("Sign-in refused for user " + worker + " from " + source)
                        && line.contains("waiting"));
        // Other sources are not slowed down.
        basic(worker, Users.PASSWORD, "192.0.2.40").then().statusCode(200);
    }

    @Test
    void aBurstOfFailuresForOneUsernameRaisesAnAlertForTheAuditors() throws Exception {
        String worker = Users.create("worker", Communities.create());
        for (int i = 0; i < LoginThrottle.USERNAME_FAILURES; i++) {
            basic(worker, "wrong-password-" + i, "203.0.113." + (60 + i % 3))
                    .then()
                    .statusCode(401);
        }
        assertThat(TestSql.count(
                        "select residents from audit_alert where kind = 'SIGN_IN' and username = '" + worker + "'"))
                .isEqualTo(LoginThrottle.USERNAME_FAILURES);
        String auditor = Users.create("auditor", "*");
        Users.as(auditor)
                .get("/api/v1/audit/alerts?user=" + worker)
                .then()
                .statusCode(200)
                .body(at("items[0].kind", org.hamcrest.Matchers.equalTo("SIGN_IN")));
    }

    private static final Path LOG = Path.of("target/quarkus-test.log");

    static List<String> logSince(long offset) throws Exception {
        byte[] all = Files.readAllBytes(LOG);
        return List.of(new String(
                        all,
                        (int) Math.min(offset, all.length),
                        (int) Math.max(0, all.length - offset),
                        java.nio.charset.StandardCharsets.UTF_8)
                .split("\n"));
    }

    private static io.restassured.response.Response basic(String username, String password, String source) {
        return given().auth()
                .preemptive()
                .basic(username, password)
                .header("X-Forwarded-For", source)
                .get("/api/v1/me");
    }

    private static String formSignIn(String username, String password, String source) {
        return given().redirects()
                .follow(false)
                .header("X-Forwarded-For", source)
                .formParam("j_username", username)
                .formParam("j_password", password)
                .post("/j_security_check")
                .header("Location");
    }
}
