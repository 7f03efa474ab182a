package org.communityhub.reference.code;

/**
 * One field of a resident as the hub describes it once, for import, template export and forms: its
 * canonical name (the one platform definitions map from), its Chinese label, its kind, the code
 * table of a coded field, the key an import's column mapping calls it (null: not imported), and
 * whether a template export offers it as a column.
 */
public record ResidentField(
        String name, String label, Kind kind, String codeTable, String importKey, boolean exported) {

    /** What a field holds. */
    public enum Kind {
        TEXT,
        DATE,
        CODE,
        /** several codes of one table (tags) */
        CODES,
        BOOLEAN,
        INTEGER,
        TIMESTAMP
    }

    public boolean imported() {
        return importKey != null;
    }
}
