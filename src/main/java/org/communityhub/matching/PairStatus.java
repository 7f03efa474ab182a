package org.communityhub.matching;

import org.communityhub.common.error.ProblemException;

/** Where a probable pair stands: open in the review queue, or decided (and never offered again). */
public enum PairStatus {
    OPEN,
    SAME_PERSON,
    DIFFERENT_PEOPLE;

    /** The status a list asks for: open (the default), same-person or different-people; 422 otherwise. */
    public static PairStatus fromQuery(String raw) {
        String value = raw == null || raw.isBlank() ? "open" : raw.strip();
        return switch (value) {
            case "open" -> OPEN;
            case "same-person" -> SAME_PERSON;
            case "different-people" -> DIFFERENT_PEOPLE;
            default ->
                throw ProblemException.invalid("status", "invalid-value", "状态应为 open、same-person 或 different-people。");
        };
    }

    /** How a query names the status. */
    public String query() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
