package org.communityhub.access;

import java.util.List;
import java.util.Set;

/**
 * A request to see personal identifiers unmasked, and why. Granted only to roles in {@code
 * hub.privacy.reveal-roles}, only with a purpose from the {@code access-purpose} code table (some
 * purposes need a note, e.g. the number of a legal request), and always logged.
 *
 * @param fields the identifiers to show in full: {@code idNumber}, {@code phone}; empty for none
 */
public record Reveal(Set<String> fields, String purpose, String note) {

    public static final String ID_NUMBER = "idNumber";
    public static final String PHONE = "phone";
    public static final List<String> REVEALABLE = List.of(ID_NUMBER, PHONE);

    /** How the access log marks an identifier that was shown masked: {@code idNumber:masked}. */
    public static final String MASKED = ":masked";

    public static final Reveal NONE = new Reveal(Set.of(), null, null);

    public Reveal {
        fields = Set.copyOf(fields);
    }

    public boolean any() {
        return !fields.isEmpty();
    }

    public boolean shows(String field) {
        return fields.contains(field);
    }

    /**
     * The fields as the access log names them: an identifier shown masked is marked so ({@code
     * idNumber:masked}), a revealed one is named plainly.
     */
    public List<String> asShown(List<String> shownFields) {
        return shownFields.stream()
                .map(f -> REVEALABLE.contains(f) && !shows(f) ? f + MASKED : f)
                .toList();
    }
}
