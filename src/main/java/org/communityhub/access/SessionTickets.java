package org.communityhub.access;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The ticket beside the pages' session cookie: which user signed in, when, and in which of the
 * user's session generations, signed with a key derived from the session key (so every replica
 * reads it). The session cookie of the form sign-in says only who and until when it is idle; the
 * ticket lets the hub end a session for good (the generation) and after its absolute lifetime.
 * The pages' CSRF token is derived from it, so that token changes with every sign-in.
 */
@ApplicationScoped
public class SessionTickets {

    /** The ticket's cookie. */
    public static final String COOKIE = "hub-session";

    /** A signed-in session: who, in which generation, since when. */
    public record Ticket(String username, int generation, Instant signedInAt) {}

    private final SecretKeySpec key;

    SessionTickets(@ConfigProperty(name = "quarkus.http.auth.session.encryption-key") Optional<String> sessionKey) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("hub-session-ticket:".getBytes(StandardCharsets.UTF_8));
            // Without a configured key Quarkus makes one per process: a ticket then lives as long as the process.
            sha.update(sessionKey
                    .orElseGet(() -> String.valueOf(System.nanoTime()) + Math.random())
                    .getBytes(StandardCharsets.UTF_8));
            this.key = new SecretKeySpec(sha.digest(), "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sets the ticket of a session that begins now. */
    void issue(RoutingContext context, String username, int generation, Instant now) {
        context.response()
                .addCookie(Cookie.cookie(COOKIE, value(username, generation, now))
                        .setPath("/")
                        .setHttpOnly(true)
                        .setSecure(context.request().isSSL())
                        .setSameSite(CookieSameSite.STRICT));
    }

    /** The cookie value of a ticket. */
    String value(String username, int generation, Instant signedInAt) {
        String payload = username + "\n" + generation + "\n" + signedInAt.toEpochMilli();
        return encode(payload.getBytes(StandardCharsets.UTF_8)) + "." + encode(sign(payload));
    }

    /** The ticket a request carries, if it carries a genuine one. */
    Optional<Ticket> read(RoutingContext context) {
        Cookie cookie = context.request().getCookie(COOKIE);
        return cookie == null ? Optional.empty() : read(cookie.getValue());
    }

    Optional<Ticket> read(String value) {
        int dot = value.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        try {
            String payload = new String(Base64.getUrlDecoder().decode(value.substring(0, dot)), StandardCharsets.UTF_8);
            byte[] signature = Base64.getUrlDecoder().decode(value.substring(dot + 1));
            if (!MessageDigest.isEqual(sign(payload), signature)) {
                return Optional.empty();
            }
            String[] parts = payload.split("\n", -1);
            return Optional.of(
                    new Ticket(parts[0], Integer.parseInt(parts[1]), Instant.ofEpochMilli(Long.parseLong(parts[2]))));
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    /**
     * The pages' CSRF token for a session ticket's cookie value: bound to that sign-in, so a token
     * planted before it, or one of another session, is worth nothing.
     */
    public String csrfToken(String ticketCookie) {
        return encode(sign("csrf\n" + ticketCookie));
    }

    /** Drops the session cookies (the form sign-in's and the ticket). */
    static void clear(RoutingContext context, String sessionCookie) {
        for (String name : new String[] {sessionCookie, COOKIE}) {
            context.response()
                    .addCookie(Cookie.cookie(name, "")
                            .setPath("/")
                            .setMaxAge(0)
                            .setHttpOnly(true)
                            .setSecure(context.request().isSSL())
                            .setSameSite(CookieSameSite.STRICT));
        }
    }

    private byte[] sign(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
