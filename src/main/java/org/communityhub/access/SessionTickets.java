package org.communityhub.access;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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

    /**
     * A signed-in session: who, in which generation, since when. A user signed in through the OIDC
     * server has no row in the users table: the roles and area scope its token gave at sign-in are
     * kept in the ticket (signed, so the browser cannot change them) and apply until the next
     * sign-in; for built-in users they are empty and read from the users table on every request.
     */
    public record Ticket(String username, int generation, Instant signedInAt, Set<String> roles, AreaScope scope) {

        public Ticket(String username, int generation, Instant signedInAt) {
            this(username, generation, signedInAt, Set.of(), new AreaScope(Set.of()));
        }

        public Ticket {
            roles = Set.copyOf(roles);
        }
    }

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
        issue(context, new Ticket(username, generation, now));
    }

    /** Sets the ticket of a session that begins now. */
    void issue(RoutingContext context, Ticket ticket) {
        context.response()
                .addCookie(Cookie.cookie(COOKIE, value(ticket))
                        .setPath("/")
                        .setHttpOnly(true)
                        .setSecure(context.request().isSSL())
                        .setSameSite(CookieSameSite.STRICT));
    }

    /** The cookie value of a ticket. */
    String value(String username, int generation, Instant signedInAt) {
        return value(new Ticket(username, generation, signedInAt));
    }

    /** The cookie value of a ticket. */
    String value(Ticket ticket) {
        String payload = ticket.username() + "\n" + ticket.generation() + "\n"
                + ticket.signedInAt().toEpochMilli();
        if (!ticket.roles().isEmpty() || !ticket.scope().codes().isEmpty()) {
            payload += "\n" + String.join(",", new TreeSet<>(ticket.roles())) + "\n"
                    + String.join(",", ticket.scope().codes());
        }
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
            Instant signedInAt = Instant.ofEpochMilli(Long.parseLong(parts[2]));
            if (parts.length == 3) {
                return Optional.of(new Ticket(parts[0], Integer.parseInt(parts[1]), signedInAt));
            }
            return Optional.of(new Ticket(
                    parts[0],
                    Integer.parseInt(parts[1]),
                    signedInAt,
                    listed(parts[3]),
                    new AreaScope(listed(parts[4]))));
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

    /** Drops an ended session's cookies from the browser (see {@link #dropped}). */
    static void clear(RoutingContext context, String sessionCookie) {
        for (String setCookie : dropped(sessionCookie, context.request().isSSL())) {
            context.response().headers().add(HttpHeaders.SET_COOKIE, setCookie);
        }
    }

    /**
     * The {@code Set-Cookie} values that drop a page session from the browser, at sign-out and when
     * a session is found ended: the form sign-in's cookie, the ticket, and the ID token kept for the
     * OIDC server's sign-out, which goes with the session it belongs to. One list, so that every way
     * out drops the same cookies with the same attributes.
     */
    static List<String> dropped(String sessionCookie, boolean https) {
        return List.of(
                dropping(sessionCookie, "/", https),
                dropping(COOKIE, "/", https),
                dropping(PageTokenSignIn.ID_TOKEN_COOKIE, "/logout", https));
    }

    private static String dropping(String name, String path, boolean https) {
        return Cookie.cookie(name, "")
                .setPath(path)
                .setMaxAge(0)
                .setHttpOnly(true)
                .setSecure(https)
                .setSameSite(CookieSameSite.STRICT)
                .encode();
    }

    private static Set<String> listed(String values) {
        return values.isEmpty() ? Set.of() : Set.of(values.split(","));
    }

    /** A key for other purposes of the pages' sessions, derived from the same secret. */
    byte[] derivedKey(String purpose) {
        return sign("key\n" + purpose);
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
