package org.communityhub.access;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/** Page sessions end when they should, on every replica, and their cookies are Secure over HTTPS. */
@HubTest
class PageSessionTest {

    @Inject
    SessionTickets tickets;

    @Inject
    SessionSettings settings;

    @Test
    void signingOutEndsTheSessionAlsoForACopyOfItsCookie() {
        String worker = Users.create("worker", Communities.create());
        PageSession session = PageSession.signIn(worker, Users.PASSWORD, "198.51.100.11");
        Map<String, String> copied = new HashMap<>(session.cookies());
        assertThat(session.open()).isTrue();

        session.request().post("/logout").then().statusCode(200);

        // The copy still holds a cookie that decrypts and is within its idle time: it is refused.
        assertThat(new PageSession(copied, session.token()).open()).isFalse();
        assertThat(given().redirects().follow(false).cookies(copied).get("/").header("Location"))
                .endsWith("/login");
    }

    @Test
    void signingOutAndASessionFoundEndedDropTheSameCookies() {
        String worker = Users.create("worker", Communities.create());
        PageSession session = PageSession.signIn(worker, Users.PASSWORD, "198.51.100.17");
        Map<String, String> copied = new HashMap<>(session.cookies());

        List<String> atSignOut = session.request()
                .post("/logout")
                .then()
                .statusCode(200)
                .extract()
                .headers()
                .getValues("Set-Cookie");
        List<String> atEnded = given().redirects()
                .follow(false)
                .cookies(copied)
                .get("/")
                .then()
                .statusCode(303)
                .extract()
                .headers()
                .getValues("Set-Cookie");

        Map<String, List<String>> dropped = dropped(atSignOut);
        assertThat(dropped)
                .containsOnlyKeys("quarkus-credential", SessionTickets.COOKIE, PageTokenSignIn.ID_TOKEN_COOKIE)
                .allSatisfy((name, attributes) -> assertThat(attributes)
                        .contains("max-age=0", "httponly", "samesite=strict")
                        .contains(name.equals(PageTokenSignIn.ID_TOKEN_COOKIE) ? "path=/logout" : "path=/"));
        assertThat(dropped(atEnded)).isEqualTo(dropped);
    }

    /** The cookies a response drops (empty value), each with its attributes but the date. */
    private static Map<String, List<String>> dropped(List<String> setCookies) {
        Map<String, List<String>> dropped = new HashMap<>();
        for (String setCookie : setCookies) {
            String[] parts = setCookie.split(";\\s*");
            if (parts[0].endsWith("=")) {
                String name = parts[0].substring(0, parts[0].length() - 1);
                assertThat(dropped).as("dropped twice: %s", name).doesNotContainKey(name);
                dropped.put(
                        name,
                        java.util.Arrays.stream(parts)
                                .skip(1)
                                .map(String::toLowerCase)
                                .filter(a -> !a.startsWith("expires="))
                                .sorted()
                                .toList());
            }
        }
        return dropped;
    }

    @Test
    void aPasswordResetEndsEverySessionOfTheUser() {
        String worker = Users.create("worker", Communities.create());
        PageSession one = PageSession.signIn(worker, Users.PASSWORD, "198.51.100.12");
        PageSession two = PageSession.signIn(worker, Users.PASSWORD, "198.51.100.13");

        Users.asAdmin()
                .body(Map.of("password", "another-pass-2027"))
                .put("/api/v1/users/" + worker + "/password")
                .then()
                .statusCode(204);

        assertThat(one.open()).isFalse();
        assertThat(two.open()).isFalse();
        assertThat(PageSession.signIn(worker, "another-pass-2027", "198.51.100.12")
                        .open())
                .isTrue();
    }

    @Test
    void aRoleOrAreaChangeOrDisablingEndsTheSessionsButAnOtherEditDoesNot() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        PageSession session = PageSession.signIn(worker, Users.PASSWORD, "198.51.100.14");

        change(
                worker,
                Map.of("displayName", "王工", "roles", List.of("worker"), "scope", List.of(community), "enabled", true));
        assertThat(session.open()).as("a new display name").isTrue();

        change(worker, Map.of("roles", List.of("worker"), "scope", List.of(Communities.create()), "enabled", true));
        assertThat(session.open()).as("another area").isFalse();

        PageSession again = PageSession.signIn(worker, Users.PASSWORD, "198.51.100.14");
        change(worker, Map.of("roles", List.of("worker"), "scope", List.of(community), "enabled", false));
        assertThat(again.open()).as("disabled").isFalse();
    }

    @Test
    void aSessionEndsAtItsAbsoluteLifetimeHoweverBusy() {
        String worker = Users.create("worker", Communities.create());
        PageSession session = PageSession.signIn(worker, Users.PASSWORD, "198.51.100.15");
        assertThat(settings.absoluteLifetime()).isEqualTo(Duration.ofHours(12));

        Map<String, String> cookies = new HashMap<>(session.cookies());
        cookies.put(
                SessionTickets.COOKIE,
                tickets.value(
                        worker, 0, Instant.now().minus(Duration.ofHours(12).plusMinutes(1))));
        assertThat(new PageSession(cookies, session.token()).open()).isFalse();
        cookies.put(
                SessionTickets.COOKIE, tickets.value(worker, 0, Instant.now().minus(Duration.ofHours(11))));
        assertThat(new PageSession(cookies, session.token()).open()).isTrue();
        // Without its ticket, or with another user's, the form sign-in's cookie alone is no session.
        cookies.remove(SessionTickets.COOKIE);
        assertThat(new PageSession(cookies, session.token()).open()).isFalse();
        cookies.put(SessionTickets.COOKIE, tickets.value("admin", 0, Instant.now()));
        assertThat(new PageSession(cookies, session.token()).open()).isFalse();
    }

    @Test
    void behindAnHttpsIngressTheSessionCookiesAreSecure() {
        String worker = Users.create("worker", Communities.create());
        Response signIn = given().redirects()
                .follow(false)
                .header("X-Forwarded-For", "198.51.100.16")
                .header("X-Forwarded-Proto", "https")
                .formParam("j_username", worker)
                .formParam("j_password", Users.PASSWORD)
                .post("/j_security_check");
        List<String> cookies = signIn.getHeaders().getValues("Set-Cookie");
        assertThat(cookies)
                .filteredOn(c -> c.startsWith("quarkus-credential=") || c.startsWith(SessionTickets.COOKIE + "="))
                .hasSize(2)
                .allSatisfy(c -> assertThat(c).containsIgnoringCase("; Secure").containsIgnoringCase("HttpOnly"));

        Response plain = given().redirects()
                .follow(false)
                .header("X-Forwarded-For", "198.51.100.16")
                .formParam("j_username", worker)
                .formParam("j_password", Users.PASSWORD)
                .post("/j_security_check");
        assertThat(plain.getHeaders().getValues("Set-Cookie")).noneMatch(c -> c.contains("Secure"));
    }

    private static void change(String username, Map<String, Object> change) {
        String etag = Users.asAdmin().get("/api/v1/users/" + username).header("ETag");
        Users.asAdmin()
                .header("If-Match", etag)
                .body(change)
                .put("/api/v1/users/" + username)
                .then()
                .statusCode(200);
    }
}
