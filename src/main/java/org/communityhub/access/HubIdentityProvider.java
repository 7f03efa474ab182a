package org.communityhub.access;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Signs in built-in users (HTTP Basic for the API, the form for pages). */
@ApplicationScoped
class HubIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    /** Identity attribute holding the user's {@link AreaScope}. */
    static final String SCOPE = "hub.scope";

    private final UserService users;
    private final SessionTickets tickets;
    private final Clock clock;
    private final String signInPath;

    HubIdentityProvider(
            UserService users,
            SessionTickets tickets,
            Clock clock,
            @ConfigProperty(name = "quarkus.http.auth.form.post-location", defaultValue = "/j_security_check")
                    String signInPath) {
        this.users = users;
        this.tickets = tickets;
        this.clock = clock;
        this.signInPath = signInPath;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
            UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        String username = request.getUsername();
        String password = new String(request.getPassword().getPassword());
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        String source = routing == null || routing.request().remoteAddress() == null
                ? null
                : routing.request().remoteAddress().hostAddress();
        boolean formSignIn = routing != null
                && routing.request().method() == HttpMethod.POST
                && routing.normalizedPath().equals(signInPath);
        return context.runBlocking(() -> {
            Actor actor =
                    users.authenticate(username, password, source).orElseThrow(AuthenticationFailedException::new);
            if (formSignIn) {
                // A page session begins: its ticket names the user's current session generation.
                tickets.issue(routing, actor.username(), users.sessionGeneration(actor.username()), clock.instant());
            }
            return identity(actor);
        });
    }

    static SecurityIdentity identity(Actor actor) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(actor.username()))
                .addRoles(actor.roles())
                .addAttribute(SCOPE, actor.scope())
                .build();
    }
}
