package org.communityhub.reference.code;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.communityhub.common.csv.CsvReader;

/**
 * The code tables the registry's coded fields draw from. They ship as data files under {@code
 * codes/} ({@code tables.csv} lists them; one {@code <id>.csv} per table) and are read once at
 * start-up; a malformed file stops the hub from starting.
 */
@ApplicationScoped
@Startup
public class CodeTables {

    public static final String SEX = "sex";
    public static final String ETHNICITY = "ethnicity";
    public static final String POLITICAL_STATUS = "political-status";
    public static final String EDUCATION = "education";
    public static final String MARITAL_STATUS = "marital-status";
    public static final String RELATION_TO_HEAD = "relation-to-head";
    public static final String RESIDENCE_TYPE = "residence-type";
    public static final String HOUSEHOLD_TYPE = "household-type";
    public static final String PARTY_CATEGORY = "party-category";
    public static final String TAG = "tag";
    public static final String ACCESS_PURPOSE = "access-purpose";

    private final Map<String, CodeTable> tables;

    public CodeTables() {
        this.tables = load();
    }

    public Collection<CodeTable> all() {
        return tables.values();
    }

    public Optional<CodeTable> find(String id) {
        return Optional.ofNullable(tables.get(id));
    }

    /** A table the code needs; its absence is a packaging error. */
    public CodeTable get(String id) {
        CodeTable table = tables.get(id);
        if (table == null) {
            throw new IllegalStateException("Code table " + id + " is not shipped");
        }
        return table;
    }

    private static Map<String, CodeTable> load() {
        Map<String, CodeTable> tables = new LinkedHashMap<>();
        for (List<String> row : rows("tables.csv")) {
            String id = row.get(0);
            List<CodeEntry> entries = new ArrayList<>();
            for (List<String> e : rows(id + ".csv")) {
                Integer grade = e.size() > 2 && !e.get(2).isBlank() ? Integer.valueOf(e.get(2)) : null;
                entries.add(new CodeEntry(e.get(0), e.get(1), grade));
            }
            tables.put(id, new CodeTable(id, row.get(1), row.get(2), entries));
        }
        return tables;
    }

    /** The records of a shipped CSV file, without its header. */
    private static List<List<String>> rows(String file) {
        InputStream in = CodeTables.class.getResourceAsStream("/codes/" + file);
        if (in == null) {
            throw new IllegalStateException("Code table file codes/" + file + " is missing");
        }
        List<List<String>> rows = new ArrayList<>();
        try (CsvReader csv = new CsvReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> header = csv.next();
            for (List<String> row = csv.next(); row != null; row = csv.next()) {
                if (row.size() == 1 && row.get(0).isBlank()) {
                    continue;
                }
                if (row.size() < header.size() - (header.contains("grade") ? 1 : 0) || row.size() < 2) {
                    throw new IllegalStateException("codes/" + file + " line " + csv.recordLine() + " is incomplete");
                }
                rows.add(row);
            }
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("Could not read codes/" + file, e);
        }
        return rows;
    }
}
