package org.communityhub.intake.export;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.communityhub.access.Actor;
import org.communityhub.access.TagVisibility;
import org.communityhub.adapter.definition.AdapterDefinition;
import org.communityhub.adapter.definition.CanonicalField;
import org.communityhub.adapter.definition.CanonicalFields;
import org.communityhub.adapter.definition.FieldMapping;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.error.ProblemException;
import org.communityhub.reference.code.CodeEntry;
import org.communityhub.reference.code.CodeTable;
import org.communityhub.reference.code.CodeTables;
import org.communityhub.reference.code.ResidentField;
import org.communityhub.reference.code.ResidentFields;

/**
 * The columns a user may pick for an export: the canonical fields platforms map from, with the
 * Chinese header each gets, and one column per tag ({@code tag:<code>}, 是/否). A column set is
 * turned into a definition of its own, so its rows come from the same record mapper as every
 * platform's: codes as their names (男, 汉族), dates as yyyy-MM-dd, yes/no as 是/否, tags by name.
 */
@ApplicationScoped
public class ExportColumns {

    /** A column on offer: its canonical name and its header. */
    public record Column(String name, String label) {}

    /** The canonical fields on offer, in the order they are offered, with their headers: the resident field catalogue's. */
    static final Map<String, String> LABELS = labels();

    /** Canonical fields that describe a delivery, not a resident: never a column. */
    static final Set<String> NOT_COLUMNS = Set.of("version", CanonicalFields.OPERATION, "removalReason");

    static final String ID = "columns";
    private static final String YES = "是";
    private static final String NO = "否";

    private final CodeTable tags;
    private final TagVisibility tagVisibility;

    ExportColumns(CodeTables codes, TagVisibility tagVisibility) {
        this.tags = codes.get(CodeTables.TAG);
        this.tagVisibility = tagVisibility;
    }

    /** Every column the actor may pick: the fields, then a column per tag they may see. */
    public List<Column> available(Actor actor) {
        List<Column> columns = new ArrayList<>();
        LABELS.forEach((name, label) -> columns.add(new Column(name, label)));
        for (CodeEntry tag : tags.getEntries()) {
            if (tagVisibility.canSee(actor, tag.code())) {
                columns.add(new Column(CanonicalFields.TAG_PREFIX + tag.code(), tag.name()));
            }
        }
        return columns;
    }

    /**
     * The template for the columns named (repeats dropped); an unknown name goes into {@code
     * errors}, by its position (a submitted value is never echoed); a tag column the actor may not
     * see goes to {@code refuse} (403).
     */
    ExportTemplate template(Actor actor, List<String> names, FieldErrors errors, Consumer<ProblemException> refuse) {
        Set<String> chosen = new LinkedHashSet<>(names);
        List<FieldMapping> fields = new ArrayList<>();
        int position = 0;
        boolean restricted = false;
        for (String name : chosen) {
            position++;
            Optional<FieldMapping> field = field(actor, name);
            if (field.isEmpty()) {
                errors.add(
                        "columns",
                        "unknown-column",
                        "第 " + position + " 个列名不是可导出的字段（可选的列见 GET /api/v1/exports/templates）。");
            } else if (name.startsWith(CanonicalFields.TAG_PREFIX)
                    && !tagVisibility.canSee(actor, name.substring(CanonicalFields.TAG_PREFIX.length()))) {
                restricted = true;
            } else {
                fields.add(field.get());
            }
        }
        if (restricted) {
            refuse.accept(ProblemException.forbidden("restricted-tag", "您的角色不能导出受限标签。"));
        }
        AdapterDefinition definition = new AdapterDefinition(
                ID, "自选列", "1", null, null, null, List.of(), fields, List.of(), null, 0, 0, null, null);
        return new ExportTemplate(
                definition,
                false,
                definition.fieldNames(),
                Set.of(),
                List.copyOf(chosen),
                "居民信息",
                null,
                "居民信息",
                "residents",
                "columns",
                StandardCharsets.UTF_8);
    }

    /**
     * A column of another file (a collection's form) filled as an export's column of the field
     * {@code name} is, under the header {@code column}: codes as their names, dates as yyyy-MM-dd,
     * yes/no as 是/否, tags by name (only those the actor may see). Empty for a field that is no
     * export column.
     */
    public Optional<FieldMapping> column(Actor actor, String name, String column) {
        return field(actor, name)
                .map(f -> new FieldMapping(
                        column,
                        f.source(),
                        f.translation(),
                        f.format(),
                        f.required(),
                        f.onlyTags(),
                        f.separator(),
                        f.line()));
    }

    private Optional<FieldMapping> field(Actor actor, String name) {
        if (name.startsWith(CanonicalFields.TAG_PREFIX)) {
            String tag = name.substring(CanonicalFields.TAG_PREFIX.length());
            return tags.entry(tag)
                    .map(e -> new FieldMapping(
                            e.name(), new FieldMapping.From(name), yesNo(), null, false, Set.of(), null, 0));
        }
        String label = LABELS.get(name);
        Optional<CanonicalField> canonical = CanonicalFields.find(name);
        if (label == null || canonical.isEmpty()) {
            return Optional.empty();
        }
        CanonicalField c = canonical.get();
        FieldMapping.Translation translation = null;
        String format = null;
        Set<String> only = Set.of();
        switch (c.type()) {
            case CODE:
                translation = new FieldMapping.CodeNames();
                break;
            case CODE_LIST:
                // The tags the reader may see, by name; restricted ones only for roles granted them.
                translation = new FieldMapping.CodeNames();
                only = tags.getEntries().stream()
                        .map(CodeEntry::code)
                        .filter(t -> tagVisibility.canSee(actor, t))
                        .collect(Collectors.toSet());
                break;
            case BOOLEAN:
                translation = yesNo();
                break;
            case DATE:
                format = "yyyy-MM-dd";
                break;
            case TIMESTAMP:
                format = "yyyy-MM-dd HH:mm:ss";
                break;
            default:
                break;
        }
        return Optional.of(
                new FieldMapping(label, new FieldMapping.From(name), translation, format, false, only, "、", 0));
    }

    private static FieldMapping.CodeMap yesNo() {
        return new FieldMapping.CodeMap(Map.of("true", YES, "false", NO), null);
    }

    /** The catalogue's exported fields, in its order, with their labels. */
    private static Map<String, String> labels() {
        Map<String, String> l = new LinkedHashMap<>();
        for (ResidentField f : ResidentFields.all()) {
            if (f.exported()) {
                l.put(f.name(), f.label());
            }
        }
        return Collections.unmodifiableMap(l);
    }
}
