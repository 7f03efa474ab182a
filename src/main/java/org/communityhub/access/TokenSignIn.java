package org.communityhub.access;

import io.quarkus.oidc.Oidc;
import io.quarkus.oidc.OidcTenantConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sign-in with OIDC bearer tokens is on exactly when {@code HUB_OIDC_URL} ({@code
 * quarkus.oidc.auth-server-url}) is set. Otherwise the OIDC extension's default tenant is disabled
 * here: without that it would refuse to start for want of a server URL. Disabled, nothing is
 * fetched at start and a bearer token signs nobody in; built-in users sign in as always.
 */
@ApplicationScoped
class TokenSignIn {

    private static final Logger LOG = Logger.getLogger(TokenSignIn.class);

    private final Optional<String> serverUrl;
    private final Optional<String> clientId;

    TokenSignIn(
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> serverUrl,
            @ConfigProperty(name = "quarkus.oidc.client-id") Optional<String> clientId) {
        this.serverUrl = serverUrl.filter(url -> !url.isBlank());
        this.clientId = clientId.filter(id -> !id.isBlank());
    }

    /** Called by the OIDC extension while it sets up its tenants, before the hub serves requests. */
    void setUp(@Observes Oidc oidc) {
        if (serverUrl.isEmpty()) {
            oidc.create(OidcTenantConfig.builder().disableTenant().build());
            return;
        }
        // Tokens count only when issued for the hub (their aud names its client); without a client id
        // any other client of the realm could spend its users' tokens here.
        if (clientId.isEmpty()) {
            throw new IllegalStateException(
                    "HUB_OIDC_URL is set but HUB_OIDC_CLIENT_ID is not: tokens are accepted only when issued for the hub's client.");
        }
        LOG.infof("Sign-in with bearer tokens from %s for client %s", serverUrl.get(), clientId.get());
    }
}
