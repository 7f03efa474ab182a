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
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Cross-site request forgery protection for the pages (double-submit cookie). Every page carries
 * a random token that is also in a {@code SameSite=Strict} cookie; a request that changes
 * something and is signed in by the session cookie must send the token back in the {@code
 * X-CSRF-Token} header (the layout makes htmx send it with every request). Requests signed in with
 * an {@code Authorization} header (the API) are not exposed to forgery and need no token.
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

    Csrf(
            @ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
                    String sessionCookie,
            @ConfigProperty(name = "quarkus.http.auth.form.post-location", defaultValue = "/j_security_check")
                    String signInPath) {
        this.sessionCookie = sessionCookie;
        this.signInPath = signInPath;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 10).handler(this::check);
    }

    private void check(RoutingContext context) {
        Cookie cookie = context.request().getCookie(COOKIE);
        String token = cookie == null ? null : cookie.getValue();
        if (SAFE.contains(context.request().method())) {
            if (token == null && Pages.isPage(context.normalizedPath())) {
                token = newToken();
                context.response()
                        .addCookie(Cookie.cookie(COOKIE, token)
                                .setPath("/")
                                .setHttpOnly(true)
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
        if (token == null || sent == null || !same(token, sent)) {
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

    private boolean signedInBySession(RoutingContext context) {
        return context.request().getCookie(sessionCookie) != null
                && context.request().getHeader("Authorization") == null;
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
