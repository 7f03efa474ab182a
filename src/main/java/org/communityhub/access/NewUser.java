package org.communityhub.access;

import java.util.List;
import org.communityhub.common.error.FieldErrors;

/** A user to create. Validates its own form; the service checks it against the registry. */
public record NewUser(String username, String displayName, String password, List<String> roles, List<String> scope) {

    public NewUser {
        username = username == null ? null : username.strip();
        displayName = displayName == null || displayName.isBlank() ? null : displayName.strip();
        roles = roles == null ? List.of() : List.copyOf(roles);
        scope = scope == null ? List.of() : List.copyOf(scope);
        FieldErrors errors = new FieldErrors();
        UserRules.checkUsername(username, errors);
        UserRules.checkDisplayName(displayName, errors);
        UserRules.checkPassword(password, username, "password", errors);
        UserRules.checkRoles(roles, errors);
        UserRules.checkScopeFormat(scope, errors);
        errors.throwIfAny();
    }

    @Override
    public String toString() {
        return "NewUser[" + username + ", roles=" + roles + ", scope=" + scope + "]"; // no password
    }
}
