package org.communityhub.access;

import java.util.List;
import org.communityhub.common.error.FieldErrors;

/** New roles, scope, display name and enabled flag of a user (all replaced). */
public record UserChange(String displayName, List<String> roles, List<String> scope, Boolean enabled) {

    public UserChange {
        displayName = displayName == null || displayName.isBlank() ? null : displayName.strip();
        roles = roles == null ? List.of() : List.copyOf(roles);
        scope = scope == null ? List.of() : List.copyOf(scope);
        FieldErrors errors = new FieldErrors();
        UserRules.checkDisplayName(displayName, errors);
        UserRules.checkRoles(roles, errors);
        UserRules.checkScopeFormat(scope, errors);
        if (enabled == null) {
            errors.add("enabled", "required", "请说明该用户是否启用（true / false）。");
        }
        errors.throwIfAny();
    }
}
