package org.communityhub.common.database;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.function.Function;

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

    /** {@code text} to be matched literally inside a LIKE pattern (escape character \\). */
    public static String likeEscaped(String text) {
        return escapeLike(text);
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /**
     * One column of {@code rows} as an SQL array of {@code type}, to bind to {@code unnest(?::type[])}
     * when many rows go to the database in one statement.
     */
    public static <T> Array column(Connection c, String type, Collection<T> rows, Function<? super T, ?> value)
            throws SQLException {
        if ("bytea".equals(type)) {
            return c.createArrayOf(
                    type, rows.stream().map(value).map(byte[].class::cast).toArray(byte[][]::new));
        }
        return c.createArrayOf(type, rows.stream().map(value).toArray());
    }
}
