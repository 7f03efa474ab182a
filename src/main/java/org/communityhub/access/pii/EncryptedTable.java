package org.communityhub.access.pii;

import java.util.List;

/**
 * A table that holds personal data encrypted by {@link PiiCipher}: its primary key (to walk it in
 * order) and its encrypted columns, each with its blind index where it has one. Every such column
 * of the schema is listed in {@link #ALL}; the key rotation and the start-up key check go by this
 * list, and a test compares it with the schema.
 */
record EncryptedTable(String name, List<KeyColumn> key, List<Column> columns) {

    /** A primary-key column and its SQL type. */
    record KeyColumn(String name, String type) {}

    /** A ciphertext column, its blind-index column (or null), and the field bound into it. */
    record Column(String cipher, String index, PiiField field) {}

    static final List<EncryptedTable> ALL = List.of(
            new EncryptedTable(
                    "resident",
                    List.of(new KeyColumn("id", "uuid")),
                    List.of(
                            new Column("id_number_cipher", "id_number_index", PiiField.ID_NUMBER),
                            new Column("phone_cipher", "phone_index", PiiField.PHONE))),
            new EncryptedTable(
                    "platform_record",
                    List.of(new KeyColumn("adapter_id", "varchar"), new KeyColumn("resident_id", "uuid")),
                    List.of(new Column("payload_cipher", null, PiiField.DELIVERED_PAYLOAD))),
            new EncryptedTable(
                    "resident_merge",
                    List.of(new KeyColumn("id", "uuid")),
                    List.of(new Column("states_cipher", null, PiiField.MERGE_STATES))),
            new EncryptedTable(
                    "import_correction",
                    List.of(
                            new KeyColumn("import_id", "uuid"),
                            new KeyColumn("sheet", "varchar"),
                            new KeyColumn("row_no", "bigint"),
                            new KeyColumn("column_no", "integer")),
                    List.of(new Column("value_cipher", null, PiiField.IMPORT_CORRECTION))),
            new EncryptedTable(
                    "collection",
                    List.of(new KeyColumn("id", "uuid")),
                    List.of(new Column("form_cipher", null, PiiField.COLLECTION_FORM))),
            new EncryptedTable(
                    "collection_answer",
                    List.of(new KeyColumn("collection_id", "uuid"), new KeyColumn("resident_id", "uuid")),
                    List.of(new Column("answers_cipher", null, PiiField.COLLECTION_ANSWERS))));

    /**
     * SQL that is true for a row holding a value not under the current key; each column binds the
     * current key's header ({@link PiiCipher#currentKeyHeader()}) once.
     */
    String notUnderCurrentKey() {
        return columns.stream()
                .map(c -> "(" + c.cipher() + " is not null and substring(" + c.cipher() + " from 1 for "
                        + PiiCipher.currentKeyHeaderLength() + ") <> ?)")
                .reduce((a, b) -> a + " or " + b)
                .orElseThrow();
    }

    String keyList() {
        return String.join(", ", key.stream().map(KeyColumn::name).toList());
    }
}
