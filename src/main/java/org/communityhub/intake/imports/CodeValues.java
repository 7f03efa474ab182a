package org.communityhub.intake.imports;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.communityhub.common.csv.CsvReader;
import org.communityhub.registry.code.CodeEntry;
import org.communityhub.registry.code.CodeTable;
import org.communityhub.registry.code.CodeTables;

/**
 * Reads a coded cell as a code: the code itself (汉族 is 01; a spreadsheet that dropped the leading
 * zero of 01 gives 1), the name in the code table (汉族, 男), the name without its suffix (汉 for
 * 汉族), or an alias kept as data in {@code intake/code-aliases.csv} (党员 → 01). Nothing else.
 */
@ApplicationScoped
public class CodeValues {

    /** A code typed as a number, as spreadsheets store 01 (1, 1.0). */
    private static final Pattern NUMBER = Pattern.compile("^\\d+(\\.0+)?$");

    private final CodeTables codes;
    private final Map<String, Map<String, String>> aliases = new HashMap<>();

    public CodeValues(CodeTables codes) {
        this.codes = codes;
        InputStream in = CodeValues.class.getResourceAsStream("/intake/code-aliases.csv");
        if (in == null) {
            throw new IllegalStateException("intake/code-aliases.csv is missing");
        }
        try (CsvReader csv = new CsvReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            csv.next();
            for (List<String> row = csv.next(); row != null; row = csv.next()) {
                if (row.size() < 3 || row.get(0).isBlank()) {
                    continue;
                }
                String table = row.get(0).strip();
                if (!codes.get(table).contains(row.get(2).strip())) {
                    throw new IllegalStateException(
                            "intake/code-aliases.csv line " + csv.recordLine() + " names an unknown code");
                }
                aliases.computeIfAbsent(table, t -> new HashMap<>())
                        .put(row.get(1).strip(), row.get(2).strip());
            }
        }
    }

    /** The code for a cell of a coded column, or empty when the cell names no code of the table. */
    public Optional<String> resolve(String tableId, String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        CodeTable table = codes.get(tableId);
        String s = Normalizer.normalize(raw, Normalizer.Form.NFKC).strip();
        if (table.contains(s)) {
            return Optional.of(s);
        }
        if (NUMBER.matcher(s).matches()) {
            String digits = s.replaceFirst("\\.0+$", "");
            String padded = digits.length() == 1 ? "0" + digits : digits;
            if (table.contains(digits)) {
                return Optional.of(digits);
            }
            if (table.contains(padded)) {
                return Optional.of(padded);
            }
            return Optional.empty();
        }
        Optional<CodeEntry> byName = table.byName(s);
        if (byName.isPresent()) {
            return byName.map(CodeEntry::code);
        }
        String alias = aliases.getOrDefault(tableId, Map.of()).get(s);
        if (alias != null) {
            return Optional.of(alias);
        }
        // 汉 for 汉族, 蒙古 for 蒙古族: a name given without its last character, when only one code fits.
        List<CodeEntry> prefixed = table.getEntries().stream()
                .filter(e -> e.name().length() == s.length() + 1 && e.name().startsWith(s))
                .toList();
        return prefixed.size() == 1 ? Optional.of(prefixed.get(0).code()) : Optional.empty();
    }
}
