package org.communityhub.access;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.json.JsonString;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Makes a user signed in with an OIDC bearer token (e.g. from Keycloak) a hub user, as the
 * built-in sign-in does for its users ({@link HubIdentityProvider}).
 *
 * <ul>
 *   <li>Username: {@value #USERNAME_PREFIX} followed by the token's {@code preferred_username}, or
 *       its {@code sub} when that is missing or unusable. Built-in usernames cannot contain a colon,
 *       so a token user never acts, or appears in a record, as a built-in user.
 *   <li>Roles: those of the token (claim {@code quarkus.oidc.roles.role-claim-path}) that are hub
 *       roles; any other role is dropped.
 *   <li>Area scope: the claim {@code hub.oidc.scope-claim}, a list of division codes or one string
 *       of them separated by spaces or commas. Entries that are not division codes or {@code *} are
 *       dropped; a token without the claim sees nothing.
 * </ul>
 *
 * <p>The principal becomes a plain one with the hub's username, so {@link CurrentActor} reads token
 * and built-in users alike; the hub does not inject the token itself anywhere. Whether tokens are
 * accepted at all is {@link TokenSignIn}'s business.
 */
@ApplicationScoped
class TokenIdentityAugmentor implements SecurityIdentityAugmentor {

    static final String USERNAME_PREFIX = "oidc:";

    /** Who-columns (created_by, changed_by, …) hold 64 characters. */
    private static final int MAX_USERNAME_LENGTH = 64;

    private static final Logger LOG = Logger.getLogger(TokenIdentityAugmentor.class);

    private final String scopeClaim;

    TokenIdentityAugmentor(
            @ConfigProperty(name = "hub.oidc.scope-claim", defaultValue = "hub_scope") String scopeClaim) {
        this.scopeClaim = scopeClaim;
    }

    /** Whether a username is that of a user signed in with a token. */
    static boolean isTokenUser(String username) {
        return username.startsWith(USERNAME_PREFIX);
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (!(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(() -> hubIdentity(identity, token));
    }

    /**
     * The hub identity of an identity the OIDC tenant made from a token ({@link PageTokenSignIn}
     * checks tokens through it directly); an identity already made a hub one is returned as it is.
     */
    SecurityIdentity hubIdentity(SecurityIdentity identity) {
        return identity.getPrincipal() instanceof JsonWebToken token ? hubIdentity(identity, token) : identity;
    }

    private SecurityIdentity hubIdentity(SecurityIdentity identity, JsonWebToken token) {
        String username = username(token).orElseThrow(() -> {
            LOG.warn("Token sign-in refused: neither preferred_username nor sub is a usable name");
            return new AuthenticationFailedException();
        });
        Set<String> roles =
                identity.getRoles().stream().filter(Roles.ALL::contains).collect(Collectors.toSet());
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(username))
                .addRoles(roles)
                .addCredentials(identity.getCredentials())
                .addAttributes(identity.getAttributes())
                .addAttribute(HubIdentityProvider.SCOPE, scope(token.getClaim(scopeClaim)))
                .build();
    }

    private static Optional<String> username(JsonWebToken token) {
        return Stream.of(text(token.getClaim("preferred_username")), token.getSubject())
                .filter(TokenIdentityAugmentor::usableName)
                .findFirst()
                .map(name -> USERNAME_PREFIX + name);
    }

    private static boolean usableName(String name) {
        return name != null
                && !name.isEmpty()
                && USERNAME_PREFIX.length() + name.length() <= MAX_USERNAME_LENGTH
                && name.codePoints().noneMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c));
    }

    /** The area scope a claim value grants: its division codes (and {@code *}), nothing else. */
    private static AreaScope scope(Object claim) {
        Collection<?> values = claim instanceof Collection<?> list ? list : Collections.singletonList(claim);
        return new AreaScope(values.stream()
                .map(TokenIdentityAugmentor::text)
                .filter(Objects::nonNull)
                .flatMap(text -> Arrays.stream(text.split("[\\s,]+")))
                .filter(AreaScope::isValidEntry)
                .collect(Collectors.toSet()));
    }

    private static String text(Object value) {
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof JsonString s) {
            return s.getString();
        }
        return null;
    }
}
