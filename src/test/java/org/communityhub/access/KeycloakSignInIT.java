package org.communityhub.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.communityhub.common.net.LocalPorts;
import org.communityhub.testing.Browser;
import org.communityhub.testing.HubProcess;
import org.communityhub.testing.Json;
import org.communityhub.testing.Keycloak;
import org.communityhub.testing.ProcessLevelTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * The packaged hub against a real Keycloak (unpacked from Maven Central by the build), with the
 * realm shipped as {@code docs/keycloak-realm.example.json}: only its addresses and secrets are
 * filled in here, and the test's own people and clients added. One Keycloak and one hub, started
 * side by side; the scenarios follow each other on them:
 *
 * <ol>
 *   <li>a worker signs in to the pages on Keycloak's own login page, sees their community's
 *       residents and no others, signs out, and is signed out of Keycloak too;
 *   <li>a service account calls the API with a client-credentials token, within its area;
 *   <li>an expired token, one for another audience, one without {@code hub_scope} and one signed
 *       by another realm are treated as docs/sign-in.md says;
 *   <li>Keycloak stopped and the hub started again (with {@code HUB_OIDC_PAGES=only}): tokens are
 *       answered 503 {@code sign-in-unavailable}, the pages' sign-in through Keycloak says so, and
 *       built-in users sign in as always, through the form behind its link.
 * </ol>
 */
@ProcessLevelTest(onCopiesOfNewHub = true)
class KeycloakSignInIT {

    private static final Path SHIPPED_REALM = Path.of("docs", "keycloak-realm.example.json");
    private static final String REALM = "community";
    private static final String OTHER_REALM = "elsewhere";

    /** The other packaged-hub tests' admin password: the new hub they start from is shared. */
    private static final String ADMIN_PASSWORD = HubProcess.ADMIN_PASSWORD;
    /** The community the shipped realm gives its example service account (hub-sync). */
    private static final String COMMUNITY = "110105001098";

    private static final String OTHER_COMMUNITY = "110105001096";
    private static final String WORKER = "worker.one";
    private static final String BUILT_IN_WORKER = "desk.two";
    private static final String BUILT_IN_PASSWORD = "dt-secret-2026";
    private static final String HERE = "甲社区居民";
    private static final String THERE = "乙社区居民";

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theDistrictsKeycloakSignsInPagesAndApiAndItsAbsenceIsToldApart(@TempDir Path dir) throws Exception {
        long began = System.nanoTime();
        Path data = dir.resolve("data");
        // A new hub's data first: making one (once per packaged jar) starts a hub on a port of its own,
        // which must not be the one Keycloak is about to take.
        HubProcess.copyNewHubInto(data, ADMIN_PASSWORD);
        int keycloakPort = LocalPorts.free();
        int hubPort = LocalPorts.free();
        while (hubPort == keycloakPort) {
            hubPort = LocalPorts.free();
        }
        String hubUrl = "http://localhost:" + hubPort;
        String hubSecret = secret();
        String syncSecret = secret();
        String testSecret = secret();
        String workerPassword = secret();

        Map<String, String> env = Map.of(
                "HUB_BOOTSTRAP_ADMIN_PASSWORD",
                ADMIN_PASSWORD,
                "HUB_OIDC_URL",
                "http://127.0.0.1:" + keycloakPort + "/realms/" + REALM,
                "HUB_OIDC_CLIENT_ID",
                "community-hub",
                "HUB_OIDC_CLIENT_SECRET",
                hubSecret);
        HubProcess hub;
        String residentThere;
        String sync;
        try (Keycloak keycloak = Keycloak.start(
                keycloakPort,
                Map.of(
                        REALM + ".json",
                        realm(REALM, hubUrl, hubSecret, syncSecret, testSecret, workerPassword),
                        OTHER_REALM + ".json",
                        realm(OTHER_REALM, hubUrl, secret(), syncSecret, testSecret, secret())))) {
            // The hub starts while Keycloak is still starting: it checks tokens once Keycloak answers.
            hub = HubProcess.start(data, hubPort, env);
            try {
                hub.addCommunity(ADMIN_PASSWORD, COMMUNITY, "甲社区", "110105001");
                hub.addCommunity(ADMIN_PASSWORD, OTHER_COMMUNITY, "乙社区", "110105001");
                hub.addUser(ADMIN_PASSWORD, BUILT_IN_WORKER, BUILT_IN_PASSWORD, "worker", OTHER_COMMUNITY);
                residentThere = register(hub.as(BUILT_IN_WORKER, BUILT_IN_PASSWORD), THERE, OTHER_COMMUNITY)
                        .then()
                        .statusCode(201)
                        .extract()
                        .as(Json.class)
                        .get("id");
                keycloak.awaitReady(REALM, Duration.ofMinutes(5));
                // Lives for a second (the test realm's client hub-brief), refused once it is over.
                String expiring = keycloak.serviceToken(REALM, "hub-brief", testSecret);

                // 2. A service account: its own community, and nothing else.
                sync = keycloak.serviceToken(REALM, "hub-sync", syncSecret);
                hub.request()
                        .auth()
                        .oauth2(sync)
                        .get("/api/v1/me")
                        .then()
                        .statusCode(200)
                        .body(at("username", equalTo("oidc:service-account-hub-sync")))
                        .body(at("roles", contains("worker")))
                        .body(at("scope", contains(COMMUNITY)));
                String residentHere = register(hub.request().auth().oauth2(sync), HERE, COMMUNITY)
                        .then()
                        .statusCode(201)
                        .body(at("createdBy", equalTo("oidc:service-account-hub-sync")))
                        .extract()
                        .as(Json.class)
                        .get("id");
                register(hub.request().auth().oauth2(sync), "越界居民", OTHER_COMMUNITY)
                        .then()
                        .statusCode(422);
                hub.request()
                        .auth()
                        .oauth2(sync)
                        .get("/api/v1/residents/" + residentThere)
                        .then()
                        .statusCode(404);

                // 1. A worker through the pages, on Keycloak's login page; signed out of both.
                try (Browser browser =
                        Browser.startAlone(URI.create(hubUrl + "/").toURL())) {
                    signInThroughKeycloak(browser, workerPassword);
                    browser.waitUntil(d -> browser.path().equals("/"));
                    assertThat(browser.text()).contains("oidc:" + WORKER);
                    browser.open("/residents");
                    browser.waitUntil(d -> browser.text().contains(HERE));
                    assertThat(browser.text()).doesNotContain(THERE);
                    browser.find(By.xpath("//button[text()='退出']")).click();
                    browser.waitUntil(d -> d.getCurrentUrl().startsWith(hubUrl + "/login"));
                    browser.open("/residents");
                    browser.waitUntil(d -> browser.path().startsWith("/login"));
                    // Keycloak's session ended too: signing in again asks for the password again.
                    browser.find(By.id("oidc-sign-in")).click();
                    browser.find(By.id("password"));
                    assertThat(browser.driver().getCurrentUrl()).startsWith(keycloak.realmUrl(REALM));
                }

                // 3. Tokens the hub refuses, or that see nothing.
                String forOthers = keycloak.serviceToken(REALM, "other-app", testSecret);
                String unscoped = keycloak.serviceToken(REALM, "hub-unscoped", testSecret);
                String foreign = keycloak.serviceToken(OTHER_REALM, "hub-sync", syncSecret);
                assertThat(claims(foreign).get("iss")).isEqualTo(keycloak.realmUrl(OTHER_REALM));
                waitUntilExpired(expiring);
                for (String refused : List.of(expiring, forOthers, foreign)) {
                    hub.request()
                            .auth()
                            .oauth2(refused)
                            .get("/api/v1/residents/" + residentHere)
                            .then()
                            .statusCode(401)
                            .contentType("application/problem+json")
                            .body(at("code", equalTo("unauthenticated")));
                }
                hub.request()
                        .auth()
                        .oauth2(unscoped)
                        .get("/api/v1/me")
                        .then()
                        .statusCode(200)
                        .body(at("roles", contains("worker")))
                        .body(at("scope", empty()));
                hub.request()
                        .auth()
                        .oauth2(unscoped)
                        .get("/api/v1/residents/" + residentHere)
                        .then()
                        .statusCode(404);
                hub.request()
                        .auth()
                        .oauth2(unscoped)
                        .get("/api/v1/residents")
                        .then()
                        .statusCode(200)
                        .body(at("total", is(0)));
            } finally {
                hub.stop();
            }
        }
        String firstHubsLog = hub.output();
        // 4. Keycloak has gone; the hub is started again without it, the built-in form now behind its link.
        Map<String, String> only = new java.util.HashMap<>(env);
        only.put("HUB_OIDC_PAGES", "only");
        hub = HubProcess.start(data, hubPort, only);
        try {
            hub.request()
                    .auth()
                    .oauth2(sync)
                    .get("/api/v1/residents/" + residentThere)
                    .then()
                    .statusCode(503)
                    .contentType("application/problem+json")
                    .body(at("code", equalTo("sign-in-unavailable")));
            hub.as(BUILT_IN_WORKER, BUILT_IN_PASSWORD)
                    .get("/api/v1/residents/" + residentThere)
                    .then()
                    .statusCode(200);
            try (Browser browser = Browser.startAlone(URI.create(hubUrl + "/").toURL())) {
                browser.open("/login");
                browser.find(By.id("oidc-sign-in")).click();
                browser.waitUntil(d -> !d.findElements(By.cssSelector("[data-code='sign-in-unavailable']"))
                        .isEmpty());
                assertThat(browser.text()).contains("统一身份认证服务暂时无法访问").doesNotContain("Exception");
                assertThat(browser.driver().findElements(By.id("j_username"))).isEmpty();
                browser.find(By.id("local-sign-in")).click();
                browser.submitSignIn(BUILT_IN_WORKER, BUILT_IN_PASSWORD);
                browser.open("/residents");
                browser.waitUntil(d -> browser.text().contains(THERE));
            }
        } finally {
            hub.stop();
        }
        // Refusals and an absent server are answered, never an unexpected failure (the OIDC extension
        // itself logs why it cannot reach the server, with its stack trace).
        assertThat(firstHubsLog).as("the hub that served scenarios 1 to 3").doesNotContain("Incident ");
        assertThat(hub.output()).as("the hub started without Keycloak").doesNotContain("Incident ");
        System.out.printf(
                "KeycloakSignInIT: Keycloak and the hub, all scenarios, in %d s%n",
                Duration.ofNanos(System.nanoTime() - began).toSeconds());
    }

    private static void signInThroughKeycloak(Browser browser, String password) {
        browser.open("/login");
        browser.find(By.id("oidc-sign-in")).click();
        browser.find(By.id("username")).sendKeys(WORKER);
        browser.find(By.id("password")).sendKeys(password, Keys.ENTER);
    }

    private static io.restassured.response.Response register(RequestSpecification as, String name, String community) {
        return as.body(Map.of(
                        "name",
                        name,
                        "idNumber",
                        org.communityhub.testing.IdNumbers.any(),
                        "residenceType",
                        "1",
                        "communityCode",
                        community))
                .when()
                .post("/api/v1/residents");
    }

    /**
     * The shipped realm with this run's addresses and secrets, named {@code name}, plus what only
     * the test needs: a worker with a password, a client whose tokens live for a second, one whose
     * tokens are not for the hub, and one whose service account has no area.
     */
    private static String realm(
            String name, String hubUrl, String hubSecret, String syncSecret, String testSecret, String workerPassword)
            throws Exception {
        String shipped = Files.readString(SHIPPED_REALM, StandardCharsets.UTF_8)
                .replace("https://hub.example.org", hubUrl)
                .replace("change-me-community-hub-secret", hubSecret)
                .replace("change-me-hub-sync-secret", syncSecret);
        ObjectNode realm = (ObjectNode) JSON.readTree(shipped);
        realm.put("realm", name);
        ArrayNode clients = (ArrayNode) realm.get("clients");
        ArrayNode users = (ArrayNode) realm.get("users");
        ObjectNode sync = (ObjectNode) clients.get(1);
        assertThat(sync.get("clientId").asText()).isEqualTo("hub-sync");

        ObjectNode brief = sync.deepCopy().put("clientId", "hub-brief").put("secret", testSecret);
        ((ObjectNode) brief.with("attributes")).put("access.token.lifespan", "1");
        ObjectNode unscoped = sync.deepCopy().put("clientId", "hub-unscoped").put("secret", testSecret);
        ObjectNode others = sync.deepCopy().put("clientId", "other-app").put("secret", testSecret);
        others.remove("protocolMappers");
        clients.add(brief).add(unscoped).add(others);
        users.add(serviceAccount("hub-brief", List.of(COMMUNITY)))
                .add(serviceAccount("hub-unscoped", List.of()))
                .add(serviceAccount("other-app", List.of(COMMUNITY)));

        ObjectNode worker = users.addObject()
                .put("username", WORKER)
                .put("enabled", true)
                .put("firstName", "一")
                .put("lastName", "测试")
                .put("email", WORKER + "@example.invalid")
                .put("emailVerified", true);
        worker.putArray("realmRoles").add("worker");
        worker.putObject("attributes").putArray("hub_scope").add(COMMUNITY);
        worker.putArray("credentials")
                .addObject()
                .put("type", "password")
                .put("value", workerPassword)
                .put("temporary", false);
        return JSON.writeValueAsString(realm);
    }

    private static ObjectNode serviceAccount(String clientId, List<String> scope) {
        ObjectNode user = JSON.createObjectNode()
                .put("username", "service-account-" + clientId)
                .put("enabled", true)
                .put("serviceAccountClientId", clientId);
        user.putArray("realmRoles").add("worker");
        ArrayNode codes = user.putObject("attributes").putArray("hub_scope");
        scope.forEach(codes::add);
        return user;
    }

    private static Map<?, ?> claims(String token) throws Exception {
        return JSON.readValue(Base64.getUrlDecoder().decode(token.split("\\.")[1]), Map.class);
    }

    /** Waits until a token's expiry has passed (a second or two for the test realm's brief tokens). */
    private static void waitUntilExpired(String token) throws Exception {
        long expiresAt = ((Number) claims(token).get("exp")).longValue() * 1000;
        long wait = expiresAt + 1000 - System.currentTimeMillis();
        assertThat(wait).as("a brief token").isLessThan(5000);
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    private static String secret() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
