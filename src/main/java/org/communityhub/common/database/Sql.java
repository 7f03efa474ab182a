package org.communityhub.common.database;

import java.sql.Date;
import java.time.LocalDate;
import java.util.UUID;

/** Small helpers for hand-written SQL. */
public final class Sql {

    private Sql() {}

    /** A LIKE pattern matching values that contain {@code text} literally (escape character \). */
    public static String containsPattern(String text) {
        return "%" + escapeLike(text) + "%";
    }

    /** A LIKE pattern matching values that start with {@code text} literally. */
    public static String prefixPattern(String text) {
        return escapeLike(text) + "%";
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** A date column value of a native query, whichever Java type the driver chose. */
    public static LocalDate localDate(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof LocalDate d) {
            return d;
        }
        return ((Date) value).toLocalDate();
    }

    /** A text column value of a native query; single-character columns come back as Character. */
    public static String text(Object value) {
        return value == null ? null : value.toString();
    }

    public static UUID uuid(Object value) {
        return value == null ? null : value instanceof UUID u ? u : UUID.fromString(value.toString());
    }
}
