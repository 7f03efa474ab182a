package org.communityhub.reference.code;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communityhub.common.csv.CsvReader;
import org.communityhub.common.database.DataDirectory;
import org.jboss.logging.Logger;

/**
 * The words ledgers and forms use, as data: header synonyms (所属社区代码 → communityCode, 年龄 → age)
 * and code aliases (大专 → 31, 低保 → the tag low-income, 流动人口 → 2). A synonym may name any field of
 * the catalogue: an import reads only the imported ones (a 年龄 column is not imported), a collection's
 * form is filled from all of them. The hub ships a broad set under {@code vocabulary/};
 * a district adds its own in {@code header-synonyms.csv} and {@code code-aliases.csv} (same columns)
 * in the vocabulary directory ({@link VocabularySettings}), by hand or through the API. Those files
 * are read again whenever they change, so an addition counts from the next import on, without a
 * restart; a line that names no field or code is skipped and reported, never stops the hub.
 */
@ApplicationScoped
public class Vocabulary {

    public static final String HEADER_SYNONYMS = "header-synonyms.csv";
    public static final String CODE_ALIASES = "code-aliases.csv";

    private static final Logger LOG = Logger.getLogger(Vocabulary.class);

    /** Where a word comes from: the hub's shipped list or the district's own files. */
    public enum Source {
        SHIPPED,
        DISTRICT
    }

    /** A header a ledger may give a field under. */
    public record HeaderSynonym(String header, String field, Source source) {}

    /** A word a ledger may write for a code of a table. */
    public record CodeAlias(String table, String alias, String code, Source source) {}

    /** A line of the district's files that was skipped, and why. */
    public record Problem(String file, int line, String message) {}

    private final CodeTables codes;
    private final Path directory;
    private final List<HeaderSynonym> shippedSynonyms;
    private final List<CodeAlias> shippedAliases;
    private volatile Snapshot snapshot;
    private volatile List<Object> stamp;

    @Inject
    public Vocabulary(CodeTables codes, DataDirectory data, VocabularySettings settings) {
        this(codes, settings.dir().orElse(data.path().resolve("vocabulary")));
    }

    /** A vocabulary with the district's files in {@code directory} (which need not exist). */
    public Vocabulary(CodeTables codes, Path directory) {
        this.codes = codes;
        this.directory = directory;
        List<Problem> problems = new ArrayList<>();
        this.shippedSynonyms = synonyms(shipped(HEADER_SYNONYMS), HEADER_SYNONYMS, Source.SHIPPED, problems);
        this.shippedAliases = aliases(shipped(CODE_ALIASES), CODE_ALIASES, Source.SHIPPED, problems);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("vocabulary/" + problems.get(0).file() + " line "
                    + problems.get(0).line() + ": " + problems.get(0).message());
        }
        Snapshot shippedOnly = new Snapshot(codes, shippedSynonyms, shippedAliases, List.of());
        if (!shippedOnly.collisions.isEmpty()) {
            throw new IllegalStateException("vocabulary/header-synonyms.csv: " + shippedOnly.collisions.get(0));
        }
    }

    /** The district's vocabulary directory. */
    public Path directory() {
        return directory;
    }

    /** The vocabulary as it is now: the shipped words and the district's files as last changed. */
    public Snapshot current() {
        List<Object> now = stampOfFiles();
        Snapshot s = snapshot;
        if (s != null && now.equals(stamp)) {
            return s;
        }
        synchronized (this) {
            if (snapshot == null || !now.equals(stamp)) {
                List<Problem> problems = new ArrayList<>();
                List<HeaderSynonym> synonyms = new ArrayList<>(shippedSynonyms);
                synonyms.addAll(synonyms(district(HEADER_SYNONYMS), HEADER_SYNONYMS, Source.DISTRICT, problems));
                List<CodeAlias> aliases = new ArrayList<>(shippedAliases);
                aliases.addAll(aliases(district(CODE_ALIASES), CODE_ALIASES, Source.DISTRICT, problems));
                snapshot = new Snapshot(codes, synonyms, aliases, problems);
                stamp = now;
                problems.forEach(
                        p -> LOG.warnf("Vocabulary file %s line %d skipped: %s", p.file(), p.line(), p.message()));
            }
            return snapshot;
        }
    }

    /**
     * Adds a header synonym to the district's file; the field may be named by its canonical name,
     * its import key or its label. Returns the vocabulary with it.
     */
    public synchronized Snapshot addHeaderSynonym(String header, String field) {
        List<Problem> problems = new ArrayList<>();
        List<HeaderSynonym> added =
                synonyms(List.of(List.of(header, field)), HEADER_SYNONYMS, Source.DISTRICT, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.get(0).message());
        }
        append(
                HEADER_SYNONYMS,
                "header,field",
                List.of(added.get(0).header(), added.get(0).field()));
        return current();
    }

    /** Adds a code alias to the district's file; the table and the code may be named by their names. */
    public synchronized Snapshot addCodeAlias(String table, String alias, String code) {
        List<Problem> problems = new ArrayList<>();
        List<CodeAlias> added = aliases(List.of(List.of(table, alias, code)), CODE_ALIASES, Source.DISTRICT, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(problems.get(0).message());
        }
        CodeAlias a = added.get(0);
        append(CODE_ALIASES, "table,alias,code", List.of(a.table(), a.alias(), a.code()));
        return current();
    }

    // ---- Reading the files ---------------------------------------------------------------------

    private List<HeaderSynonym> synonyms(List<List<String>> rows, String file, Source source, List<Problem> problems) {
        List<HeaderSynonym> out = new ArrayList<>();
        int line = 1;
        for (List<String> row : rows) {
            line++;
            if (row.size() < 2 || row.get(0).isBlank()) {
                if (!(row.size() == 1 && row.get(0).isBlank())) {
                    problems.add(new Problem(file, line, "应有两列：表头,字段"));
                }
                continue;
            }
            String header = row.get(0).strip();
            Optional<ResidentField> field = fieldNamed(row.get(1).strip());
            if (field.isEmpty()) {
                problems.add(new Problem(file, line, "没有这个字段：“" + row.get(1).strip() + "”"));
            } else if (Vocabulary.headerKey(header).isEmpty()) {
                problems.add(new Problem(file, line, "表头为空"));
            } else {
                out.add(new HeaderSynonym(header, field.get().name(), source));
            }
        }
        return out;
    }

    private List<CodeAlias> aliases(List<List<String>> rows, String file, Source source, List<Problem> problems) {
        List<CodeAlias> out = new ArrayList<>();
        int line = 1;
        for (List<String> row : rows) {
            line++;
            if (row.size() < 3 || row.get(0).isBlank() || row.get(1).isBlank()) {
                if (!(row.size() == 1 && row.get(0).isBlank())) {
                    problems.add(new Problem(file, line, "应有三列：代码表,别名,代码"));
                }
                continue;
            }
            Optional<CodeTable> table = tableNamed(row.get(0).strip());
            if (table.isEmpty()) {
                problems.add(new Problem(file, line, "没有代码表“" + row.get(0).strip() + "”"));
                continue;
            }
            String code = row.get(2).strip();
            Optional<CodeEntry> entry =
                    table.get().entry(code).or(() -> table.get().byName(code));
            if (entry.isEmpty()) {
                problems.add(new Problem(file, line, "代码表“" + table.get().getName() + "”中没有代码或名称“" + code + "”"));
                continue;
            }
            out.add(new CodeAlias(
                    table.get().getId(), row.get(1).strip(), entry.get().code(), source));
        }
        return out;
    }

    private static Optional<ResidentField> fieldNamed(String name) {
        return ResidentFields.find(name)
                .or(() -> ResidentFields.byImportKey(name))
                .or(() -> ResidentFields.all().stream()
                        .filter(f -> f.label().equals(name))
                        .findFirst());
    }

    private Optional<CodeTable> tableNamed(String name) {
        return codes.find(name)
                .or(() -> codes.all().stream()
                        .filter(t -> t.getName().equals(name) || ("居民" + name).equals(t.getName()))
                        .findFirst());
    }

    /** The records of a vocabulary file shipped with the hub ({@code vocabulary/<file>}), after its header line. */
    public static List<List<String>> shipped(String file) {
        InputStream in = Vocabulary.class.getResourceAsStream("/vocabulary/" + file);
        if (in == null) {
            throw new IllegalStateException("vocabulary/" + file + " is missing");
        }
        return rows(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /**
     * The records of the district's vocabulary file of that name, after its header line; none when
     * there is no such file or it cannot be read (logged, without its content).
     */
    public List<List<String>> district(String file) {
        Path path = directory.resolve(file);
        if (!Files.isRegularFile(path)) {
            return List.of();
        }
        try {
            String text = Files.readString(path, StandardCharsets.UTF_8);
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1); // the byte-order mark spreadsheet programs write
            }
            return rows(new java.io.StringReader(text));
        } catch (IOException | UncheckedIOException | CsvReader.CsvFormatException e) {
            LOG.warnf(
                    "Vocabulary file %s could not be read: %s",
                    path, e.getClass().getSimpleName());
            return List.of();
        }
    }

    /** The records after the header line. */
    private static List<List<String>> rows(Reader reader) {
        List<List<String>> rows = new ArrayList<>();
        try (CsvReader csv = new CsvReader(reader)) {
            csv.next();
            for (List<String> row = csv.next(); row != null; row = csv.next()) {
                rows.add(row);
            }
        }
        return rows;
    }

    private List<Object> stampOfFiles() {
        List<Object> stamp = new ArrayList<>(4);
        for (String file : List.of(HEADER_SYNONYMS, CODE_ALIASES)) {
            Path path = directory.resolve(file);
            try {
                stamp.add(Files.getLastModifiedTime(path));
                stamp.add(Files.size(path));
            } catch (IOException e) {
                stamp.add(FileTime.fromMillis(0));
                stamp.add(-1L);
            }
        }
        return stamp;
    }

    private void append(String file, String header, List<String> values) {
        try {
            Files.createDirectories(directory);
            Path path = directory.resolve(file);
            String before = Files.isRegularFile(path) ? Files.readString(path, StandardCharsets.UTF_8) : header + "\n";
            if (!before.endsWith("\n")) {
                before += "\n";
            }
            StringBuilder line = new StringBuilder(before);
            for (int i = 0; i < values.size(); i++) {
                line.append(i == 0 ? "" : ",").append(csvField(values.get(i)));
            }
            line.append('\n');
            Path temporary = Files.createTempFile(directory, file, ".tmp");
            Files.writeString(temporary, line, StandardCharsets.UTF_8);
            Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String csvField(String s) {
        return s.matches(".*[,\"\\r\\n].*") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    // ---- Comparing words -----------------------------------------------------------------------

    private static final Pattern BRACKETED = Pattern.compile("[(\\[【〔<《][^)\\]】〕>》]*[)\\]】〕>》]");
    private static final Pattern DECORATION = Pattern.compile("[\\s*:;,.·•★☆※#№_\\-/\\\\|'\"“”‘’?!]");
    private static final Pattern PREFIX = Pattern.compile("^(所属|所在|现|本人|居民|人员)");
    private static final Pattern LEADING_NUMBER = Pattern.compile("^\\d{1,2}[.、)]");

    /**
     * A header as compared: full-width forms folded, invisible characters, spaces, punctuation and
     * bracketed notes ((必填), (元), [18位]) removed, 号码 read as 号 and 编码/编号 as 代码.
     */
    public static String headerKey(String header) {
        if (header == null) {
            return "";
        }
        String s = Normalizer.normalize(InvisibleCharacters.removed(header), Normalizer.Form.NFKC)
                .strip()
                .toLowerCase(Locale.ROOT);
        s = LEADING_NUMBER.matcher(s).replaceFirst("");
        s = BRACKETED.matcher(s).replaceAll("");
        s = DECORATION.matcher(s).replaceAll("");
        return s.replace("号码", "号").replace("编码", "代码").replace("编号", "代码");
    }

    /** A cell's word as compared: full-width forms folded, invisible characters and spaces removed, lower case. */
    static String valueKey(String raw) {
        String s = Normalizer.normalize(InvisibleCharacters.removed(raw), Normalizer.Form.NFKC);
        return s.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
    }

    /** The vocabulary at one moment, for one import's whole check or one request. */
    public static final class Snapshot {

        /** A code typed as a number, as spreadsheets store 01 (1, 1.0). */
        private static final Pattern NUMBER = Pattern.compile("^\\d+(\\.0+)?$");
        /** A code and its name in one cell: 01汉族, 1-男, 13 群众. */
        private static final Pattern CODE_THEN_NAME = Pattern.compile("^(\\d{1,3})[-.:、]?(\\D.*)$");
        /** A name and its code in one cell: 汉族(01), 男[1]. */
        private static final Pattern NAME_THEN_CODE = Pattern.compile("^(\\D.*?)[(\\[]?(\\d{1,3})[)\\]]?$");

        private final CodeTables codes;
        private final List<HeaderSynonym> synonyms;
        private final List<CodeAlias> aliases;
        private final List<Problem> problems;
        private final Map<String, ResidentField> byHeader = new HashMap<>();
        private final Map<String, Map<String, String>> byWord = new HashMap<>();
        private final List<String> collisions = new ArrayList<>();

        Snapshot(CodeTables codes, List<HeaderSynonym> synonyms, List<CodeAlias> aliases, List<Problem> problems) {
            this.codes = codes;
            this.synonyms = List.copyOf(synonyms);
            this.aliases = List.copyOf(aliases);
            this.problems = List.copyOf(problems);
            Map<String, Source> sourceOf = new HashMap<>();
            for (HeaderSynonym s : synonyms) {
                String key = headerKey(s.header());
                ResidentField before = byHeader.put(key, ResidentFields.get(s.field()));
                if (before != null && !before.name().equals(s.field()) && sourceOf.get(key) == s.source()) {
                    collisions.add("“" + s.header() + "” is read as " + before.name() + " and as " + s.field());
                }
                sourceOf.put(key, s.source());
            }
            for (CodeTable table : codes.all()) {
                Map<String, String> words = new LinkedHashMap<>();
                table.getEntries().forEach(e -> words.put(valueKey(e.name()), e.code()));
                byWord.put(table.getId(), words);
            }
            for (CodeAlias a : aliases) {
                byWord.get(a.table()).put(valueKey(a.alias()), a.code());
            }
        }

        /** The field a header names, if the vocabulary knows it (所属社区代码, 身份证号码（必填）, 楼栋 号 …). */
        public Optional<ResidentField> fieldFor(String header) {
            String key = headerKey(header);
            if (key.isEmpty()) {
                return Optional.empty();
            }
            ResidentField f = byHeader.get(key);
            if (f == null) {
                Matcher m = PREFIX.matcher(key);
                if (m.find() && key.length() > m.end()) {
                    f = byHeader.get(key.substring(m.end()));
                }
            }
            return Optional.ofNullable(f);
        }

        /**
         * The code a cell of a coded column names: the code itself (a spreadsheet that dropped the
         * leading zero of 01 gives 1), the code's name (汉族, 男), an alias (大专, 低保, 有配偶), the
         * name without its last character (汉 for 汉族) when only one code fits, or a code and its
         * name together (01汉族, 1-男) when both say the same. Nothing else.
         */
        public Optional<String> code(String tableId, String raw) {
            if (raw == null || raw.isBlank()) {
                return Optional.empty();
            }
            CodeTable table = codes.get(tableId);
            String s = valueKey(raw);
            if (s.isEmpty()) {
                return Optional.empty();
            }
            if (table.contains(s)) {
                return Optional.of(s);
            }
            if (NUMBER.matcher(s).matches()) {
                String digits = s.replaceFirst("\\.0+$", "");
                if (table.contains(digits)) {
                    return Optional.of(digits);
                }
                String padded = digits.length() == 1 ? "0" + digits : digits;
                return table.contains(padded) ? Optional.of(padded) : Optional.empty();
            }
            Optional<String> word = word(table, s);
            if (word.isPresent()) {
                return word;
            }
            for (Pattern p : List.of(CODE_THEN_NAME, NAME_THEN_CODE)) {
                Matcher m = p.matcher(s);
                if (m.matches()) {
                    String number = p == CODE_THEN_NAME ? m.group(1) : m.group(2);
                    String name = p == CODE_THEN_NAME ? m.group(2) : m.group(1);
                    Optional<String> byNumber = code(tableId, number);
                    if (byNumber.isPresent() && byNumber.equals(word(table, name))) {
                        return byNumber;
                    }
                }
            }
            return Optional.empty();
        }

        private Optional<String> word(CodeTable table, String s) {
            String code = byWord.get(table.getId()).get(s);
            if (code != null) {
                return Optional.of(code);
            }
            // 汉 for 汉族, 蒙古 for 蒙古族: a name given without its last character, when only one code fits.
            List<CodeEntry> prefixed = table.getEntries().stream()
                    .filter(e -> e.name().length() == s.length() + 1 && e.name().startsWith(s))
                    .toList();
            return prefixed.size() == 1 ? Optional.of(prefixed.get(0).code()) : Optional.empty();
        }

        /** The names of a table's codes, for a message listing what is known. */
        public List<String> names(String tableId) {
            return codes.get(tableId).getEntries().stream().map(CodeEntry::name).toList();
        }

        public List<HeaderSynonym> headerSynonyms() {
            return synonyms;
        }

        public List<CodeAlias> codeAliases() {
            return aliases;
        }

        /** The lines of the district's files that were skipped. */
        public List<Problem> problems() {
            return problems;
        }
    }
}
