package org.communityhub.adapter.definition;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One field of a platform's record, in the platform's order: its name there, where its value comes
 * from, and how it is written.
 *
 * @param translation how codes (or true/false) become the platform's values; null keeps them
 * @param format a date pattern for DATE and TIMESTAMP values
 * @param required whether a record without a value here cannot be delivered
 * @param onlyTags for {@code from: tags}: the tags that may leave through this field
 * @param separator for lists: what joins the values
 */
public record FieldMapping(
        String name,
        Source source,
        Translation translation,
        String format,
        boolean required,
        Set<String> onlyTags,
        String separator,
        int line) {

    /** Where a field's value comes from. */
    public sealed interface Source {}

    /** A canonical field. */
    public record From(String field) implements Source {}

    /** The same text on every record. */
    public record Constant(String value) implements Source {}

    /** Text with {@code {canonicalField}} placeholders, e.g. {@code "{building}{unit}单元{room}"}. */
    public record Compose(String template, List<String> placeholders) implements Source {}

    /** How a coded value is written for the platform. */
    public sealed interface Translation {}

    /** The code table's own name for the code (汉族 for 01). */
    public record CodeNames() implements Translation {}

    /** The platform's own codes; {@code fallback} (may be null) for codes not listed. */
    public record CodeMap(Map<String, String> values, String fallback) implements Translation {}
}
