package org.communityhub.common.database;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A statement with named parameters ({@code :name}) turned into one with numbered ones ({@code ?}),
 * and the names in the order they stand. A {@code ::type} cast and anything inside quotes ('…' and
 * "…") are not parameters.
 */
record NamedParameters(String sql, List<String> names) {

    static NamedParameters parse(String named) {
        StringBuilder sql = new StringBuilder(named.length());
        List<String> names = new ArrayList<>();
        int n = named.length();
        for (int i = 0; i < n; i++) {
            char ch = named.charAt(i);
            if (ch == '\'' || ch == '"') {
                int end = named.indexOf(ch, i + 1);
                end = end < 0 ? n - 1 : end;
                sql.append(named, i, end + 1);
                i = end;
            } else if (ch == ':' && i + 1 < n && named.charAt(i + 1) == ':') {
                sql.append("::");
                i++;
            } else if (ch == ':' && i + 1 < n && isNameStart(named.charAt(i + 1))) {
                int end = i + 1;
                while (end < n && isNamePart(named.charAt(end))) {
                    end++;
                }
                names.add(named.substring(i + 1, end));
                sql.append('?');
                i = end - 1;
            } else {
                sql.append(ch);
            }
        }
        return new NamedParameters(sql.toString(), List.copyOf(names));
    }

    /** Binds each name's value; a name without a value is a mistake in the caller's code. */
    void bind(PreparedStatement ps, Map<String, ?> values) throws SQLException {
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            if (!values.containsKey(name)) {
                throw new IllegalArgumentException("No SQL parameter value for :" + name);
            }
            ps.setObject(i + 1, values.get(name));
        }
    }

    private static boolean isNameStart(char ch) {
        return Character.isLetter(ch) || ch == '_';
    }

    private static boolean isNamePart(char ch) {
        return Character.isLetterOrDigit(ch) || ch == '_';
    }
}
