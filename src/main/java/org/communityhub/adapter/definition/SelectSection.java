package org.communityhub.adapter.definition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.communityhub.adapter.definition.YamlTree.Mapping;
import org.communityhub.adapter.definition.YamlTree.Sequence;
import org.communityhub.adapter.definition.YamlTree.Value;
import org.communityhub.reference.code.CodeTable;
import org.communityhub.reference.code.CodeTables;

/** Checks {@code select}: which residents concern the platform. */
final class SelectSection {

    private static final List<String> CONDITIONS = List.of("age", "membership", "tags", "anyOf", "not");

    private final CodeTables codes;
    private final FieldsSection fields;

    SelectSection(CodeTables codes, FieldsSection fields) {
        this.codes = codes;
        this.fields = fields;
    }

    /**
     * @param carriedTags the tags the fields let leave: selecting by a sensitive tag discloses it,
     *     so it must be among them
     */
    List<Condition> select(Problems p, Map<String, Value> top, Set<String> carriedTags) {
        return top.containsKey("select") ? conditions(p, top.get("select"), carriedTags) : List.of();
    }

    private List<Condition> conditions(Problems p, Value node, Set<String> carriedTags) {
        if (!(node instanceof Sequence seq)) {
            p.at(node, "select 应是条件的列表（须全部满足），例如 - status: [ACTIVE]" + Problems.see("select"));
            return List.of();
        }
        List<Condition> list = new ArrayList<>();
        for (Value item : seq.items()) {
            Condition c = condition(p, item, carriedTags);
            if (c != null) {
                list.add(c);
            }
        }
        return list;
    }

    private Condition condition(Problems p, Value node, Set<String> carriedTags) {
        if (!(node instanceof Mapping mn) || mn.entries().size() != 1) {
            p.at(
                    node,
                    "每个条件是只有一个键的映射，例如 - residenceType: [\"2\"] 或 - age: {min: 14, max: 28}" + Problems.see("select"));
            return null;
        }
        YamlTree.Entry t = mn.entries().get(0);
        String key = t.key().text();
        Value value = t.value();
        switch (key) {
            case "age" -> {
                Map<String, Value> m = p.mapping(value, List.of("min", "max"), "age", "select");
                Integer min = m.containsKey("min") ? p.integer(m.get("min"), 0, 150, "age.min") : null;
                Integer max = m.containsKey("max") ? p.integer(m.get("max"), 0, 150, "age.max") : null;
                if (min == null && max == null) {
                    p.at(value, "age 须有 min、max 或两者，例如 age: {min: 60}");
                } else if (min != null && max != null && min > max) {
                    p.at(value, "age 的 min（" + min + "）大于 max（" + max + "）");
                }
                return new Condition.Age(min, max);
            }
            case "membership" -> {
                String kind = p.text(value, "membership");
                if ("party".equals(kind)) {
                    return new Condition.Membership(Condition.Membership.Kind.PARTY);
                }
                if ("league".equals(kind)) {
                    return new Condition.Membership(Condition.Membership.Kind.LEAGUE);
                }
                p.at(value, "membership 只能是 party（党员）或 league（团员）");
                return null;
            }
            case "tags" -> {
                return tags(p, value, carriedTags);
            }
            case "anyOf" -> {
                return new Condition.AnyOf(conditions(p, value, carriedTags));
            }
            case "not" -> {
                Condition inner = condition(p, value, carriedTags);
                return inner == null ? null : new Condition.Not(inner);
            }
            default -> {
                return fieldCondition(p, t.key(), value);
            }
        }
    }

    private Condition tags(Problems p, Value value, Set<String> carriedTags) {
        Map<String, Value> m = p.mapping(value, List.of("any"), "tags", "select");
        List<String> tags = m.containsKey("any") ? p.textList(m.get("any"), "tags.any") : List.of();
        if (tags.isEmpty()) {
            p.at(value, "tags 须写成 tags: {any: [标签代码, …]}");
        }
        CodeTable table = codes.get(CodeTables.TAG);
        for (String tag : tags) {
            var entry = table.entry(tag);
            if (entry.isEmpty()) {
                p.at(value, fields.unknownTag(tag));
            } else if (entry.get().grade() != null && entry.get().grade() > 1 && !carriedTags.contains(tag)) {
                // Selecting by a sensitive tag discloses it: it must be on the allow-list too.
                p.at(
                        value,
                        "按敏感标签“" + tag + "”筛选等于把它告诉了平台：请把它列入某个 tags 字段的 only，或加一个 from: \"tag:" + tag
                                + "\" 的字段，使它在本平台的允许清单上" + Problems.see("select"));
            }
        }
        return new Condition.Tags(Set.copyOf(tags));
    }

    private Condition fieldCondition(Problems p, YamlTree.Scalar key, Value value) {
        String field = key.text();
        CanonicalField canonical = CanonicalFields.find(field).orElse(null);
        if (canonical == null) {
            List<String> known = new ArrayList<>(CONDITIONS);
            known.addAll(FieldsSection.canonicalNames());
            p.at(
                    key,
                    "“" + field + "”既不是条件（age、membership、tags、anyOf、not）也不是规范字段" + Suggestions.didYouMean(field, known)
                            + "见 " + Problems.DOCS + "#select");
            return null;
        }
        if (canonical.personalIdentifier()) {
            p.at(key, "不能按" + canonical.description() + "（" + field + "）筛选");
            return null;
        }
        if (value instanceof Mapping) {
            Map<String, Value> m = p.mapping(value, List.of("in", "notIn", "prefix"), field, "select");
            if (m.containsKey("prefix")) {
                return new Condition.FieldPrefix(field, p.textList(m.get("prefix"), "prefix"));
            }
            boolean negate = m.containsKey("notIn");
            Value listed = negate ? m.get("notIn") : m.get("in");
            if (listed == null) {
                p.at(value, field + " 须写成 [代码, …]、{notIn: [...]} 或 {prefix: [...]}");
                return null;
            }
            List<String> values = p.textList(listed, field);
            checkCodes(p, canonical, values, listed);
            return new Condition.FieldIn(field, Set.copyOf(values), negate);
        }
        String single = value instanceof Sequence ? null : p.text(value, field);
        List<String> values =
                value instanceof Sequence ? p.textList(value, field) : single == null ? List.of() : List.of(single);
        checkCodes(p, canonical, values, value);
        return new Condition.FieldIn(field, Set.copyOf(values), false);
    }

    private void checkCodes(Problems p, CanonicalField canonical, List<String> values, Value node) {
        if (values.isEmpty()) {
            p.at(node, "没有给出“" + canonical.name() + "”的值");
        }
        if (canonical.type() == FieldType.CODE) {
            CodeTable table = codes.get(canonical.codeTable());
            for (String v : values) {
                if (!table.contains(v)) {
                    p.at(node, CodeHints.unknownCode(v, table));
                }
            }
        } else if (canonical.type() == FieldType.BOOLEAN) {
            for (String v : values) {
                if (!"true".equals(v) && !"false".equals(v)) {
                    p.at(node, "“" + canonical.name() + "”只能是 true 或 false");
                }
            }
        }
    }
}
