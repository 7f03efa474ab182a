package org.communityhub.registry.statistics;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communityhub.common.error.ProblemException;
import org.communityhub.reference.code.CodeEntry;
import org.communityhub.reference.code.CodeTable;
import org.communityhub.reference.code.CodeTables;
import org.communityhub.reference.code.Vocabulary;

/**
 * The indicators statistics forms ask for, as data: {@code vocabulary/indicators.csv} shipped with
 * the hub, and the district's own file of that name in its vocabulary directory (read again when it
 * changes; a name given there replaces the shipped one). A line that cannot be read is skipped and
 * named in {@link Catalogue#problems()}; the shipped file must have none.
 */
@ApplicationScoped
public class Indicators {

    public static final String FILE = "indicators.csv";

    /** A line of an indicators file that was skipped, and why. */
    public record Problem(int line, String message) {}

    /** The indicators as they are now. */
    public record Catalogue(List<Indicator> indicators, List<Problem> problems) {

        /** The indicator a form's header names, by its name or a synonym, compared as headers are. */
        public Optional<Indicator> forHeader(String header) {
            String key = Vocabulary.headerKey(header);
            if (key.isEmpty()) {
                return Optional.empty();
            }
            for (Indicator i : indicators) {
                if (Vocabulary.headerKey(i.name()).equals(key)
                        || i.synonyms().stream()
                                .anyMatch(s -> Vocabulary.headerKey(s).equals(key))) {
                    return Optional.of(i);
                }
            }
            return Optional.empty();
        }

        /**
         * The indicator a request names, by its name or a synonym; refused (422 {@code
         * unknown-indicator}, naming the known ones) when none.
         */
        public Indicator named(String name) {
            if (name == null || name.isBlank()) {
                throw ProblemException.invalid("indicator", "required", "请给出指标名称，例如 indicator=户籍人口数。");
            }
            return forHeader(name)
                    .orElseThrow(() -> ProblemException.invalid(
                            "indicator",
                            "unknown-indicator",
                            "没有指标“" + name + "”。可用的指标："
                                    + String.join(
                                            "、",
                                            indicators.stream()
                                                    .map(Indicator::name)
                                                    .toList())));
        }
    }

    private static final Pattern AGE = Pattern.compile("age\\s*(>=|<)\\s*(\\d{1,3})");

    private final CodeTables codes;
    private final Vocabulary vocabulary;
    private final Path directory;
    private final List<Indicator> shipped;
    private volatile Catalogue current;
    private volatile Object stamp;

    public Indicators(CodeTables codes, Vocabulary vocabulary) {
        this.codes = codes;
        this.vocabulary = vocabulary;
        this.directory = vocabulary.directory();
        List<Problem> problems = new ArrayList<>();
        this.shipped = read(Vocabulary.shipped(FILE), problems);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("vocabulary/" + FILE + " line "
                    + problems.get(0).line() + ": " + problems.get(0).message());
        }
    }

    /** The catalogue now: the shipped indicators with the district's over them. */
    public Catalogue current() {
        Object now = stampOfFile();
        Catalogue c = current;
        if (c == null || !now.equals(stamp)) {
            synchronized (this) {
                List<Problem> problems = new ArrayList<>();
                Map<String, Indicator> byName = new LinkedHashMap<>();
                shipped.forEach(i -> byName.put(i.name(), i));
                read(vocabulary.district(FILE), problems).forEach(i -> byName.put(i.name(), i));
                c = new Catalogue(List.copyOf(byName.values()), List.copyOf(problems));
                current = c;
                stamp = now;
            }
        }
        return c;
    }

    private List<Indicator> read(List<List<String>> rows, List<Problem> problems) {
        List<Indicator> out = new ArrayList<>();
        int line = 1;
        for (List<String> row : rows) {
            line++;
            if (row.size() == 1 && row.get(0).isBlank()) {
                continue;
            }
            if (row.size() != 5) {
                problems.add(new Problem(line, "应有五列：name,synonyms,counts,conditions,definition"));
                continue;
            }
            String name = row.get(0).strip();
            if (name.isEmpty()) {
                problems.add(new Problem(line, "指标名称为空"));
                continue;
            }
            Indicator.Unit unit;
            switch (row.get(2).strip()) {
                case "residents" -> unit = Indicator.Unit.RESIDENTS;
                case "households" -> unit = Indicator.Unit.HOUSEHOLDS;
                default -> {
                    problems.add(new Problem(
                            line,
                            "counts 应为 residents 或 households，而不是“" + row.get(2).strip() + "”"));
                    continue;
                }
            }
            List<Indicator.Condition> conditions = new ArrayList<>();
            String bad = null;
            for (String part : row.get(3).split(";")) {
                if (part.isBlank()) {
                    continue;
                }
                Object c = condition(part.strip());
                if (c instanceof String message) {
                    bad = message;
                    break;
                }
                conditions.add((Indicator.Condition) c);
            }
            if (bad != null) {
                problems.add(new Problem(line, bad));
                continue;
            }
            List<String> synonyms = Arrays.stream(row.get(1).split("\\|"))
                    .map(String::strip)
                    .filter(s -> !s.isEmpty())
                    .toList();
            out.add(new Indicator(name, synonyms, unit, conditions, row.get(4).strip()));
        }
        return out;
    }

    /** The condition a text states, or a message saying why it states none. */
    private Object condition(String text) {
        Matcher age = AGE.matcher(text);
        if (age.matches()) {
            int years = Integer.parseInt(age.group(2));
            return ">=".equals(age.group(1)) ? new Indicator.AgeAtLeast(years) : new Indicator.AgeBelow(years);
        }
        int colon = text.indexOf(':');
        String key = colon < 0 ? text : text.substring(0, colon).strip();
        String value = colon < 0 ? null : text.substring(colon + 1).strip();
        return switch (key) {
            case "residence" ->
                codeOf(CodeTables.RESIDENCE_TYPE, value, "人口类型")
                        .<Object>map(Indicator.ResidenceType::new)
                        .orElse("人口类型“" + value + "”不在代码表中");
            case "sex" ->
                codeOf(CodeTables.SEX, value, "性别")
                        .<Object>map(Indicator.Sex::new)
                        .orElse("性别“" + value + "”不在代码表中");
            case "tag" ->
                codeOf(CodeTables.TAG, value, "标签")
                        .<Object>map(Indicator.Tag::new)
                        .orElse("没有标签“" + value + "”");
            case "party" ->
                value == null
                        ? new Indicator.PartyMember(null)
                        : switch (value) {
                            case "full" -> new Indicator.PartyMember("FULL");
                            case "probationary" -> new Indicator.PartyMember("PROBATIONARY");
                            default -> "party 后应为 full 或 probationary，而不是“" + value + "”";
                        };
            case "league" -> value == null ? new Indicator.LeagueMember() : "league 后不应有值";
            default -> "不认识的条件“" + text + "”（可用：residence:、sex:、age>=、age<、tag:、party、league）";
        };
    }

    private Optional<String> codeOf(String tableId, String value, String what) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        CodeTable table = codes.get(tableId);
        return table.entry(value).or(() -> table.byName(value)).map(CodeEntry::code);
    }

    private Object stampOfFile() {
        Path path = directory.resolve(FILE);
        try {
            return List.of(Files.getLastModifiedTime(path), Files.size(path));
        } catch (IOException e) {
            return List.of();
        }
    }
}
