package org.communityhub.web;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import org.communityhub.access.SessionTickets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Cross-site request forgery protection for the pages. Every page carries a token; a request that
 * changes something and is signed in by the session cookie must send it back in the {@code
 * X-CSRF-Token} header (the layout makes htmx send it with every request). The token of a signed-in
 * page is derived from the session's ticket ({@link SessionTickets#csrfToken}): it is new with every
 * sign-in, and a token planted in the browser before is worth nothing. Before sign-in a random token
 * in a {@code SameSite=Strict} cookie stands in. Requests signed in with an {@code Authorization}
 * header (the API) are not exposed to forgery and need no token; cross-site API calls are refused
 * by {@link CrossSiteApi}.
 */
@ApplicationScoped
public class Csrf {

    static final String COOKIE = "hub-csrf";
    static final String HEADER = "X-CSRF-Token";
    /** Where the token of the current request is kept for the templates. */
    static final String TOKEN = "hub.csrf";

    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String sessionCookie;
    private final String signInPath;
    private final SessionTickets tickets;
    private final boolean tokenSignIn;

    Csrf(
            SessionTickets tickets,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> oidcServer,
            @ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
                    String sessionCookie,
            @ConfigProperty(name = "quarkus.http.auth.form.post-location", defaultValue = "/j_security_check")
                    String signInPath) {
        this.sessionCookie = sessionCookie;
        this.signInPath = signInPath;
        this.tickets = tickets;
        this.tokenSignIn = oidcServer.filter(url -> !url.isBlank()).isPresent();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 10).handler(this::check);
    }

    private void check(RoutingContext context) {
        Cookie ticket = context.request().getCookie(SessionTickets.COOKIE);
        Cookie cookie = context.request().getCookie(COOKIE);
        // Signed in: the token of this sign-in. Before: a random one, kept in a cookie.
        String token =
                ticket != null ? tickets.csrfToken(ticket.getValue()) : cookie == null ? null : cookie.getValue();
        if (SAFE.contains(context.request().method())) {
            if (token == null && Pages.isPage(context.normalizedPath())) {
                token = newToken();
                context.response()
                        .addCookie(Cookie.cookie(COOKIE, token)
                                .setPath("/")
                                .setHttpOnly(true)
                                .setSecure(context.request().isSSL())
                                .setSameSite(CookieSameSite.STRICT));
            }
            context.put(TOKEN, token);
            context.next();
            return;
        }
        if (!signedInBySession(context) || context.normalizedPath().equals(signInPath)) {
            context.next();
            return;
        }
        String sent = context.request().getHeader(HEADER);
        if (ticket == null || sent == null || !same(token, sent)) {
            context.response()
                    .setStatusCode(403)
                    .putHeader("Content-Type", "text/html; charset=UTF-8")
                    .putHeader("Cache-Control", "no-store")
                    .putHeader("HX-Retarget", "#flash")
                    .putHeader("HX-Reswap", "innerHTML")
                    .end("<p class=\"notice error\">页面已过期或请求来源不明，操作未执行：请刷新页面后重试。</p>");
            return;
        }
        context.put(TOKEN, token);
        context.next();
    }

    /**
     * Whether the request will be signed in by its session cookie: it has one, and no {@code
     * Authorization} header that signs it in instead. Only HTTP Basic does so always (wrong
     * credentials are refused, never passed on to the cookie), and a bearer token where token
     * sign-in is configured; any other header (a {@code Bearer} token where tokens are not
     * accepted) leaves the cookie to sign the request in, so the token is needed.
     */
    private boolean signedInBySession(RoutingContext context) {
        if (context.request().getCookie(sessionCookie) == null) {
            return false;
        }
        String authorization = context.request().getHeader("Authorization");
        if (authorization == null) {
            return true;
        }
        boolean basic = authorization.regionMatches(true, 0, "Basic ", 0, 6);
        boolean bearer = authorization.regionMatches(true, 0, "Bearer ", 0, 7);
        return !(basic || (bearer && tokenSignIn));
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
