package org.communityhub.common.history;

import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Collects the fields whose values differ between the old and the new state of a record. */
public final class Changes {

    private final List<FieldChange> changes = new ArrayList<>();

    /** Records {@code field} when {@code old} and {@code now} differ. */
    public Changes compare(String field, Object old, Object now) {
        Object o = empty(old) ? null : plain(old);
        Object n = empty(now) ? null : plain(now);
        if (!Objects.equals(o, n)) {
            changes.add(new FieldChange(field, o, n));
        }
        return this;
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    public List<FieldChange> list() {
        return List.copyOf(changes);
    }

    /** Values as JSON keeps them without help: dates and enums as their ISO text and names. */
    private static Object plain(Object value) {
        if (value instanceof TemporalAccessor || value instanceof Enum<?> || value instanceof java.util.UUID) {
            return value.toString();
        }
        return value;
    }

    private static boolean empty(Object value) {
        return value == null
                || (value instanceof String s && s.isEmpty())
                || (value instanceof List<?> l && l.isEmpty());
    }
}
