package org.communityhub.adapter.definition;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The transport a definition names and its settings, with {@code ${NAME:default}} references
 * already resolved. Each transport checks its own settings when a definition is read.
 */
public record TransportSettings(String type, Map<String, Object> values, int line) {

    /**
     * A problem with one setting, for the definition's writer.
     *
     * @param setting where: a setting's path such as {@code response.status} or {@code
     *     auth.token}; null for the transport section as a whole
     * @param message what is wrong and what to write instead, in Chinese
     */
    public record Problem(String setting, String message) {

        public static Problem of(String message) {
            return new Problem(null, message);
        }
    }

    public Optional<String> text(String key) {
        Object v = values.get(key);
        return v == null || v.toString().isBlank() ? Optional.empty() : Optional.of(v.toString());
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> section(String key) {
        Object v = values.get(key);
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    /** A list setting; empty when absent or not a list. */
    public List<Object> list(String key) {
        Object v = values.get(key);
        return v instanceof List<?> l ? List.copyOf(l) : List.of();
    }
}
