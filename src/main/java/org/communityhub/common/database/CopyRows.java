package org.communityhub.common.database;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Rows for PostgreSQL's {@code COPY ... FROM STDIN} in its text format, built field by field: a
 * batch of thousands of rows goes to the database as one stream, which it reads faster than the
 * same values bound as arrays to {@code unnest} (and the hub builds it faster too). Fields are
 * separated by tabs, rows end with a newline, null is {@code \N}; backslashes, tabs, newlines and
 * carriage returns inside a value are escaped, so any text arrives unchanged.
 */
public final class CopyRows {

    private static final HexFormat HEX = HexFormat.of();

    private final StringBuilder text;
    private boolean rowStarted;
    private int rows;

    public CopyRows(int expectedRows) {
        this.text = new StringBuilder(Math.max(16, expectedRows) * 256);
    }

    /** A text value (varchar, text, jsonb, a date or a number as text); null is SQL null. */
    public CopyRows text(String value) {
        separate();
        if (value == null) {
            text.append("\\N");
            return this;
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(ch);
            }
        }
        return this;
    }

    public CopyRows uuid(UUID value) {
        return value == null ? text(null) : text(value.toString());
    }

    /** A bytea value, in hex (its backslash escaped for the text format). */
    public CopyRows bytes(byte[] value) {
        separate();
        if (value == null) {
            text.append("\\N");
        } else {
            text.append("\\\\x").append(HEX.formatHex(value));
        }
        return this;
    }

    /** A text[] value: each element quoted, so that commas, braces and quotes in it stay literal. */
    public CopyRows textArray(String[] values) {
        if (values == null) {
            return text(null);
        }
        StringBuilder literal = new StringBuilder("{");
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                literal.append(',');
            }
            literal.append('"')
                    .append(values[i].replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        return text(literal.append('}').toString());
    }

    /** Ends the current row. */
    public CopyRows endRow() {
        text.append('\n');
        rowStarted = false;
        rows++;
        return this;
    }

    public int rows() {
        return rows;
    }

    byte[] utf8() {
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void separate() {
        if (rowStarted) {
            text.append('\t');
        }
        rowStarted = true;
    }
}
