package org.communityhub.reference.code;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.communityhub.common.csv.CsvReader;

/**
 * The catalogue of resident fields, shipped as {@code vocabulary/resident-fields.csv} (one line a
 * field: name, label, kind, code table, import key, exported). Import, template export and the
 * vocabulary's header synonyms read it, so a field is described in one place. Read once; a
 * malformed line stops the hub from starting.
 */
public final class ResidentFields {

    private static final String FILE = "/vocabulary/resident-fields.csv";
    private static final Map<String, ResidentField> BY_NAME = load();

    private ResidentFields() {}

    /** Every field, in the catalogue's order. */
    public static List<ResidentField> all() {
        return List.copyOf(BY_NAME.values());
    }

    public static Optional<ResidentField> find(String name) {
        return Optional.ofNullable(name == null ? null : BY_NAME.get(name));
    }

    /** A field the code names; its absence is a packaging error. */
    public static ResidentField get(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException("Resident field " + name + " is not catalogued"));
    }

    /** The field an import's column mapping calls {@code key}. */
    public static Optional<ResidentField> byImportKey(String key) {
        return BY_NAME.values().stream()
                .filter(f -> f.importKey() != null && f.importKey().equals(key))
                .findFirst();
    }

    private static Map<String, ResidentField> load() {
        InputStream in = ResidentFields.class.getResourceAsStream(FILE);
        if (in == null) {
            throw new IllegalStateException("vocabulary/resident-fields.csv is missing");
        }
        Map<String, ResidentField> fields = new LinkedHashMap<>();
        try (CsvReader csv = new CsvReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            csv.next();
            for (List<String> row = csv.next(); row != null; row = csv.next()) {
                if (row.size() == 1 && row.get(0).isBlank()) {
                    continue;
                }
                if (row.size() < 6 || row.get(0).isBlank() || row.get(1).isBlank()) {
                    throw new IllegalStateException(
                            "vocabulary/resident-fields.csv line " + csv.recordLine() + " is incomplete");
                }
                ResidentField.Kind kind =
                        ResidentField.Kind.valueOf(row.get(2).strip().toUpperCase(Locale.ROOT));
                String table = blankToNull(row.get(3));
                if ((kind == ResidentField.Kind.CODE || kind == ResidentField.Kind.CODES) != (table != null)) {
                    throw new IllegalStateException("vocabulary/resident-fields.csv line " + csv.recordLine()
                            + ": a coded field, and only one, names its code table");
                }
                ResidentField f = new ResidentField(
                        row.get(0).strip(),
                        row.get(1).strip(),
                        kind,
                        table,
                        blankToNull(row.get(4)),
                        "yes".equals(row.get(5).strip()));
                if (fields.put(f.name(), f) != null) {
                    throw new IllegalStateException(
                            "vocabulary/resident-fields.csv line " + csv.recordLine() + " repeats a field");
                }
            }
        }
        return Collections.unmodifiableMap(fields);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
