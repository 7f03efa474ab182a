package org.communityhub.common.database;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * Rows for PostgreSQL's {@code COPY ... FROM STDIN} in its text format, built field by field: a
 * batch of thousands of rows goes to the database as one stream, which it reads faster than the
 * same values bound as arrays to {@code unnest} (and the hub builds it faster too). Fields are
 * separated by tabs, rows end with a newline, null is {@code \N}; backslashes, tabs, newlines and
 * carriage returns inside a value are escaped, so any text arrives unchanged.
 *
 * <p>Values are written as UTF-8 straight into one byte buffer. The four characters to escape are
 * ASCII, and no byte of a multi-byte UTF-8 sequence is below 0x80, so escaping the encoded bytes is
 * escaping the text; a value with none of them (nearly all) is copied whole.
 */
public final class CopyRows {

    private static final byte[] NULL = {'\\', 'N'};
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private byte[] buffer;
    private int length;
    private boolean rowStarted;
    private int rows;

    public CopyRows(int expectedRows) {
        this.buffer = new byte[Math.max(16, expectedRows) * 256];
    }

    /** A text value (varchar, text, jsonb, a date or a number as text); null is SQL null. */
    public CopyRows text(String value) {
        separate();
        if (value == null) {
            append(NULL);
            return this;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        int from = 0;
        for (int i = 0; i < utf8.length; i++) {
            byte escaped = switch (utf8[i]) {
                case '\\' -> '\\';
                case '\t' -> 't';
                case '\n' -> 'n';
                case '\r' -> 'r';
                default -> 0;
            };
            if (escaped != 0) {
                append(utf8, from, i - from);
                ensure(2);
                buffer[length++] = '\\';
                buffer[length++] = escaped;
                from = i + 1;
            }
        }
        append(utf8, from, utf8.length - from);
        return this;
    }

    public CopyRows uuid(UUID value) {
        if (value == null) {
            return text(null);
        }
        separate();
        ensure(36);
        hex(value.getMostSignificantBits() >>> 32, 8);
        buffer[length++] = '-';
        hex(value.getMostSignificantBits() >>> 16, 4);
        buffer[length++] = '-';
        hex(value.getMostSignificantBits(), 4);
        buffer[length++] = '-';
        hex(value.getLeastSignificantBits() >>> 48, 4);
        buffer[length++] = '-';
        hex(value.getLeastSignificantBits(), 12);
        return this;
    }

    /** A bytea value, in hex (its backslash escaped for the text format). */
    public CopyRows bytes(byte[] value) {
        separate();
        if (value == null) {
            append(NULL);
            return this;
        }
        ensure(3 + 2 * value.length);
        buffer[length++] = '\\';
        buffer[length++] = '\\';
        buffer[length++] = 'x';
        for (byte b : value) {
            buffer[length++] = HEX[(b >> 4) & 0xf];
            buffer[length++] = HEX[b & 0xf];
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
        ensure(1);
        buffer[length++] = '\n';
        rowStarted = false;
        rows++;
        return this;
    }

    public int rows() {
        return rows;
    }

    /** The rows so far, as sent: the buffer itself, of which the first {@link #length()} bytes count. */
    byte[] buffer() {
        return buffer;
    }

    int length() {
        return length;
    }

    private void separate() {
        if (rowStarted) {
            ensure(1);
            buffer[length++] = '\t';
        }
        rowStarted = true;
    }

    /** The lowest {@code digits} hex digits of {@code bits}. */
    private void hex(long bits, int digits) {
        for (int i = digits - 1; i >= 0; i--) {
            buffer[length + i] = HEX[(int) (bits & 0xf)];
            bits >>>= 4;
        }
        length += digits;
    }

    private void append(byte[] bytes) {
        append(bytes, 0, bytes.length);
    }

    private void append(byte[] bytes, int from, int count) {
        ensure(count);
        System.arraycopy(bytes, from, buffer, length, count);
        length += count;
    }

    private void ensure(int more) {
        if (length + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
        }
    }
}
