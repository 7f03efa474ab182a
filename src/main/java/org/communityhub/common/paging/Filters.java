package org.communityhub.common.paging;

import org.communityhub.common.error.FieldErrors;

/** Parsing of list filters from query strings, with precise errors instead of JAX-RS's bare 404. */
public final class Filters {

    private Filters() {}

    /** Trimmed text, or null when blank. */
    public static String text(String raw) {
        return raw == null || raw.isBlank() ? null : raw.strip();
    }

    /** A division code of any level (2–12 digits). */
    public static String division(String raw, String field, FieldErrors errors) {
        String code = text(raw);
        if (code != null && !code.matches("[0-9]{2,12}")) {
            errors.add(field, "invalid-format", "区划代码应为 2–12 位数字。");
            return null;
        }
        return code;
    }

    public static Boolean bool(String raw, String field, FieldErrors errors) {
        String value = text(raw);
        if (value == null) {
            return null;
        }
        if (value.equals("true") || value.equals("false")) {
            return Boolean.valueOf(value);
        }
        errors.add(field, "invalid-format", "应为 true 或 false。");
        return null;
    }

    /** A yes/no filter of a page's address: 1 / 0 as links write it, or true / false as the API does. */
    public static Boolean flag(String raw, String field, FieldErrors errors) {
        String value = text(raw);
        if ("1".equals(value)) {
            return true;
        }
        if ("0".equals(value)) {
            return false;
        }
        return bool(value, field, errors);
    }

    /** An enum constant by name. */
    public static <E extends Enum<E>> E oneOf(
            Class<E> type, String raw, String field, String message, FieldErrors errors) {
        String value = text(raw);
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            errors.add(field, "unknown-code", message);
            return null;
        }
    }
}
