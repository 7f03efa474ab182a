package org.communityhub.access;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.ResidentTestData.aResident;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWireMock;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
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
 * The pages' sign-in through the OIDC server (code flow with PKCE), against the fake server of
 * {@link TokenSignInTest}: its discovery document and keys, with the token endpoint's answer for
 * each sign-in stubbed here (the fake server cannot know the nonce of a sign-in by itself).
 */
@HubTest
@TestProfile(PlatformsAndLimitsTestProfile.class)
class PageTokenSignInTest {

    private static final String CLIENT_ID = PlatformsAndLimitsTestProfile.OIDC_CLIENT_ID;
    private static final String ISSUER = "https://server.example.com";
    private static final String TOKEN_PATH = "/auth/realms/quarkus/token";
    private static final AtomicInteger NEXT = new AtomicInteger();

    @OidcWireMock
    WireMockServer server;

    private String community;
    private String here;
    private String elsewhere;

    @BeforeEach
    void twoCommunitiesWithAResidentEach() {
        community = Communities.create();
        String otherCommunity = Communities.create();
        here = "本社区居民" + chinese(NEXT.incrementAndGet());
        elsewhere = "外社区居民" + chinese(NEXT.incrementAndGet());
        aResident().in(community).withName(here).registerAs(Users.create(Roles.WORKER, community));
        aResident().in(otherCommunity).withName(elsewhere).registerAs(Users.create(Roles.WORKER, otherCommunity));
    }

    @Test
    void theSignInPageOffersTheServerBesideTheForm() {
        String page = given().get("/login").then().statusCode(200).extract().asString();

        assertThat(page)
                .contains("使用统一身份认证登录")
                .contains("href=\"/sign-in/oidc\"")
                .contains("j_username");
    }

    @Test
    void aTokenUsersPageSessionSeesItsScopeOnlyAndSignsOutAtTheServer() throws Exception {
        String username = "page.user." + NEXT.incrementAndGet();
        Flow flow = begin();
        String code = flow.answerWith(accessToken(username, List.of(Roles.WORKER), community), flow.nonce);

        Response back = flow.callback(code, flow.state);

        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(back.asString()).contains("http-equiv=\"refresh\"");
        LoggedRequest exchange = server.findAll(
                        postRequestedFor(urlEqualTo(TOKEN_PATH)).withRequestBody(containing("code=" + code)))
                .get(0);
        Map<String, String> form = form(exchange.getBodyAsString());
        assertThat(form).containsEntry("grant_type", "authorization_code");
        assertThat(challenge(form.get("code_verifier")))
                .as("the verifier answers the challenge")
                .isEqualTo(flow.query.get("code_challenge"));
        assertThat(flow.query).containsEntry("code_challenge_method", "S256").containsEntry("client_id", CLIENT_ID);

        PageSession session = new PageSession(
                back.getCookies(),
                PageSession.tokenOf(given().cookies(back.getCookies()).get("/").asString()));
        String residents = session.request()
                .get("/residents")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(residents).contains(here).doesNotContain(elsewhere);
        assertThat(session.request().get("/").asString()).contains("oidc:" + username);

        Response out = session.request().post("/logout");
        assertThat(out.statusCode()).isEqualTo(200);
        URI next = URI.create(out.getHeader("HX-Redirect"));
        assertThat(next.getPath()).endsWith("/protocol/openid-connect/end-session");
        Map<String, String> logout = form(next.getRawQuery());
        assertThat(logout)
                .containsEntry("post_logout_redirect_uri", "http://localhost:" + next().getPort() + "/login")
                .containsKey("id_token_hint");
        assertThat(out.getDetailedCookie("quarkus-credential").getMaxAge()).isZero();
        assertThat(out.getDetailedCookie(SessionTickets.COOKIE).getMaxAge()).isZero();
    }

    @Test
    void aStateThatIsNotTheBrowsersIsRefused() throws Exception {
        Flow flow = begin();
        String code = flow.answerWith(accessToken("state.user", List.of(Roles.WORKER), community), flow.nonce);

        Response back = flow.callback(code, "another-state");

        assertThat(back.statusCode()).isEqualTo(400);
        assertThat(back.asString()).contains("data-code=\"sign-in-expired\"").doesNotContain("Exception");
        assertThat(back.getCookie("quarkus-credential")).isNull();
        assertThat(server.findAll(postRequestedFor(urlEqualTo(TOKEN_PATH)).withRequestBody(containing("code=" + code))))
                .as("the code was not exchanged")
                .isEmpty();

        Response withoutCookie = given().redirects()
                .follow(false)
                .queryParam("code", code)
                .queryParam("state", flow.state)
                .get("/sign-in/oidc/callback");
        assertThat(withoutCookie.statusCode()).isEqualTo(400);
    }

    @Test
    void anIdTokenForAnotherSignInIsRefused() throws Exception {
        Flow flow = begin();
        String code = flow.answerWith(accessToken("nonce.user", List.of(Roles.WORKER), community), "another-nonce");

        Response back = flow.callback(code, flow.state);

        assertThat(back.statusCode()).isEqualTo(401);
        assertThat(back.asString()).contains("data-code=\"sign-in-refused\"");
        assertThat(back.getCookie("quarkus-credential")).isNull();
        assertThat(back.getCookie(SessionTickets.COOKIE)).isNull();
    }

    @Test
    void anAccessTokenTheApiWouldRefuseSignsNobodyIn() throws Exception {
        Flow flow = begin();
        String forAnotherClient = Jwt.preferredUserName("aud.user")
                .issuer(ISSUER)
                .audience("another-client")
                .claim("realm_access", Map.of("roles", List.of(Roles.WORKER)))
                .claim("hub_scope", List.of(community))
                .jws()
                .keyId("1")
                .sign("privateKey.jwk");
        String code = flow.answerWith(forAnotherClient, flow.nonce);

        Response back = flow.callback(code, flow.state);

        assertThat(back.statusCode()).isEqualTo(401);
        assertThat(back.getCookie("quarkus-credential")).isNull();
    }

    @Test
    void aTokenUsersSessionNeverActsAsTheBuiltInUserOfTheSameName() throws Exception {
        String builtIn = Users.create(Roles.SUPERVISOR, "*");
        Flow flow = begin();
        String code = flow.answerWith(accessToken(builtIn, List.of(Roles.WORKER), community), flow.nonce);
        Response back = flow.callback(code, flow.state);

        String home = given().cookies(back.getCookies()).get("/").asString();
        assertThat(home).contains("oidc:" + builtIn);
        String residents = given().cookies(back.getCookies()).get("/residents").asString();
        assertThat(residents).doesNotContain(elsewhere);
        given().cookies(back.getCookies())
                .redirects()
                .follow(false)
                .get("/duplicates")
                .then()
                .statusCode(403);
    }

    @Test
    void signingOutEndsEveryCopyOfATokenUsersSession() throws Exception {
        String username = "copied.user." + NEXT.incrementAndGet();
        Response back = signIn(accessToken(username, List.of(Roles.WORKER), community));
        PageSession session = new PageSession(
                back.getCookies(),
                PageSession.tokenOf(given().cookies(back.getCookies()).get("/").asString()));
        Map<String, String> copied = new HashMap<>(back.getCookies());
        assertThat(session.open()).isTrue();

        Response out = session.request().post("/logout");

        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(out.getDetailedCookie(PageTokenSignIn.ID_TOKEN_COOKIE).getMaxAge())
                .isZero();
        assertThat(new PageSession(copied, session.token()).open())
                .as("a copy of the signed-out session's cookies")
                .isFalse();
        assertThat(given().redirects().follow(false).cookies(copied).get("/").header("Location"))
                .endsWith("/login");
    }

    @Test
    void aSignInWithOtherRolesEndsTheSessionsThatCarryTheEarlierOnes() throws Exception {
        String username = "demoted.user." + NEXT.incrementAndGet();
        Response asSupervisor = signIn(accessToken(username, List.of(Roles.SUPERVISOR), community));
        given().cookies(asSupervisor.getCookies())
                .redirects()
                .follow(false)
                .get("/duplicates")
                .then()
                .statusCode(200);
        Response sameAgain = signIn(accessToken(username, List.of(Roles.SUPERVISOR), community));
        assertThat(given().cookies(asSupervisor.getCookies())
                        .redirects()
                        .follow(false)
                        .get("/")
                        .statusCode())
                .as("a second sign-in with the same roles leaves the first session open")
                .isEqualTo(200);

        Response asWorker = signIn(accessToken(username, List.of(Roles.WORKER), community));

        assertThat(given().redirects()
                        .follow(false)
                        .cookies(asSupervisor.getCookies())
                        .get("/duplicates")
                        .header("Location"))
                .as("the session with the supervisor's role is over")
                .endsWith("/login");
        assertThat(given().redirects()
                        .follow(false)
                        .cookies(sameAgain.getCookies())
                        .get("/")
                        .header("Location"))
                .endsWith("/login");
        given().cookies(asWorker.getCookies()).get("/residents").then().statusCode(200);
        given().cookies(asWorker.getCookies())
                .redirects()
                .follow(false)
                .get("/duplicates")
                .then()
                .statusCode(403);
    }

    @Test
    void aTokenWithNoneOfTheHubsRolesBeginsNoSession() throws Exception {
        Flow flow = begin();
        String code = flow.answerWith(
                accessToken("roleless.user." + NEXT.incrementAndGet(), List.of("offline_access"), community),
                flow.nonce);

        Response back = flow.callback(code, flow.state);

        assertThat(back.statusCode()).isEqualTo(401);
        assertThat(back.asString()).contains("data-code=\"sign-in-refused\"");
        assertThat(back.getCookie(SessionTickets.COOKIE)).isNull();
    }

    @Test
    void anIdTokenOfAnotherIssuerAudienceOrPastItsExpiryIsRefused() throws Exception {
        String username = "idtoken.user." + NEXT.incrementAndGet();
        List<java.util.function.UnaryOperator<io.smallrye.jwt.build.JwtClaimsBuilder>> wrongs = List.of(
                id -> id.issuer("https://another.example.com"),
                id -> id.audience("another-client"),
                id -> id.expiresAt(java.time.Instant.now().minusSeconds(600).getEpochSecond()));
        for (var wrong : wrongs) {
            Flow flow = begin();
            String idToken = wrong.apply(Jwt.subject("subject-" + username)
                            .issuer(ISSUER)
                            .audience(CLIENT_ID)
                            .claim("nonce", flow.nonce))
                    .jws()
                    .keyId("1")
                    .sign("privateKey.jwk");
            String code = flow.answerWithTokens(accessToken(username, List.of(Roles.WORKER), community), idToken);

            Response back = flow.callback(code, flow.state);

            assertThat(back.statusCode()).isEqualTo(401);
            assertThat(back.getCookie(SessionTickets.COOKIE)).isNull();
        }
    }

    @Test
    void aTicketWhoseRolesOrAreaAreEditedIsRefused() throws Exception {
        String username = "tamper.user." + NEXT.incrementAndGet();
        Response back = signIn(accessToken(username, List.of(Roles.WORKER), community));
        String ticket = back.getCookie(SessionTickets.COOKIE);
        int dot = ticket.indexOf('.');
        String payload = new String(Base64.getUrlDecoder().decode(ticket.substring(0, dot)), StandardCharsets.UTF_8);
        assertThat(payload).contains(Roles.WORKER).contains(community);

        for (String edited : List.of(
                payload.replace(Roles.WORKER, Roles.SUPERVISOR), payload.replace(community, AreaScope.EVERYWHERE))) {
            Map<String, String> cookies = new HashMap<>(back.getCookies());
            cookies.put(
                    SessionTickets.COOKIE,
                    Base64.getUrlEncoder().withoutPadding().encodeToString(edited.getBytes(StandardCharsets.UTF_8))
                            + ticket.substring(dot));

            assertThat(given().redirects()
                            .follow(false)
                            .cookies(cookies)
                            .get("/residents")
                            .header("Location"))
                    .as("a ticket edited to %s", edited.replace('\n', ' '))
                    .endsWith("/login");
        }
        given().cookies(back.getCookies()).get("/residents").then().statusCode(200);
    }

    /** A whole sign-in through the server with this access token; the callback's answer. */
    private Response signIn(String accessToken) {
        Flow flow = begin();
        Response back = flow.callback(flow.answerWith(accessToken, flow.nonce), flow.state);
        assertThat(back.statusCode()).isEqualTo(200);
        return back;
    }

    // ---- The flow, as a browser makes it -----------------------------------------------------------

    /** A sign-in begun at {@code /sign-in/oidc}: its flow cookie and what it asked the server for. */
    private final class Flow {
        final Map<String, String> cookies;
        final Map<String, String> query;
        final String state;
        final String nonce;

        private Flow(Map<String, String> cookies, Map<String, String> query) {
            this.cookies = cookies;
            this.query = query;
            this.state = query.get("state");
            this.nonce = query.get("nonce");
        }

        /** Stubs the token endpoint's answer to a new code; returns the code. */
        String answerWith(String accessToken, String nonce) {
            String idToken = Jwt.subject("subject-" + NEXT.incrementAndGet())
                    .issuer(ISSUER)
                    .audience(CLIENT_ID)
                    .claim("nonce", nonce)
                    .jws()
                    .keyId("1")
                    .sign("privateKey.jwk");
            return answerWithTokens(accessToken, idToken);
        }

        /** Stubs the token endpoint's answer to a new code with these tokens; returns the code. */
        String answerWithTokens(String accessToken, String idToken) {
            String code = "code-" + NEXT.incrementAndGet();
            server.stubFor(post(urlEqualTo(TOKEN_PATH))
                    .atPriority(1)
                    .withRequestBody(containing("code=" + code))
                    .willReturn(aResponse()
                            .withHeader("Content-Type", "application/json")
                            .withBody("{\"access_token\":\"" + accessToken + "\",\"id_token\":\"" + idToken
                                    + "\",\"token_type\":\"Bearer\",\"expires_in\":300}")));
            return code;
        }

        Response callback(String code, String state) {
            return given().redirects()
                    .follow(false)
                    .cookies(cookies)
                    .queryParam("code", code)
                    .queryParam("state", state)
                    .get("/sign-in/oidc/callback");
        }
    }

    private Flow begin() {
        Response start = given().redirects().follow(false).get("/sign-in/oidc");
        assertThat(start.statusCode()).isEqualTo(303);
        URI location = URI.create(start.getHeader("Location"));
        return new Flow(start.getCookies(), form(location.getRawQuery()));
    }

    private static URI next() {
        return URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port);
    }

    private static String accessToken(String username, List<String> roles, String scope) {
        return Jwt.preferredUserName(username)
                .subject("subject-" + username)
                .issuer(ISSUER)
                .audience(CLIENT_ID)
                .claim("realm_access", Map.of("roles", roles))
                .claim("hub_scope", List.of(scope))
                .jws()
                .keyId("1")
                .sign("privateKey.jwk");
    }

    /** A number written with the heavenly stems: names hold no digits. */
    private static String chinese(int number) {
        StringBuilder digits = new StringBuilder();
        for (char c : Integer.toString(number).toCharArray()) {
            digits.append("甲乙丙丁戊己庚辛壬癸".charAt(c - '0'));
        }
        return digits.toString();
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> values = new HashMap<>();
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            values.put(
                    URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return values;
    }

    private static String challenge(String verifier) throws Exception {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }
}
