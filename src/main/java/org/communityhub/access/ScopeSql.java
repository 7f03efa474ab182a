package org.communityhub.access;

import java.util.stream.Collectors;

/** The SQL condition that keeps a query inside an actor's area. */
public final class ScopeSql {

    private ScopeSql() {}

    /**
     * A condition on {@code column} (a division code column) true for rows inside {@code scope}.
     * Scope codes are digits only (checked here again), so they are written into the SQL directly,
     * which lets PostgreSQL use the index on the column.
     */
    public static String condition(AreaScope scope, String column) {
        if (scope.isEverywhere()) {
            return "true";
        }
        if (scope.codes().isEmpty()) {
            return "false";
        }
        return scope.codes().stream()
                .peek(ScopeSql::checkDigits)
                .map(code -> column + " like '" + code + "%'")
                .collect(Collectors.joining(" or ", "(", ")"));
    }

    private static void checkDigits(String code) {
        if (!code.matches("[0-9]{1,12}")) {
            throw new IllegalStateException("Scope code is not a division code");
        }
    }
}
