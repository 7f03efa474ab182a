package org.communityhub.adapter.definition;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${NAME}} and {@code ${NAME:default}} in a definition's transport settings: URLs and
 * secrets come from the hub's environment, never from the file itself.
 */
final class EnvReferences {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)(?::([^}]*))?}");

    private final Function<String, String> environment;

    /** @param environment looks a name up; null when it is not set */
    EnvReferences(Function<String, String> environment) {
        this.environment = environment;
    }

    /** The text with every reference replaced by its value, its default, or nothing. */
    String resolve(String value) {
        if (value == null || !value.contains("${")) {
            return value;
        }
        Matcher m = REFERENCE.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String found = environment.apply(m.group(1));
            String replacement = found != null ? found : m.group(2) != null ? m.group(2) : "";
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** Whether the text names a variable that is set nowhere and has no default. */
    boolean hasUnsetReference(String value) {
        if (value == null) {
            return false;
        }
        Matcher m = REFERENCE.matcher(value);
        while (m.find()) {
            if (m.group(2) == null && environment.apply(m.group(1)) == null) {
                return true;
            }
        }
        return false;
    }
}
