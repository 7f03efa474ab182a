package org.communityhub.intake.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The import tables' JSON columns (mappings, changes) written and read. */
final class JsonColumns {

    private JsonColumns() {}

    static String write(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write JSON", e);
        }
    }

    /** The value of a JSON column; null for SQL null. */
    static <T> T read(ObjectMapper json, String text, TypeReference<T> type) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not read JSON", e);
        }
    }
}
