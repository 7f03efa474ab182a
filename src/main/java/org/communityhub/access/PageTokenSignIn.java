package org.communityhub.access;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.OIDCException;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.PersistentLoginManager;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.communityhub.common.text.Text;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sign-in to the pages through the district's OIDC server: the authorization code flow with PKCE
 * (S256), state and nonce, done by the hub itself so that the pages keep their one session: the
 * session cookie of the form sign-in and the hub's ticket ({@link SessionTickets}), with its CSRF
 * tokens, idle and absolute lifetimes and sign-out.
 *
 * <ol>
 *   <li>{@link #begin}: state, nonce and PKCE verifier go into a short-lived, encrypted, HttpOnly
 *       cookie, and the browser to the server's authorization endpoint (from its discovery document).
 *   <li>{@link #finish}: the state must match the cookie's; the code is exchanged at the token
 *       endpoint with the verifier (and the client secret, if any); the ID token must name the hub's
 *       client, the server as issuer and the cookie's nonce; the access token is then checked by
 *       the same rules as a bearer token on the API (the default OIDC tenant: signature, issuer,
 *       audience, expiry; {@link TokenIdentityAugmentor}: name, roles, area). A hub session for that
 *       identity begins; its roles and area are kept in the ticket until the next sign-in.
 *   <li>{@link #endSession}: where the server has an {@code end_session_endpoint}, sign-out goes on
 *       there (RP-initiated logout) with the ID token as hint, and comes back to the sign-in page.
 * </ol>
 *
 * <p>The ID token comes straight from the token endpoint over the connection the hub opened, so its
 * signature is not checked again (OpenID Connect Core 3.1.3.7); the access token, which decides who
 * signs in, is checked in full.
 */
@ApplicationScoped
public class PageTokenSignIn {

    /** Where a sign-in on its way through the OIDC server keeps its state, nonce and verifier. */
    static final String FLOW_COOKIE = "hub-oidc-flow";
    /** The ID token of a session begun through the OIDC server, for the server's sign-out. */
    static final String ID_TOKEN_COOKIE = "hub-oidc-id";

    static final String CALLBACK_PATH = "/sign-in/oidc/callback";

    /** How long the browser may take at the OIDC server's login page. */
    private static final Duration FLOW_LIFETIME = Duration.ofMinutes(10);

    private static final Duration DISCOVERY_LIFETIME = Duration.ofMinutes(10);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = Logger.getLogger(PageTokenSignIn.class);

    /** How the sign-in page offers the OIDC server: beside the built-in form, instead of it, or not. */
    enum Mode {
        BESIDE,
        ONLY,
        OFF
    }

    /** Why a sign-in through the OIDC server did not happen: an HTTP status, a code and what to show. */
    static final class Refusal extends RuntimeException {
        final int status;
        final String code;

        Refusal(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }

        static Refusal unavailable() {
            return new Refusal(503, "sign-in-unavailable", "统一身份认证服务暂时无法访问，请稍后再试；本地账号（用户名和密码）登录不受影响。");
        }

        static Refusal stale() {
            return new Refusal(400, "sign-in-expired", "登录请求已失效或不是从本页面发起的，请重新点击登录。");
        }

        static Refusal refused() {
            return new Refusal(401, "sign-in-refused", "统一身份认证未能确认您的身份，或您的账号未被授权使用一表通。请联系管理员。");
        }
    }

    /** What the hub needs of the server's discovery document. */
    record Metadata(String issuer, URI authorization, URI token, Optional<URI> endSession, Instant readAt) {}

    private final Optional<String> serverUrl;
    private final String clientId;
    private final Optional<String> clientSecret;
    private final Mode mode;
    private final SessionTickets tickets;
    private final UserService users;
    private final SessionSettings sessionSettings;
    private final TokenIdentityAugmentor augmentor;
    private final TenantIdentityProvider tokens;
    private final ObjectMapper json;
    private final Clock clock;
    private final Optional<PersistentLoginManager> sessions;
    private final String sessionCookie;
    private final SecretKeySpec flowKey;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private volatile Metadata metadata;

    PageTokenSignIn(
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> serverUrl,
            @ConfigProperty(name = "quarkus.oidc.client-id") Optional<String> clientId,
            @ConfigProperty(name = "hub.oidc.client-secret") Optional<String> clientSecret,
            @ConfigProperty(name = "hub.oidc.pages", defaultValue = "beside") String mode,
            @ConfigProperty(name = "quarkus.http.auth.session.encryption-key") Optional<String> sessionKey,
            @ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
                    String sessionCookie,
            @ConfigProperty(name = "quarkus.http.auth.form.timeout", defaultValue = "PT30M") Duration idleTimeout,
            @ConfigProperty(name = "quarkus.http.auth.form.new-cookie-interval", defaultValue = "PT1M")
                    Duration newCookieInterval,
            @ConfigProperty(name = "quarkus.http.auth.form.cookie-same-site", defaultValue = "strict") String sameSite,
            SessionTickets tickets,
            UserService users,
            SessionSettings sessionSettings,
            TokenIdentityAugmentor augmentor,
            TenantIdentityProvider tokens,
            ObjectMapper json,
            Clock clock) {
        this.serverUrl = serverUrl.filter(url -> !url.isBlank()).map(url -> url.replaceAll("/+$", ""));
        this.clientId = clientId.orElse("");
        this.clientSecret = clientSecret.filter(secret -> !secret.isBlank());
        this.mode = mode(mode);
        this.tickets = tickets;
        this.users = users;
        this.sessionSettings = sessionSettings;
        this.augmentor = augmentor;
        this.tokens = tokens;
        this.json = json;
        this.clock = clock;
        this.sessionCookie = sessionCookie;
        // The form sign-in's session cookie, written as Quarkus writes it, so that its form
        // mechanism reads and renews it (SessionIdentityProvider then signs each request in).
        this.sessions = sessionKey
                .filter(key -> !key.isBlank())
                .map(key -> new PersistentLoginManager(
                        key,
                        sessionCookie,
                        idleTimeout.toMillis(),
                        newCookieInterval.toMillis(),
                        true,
                        sameSite.toUpperCase(java.util.Locale.ROOT),
                        "/",
                        -1,
                        null));
        this.flowKey = new SecretKeySpec(tickets.derivedKey("oidc-flow"), "AES");
        if (this.serverUrl.isPresent() && this.mode != Mode.OFF && sessions.isEmpty()) {
            LOG.warn("Pages cannot sign in through the OIDC server: the session key (HUB_SESSION_KEY) is not set");
        }
    }

    private static Mode mode(String setting) {
        try {
            return Mode.valueOf(setting.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "HUB_OIDC_PAGES must be beside, only or off; it is \"" + setting.trim() + "\"");
        }
    }

    /** Created at start, so that a mistyped HUB_OIDC_PAGES stops the hub rather than its sign-in page. */
    void onStart(@Observes StartupEvent event) {}

    /** Whether the sign-in page offers the OIDC server. */
    boolean offered() {
        return serverUrl.isPresent() && mode != Mode.OFF && sessions.isPresent();
    }

    /** Whether the sign-in page shows the built-in form only on request (for admin and built-in accounts). */
    boolean formOnRequest() {
        return offered() && mode == Mode.ONLY;
    }

    /**
     * Begins a sign-in: sets the flow cookie and answers where the browser goes, the server's
     * authorization endpoint.
     */
    URI begin(RoutingContext context, URI base) {
        Metadata server = metadata();
        String state = random();
        String nonce = random();
        String verifier = random() + random();
        setFlowCookie(
                context,
                seal(state + "\n" + nonce + "\n" + verifier + "\n"
                        + clock.instant().toEpochMilli()),
                FLOW_LIFETIME);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("redirect_uri", callback(base));
        query.put("scope", "openid");
        query.put("state", state);
        query.put("nonce", nonce);
        query.put("code_challenge", encode(sha256(verifier)));
        query.put("code_challenge_method", "S256");
        return withQuery(server.authorization(), query);
    }

    /**
     * Ends a sign-in at the server's return: checks state, exchanges the code, checks the ID token's
     * nonce and the access token, and begins the hub session. Throws a {@link Refusal} otherwise.
     */
    void finish(RoutingContext context, URI base, String code, String state, String error) {
        Cookie cookie = context.request().getCookie(FLOW_COOKIE);
        setFlowCookie(context, "", Duration.ZERO);
        String[] flow = cookie == null ? null : unseal(cookie.getValue());
        if (flow == null
                || flow.length != 4
                || state == null
                || !MessageDigest.isEqual(
                        flow[0].getBytes(StandardCharsets.UTF_8), state.getBytes(StandardCharsets.UTF_8))
                || clock.instant().toEpochMilli() - Long.parseLong(flow[3]) > FLOW_LIFETIME.toMillis()) {
            LOG.info("Page sign-in through the OIDC server refused: no sign-in of this browser awaits that state");
            throw Refusal.stale();
        }
        if (error != null || code == null) {
            // The error is the browser's to choose: cut and made safe for a log line.
            LOG.infof(
                    "Page sign-in through the OIDC server ended by the server: %s",
                    error == null ? "no code" : Text.forLog(error));
            throw Refusal.refused();
        }
        Metadata server = metadata();
        JsonNode answer = exchange(server, code, callback(base), flow[2]);
        String idToken = answer.path("id_token").asText(null);
        String accessToken = answer.path("access_token").asText(null);
        if (idToken == null || accessToken == null) {
            LOG.warn("Page sign-in through the OIDC server refused: the token endpoint gave no ID or access token");
            throw Refusal.refused();
        }
        checkIdToken(server, idToken, flow[1]);
        SecurityIdentity identity = verify(accessToken);
        String username = identity.getPrincipal().getName();
        AreaScope scope = identity.getAttribute(HubIdentityProvider.SCOPE);
        Set<String> roles =
                identity.getRoles().stream().filter(Roles.ALL::contains).collect(Collectors.toSet());
        if (!TokenIdentityAugmentor.isTokenUser(username)) {
            // Only a token's identity may begin such a session: never one named like a built-in user.
            LOG.warn("Page sign-in through the OIDC server refused: the token did not give a token user's name");
            throw Refusal.refused();
        }
        if (roles.isEmpty()) {
            LOG.infof(
                    "Page sign-in through the OIDC server refused for %s: the token gives none of the hub's roles",
                    username);
            throw Refusal.refused();
        }
        AreaScope area = scope == null ? new AreaScope(Set.of()) : scope;
        int generation = users.beginTokenSession(username, roles, area);
        tickets.issue(context, new SessionTickets.Ticket(username, generation, clock.instant(), roles, area));
        sessions.orElseThrow()
                .save(username, context, sessionCookie, null, context.request().isSSL());
        context.response()
                .addCookie(Cookie.cookie(ID_TOKEN_COOKIE, idToken)
                        .setPath("/logout")
                        .setMaxAge(sessionSettings.absoluteLifetime().toSeconds())
                        .setHttpOnly(true)
                        .setSecure(context.request().isSSL())
                        .setSameSite(CookieSameSite.STRICT));
        LOG.infof("User %s signed in to the pages through the OIDC server with roles %s", username, roles);
    }

    /**
     * Where sign-out continues for a session begun through the OIDC server: the server's end-session
     * endpoint, back to the sign-in page; empty when the server has none or cannot be reached.
     */
    Optional<URI> endSession(String idToken, URI base) {
        if (serverUrl.isEmpty()) {
            return Optional.empty();
        }
        Metadata server;
        try {
            server = metadata();
        } catch (Refusal e) {
            return Optional.empty();
        }
        return server.endSession().map(endpoint -> {
            Map<String, String> query = new LinkedHashMap<>();
            if (idToken != null && !idToken.isBlank()) {
                query.put("id_token_hint", idToken);
            }
            query.put("client_id", clientId);
            query.put("post_logout_redirect_uri", base.resolve("/login").toString());
            return withQuery(endpoint, query);
        });
    }

    // ---- The server ------------------------------------------------------------------------------

    /** The discovery document, read again every ten minutes. */
    Metadata metadata() {
        Metadata known = metadata;
        if (known != null && known.readAt().plus(DISCOVERY_LIFETIME).isAfter(clock.instant())) {
            return known;
        }
        URI discovery = URI.create(serverUrl.orElseThrow() + "/.well-known/openid-configuration");
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(discovery)
                            .timeout(Duration.ofSeconds(10))
                            .header("Accept", "application/json")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                LOG.warnf("The OIDC server's discovery document answered %d", response.statusCode());
                throw Refusal.unavailable();
            }
            JsonNode document = json.readTree(response.body());
            String endSession = document.path("end_session_endpoint").asText("");
            Metadata read = new Metadata(
                    document.path("issuer").asText(),
                    URI.create(document.path("authorization_endpoint").asText()),
                    URI.create(document.path("token_endpoint").asText()),
                    endSession.isBlank() ? Optional.empty() : Optional.of(URI.create(endSession)),
                    clock.instant());
            metadata = read;
            return read;
        } catch (IOException | IllegalArgumentException e) {
            LOG.warnf("The OIDC server's discovery document could not be read: %s", e.toString());
            throw Refusal.unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Refusal.unavailable();
        }
    }

    private JsonNode exchange(Metadata server, String code, String redirectUri, String verifier) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", verifier);
        HttpRequest.Builder request = HttpRequest.newBuilder(server.token())
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json");
        if (clientSecret.isPresent()) {
            // client_secret_basic, the default client authentication of OpenID Connect.
            String credentials = formEncode(clientId) + ":" + formEncode(clientSecret.get());
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        } else {
            form.put("client_id", clientId);
        }
        try {
            HttpResponse<String> response = http.send(
                    request.POST(HttpRequest.BodyPublishers.ofString(query(form)))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 500) {
                LOG.warnf("The OIDC server's token endpoint answered %d", response.statusCode());
                throw Refusal.unavailable();
            }
            if (response.statusCode() != 200) {
                // The server's answer names the error (invalid_grant, unauthorized_client): no personal data.
                LOG.warnf(
                        "Page sign-in through the OIDC server refused by its token endpoint (%d): %s",
                        response.statusCode(),
                        json.readTree(response.body()).path("error").asText("?"));
                throw Refusal.refused();
            }
            return json.readTree(response.body());
        } catch (IOException e) {
            LOG.warnf("The OIDC server's token endpoint could not be reached: %s", e.toString());
            throw Refusal.unavailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Refusal.unavailable();
        }
    }

    /** The ID token's issuer, audience, expiry and nonce. */
    private void checkIdToken(Metadata server, String idToken, String nonce) {
        JsonNode claims;
        try {
            String[] parts = idToken.split("\\.");
            claims = json.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Page sign-in through the OIDC server refused: the ID token cannot be read");
            throw Refusal.refused();
        }
        JsonNode audience = claims.path("aud");
        boolean forHub = audience.isArray()
                ? java.util.stream.StreamSupport.stream(audience.spliterator(), false)
                        .anyMatch(a -> clientId.equals(a.asText()))
                : clientId.equals(audience.asText());
        boolean current = claims.path("exp").asLong(0) * 1000 > clock.instant().toEpochMilli();
        if (!server.issuer().equals(claims.path("iss").asText())
                || !forHub
                || !current
                || !MessageDigest.isEqual(
                        nonce.getBytes(StandardCharsets.UTF_8),
                        claims.path("nonce").asText("").getBytes(StandardCharsets.UTF_8))) {
            LOG.warn("Page sign-in through the OIDC server refused: the ID token's issuer, audience, expiry or nonce"
                    + " does not match this sign-in");
            throw Refusal.refused();
        }
    }

    /** The access token checked exactly as a bearer token on the API, and made a hub identity. */
    private SecurityIdentity verify(String accessToken) {
        try {
            SecurityIdentity identity = tokens.authenticate(new AccessTokenCredential(accessToken))
                    .await()
                    .atMost(Duration.ofSeconds(30));
            return augmentor.hubIdentity(identity);
        } catch (AuthenticationFailedException e) {
            LOG.warn("Page sign-in through the OIDC server refused: its access token is not one the API accepts");
            throw Refusal.refused();
        } catch (OIDCException e) {
            throw Refusal.unavailable();
        } catch (RuntimeException e) {
            if (e.getCause() instanceof AuthenticationFailedException) {
                throw Refusal.refused();
            }
            LOG.warnf("Page sign-in through the OIDC server failed while checking its token: %s", e.toString());
            throw Refusal.unavailable();
        }
    }

    // ---- The flow cookie -----------------------------------------------------------------------

    private void setFlowCookie(RoutingContext context, String value, Duration maxAge) {
        // Lax: the browser comes back from the OIDC server (another site) with a top-level GET.
        context.response()
                .addCookie(Cookie.cookie(FLOW_COOKIE, value)
                        .setPath("/sign-in/oidc")
                        .setMaxAge(maxAge.toSeconds())
                        .setHttpOnly(true)
                        .setSecure(context.request().isSSL())
                        .setSameSite(CookieSameSite.LAX));
    }

    private String seal(String text) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, flowKey, new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(text.getBytes(StandardCharsets.UTF_8));
            return encode(ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv)
                    .put(sealed)
                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String[] unseal(String value) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(value);
            if (bytes.length < 13) {
                return null;
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, flowKey, new GCMParameterSpec(128, bytes, 0, 12));
            return new String(cipher.doFinal(bytes, 12, bytes.length - 12), StandardCharsets.UTF_8).split("\n", -1);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    // ---- Helpers -------------------------------------------------------------------------------

    private static String callback(URI base) {
        return base.resolve(CALLBACK_PATH).toString();
    }

    private static URI withQuery(URI endpoint, Map<String, String> parameters) {
        String separator = endpoint.getRawQuery() == null ? "?" : "&";
        return URI.create(endpoint + separator + query(parameters));
    }

    private static String query(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(e -> formEncode(e.getKey()) + "=" + formEncode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    private static String formEncode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return encode(bytes);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
