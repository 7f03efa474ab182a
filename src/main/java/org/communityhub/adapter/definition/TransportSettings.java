package org.communityhub.adapter.definition;

import java.util.Map;
import java.util.Optional;

/**
 * The transport a definition names and its settings, with {@code ${NAME:default}} references
 * already resolved. Each transport checks its own settings at start-up.
 */
public record TransportSettings(String type, Map<String, Object> values, int line) {

    public Optional<String> text(String key) {
        Object v = values.get(key);
        return v == null || v.toString().isBlank() ? Optional.empty() : Optional.of(v.toString());
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> section(String key) {
        Object v = values.get(key);
        return v instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
