package org.communityhub.adapter.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Arrays;
import java.util.List;

/**
 * A place in a JSON document written as dotted names: {@code result.accepted}, {@code
 * data.items}. A trailing {@code []} (as in {@code result.errors[]}) only says the place holds a
 * list; {@code .} alone is the document itself.
 */
record JsonPath(List<String> names) {

    static JsonPath of(String text) {
        String t = text == null ? "" : text.strip();
        if (t.endsWith("[]")) {
            t = t.substring(0, t.length() - 2);
        }
        if (t.isEmpty() || ".".equals(t)) {
            return new JsonPath(List.of());
        }
        return new JsonPath(Arrays.stream(t.split("\\.")).map(String::strip).toList());
    }

    /** Whether the text is a path at all: names without empty parts or brackets inside. */
    static boolean valid(String text) {
        if (text == null || text.isBlank()) {
            return false;
        }
        String t = text.strip();
        if (".".equals(t)) {
            return true;
        }
        if (t.endsWith("[]")) {
            t = t.substring(0, t.length() - 2);
        }
        for (String part : t.split("\\.", -1)) {
            if (part.isBlank() || part.contains("[") || part.contains("]")) {
                return false;
            }
        }
        return true;
    }

    boolean root() {
        return names.isEmpty();
    }

    JsonNode in(JsonNode node) {
        JsonNode at = node;
        for (String name : names) {
            if (at == null || !at.isObject()) {
                return MissingNode.getInstance();
            }
            at = at.path(name);
        }
        return at == null ? MissingNode.getInstance() : at;
    }

    /** The value there as text; null when absent or null. */
    String text(JsonNode node) {
        JsonNode v = in(node);
        return v.isMissingNode() || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    @Override
    public String toString() {
        return names.isEmpty() ? "." : String.join(".", names);
    }
}
