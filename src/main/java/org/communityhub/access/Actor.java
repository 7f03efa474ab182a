package org.communityhub.access;

import java.util.Set;

/**
 * Who is acting: the signed-in user, or the hub itself for work nobody typed (demo data, the
 * scheduler), and where the request came from. Services take the actor explicitly so that rules and records of who did what do not
 * depend on a request being in progress.
 */
public record Actor(String username, Set<String> roles, AreaScope scope, String clientAddress) {

    public Actor {
        roles = Set.copyOf(roles);
    }

    /** An actor not acting through a network request (or whose address is not known). */
    public Actor(String username, Set<String> roles, AreaScope scope) {
        this(username, roles, scope, null);
    }

    /** The hub acting on its own behalf, everywhere. */
    public static Actor system(String purpose) {
        return new Actor("system:" + purpose, Set.copyOf(Roles.ALL), AreaScope.everywhere());
    }

    /** Whether this is the hub acting on its own behalf rather than a person. */
    public boolean isSystem() {
        return username.startsWith("system:");
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean covers(String divisionCode) {
        return scope.covers(divisionCode);
    }
}
