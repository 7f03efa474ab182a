package org.communityhub.adapter.definition;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.communityhub.adapter.definition.YamlTree.Mapping;
import org.communityhub.adapter.definition.YamlTree.Value;
import org.communityhub.reference.code.CodeTables;

/**
 * Reads the platform definitions in {@code <dir>/<id>/adapter.yaml}: the YAML into plain values
 * that keep their lines ({@link YamlTree}), then each section checked on its own ({@link
 * FieldsSection}, {@link SelectSection}, {@link DeliverySection}, {@link TransportSection}), every
 * problem collected with its line and column so that the writer sees them all at once.
 */
public final class DefinitionLoader {

    /** Checks a transport's settings; returns its problems (empty when fine). */
    @FunctionalInterface
    public interface TransportCheck {
        List<TransportSettings.Problem> check(
                TransportSettings settings, List<FieldMapping> fields, List<String> removalFields);
    }

    /**
     * One definition file as read: its definition when it has no problem, else its problems.
     *
     * @param id the folder's name, which is the platform's id
     */
    public record Loaded(String id, String file, AdapterDefinition definition, List<DefinitionProblem> problems) {

        public boolean valid() {
            return definition != null;
        }
    }

    public static final String FILE_NAME = "adapter.yaml";

    static final List<String> TOP_LEVEL = List.of(
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
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,63}");

    private final FieldsSection fields;
    private final SelectSection select;
    private final DeliverySection delivery = new DeliverySection();
    private final TransportSection transport;

    /**
     * @param environment looks up {@code ${NAME}} references (null when unset)
     * @param transports the transports there are, by name, with their settings checks
     */
    public DefinitionLoader(
            CodeTables codes, Function<String, String> environment, Map<String, TransportCheck> transports) {
        this.fields = new FieldsSection(codes);
        this.select = new SelectSection(codes, fields);
        this.transport = new TransportSection(transports, new EnvReferences(environment));
    }

    /** Every definition under {@code directory}; throws with every problem found. */
    public List<AdapterDefinition> loadAll(Path directory) {
        List<DefinitionProblem> problems = new ArrayList<>();
        List<AdapterDefinition> definitions = new ArrayList<>();
        for (Loaded loaded : scan(directory)) {
            problems.addAll(loaded.problems());
            if (loaded.valid()) {
                definitions.add(loaded.definition());
            }
        }
        if (!problems.isEmpty()) {
            throw new DefinitionException(problems);
        }
        return definitions;
    }

    /**
     * The definition files under {@code directory}: {@code <id>/adapter.yaml}, or {@code <id>.yaml}
     * directly in it (a mounted ConfigMap); throws when the directory cannot be listed.
     */
    public static List<Path> files(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new DefinitionException(
                    List.of(new DefinitionProblem(directory.toString(), 0, "平台定义目录不存在（用 HUB_ADAPTERS_DIR 指定）")));
        }
        try (Stream<Path> entries = Files.list(directory)) {
            // Names starting with a dot are a Kubernetes ConfigMap's own (..data, ..2026_12_03_…).
            return entries.filter(e -> !e.getFileName().toString().startsWith("."))
                    .map(e -> Files.isDirectory(e) ? e.resolve(FILE_NAME) : e)
                    .filter(f -> Files.isRegularFile(f)
                            && (f.getFileName().toString().equals(FILE_NAME) || isFlatFile(f)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new DefinitionException(
                    List.of(new DefinitionProblem(directory.toString(), 0, "平台定义目录无法读取：" + e.getMessage())));
        }
    }

    /** {@code <id>.yaml} directly in the directory: how a Kubernetes ConfigMap holds definitions. */
    private static boolean isFlatFile(Path f) {
        String name = f.getFileName().toString();
        return !f.getParent().getFileName().toString().isEmpty()
                && !name.equals(FILE_NAME)
                && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    /** The platform a file defines: its folder's name, or a flat file's name without .yaml. */
    static String idOf(Path file) {
        String name = file.getFileName().toString();
        if (name.equals(FILE_NAME)) {
            return file.getParent().getFileName().toString();
        }
        return name.substring(0, name.lastIndexOf('.'));
    }

    /** Every definition file under {@code directory}, each read on its own: a bad one spoils no other. */
    public List<Loaded> scan(Path directory) {
        return files(directory).stream().map(this::read).toList();
    }

    /** One definition file. */
    public Loaded read(Path file) {
        String id = idOf(file);
        List<DefinitionProblem> problems = new ArrayList<>();
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (CharacterCodingException e) {
            problems.add(new DefinitionProblem(file.toString(), 0, "文件不是 UTF-8 编码；请用 UTF-8 保存（记事本“另存为”时选 UTF-8）"));
            return new Loaded(id, file.toString(), null, problems);
        } catch (IOException e) {
            problems.add(new DefinitionProblem(file.toString(), 0, "文件无法读取：" + e.getMessage()));
            return new Loaded(id, file.toString(), null, problems);
        }
        AdapterDefinition d = parse(id, file.toString(), text, problems);
        return new Loaded(id, file.toString(), d, List.copyOf(problems));
    }

    /**
     * A definition's text as someone writing it wants it checked, before it is put in place: every
     * problem, and the definition when there is none. Its id need not match a folder yet.
     */
    public Loaded check(String text) {
        List<DefinitionProblem> problems = new ArrayList<>();
        AdapterDefinition d = parse(null, FILE_NAME, text == null ? "" : text, problems);
        return new Loaded(d == null ? null : d.id(), FILE_NAME, d, List.copyOf(problems));
    }

    /** One definition from its text; problems are added to {@code problems}, null when it has any. */
    public AdapterDefinition parse(String folderId, String file, String text, List<DefinitionProblem> problems) {
        int first = problems.size();
        AdapterDefinition d = read(folderId, file, text, problems);
        // In the order of the file, whichever section found them.
        problems.subList(first, problems.size())
                .sort(java.util.Comparator.comparingInt(DefinitionProblem::line)
                        .thenComparingInt(DefinitionProblem::column));
        return d;
    }

    private AdapterDefinition read(String folderId, String file, String text, List<DefinitionProblem> problems) {
        Problems p = new Problems(file, problems);
        Value root;
        try {
            root = YamlTree.read(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (YamlTree.SyntaxError e) {
            p.at(e.at(), e.getMessage());
            return null;
        }
        if (!(root instanceof Mapping)) {
            p.at(
                    root,
                    "定义文件应是“键: 值”的映射，从 id、name、version、legalBasis、select、fields、transport 等写起"
                            + Problems.see("a-complete-example"));
            return null;
        }
        int before = p.count();
        Map<String, Value> top = p.mapping(root, TOP_LEVEL, "定义", "a-complete-example");

        String id = p.requiredText(top, root, "id", "平台标识，与所在文件夹同名");
        if (id != null && !ID.matcher(id).matches()) {
            p.at(top.get("id"), "id 只能由小写字母、数字和“-”组成（2–64 个字符）");
        } else if (id != null && folderId != null && !id.equals(folderId)) {
            p.at(top.get("id"), "id“" + id + "”应与所在文件夹的名称“" + folderId + "”相同");
        }
        String name = p.requiredText(top, root, "name", "平台名称");
        String version = p.requiredText(top, root, "version", "你的版本标记，如 \"2026.1\"");
        String legalBasis = p.requiredText(top, root, "legalBasis", "共享所依据的法律法规");

        List<FieldMapping> fieldList = fields.fields(p, top, root);
        List<Condition> conditions = select.select(p, top, carriedTags(fieldList));
        List<String> removal = fields.removal(p, top, fieldList);
        String schedule = delivery.schedule(p, top);
        int batchSize = delivery.batchSize(p, top);
        double rate = delivery.rateLimit(p, top);
        RetryPolicy retry = delivery.retry(p, top);
        TransportSettings settings = transport.transport(p, top, root, fieldList, removal);

        if (p.count() > before) {
            return null;
        }
        return new AdapterDefinition(
                id,
                name,
                version,
                DefinitionHash.of(root),
                legalBasis,
                file,
                List.copyOf(conditions),
                List.copyOf(fieldList),
                List.copyOf(removal),
                schedule,
                batchSize,
                rate,
                retry,
                settings);
    }

    /** The tags the fields let leave: in a tags field's list, or as a tag:&lt;code&gt; field. */
    private static Set<String> carriedTags(List<FieldMapping> fields) {
        Set<String> carried = new LinkedHashSet<>();
        for (FieldMapping f : fields) {
            carried.addAll(f.onlyTags());
            if (f.source() instanceof FieldMapping.From from && from.field().startsWith(CanonicalFields.TAG_PREFIX)) {
                carried.add(from.field().substring(CanonicalFields.TAG_PREFIX.length()));
            }
        }
        return carried;
    }
}
