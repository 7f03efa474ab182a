package org.communityhub.adapter.definition;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One upstream platform, as its {@code adapters/<id>/adapter.yaml} describes it: who it concerns,
 * which fields it gets in which form (its allow-list: nothing else leaves for it), when and how.
 *
 * @param version the version label the file gives
 * @param contentHash SHA-256 of the file: the definition version recorded with every delivery
 * @param legalBasis the law that permits this sharing, recorded with every delivery
 * @param schedule a cron expression (minute hour day month weekday) of when changes become due;
 *     null delivers continuously
 * @param removalFields the fields a removal carries (by default every field)
 * @param rateLimitPerSecond requests (file writes) per second at most; 0 for no limit
 */
public record AdapterDefinition(
        String id,
        String name,
        String version,
        String contentHash,
        String legalBasis,
        String file,
        List<Condition> select,
        List<FieldMapping> fields,
        List<String> removalFields,
        String schedule,
        int batchSize,
        double rateLimitPerSecond,
        RetryPolicy retry,
        TransportSettings transport) {

    /** The platform's field names, in its order: the allow-list. */
    public List<String> fieldNames() {
        return fields.stream().map(FieldMapping::name).toList();
    }

    /** The encodings a platform's text files may be written in. */
    public static final List<String> FILE_ENCODINGS = List.of("UTF-8", "GB18030", "GBK");

    /**
     * The encoding of the platform's text files: GB18030 or GBK when its transport names one
     * (Chinese office software's own; GBK is the older, smaller one some importers still insist
     * on), UTF-8 otherwise.
     */
    public Charset fileCharset() {
        return transport
                .text("encoding")
                .filter(e -> !"UTF-8".equals(e) && FILE_ENCODINGS.contains(e))
                .map(Charset::forName)
                .orElse(StandardCharsets.UTF_8);
    }

    /** Every canonical field whose value can reach this platform, directly or composed. */
    public Set<String> canonicalFieldsUsed() {
        Set<String> used = new LinkedHashSet<>();
        for (FieldMapping f : fields) {
            if (f.source() instanceof FieldMapping.From from) {
                used.add(from.field());
            } else if (f.source() instanceof FieldMapping.Compose compose) {
                used.addAll(compose.placeholders());
            }
        }
        return used;
    }

    /** The tags the selection names: sending a record tells the platform the resident has one. */
    public Set<String> selectedTags() {
        Set<String> tags = new TreeSet<>();
        select.forEach(c -> collectTags(c, tags));
        return tags;
    }

    private static void collectTags(Condition c, Set<String> tags) {
        if (c instanceof Condition.Tags t) {
            tags.addAll(t.any());
        } else if (c instanceof Condition.AnyOf any) {
            any.conditions().forEach(inner -> collectTags(inner, tags));
        } else if (c instanceof Condition.Not not) {
            collectTags(not.condition(), tags);
        }
    }

    /**
     * Every tag that may leave for this platform: in a tags field's list, as a {@code tag:<code>}
     * field or placeholder, or named by the selection. With {@link #fieldNames()}, the allow-list.
     */
    public Set<String> allowedTags() {
        Set<String> tags = new TreeSet<>(selectedTags());
        for (FieldMapping f : fields) {
            tags.addAll(f.onlyTags());
        }
        for (String field : canonicalFieldsUsed()) {
            if (field.startsWith(CanonicalFields.TAG_PREFIX)) {
                tags.add(field.substring(CanonicalFields.TAG_PREFIX.length()));
            }
        }
        return tags;
    }

    /**
     * The platform's fields whose value may disclose one of the {@code hidden} tags: a tags field
     * whose {@code only} list names one, or a {@code tag:…} field of one. Someone who may not see
     * such a tag is shown neither the field's value nor, in the ledgers, that it carried one:
     * whether it did would tell them the tag.
     */
    public Set<String> fieldsDisclosing(java.util.function.Predicate<String> hidden) {
        Set<String> names = new TreeSet<>();
        for (FieldMapping f : fields) {
            if (!(f.source() instanceof FieldMapping.From from)) {
                continue;
            }
            boolean discloses = from.field().equals("tags")
                    ? f.onlyTags().stream().anyMatch(hidden)
                    : from.field().startsWith(CanonicalFields.TAG_PREFIX)
                            && hidden.test(from.field().substring(CanonicalFields.TAG_PREFIX.length()));
            if (discloses) {
                names.add(f.name());
            }
        }
        return names;
    }

    /** Whether ID numbers or phones can reach this platform (then they are decrypted for it). */
    public boolean needsPersonalIdentifiers() {
        return canonicalFieldsUsed().stream()
                .anyMatch(f -> CanonicalFields.find(f)
                        .map(CanonicalField::personalIdentifier)
                        .orElse(false));
    }

    /** Canonical fields whose value changes on a birthday with no change to the resident. */
    private static final Set<String> AGE_BOUND = Set.of("age", "league.overage");

    /**
     * Whether who this platform concerns, or what it gets, can change on a resident's birthday:
     * then residents are looked at again as their birthdays pass.
     */
    public boolean changesWithAge() {
        return select.stream().anyMatch(AdapterDefinition::mentionsAge)
                || canonicalFieldsUsed().stream().anyMatch(AGE_BOUND::contains);
    }

    private static boolean mentionsAge(Condition c) {
        if (c instanceof Condition.Age) {
            return true;
        }
        if (c instanceof Condition.FieldIn in) {
            return AGE_BOUND.contains(in.field());
        }
        if (c instanceof Condition.FieldPrefix prefix) {
            return AGE_BOUND.contains(prefix.field());
        }
        if (c instanceof Condition.AnyOf any) {
            return any.conditions().stream().anyMatch(AdapterDefinition::mentionsAge);
        }
        return c instanceof Condition.Not not && mentionsAge(not.condition());
    }
}
