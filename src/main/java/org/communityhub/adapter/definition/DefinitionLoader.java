package org.communityhub.adapter.definition;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.communityhub.registry.code.CodeEntry;
import org.communityhub.registry.code.CodeTable;
import org.communityhub.registry.code.CodeTables;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads and checks the platform definitions in {@code <dir>/<id>/adapter.yaml}. Every problem is
 * collected with its file and line; if there is any, loading fails as a whole, so the hub never
 * starts half-configured.
 */
public final class DefinitionLoader {

    /** Checks a transport's settings; returns problems as messages (empty when fine). */
    @FunctionalInterface
    public interface TransportCheck {
        List<String> check(TransportSettings settings);
    }

    public static final String FILE_NAME = "adapter.yaml";

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,63}");
    private static final Pattern ENV_REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_.]*)(?::([^}]*))?}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z.:0-9-]+)}");
    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*/\\s*(s|min|h)");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");
    private static final Set<String> TOP_LEVEL = Set.of(
            "id",
            "name",
            "version",
            "legalBasis",
            "select",
            "fields",
            "removal",
            "schedule",
            "batchSize",
            "rateLimit",
            "retry",
            "transport");
    private static final Set<String> FIELD_KEYS = Set.of(
            "name", "from", "constant", "compose", "codes", "default", "format", "required", "only", "separator");

    private final CodeTables codes;
    private final Function<String, String> environment;
    private final Map<String, TransportCheck> transports;
    private final CronParser cron = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    /**
     * @param environment looks up {@code ${NAME}} references (null when unset)
     * @param transports the transports there are, by name, with their settings checks
     */
    public DefinitionLoader(
            CodeTables codes, Function<String, String> environment, Map<String, TransportCheck> transports) {
        this.codes = codes;
        this.environment = environment;
        this.transports = transports;
    }

    /** Every definition under {@code directory}; throws with every problem found. */
    public List<AdapterDefinition> loadAll(Path directory) {
        List<DefinitionProblem> problems = new ArrayList<>();
        List<AdapterDefinition> definitions = new ArrayList<>();
        if (!Files.isDirectory(directory)) {
            throw new DefinitionException(List.of(new DefinitionProblem(
                    directory.toString(), 0, "the adapters directory does not exist (set HUB_ADAPTERS_DIR)")));
        }
        List<Path> files;
        try (Stream<Path> dirs = Files.list(directory)) {
            files = dirs.filter(Files::isDirectory)
                    .map(d -> d.resolve(FILE_NAME))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new DefinitionException(
                    List.of(new DefinitionProblem(directory.toString(), 0, "cannot be read: " + e.getMessage())));
        }
        for (Path file : files) {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                AdapterDefinition d = parse(file.getParent().getFileName().toString(), file.toString(), text, problems);
                if (d != null) {
                    definitions.add(d);
                }
            } catch (IOException e) {
                problems.add(new DefinitionProblem(file.toString(), 0, "cannot be read: " + e.getMessage()));
            }
        }
        if (!problems.isEmpty()) {
            throw new DefinitionException(problems);
        }
        return definitions;
    }

    /** One definition from its text; problems are added to {@code problems}, null when it has any. */
    public AdapterDefinition parse(String folderId, String file, String text, List<DefinitionProblem> problems) {
        Reader r = new Reader(file, problems);
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            // compose() builds nodes only: no object is ever constructed from the file.
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            problems.add(new DefinitionProblem(file, line, "not valid YAML: " + e.getProblem()));
            return null;
        } catch (RuntimeException e) {
            problems.add(new DefinitionProblem(file, 0, "not valid YAML: " + e.getMessage()));
            return null;
        }
        if (!(root instanceof MappingNode top)) {
            r.problem(
                    root, "the file should be a mapping of id, name, version, legalBasis, select, fields, transport …");
            return null;
        }
        int before = problems.size();
        Map<String, Node> map = r.mapping(top, TOP_LEVEL);

        String id = r.requiredText(map, top, "id");
        if (id != null && !ID.matcher(id).matches()) {
            r.problem(map.get("id"), "id should be lower-case letters, digits and '-' (2–64 characters)");
        } else if (id != null && !id.equals(folderId)) {
            r.problem(map.get("id"), "id '" + id + "' should match its folder name '" + folderId + "'");
        }
        String name = r.requiredText(map, top, "name");
        String version = r.requiredText(map, top, "version");
        String legalBasis = r.requiredText(map, top, "legalBasis");

        List<FieldMapping> fields = fields(r, map, top);
        Set<String> carriedTags = new LinkedHashSet<>();
        fields.forEach(f -> carriedTags.addAll(f.onlyTags()));
        fields.stream()
                .filter(f -> f.source() instanceof FieldMapping.From from
                        && from.field().startsWith(CanonicalFields.TAG_PREFIX))
                .forEach(f -> carriedTags.add(
                        ((FieldMapping.From) f.source()).field().substring(CanonicalFields.TAG_PREFIX.length())));
        List<Condition> select = map.containsKey("select") ? conditions(r, map.get("select"), carriedTags) : List.of();

        List<String> names = fields.stream().map(FieldMapping::name).toList();
        List<String> removal = names;
        if (map.containsKey("removal")) {
            Map<String, Node> rm = r.mapping(map.get("removal"), Set.of("fields"));
            if (rm.containsKey("fields")) {
                List<String> listed = r.textList(rm.get("fields"));
                for (String f : listed) {
                    if (!names.contains(f)) {
                        r.problem(rm.get("fields"), "removal field '" + f + "' is not one of this definition's fields");
                    }
                }
                // In the platform's field order, which is the order a removal carries them in.
                removal = names.stream().filter(listed::contains).toList();
            }
        }

        String schedule = map.containsKey("schedule") ? r.text(map.get("schedule")) : null;
        if (schedule != null) {
            try {
                cron.parse(schedule).validate();
            } catch (IllegalArgumentException e) {
                r.problem(
                        map.get("schedule"),
                        "schedule is not a cron expression (minute hour day month weekday): " + e.getMessage());
            }
        }
        int batchSize = map.containsKey("batchSize") ? r.integer(map.get("batchSize"), 1, 10_000) : 500;
        double rate = 0;
        if (map.containsKey("rateLimit")) {
            Matcher m =
                    RATE.matcher(String.valueOf(r.text(map.get("rateLimit"))).strip());
            if (m.matches()) {
                double n = Double.parseDouble(m.group(1));
                rate = switch (m.group(2)) {
                    case "s" -> n;
                    case "min" -> n / 60;
                    default -> n / 3600;
                };
            } else {
                r.problem(map.get("rateLimit"), "rateLimit should read like 20/s, 300/min or 1000/h");
            }
        }
        RetryPolicy retry = map.containsKey("retry") ? retry(r, map.get("retry")) : RetryPolicy.DEFAULT;
        TransportSettings transport = transport(r, map, top);

        if (problems.size() > before) {
            return null;
        }
        return new AdapterDefinition(
                id,
                name,
                version,
                sha256(text),
                legalBasis,
                file,
                List.copyOf(select),
                List.copyOf(fields),
                List.copyOf(removal),
                schedule,
                batchSize,
                rate,
                retry,
                transport);
    }

    // ---- fields ------------------------------------------------------------------------------------

    private List<FieldMapping> fields(Reader r, Map<String, Node> map, Node top) {
        if (!map.containsKey("fields")) {
            r.problem(top, "fields is missing: list the platform's fields in its order");
            return List.of();
        }
        if (!(map.get("fields") instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            r.problem(map.get("fields"), "fields should be a non-empty list");
            return List.of();
        }
        List<FieldMapping> fields = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (Node item : seq.getValue()) {
            FieldMapping f = field(r, item);
            if (f != null) {
                if (!names.add(f.name())) {
                    r.problem(item, "field '" + f.name() + "' appears twice");
                }
                fields.add(f);
            }
        }
        return fields;
    }

    private FieldMapping field(Reader r, Node node) {
        Map<String, Node> m = r.mapping(node, FIELD_KEYS);
        String name = r.requiredText(m, node, "name");
        int sources = (m.containsKey("from") ? 1 : 0)
                + (m.containsKey("constant") ? 1 : 0)
                + (m.containsKey("compose") ? 1 : 0);
        if (sources != 1) {
            r.problem(node, "field '" + name + "' needs exactly one of from, constant or compose");
            return null;
        }
        int line = node.getStartMark().getLine() + 1;
        boolean required = m.containsKey("required") && r.bool(m.get("required"));
        String separator = m.containsKey("separator") ? r.text(m.get("separator")) : ",";
        if (m.containsKey("constant")) {
            return new FieldMapping(
                    name,
                    new FieldMapping.Constant(r.text(m.get("constant"))),
                    null,
                    null,
                    required,
                    Set.of(),
                    separator,
                    line);
        }
        if (m.containsKey("compose")) {
            String template = r.text(m.get("compose"));
            List<String> placeholders = new ArrayList<>();
            Matcher pm = PLACEHOLDER.matcher(template == null ? "" : template);
            while (pm.find()) {
                String p = pm.group(1);
                if (CanonicalFields.find(p).isEmpty()) {
                    r.problem(m.get("compose"), "compose names an unknown canonical field {" + p + "}");
                } else if (p.startsWith(CanonicalFields.TAG_PREFIX)
                        || CanonicalFields.find(p).get().type() == FieldType.CODE_LIST) {
                    // A composition has no 'only' list: it would carry every tag, restricted ones too.
                    r.problem(m.get("compose"), "tags cannot be composed; map {" + p + "} as a field of its own");
                }
                placeholders.add(p);
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
        String from = r.text(m.get("from"));
        CanonicalField canonical = CanonicalFields.find(from).orElse(null);
        if (canonical == null) {
            r.problem(m.get("from"), "'" + from + "' is not a canonical field; see CanonicalFields for the list");
            return null;
        }
        if (from.startsWith(CanonicalFields.TAG_PREFIX)) {
            String tag = from.substring(CanonicalFields.TAG_PREFIX.length());
            if (!codes.get(CodeTables.TAG).contains(tag)) {
                r.problem(m.get("from"), "no tag '" + tag + "' in the tag table");
            }
        }
        String format = null;
        if (m.containsKey("format")) {
            format = r.text(m.get("format"));
            if (canonical.type() != FieldType.DATE && canonical.type() != FieldType.TIMESTAMP) {
                r.problem(m.get("format"), "format applies to dates only; '" + from + "' is " + canonical.type());
            } else {
                try {
                    DateTimeFormatter.ofPattern(format);
                } catch (IllegalArgumentException e) {
                    r.problem(
                            m.get("format"),
                            "format '" + format + "' is not a date pattern (e.g. yyyy-MM-dd, yyyyMMdd)");
                }
            }
        }
        Set<String> only = Set.of();
        if (m.containsKey("only")) {
            if (canonical.type() != FieldType.CODE_LIST) {
                r.problem(m.get("only"), "only applies to tags");
            } else {
                only = new LinkedHashSet<>(r.textList(m.get("only")));
                for (String tag : only) {
                    if (!codes.get(CodeTables.TAG).contains(tag)) {
                        r.problem(m.get("only"), "no tag '" + tag + "' in the tag table");
                    }
                }
            }
        } else if (canonical.type() == FieldType.CODE_LIST) {
            // Without a list, only tags of grade 1 may leave; sensitive ones must be named.
            only = new LinkedHashSet<>();
            for (CodeEntry e : codes.get(CodeTables.TAG).getEntries()) {
                if (e.grade() != null && e.grade() == 1) {
                    only.add(e.code());
                }
            }
        }
        FieldMapping.Translation translation = m.containsKey("codes") ? translation(r, m, canonical) : null;
        return new FieldMapping(
                name, new FieldMapping.From(from), translation, format, required, Set.copyOf(only), separator, line);
    }

    private FieldMapping.Translation translation(Reader r, Map<String, Node> m, CanonicalField canonical) {
        Node node = m.get("codes");
        String fallback = m.containsKey("default") ? r.text(m.get("default")) : null;
        boolean coded = canonical.type() == FieldType.CODE || canonical.type() == FieldType.CODE_LIST;
        if (node instanceof ScalarNode s && "names".equals(s.getValue())) {
            if (!coded) {
                r.problem(node, "codes: names needs a coded field; '" + canonical.name() + "' is " + canonical.type());
            }
            return new FieldMapping.CodeNames();
        }
        if (!(node instanceof MappingNode mn)) {
            r.problem(node, "codes should be 'names' or a mapping of the hub's codes to the platform's");
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (NodeTuple t : mn.getValue()) {
            values.put(r.text(t.getKeyNode()), r.text(t.getValueNode()));
        }
        if (fallback == null) {
            List<String> expected;
            if (canonical.type() == FieldType.BOOLEAN) {
                expected = List.of("true", "false");
            } else if (coded) {
                expected = codes.get(canonical.codeTable()).getEntries().stream()
                        .map(CodeEntry::code)
                        .toList();
            } else {
                r.problem(
                        node,
                        "codes apply to coded and true/false fields; '" + canonical.name() + "' is "
                                + canonical.type());
                return null;
            }
            List<String> missing =
                    expected.stream().filter(c -> !values.containsKey(c)).toList();
            if (!missing.isEmpty()) {
                r.problem(
                        node,
                        "codes has no translation for " + missing + " of '" + canonical.name()
                                + "'; add them or a default");
            }
        }
        if (coded) {
            CodeTable table = codes.get(canonical.codeTable());
            for (String code : values.keySet()) {
                if (!table.contains(code)) {
                    r.problem(node, "'" + code + "' is not a code of " + canonical.codeTable());
                }
            }
        }
        return new FieldMapping.CodeMap(Map.copyOf(values), fallback);
    }

    // ---- select ------------------------------------------------------------------------------------

    private List<Condition> conditions(Reader r, Node node, Set<String> carriedTags) {
        if (!(node instanceof SequenceNode seq)) {
            r.problem(node, "select should be a list of conditions, all of which must hold");
            return List.of();
        }
        List<Condition> list = new ArrayList<>();
        for (Node item : seq.getValue()) {
            Condition c = condition(r, item, carriedTags);
            if (c != null) {
                list.add(c);
            }
        }
        return list;
    }

    private Condition condition(Reader r, Node node, Set<String> carriedTags) {
        if (!(node instanceof MappingNode mn) || mn.getValue().size() != 1) {
            r.problem(
                    node,
                    "each condition is a mapping with one key, e.g. '- residenceType: [\"2\"]' or '- age: {min: 14, max: 28}'");
            return null;
        }
        NodeTuple t = mn.getValue().get(0);
        String key = r.text(t.getKeyNode());
        Node value = t.getValueNode();
        switch (key) {
            case "age" -> {
                Map<String, Node> m = r.mapping(value, Set.of("min", "max"));
                Integer min = m.containsKey("min") ? r.integer(m.get("min"), 0, 150) : null;
                Integer max = m.containsKey("max") ? r.integer(m.get("max"), 0, 150) : null;
                if (min == null && max == null) {
                    r.problem(value, "age needs min, max or both");
                } else if (min != null && max != null && min > max) {
                    r.problem(value, "age min is above max");
                }
                return new Condition.Age(min, max);
            }
            case "membership" -> {
                String kind = r.text(value);
                if ("party".equals(kind)) {
                    return new Condition.Membership(Condition.Membership.Kind.PARTY);
                }
                if ("league".equals(kind)) {
                    return new Condition.Membership(Condition.Membership.Kind.LEAGUE);
                }
                r.problem(value, "membership is 'party' or 'league'");
                return null;
            }
            case "tags" -> {
                Map<String, Node> m = r.mapping(value, Set.of("any"));
                List<String> tags = m.containsKey("any") ? r.textList(m.get("any")) : List.of();
                if (tags.isEmpty()) {
                    r.problem(value, "tags needs 'any: [tag, …]'");
                }
                CodeTable table = codes.get(CodeTables.TAG);
                for (String tag : tags) {
                    var entry = table.entry(tag);
                    if (entry.isEmpty()) {
                        r.problem(value, "no tag '" + tag + "' in the tag table");
                    } else if (entry.get().grade() != null && entry.get().grade() > 1 && !carriedTags.contains(tag)) {
                        // Selecting by a sensitive tag discloses it: it must be on the allow-list too.
                        r.problem(
                                value,
                                "selecting by the sensitive tag '" + tag + "' discloses it: name it in a field's "
                                        + "'only' list (or map tag:" + tag
                                        + ") so that it is on this platform's allow-list");
                    }
                }
                return new Condition.Tags(Set.copyOf(tags));
            }
            case "anyOf" -> {
                List<Condition> inner = conditions(r, value, carriedTags);
                return new Condition.AnyOf(inner);
            }
            case "not" -> {
                Condition inner = condition(r, value, carriedTags);
                return inner == null ? null : new Condition.Not(inner);
            }
            default -> {
                return fieldCondition(r, key, value);
            }
        }
    }

    private Condition fieldCondition(Reader r, String field, Node value) {
        CanonicalField canonical = CanonicalFields.find(field).orElse(null);
        if (canonical == null) {
            r.problem(
                    value,
                    "'" + field + "' is neither a condition (age, membership, tags, anyOf, not) nor a canonical field");
            return null;
        }
        if (canonical.personalIdentifier()) {
            r.problem(value, "selecting by " + field + " is not allowed");
            return null;
        }
        if (value instanceof MappingNode) {
            Map<String, Node> m = r.mapping(value, Set.of("in", "notIn", "prefix"));
            if (m.containsKey("prefix")) {
                return new Condition.FieldPrefix(field, r.textList(m.get("prefix")));
            }
            boolean negate = m.containsKey("notIn");
            List<String> values = r.textList(negate ? m.get("notIn") : m.get("in"));
            checkCodes(r, canonical, values, value);
            return new Condition.FieldIn(field, Set.copyOf(values), negate);
        }
        List<String> values = value instanceof SequenceNode ? r.textList(value) : List.of(r.text(value));
        checkCodes(r, canonical, values, value);
        return new Condition.FieldIn(field, Set.copyOf(values), false);
    }

    private void checkCodes(Reader r, CanonicalField canonical, List<String> values, Node node) {
        if (values.isEmpty()) {
            r.problem(node, "no values given for '" + canonical.name() + "'");
        }
        if (canonical.type() == FieldType.CODE) {
            CodeTable table = codes.get(canonical.codeTable());
            for (String v : values) {
                if (!table.contains(v)) {
                    r.problem(node, "'" + v + "' is not a code of " + canonical.codeTable());
                }
            }
        } else if (canonical.type() == FieldType.BOOLEAN) {
            for (String v : values) {
                if (!"true".equals(v) && !"false".equals(v)) {
                    r.problem(node, "'" + canonical.name() + "' is true or false");
                }
            }
        }
    }

    // ---- retry, transport ---------------------------------------------------------------------------

    private RetryPolicy retry(Reader r, Node node) {
        Map<String, Node> m = r.mapping(node, Set.of("maxAttempts", "initialBackoff", "maxBackoff"));
        int attempts = m.containsKey("maxAttempts")
                ? r.integer(m.get("maxAttempts"), 1, 100)
                : RetryPolicy.DEFAULT.maxAttempts();
        Duration initial = m.containsKey("initialBackoff")
                ? r.duration(m.get("initialBackoff"))
                : RetryPolicy.DEFAULT.initialBackoff();
        Duration max = m.containsKey("maxBackoff") ? r.duration(m.get("maxBackoff")) : RetryPolicy.DEFAULT.maxBackoff();
        if (initial != null && max != null && max.compareTo(initial) < 0) {
            r.problem(node, "maxBackoff is shorter than initialBackoff");
        }
        return new RetryPolicy(attempts, initial, max);
    }

    private TransportSettings transport(Reader r, Map<String, Node> map, Node top) {
        if (!map.containsKey("transport")) {
            r.problem(top, "transport is missing: http-json, xlsx-file, csv-file, or a custom transport's name");
            return null;
        }
        Node node = map.get("transport");
        if (!(node instanceof MappingNode mn)) {
            r.problem(node, "transport should be a mapping with a type and its settings");
            return null;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (NodeTuple t : mn.getValue()) {
            values.put(r.text(t.getKeyNode()), plain(r, t.getValueNode()));
        }
        Object type = values.remove("type");
        if (type == null) {
            r.problem(node, "transport needs a type");
            return null;
        }
        TransportSettings settings = new TransportSettings(
                type.toString(), Map.copyOf(values), node.getStartMark().getLine() + 1);
        TransportCheck check = transports.get(type.toString());
        if (check == null) {
            r.problem(node, "no transport named '" + type + "'; there are " + transports.keySet());
        } else {
            check.check(settings).forEach(p -> r.problem(node, "transport " + type + ": " + p));
        }
        return settings;
    }

    /** A transport setting as plain Java values, with ${NAME:default} references resolved. */
    private Object plain(Reader r, Node node) {
        if (node instanceof ScalarNode s) {
            return resolve(s.getValue());
        }
        if (node instanceof SequenceNode seq) {
            return seq.getValue().stream().map(n -> plain(r, n)).toList();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (NodeTuple t : ((MappingNode) node).getValue()) {
            m.put(r.text(t.getKeyNode()), plain(r, t.getValueNode()));
        }
        return m;
    }

    private String resolve(String value) {
        Matcher m = ENV_REFERENCE.matcher(value);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String found = environment.apply(m.group(1));
            String replacement = found != null ? found : m.group(2) != null ? m.group(2) : "";
            m.appendReplacement(sb, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Typed reading of YAML nodes, noting problems with their lines. */
    private static final class Reader {
        private final String file;
        private final List<DefinitionProblem> problems;

        Reader(String file, List<DefinitionProblem> problems) {
            this.file = file;
            this.problems = problems;
        }

        void problem(Node node, String message) {
            problems.add(new DefinitionProblem(
                    file, node == null ? 0 : node.getStartMark().getLine() + 1, message));
        }

        Map<String, Node> mapping(Node node, Set<String> allowed) {
            Map<String, Node> map = new LinkedHashMap<>();
            if (!(node instanceof MappingNode mn)) {
                problem(node, "expected a mapping with " + allowed);
                return map;
            }
            for (NodeTuple t : mn.getValue()) {
                String key = text(t.getKeyNode());
                if (!allowed.contains(key)) {
                    problem(t.getKeyNode(), "unknown key '" + key + "'; expected one of " + allowed);
                } else {
                    map.put(key, t.getValueNode());
                }
            }
            return map;
        }

        String text(Node node) {
            if (node instanceof ScalarNode s) {
                return s.getValue();
            }
            problem(node, "expected a single value");
            return null;
        }

        String requiredText(Map<String, Node> map, Node parent, String key) {
            Node node = map.get(key);
            if (node == null) {
                problem(parent, key + " is missing");
                return null;
            }
            String value = text(node);
            if (value == null || value.isBlank()) {
                problem(node, key + " is empty");
                return null;
            }
            return value.strip();
        }

        List<String> textList(Node node) {
            if (node instanceof SequenceNode seq) {
                List<String> list = new ArrayList<>();
                for (Node n : seq.getValue()) {
                    String v = text(n);
                    if (v != null) {
                        list.add(v);
                    }
                }
                return list;
            }
            problem(node, "expected a list, e.g. [a, b]");
            return List.of();
        }

        boolean bool(Node node) {
            String v = text(node);
            if ("true".equals(v) || "false".equals(v)) {
                return Boolean.parseBoolean(v);
            }
            problem(node, "expected true or false");
            return false;
        }

        Integer integer(Node node, int min, int max) {
            String v = text(node);
            try {
                int i = Integer.parseInt(v == null ? "" : v.strip());
                if (i < min || i > max) {
                    problem(node, "expected a whole number from " + min + " to " + max);
                }
                return i;
            } catch (NumberFormatException e) {
                problem(node, "expected a whole number from " + min + " to " + max);
                return null;
            }
        }

        Duration duration(Node node) {
            String v = text(node);
            Matcher m = DURATION.matcher(v == null ? "" : v.strip());
            if (!m.matches()) {
                problem(node, "expected a duration such as 500ms, 30s, 5m, 6h or 1d");
                return null;
            }
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
    }
}
