package org.communityhub.web;

import io.quarkus.runtime.BlockingOperationControl;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;
import java.util.Optional;

/**
 * What every page's frame needs to know about the request: who is signed in, which of the
 * navigation's sections they may use, the CSRF token, and where they are. Templates reach it as
 * {@code cdi:page}.
 */
@RequestScoped
@Named("page")
public class PageContext {

    private final SecurityIdentity identity;
    private final CurrentVertxRequest request;

    PageContext(SecurityIdentity identity, CurrentVertxRequest request) {
        this.identity = identity;
        this.request = request;
    }

    public boolean signedIn() {
        return identity().isPresent();
    }

    public String user() {
        return identity().map(i -> i.getPrincipal().getName()).orElse("");
    }

    /** Whether the user holds any of the roles (names separated by commas). */
    public boolean has(String roles) {
        SecurityIdentity who = identity().orElse(null);
        if (who == null) {
            return false;
        }
        for (String role : roles.split(",")) {
            if (who.hasRole(role.trim())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The signed-in identity. Pages run where they may block, and sign-in is checked there; the
     * error page of a request that never reached a page (an unknown address) is written on the
     * I/O thread, which must not look the user up: it shows the frame as if signed out.
     */
    private Optional<SecurityIdentity> identity() {
        if (!BlockingOperationControl.isBlockingAllowed()) {
            return Optional.empty();
        }
        return identity.isAnonymous() ? Optional.empty() : Optional.of(identity);
    }

    public String csrf() {
        RoutingContext context = request.getCurrent();
        String token = context == null ? null : context.get(Csrf.TOKEN);
        return token == null ? "" : token;
    }

    /** Whether the current page lies in the navigation section starting at {@code prefix}. */
    public boolean in(String prefix) {
        RoutingContext context = request.getCurrent();
        String path = context == null ? "" : context.normalizedPath();
        return "/".equals(prefix) ? "/".equals(path) : path.startsWith(prefix);
    }
}
