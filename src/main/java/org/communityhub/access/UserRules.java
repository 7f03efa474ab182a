package org.communityhub.access;

import java.util.List;
import org.communityhub.common.error.FieldErrors;

/** The form rules for users, shared by the commands that carry user data. */
final class UserRules {

    static final int MIN_PASSWORD_LENGTH = 10;

    private UserRules() {}

    static void checkUsername(String username, FieldErrors errors) {
        if (username == null || username.isEmpty()) {
            errors.add("username", "required", "请填写用户名。");
        } else if (!username.matches("[a-z0-9][a-z0-9._-]{2,63}")) {
            errors.add("username", "invalid-format", "用户名为 3–64 位小写字母、数字或 . _ -，以字母或数字开头。");
        }
    }

    static void checkDisplayName(String displayName, FieldErrors errors) {
        if (displayName != null && displayName.length() > 100) {
            errors.add("displayName", "too-long", "显示名最多 100 个字。");
        }
    }

    static void checkPassword(String password, String username, String field, FieldErrors errors) {
        if (password == null || password.isEmpty()) {
            errors.add(field, "required", "请设置密码。");
            return;
        }
        boolean letter = password.chars().anyMatch(Character::isLetter);
        boolean digit = password.chars().anyMatch(Character::isDigit);
        if (password.length() < MIN_PASSWORD_LENGTH || !letter || !digit) {
            errors.add(field, "weak-password", "密码至少 " + MIN_PASSWORD_LENGTH + " 位，且须同时包含字母和数字。");
        } else if (password.length() > 128) {
            errors.add(field, "too-long", "密码最多 128 位。");
        } else if (username != null
                && !username.isEmpty()
                && password.toLowerCase().contains(username.toLowerCase())) {
            errors.add(field, "weak-password", "密码不能包含用户名。");
        } else if (CommonPasswords.isCommon(password)) {
            errors.add(field, "common-password", "这个密码太常见，容易被猜中，请换一个不易猜到的密码。");
        }
    }

    static void checkRoles(List<String> roles, FieldErrors errors) {
        if (roles.isEmpty()) {
            errors.add("roles", "required", "请至少指定一个角色：" + Roles.ALL + "。");
        }
        for (int i = 0; i < roles.size(); i++) {
            if (!Roles.ALL.contains(roles.get(i))) {
                errors.add("roles[" + i + "]", "unknown-role", "没有这个角色；可选：" + Roles.ALL + "。");
            }
        }
    }

    static void checkScopeFormat(List<String> scope, FieldErrors errors) {
        if (scope.isEmpty()) {
            errors.add("scope", "required", "请指定管辖范围（区划代码），全部范围为 *。");
        }
        for (int i = 0; i < scope.size(); i++) {
            if (!AreaScope.isValidEntry(scope.get(i))) {
                errors.add("scope[" + i + "]", "invalid-format", "管辖范围应为 2、4、6、9 或 12 位的区划代码，或 *。");
            }
        }
    }
}
