package org.communityhub.access;

import java.util.stream.Collectors;
import org.communityhub.reference.place.DivisionCode;

/** The SQL condition that keeps a query inside an actor's area. */
public final class ScopeSql {

    private ScopeSql() {}

    /**
     * A condition on {@code column} (a division code column) true for rows inside {@code scope}.
     * Scope codes are digits only (checked here again), so they are written into the SQL directly,
     * which lets PostgreSQL use the indexes on the column.
     *
     * <p>A community's code is compared for equality, which the GIN index that finds a name inside
     * a community (over the community and the name's pieces) can take; a shorter code by {@code
     * LIKE} on its prefix, which that index cannot take, so a search by name in a street or
     * district finds the name first. (A range would not do: the GIN index scans each end of a
     * range on its own, from the first code and up to the last, which is every row twice.)
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
                .map(code -> code.length() == DivisionCode.COMMUNITY_LENGTH
                        ? column + " = '" + code + "'"
                        : column + " like '" + code + "%'")
                .collect(Collectors.joining(" or ", "(", ")"));
    }

    private static void checkDigits(String code) {
        if (!code.matches("[0-9]{1,12}")) {
            throw new IllegalStateException("Scope code is not a division code");
        }
    }
}
