package org.communityhub.access;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import java.util.Set;

/**
 * The actor of the current request, from its security identity, with the client's address (the
 * proxy's, unless {@code quarkus.http.proxy.proxy-address-forwarding} trusts forwarded headers).
 */
@RequestScoped
public class CurrentActor {

    private final SecurityIdentity identity;
    private final CurrentVertxRequest request;

    CurrentActor(SecurityIdentity identity, CurrentVertxRequest request) {
        this.identity = identity;
        this.request = request;
    }

    public Actor get() {
        AreaScope scope = identity.getAttribute(HubIdentityProvider.SCOPE);
        return new Actor(
                identity.getPrincipal().getName(),
                Set.copyOf(identity.getRoles()),
                scope == null ? new AreaScope(Set.of()) : scope,
                clientAddress());
    }

    private String clientAddress() {
        RoutingContext context = request.getCurrent();
        if (context == null) {
            return null;
        }
        SocketAddress address = context.request().remoteAddress();
        return address == null ? null : address.hostAddress();
    }
}
