package org.communityhub.common.error;

import java.util.ArrayList;
import java.util.List;

/**
 * The version of a record an edit was based on: what the API's {@code If-Match} header names, or
 * the version a page's form was filled from. A service compares it with the record's current
 * version ({@link Preconditions#require}), so that nobody's edit is lost, without knowing of HTTP.
 *
 * @param versions the versions the edit may apply to; empty when what was given names none (a weak
 *     tag, {@code *}, a value that is not a version): such an edit never applies
 */
public record ExpectedVersion(List<Long> versions) {

    public ExpectedVersion {
        versions = List.copyOf(versions);
    }

    public static ExpectedVersion of(long version) {
        return new ExpectedVersion(List.of(version));
    }

    /**
     * The versions an {@code If-Match} header names by strong comparison (RFC 9110 §13.1.1: a
     * weak tag and {@code *} never match a version), or null when the header is absent or blank.
     */
    public static ExpectedVersion fromIfMatch(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        List<Long> versions = new ArrayList<>();
        for (String tag : header.split(",")) {
            String t = tag.trim();
            if (t.length() > 2 && t.startsWith("\"") && t.endsWith("\"")) {
                version(t.substring(1, t.length() - 1), versions);
            }
        }
        return new ExpectedVersion(versions);
    }

    /** The version a form was filled from (its hidden field), or null when the form gives none. */
    public static ExpectedVersion fromForm(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        List<Long> versions = new ArrayList<>(1);
        version(value.strip(), versions);
        return new ExpectedVersion(versions);
    }

    public boolean matches(long current) {
        return versions.contains(current);
    }

    private static void version(String text, List<Long> into) {
        if (!text.isEmpty() && text.length() <= 18 && text.chars().allMatch(Character::isDigit)) {
            into.add(Long.parseLong(text));
        }
    }
}
