package org.communityhub.adapter.definition;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communityhub.adapter.definition.YamlTree.Mapping;
import org.communityhub.adapter.definition.YamlTree.Scalar;
import org.communityhub.adapter.definition.YamlTree.Sequence;
import org.communityhub.adapter.definition.YamlTree.Value;
import org.communityhub.reference.code.CodeEntry;
import org.communityhub.reference.code.CodeTable;
import org.communityhub.reference.code.CodeTables;

/** Checks {@code fields} (the platform's allow-list) and {@code removal}. */
final class FieldsSection {

    static final List<String> KEYS = List.of(
            "name", "from", "constant", "compose", "codes", "default", "format", "required", "only", "separator");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z.:0-9-]+)}");

    private final CodeTables codes;

    FieldsSection(CodeTables codes) {
        this.codes = codes;
    }

    /** The canonical field names a definition may take a value from (tag:&lt;code&gt; aside). */
    static List<String> canonicalNames() {
        return CanonicalFields.all().stream().map(CanonicalField::name).toList();
    }

    List<FieldMapping> fields(Problems p, Map<String, Value> top, Value root) {
        Value value = top.get("fields");
        if (value == null) {
            p.at(root, "缺少 fields：按平台的顺序列出它的字段" + Problems.see("fields"));
            return List.of();
        }
        if (!(value instanceof Sequence seq) || seq.items().isEmpty()) {
            p.at(value, "fields 应是不为空的列表，每项形如 - {name: 姓名, from: name}" + Problems.see("fields"));
            return List.of();
        }
        List<FieldMapping> fields = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (Value item : seq.items()) {
            FieldMapping f = field(p, item);
            if (f != null) {
                if (!names.add(f.name())) {
                    p.at(item, "字段“" + f.name() + "”写了两次；平台的每个字段只能出现一次");
                }
                fields.add(f);
            }
        }
        return fields;
    }

    /** The fields a removal carries, in the platform's order (by default every field). */
    List<String> removal(Problems p, Map<String, Value> top, List<FieldMapping> fields) {
        List<String> names = fields.stream().map(FieldMapping::name).toList();
        if (!top.containsKey("removal")) {
            return names;
        }
        Map<String, Value> rm = p.mapping(top.get("removal"), List.of("fields"), "removal", "fields");
        if (!rm.containsKey("fields")) {
            return names;
        }
        List<String> listed = p.textList(rm.get("fields"), "removal.fields");
        for (String f : listed) {
            if (!names.contains(f)) {
                p.at(
                        rm.get("fields"),
                        "removal.fields 中的“" + f + "”不是本定义 fields 里的字段" + Suggestions.didYouMean(f, names));
            }
        }
        return names.stream().filter(listed::contains).toList();
    }

    private FieldMapping field(Problems p, Value node) {
        Map<String, Value> m = p.mapping(node, KEYS, "字段", "fields");
        if (!(node instanceof Mapping)) {
            return null;
        }
        String name = p.requiredText(m, node, "name", "平台的字段名");
        int sources = (m.containsKey("from") ? 1 : 0)
                + (m.containsKey("constant") ? 1 : 0)
                + (m.containsKey("compose") ? 1 : 0);
        if (sources != 1) {
            p.at(node, "字段“" + name + "”须且只能有 from（取自规范字段）、constant（固定文字）、compose（拼接）三者之一" + Problems.see("fields"));
            return null;
        }
        int line = node.at().line();
        boolean required = m.containsKey("required") && p.bool(m.get("required"), "required");
        String separator = m.containsKey("separator") ? p.text(m.get("separator"), "separator") : ",";
        if (m.containsKey("constant")) {
            return new FieldMapping(
                    name,
                    new FieldMapping.Constant(p.text(m.get("constant"), "constant")),
                    null,
                    null,
                    required,
                    Set.of(),
                    separator,
                    line);
        }
        if (m.containsKey("compose")) {
            return compose(p, m, name, required, separator, line);
        }
        String from = p.text(m.get("from"), "from");
        CanonicalField canonical = CanonicalFields.find(from).orElse(null);
        if (canonical == null) {
            p.at(
                    m.get("from"),
                    "“" + from + "”不是规范字段" + Suggestions.didYouMean(from, canonicalNames()) + "可用的字段见 " + Problems.DOCS
                            + "#canonical-fields");
            return null;
        }
        if (from.startsWith(CanonicalFields.TAG_PREFIX)) {
            String tag = from.substring(CanonicalFields.TAG_PREFIX.length());
            if (!codes.get(CodeTables.TAG).contains(tag)) {
                p.at(m.get("from"), unknownTag(tag));
            }
        }
        String format = m.containsKey("format") ? format(p, m.get("format"), canonical) : null;
        Set<String> only = only(p, m, canonical);
        FieldMapping.Translation translation = m.containsKey("codes") ? translation(p, m, canonical) : null;
        if (m.containsKey("default") && !m.containsKey("codes")) {
            p.at(m.get("default"), "default 只与 codes 一起用：代码映射中没有列出的代码取这个值");
        }
        return new FieldMapping(
                name, new FieldMapping.From(from), translation, format, required, Set.copyOf(only), separator, line);
    }

    private FieldMapping compose(
            Problems p, Map<String, Value> m, String name, boolean required, String separator, int line) {
        String template = p.text(m.get("compose"), "compose");
        List<String> placeholders = new ArrayList<>();
        Matcher pm = PLACEHOLDER.matcher(template == null ? "" : template);
        while (pm.find()) {
            String ph = pm.group(1);
            if (CanonicalFields.find(ph).isEmpty()) {
                p.at(
                        m.get("compose"),
                        "compose 中的 {" + ph + "} 不是规范字段" + Suggestions.didYouMean(ph, canonicalNames()) + "可用的字段见 "
                                + Problems.DOCS + "#canonical-fields");
            } else if (ph.startsWith(CanonicalFields.TAG_PREFIX)
                    || CanonicalFields.find(ph).get().type() == FieldType.CODE_LIST) {
                // A composition has no 'only' list: it would carry every tag, restricted ones too.
                p.at(
                        m.get("compose"),
                        "标签不能拼接进 compose（那样会带出所有标签，包括敏感标签）；请把 {" + ph + "} 单独作为一个字段" + Problems.see("fields"));
            }
            placeholders.add(ph);
        }
        return new FieldMapping(
                name,
                new FieldMapping.Compose(template, placeholders),
                null,
                null,
                required,
                Set.of(),
                separator,
                line);
    }

    private static String format(Problems p, Value value, CanonicalField canonical) {
        String format = p.text(value, "format");
        if (canonical.type() != FieldType.DATE && canonical.type() != FieldType.TIMESTAMP) {
            p.at(value, "format 只用于日期和时间字段；“" + canonical.name() + "”不是日期");
        } else {
            try {
                DateTimeFormatter.ofPattern(format);
            } catch (IllegalArgumentException e) {
                p.at(value, "format“" + format + "”不是日期格式；常用的有 yyyy-MM-dd、yyyyMMdd、yyyy-MM");
            }
        }
        return format;
    }

    private Set<String> only(Problems p, Map<String, Value> m, CanonicalField canonical) {
        if (m.containsKey("only")) {
            if (canonical.type() != FieldType.CODE_LIST) {
                p.at(m.get("only"), "only 只用于 from: tags 的字段");
                return Set.of();
            }
            Set<String> only = new LinkedHashSet<>(p.textList(m.get("only"), "only"));
            for (String tag : only) {
                if (!codes.get(CodeTables.TAG).contains(tag)) {
                    p.at(m.get("only"), unknownTag(tag));
                }
            }
            return only;
        }
        if (canonical.type() == FieldType.CODE_LIST) {
            // Without a list, only tags of grade 1 may leave; sensitive ones must be named.
            Set<String> only = new LinkedHashSet<>();
            for (CodeEntry e : codes.get(CodeTables.TAG).getEntries()) {
                if (e.grade() != null && e.grade() == 1) {
                    only.add(e.code());
                }
            }
            return only;
        }
        return Set.of();
    }

    String unknownTag(String tag) {
        CodeTable table = codes.get(CodeTables.TAG);
        List<String> known = table.getEntries().stream().map(CodeEntry::code).toList();
        return "标签表中没有“" + tag + "”" + Suggestions.didYouMean(tag, known) + "全部标签见 GET /api/v1/code-tables/tag";
    }

    private FieldMapping.Translation translation(Problems p, Map<String, Value> m, CanonicalField canonical) {
        Value node = m.get("codes");
        String fallback = m.containsKey("default") ? p.text(m.get("default"), "default") : null;
        boolean coded = canonical.type() == FieldType.CODE || canonical.type() == FieldType.CODE_LIST;
        if (node instanceof Scalar s && "names".equals(s.text())) {
            if (!coded) {
                p.at(node, "codes: names 只用于有代码表的字段；“" + canonical.name() + "”没有代码表");
            }
            return new FieldMapping.CodeNames();
        }
        if (!(node instanceof Mapping mn)) {
            p.at(node, "codes 应是 names（用代码表里的名称），或“本系统代码: 平台的值”的映射" + Problems.see("fields"));
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (YamlTree.Entry e : mn.entries()) {
            String v = p.text(e.value(), "codes 的值");
            if (v != null) {
                values.put(e.key().text(), v);
            }
        }
        if (!coded && canonical.type() != FieldType.BOOLEAN) {
            p.at(node, "codes 只用于有代码表的字段和是/否字段；“" + canonical.name() + "”两者都不是");
            return null;
        }
        CodeTable table = coded ? codes.get(canonical.codeTable()) : null;
        if (coded) {
            for (YamlTree.Entry e : mn.entries()) {
                if (!table.contains(e.key().text())) {
                    p.at(e.key(), CodeHints.unknownCode(e.key().text(), table));
                }
            }
        } else {
            for (YamlTree.Entry e : mn.entries()) {
                if (!"true".equals(e.key().text()) && !"false".equals(e.key().text())) {
                    p.at(e.key(), "“" + canonical.name() + "”是是/否字段，codes 的键只能是 true 和 false");
                }
            }
        }
        if (fallback == null) {
            List<String> expected =
                    coded ? table.getEntries().stream().map(CodeEntry::code).toList() : List.of("true", "false");
            List<String> missing =
                    expected.stream().filter(c -> !values.containsKey(c)).toList();
            if (!missing.isEmpty()) {
                p.at(
                        node,
                        "codes 没有给出“" + canonical.name() + "”的这些代码的对应值：" + String.join("、", missing)
                                + "；请补上，或加 default 作为其余代码的值");
            }
        }
        return new FieldMapping.CodeMap(Map.copyOf(values), fallback);
    }
}
