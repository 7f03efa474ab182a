package org.communityhub.access;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Signs in the pages' requests: the form sign-in leaves the username in an encrypted session
 * cookie, and each request carrying it is a trusted request for that username. The user is read
 * again each time, so disabling a user or changing their roles takes effect on their next click.
 * The request must also carry the session's ticket ({@link SessionTickets}) of the user's current
 * session generation, within the session's absolute lifetime: sign-out, a new password, other
 * roles or area end the session on every replica. A user signed in through the OIDC server has no
 * row: the ticket carries its roles and area from its token, within the same lifetimes.
 */
@ApplicationScoped
class SessionIdentityProvider implements IdentityProvider<TrustedAuthenticationRequest> {

    private final UserService users;
    private final SessionTickets tickets;
    private final PageTokenSignIn tokenSignIn;
    private final String sessionCookie;

    SessionIdentityProvider(
            UserService users,
            SessionTickets tickets,
            PageTokenSignIn tokenSignIn,
            @ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
                    String sessionCookie) {
        this.users = users;
        this.tickets = tickets;
        this.tokenSignIn = tokenSignIn;
        this.sessionCookie = sessionCookie;
    }

    @Override
    public Class<TrustedAuthenticationRequest> getRequestType() {
        return TrustedAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        SessionTickets.Ticket ticket =
                routing == null ? null : tickets.read(routing).orElse(null);
        if (TokenIdentityAugmentor.isTokenUser(request.getPrincipal())) {
            // Signed in through the OIDC server: no row in the users table; who, roles and area come
            // from the ticket, which only the hub can have signed (PageTokenSignIn), in the user's
            // current generation. Once the pages no longer sign in through the server, none counts.
            if (!tokenSignIn.offered()) {
                return Uni.createFrom().failure(ended(routing));
            }
            return context.runBlocking(() -> users.signedInWithToken(request.getPrincipal(), ticket)
                    .map(HubIdentityProvider::identity)
                    .orElseThrow(() -> ended(routing)));
        }
        return context.runBlocking(() -> users.signedIn(request.getPrincipal(), ticket)
                .map(HubIdentityProvider::identity)
                .orElseThrow(() -> ended(routing)));
    }

    private AuthenticationFailedException ended(RoutingContext routing) {
        if (routing != null) {
            // An ended session: the browser forgets it, so the sign-in page is shown next.
            SessionTickets.clear(routing, sessionCookie);
        }
        return new AuthenticationFailedException();
    }
}
