package org.communityhub.common.paging;

import org.communityhub.common.error.FieldErrors;

/**
 * Which page of a list a client asked for. Parsed from the raw query strings so that a bad value
 * gets a precise 422, not a bare 404 (what JAX-RS does for an unparseable query parameter).
 */
public record PageRequest(int page, int size) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 200;
    /** Far beyond any real list; keeps the row offset well inside an int. */
    public static final int MAX_PAGE = 1_000_000;

    public static PageRequest of(String page, String size) {
        FieldErrors errors = new FieldErrors();
        int p = parse(page, 0, "page", errors);
        int s = parse(size, DEFAULT_SIZE, "size", errors);
        if (!errors.has("page") && (p < 0 || p > MAX_PAGE)) {
            errors.add("page", "out-of-range", "页码从 0 开始，最大为 " + MAX_PAGE + "。");
        }
        if (!errors.has("size") && (s < 1 || s > MAX_SIZE)) {
            errors.add("size", "out-of-range", "每页条数应在 1 到 " + MAX_SIZE + " 之间。");
        }
        errors.throwIfAny();
        return new PageRequest(p, s);
    }

    public int offset() {
        return page * size;
    }

    private static int parse(String raw, int fallback, String field, FieldErrors errors) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.trim());
        } catch (NumberFormatException e) {
            errors.add(field, "invalid-format", "应为整数。");
            return fallback;
        }
    }
}
