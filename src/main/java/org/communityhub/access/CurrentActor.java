package org.communityhub.access;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.Set;

/** The actor of the current request, from its security identity. */
@RequestScoped
public class CurrentActor {

    private final SecurityIdentity identity;

    CurrentActor(SecurityIdentity identity) {
        this.identity = identity;
    }

    public Actor get() {
        AreaScope scope = identity.getAttribute(HubIdentityProvider.SCOPE);
        return new Actor(
                identity.getPrincipal().getName(),
                Set.copyOf(identity.getRoles()),
                scope == null ? new AreaScope(Set.of()) : scope);
    }
}
