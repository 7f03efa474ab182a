package org.communityhub.access;

import org.communityhub.common.error.FieldErrors;

/**
 * A new password. Users changing their own give the current one; an admin resetting another
 * user's does not.
 */
public record PasswordChange(String password, String currentPassword) {

    public PasswordChange {
        FieldErrors errors = new FieldErrors();
        UserRules.checkPassword(password, null, "password", errors);
        errors.throwIfAny();
    }

    @Override
    public String toString() {
        return "PasswordChange[***]";
    }
}
