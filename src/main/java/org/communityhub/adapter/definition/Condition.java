package org.communityhub.adapter.definition;

import java.util.List;
import java.util.Set;

/**
 * A structured condition of an adapter's {@code select}: which residents concern the platform.
 * Conditions are data, not a scripting language: each is one of the forms below.
 */
public sealed interface Condition {

    /** The field's value (as text) is one of {@code values}; {@code negate} turns it into "not in". */
    record FieldIn(String field, Set<String> values, boolean negate) implements Condition {}

    /** The field's value starts with one of the prefixes (e.g. division codes of a district). */
    record FieldPrefix(String field, List<String> prefixes) implements Condition {}

    /** Age in full years on the day of delivery, inclusive bounds; either may be absent. */
    record Age(Integer min, Integer max) implements Condition {}

    /** The resident holds a party or league membership. */
    record Membership(Kind kind) implements Condition {
        public enum Kind {
            PARTY,
            LEAGUE
        }
    }

    /** The resident carries at least one of the tags. */
    record Tags(Set<String> any) implements Condition {}

    /** At least one of the conditions holds. */
    record AnyOf(List<Condition> conditions) implements Condition {}

    /** The condition does not hold. */
    record Not(Condition condition) implements Condition {}
}
