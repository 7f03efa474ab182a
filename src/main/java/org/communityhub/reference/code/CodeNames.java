package org.communityhub.reference.code;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.List;

/**
 * The code tables as the pages use them ({@code cdi:codes}): a code's name for showing, and a
 * table's entries for a select box.
 */
@ApplicationScoped
@Named("codes")
public class CodeNames {

    private final CodeTables tables;

    CodeNames(CodeTables tables) {
        this.tables = tables;
    }

    /** The name of {@code code} in {@code table}, or the code itself when the table lacks it; empty for none. */
    public String name(String table, String code) {
        if (code == null || code.isEmpty()) {
            return "";
        }
        return tables.find(table)
                .flatMap(t -> t.entry(code))
                .map(CodeEntry::name)
                .orElse(code);
    }

    public List<CodeEntry> entries(String table) {
        return tables.get(table).getEntries();
    }
}
