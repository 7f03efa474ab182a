package org.communityhub.common.csv;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads RFC 4180 CSV record by record: quoted fields, doubled quotes, line breaks inside quotes,
 * CRLF or LF. Streams, so a large file never sits in memory whole.
 */
public final class CsvReader implements AutoCloseable {

    /** Longest field accepted; a longer one means the file is not what it claims to be. */
    public static final int MAX_FIELD_LENGTH = 64 * 1024;

    private final Reader in;
    private int lineNumber = 1;
    private int recordLine;
    private int peeked = -2;

    public CsvReader(Reader in) {
        this.in = in;
    }

    /** The next record, or {@code null} at the end of the input. */
    public List<String> next() {
        recordLine = lineNumber;
        int c = read();
        if (c == -1) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStarted = false;
        while (true) {
            if (quoted) {
                if (c == -1) {
                    throw new CsvFormatException(recordLine, "引号未闭合");
                }
                if (c == '"') {
                    int n = read();
                    if (n == '"') {
                        append(field, '"');
                    } else {
                        quoted = false;
                        c = n;
                        continue;
                    }
                } else {
                    if (c == '\n') {
                        lineNumber++;
                    }
                    append(field, (char) c);
                }
            } else if (c == '"' && !fieldStarted) {
                quoted = true;
                fieldStarted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                fieldStarted = false;
            } else if (c == '\r' || c == '\n' || c == -1) {
                if (c == '\r') {
                    int n = read();
                    if (n != '\n') {
                        unread(n);
                    }
                }
                if (c != -1) {
                    lineNumber++;
                }
                fields.add(field.toString());
                return fields;
            } else {
                append(field, (char) c);
                fieldStarted = true;
            }
            c = read();
        }
    }

    /** The line on which the record last returned by {@link #next()} began (1-based). */
    public int recordLine() {
        return recordLine;
    }

    private void append(StringBuilder field, char c) {
        if (field.length() >= MAX_FIELD_LENGTH) {
            throw new CsvFormatException(recordLine, "某个字段超过 " + MAX_FIELD_LENGTH + " 个字符");
        }
        field.append(c);
    }

    private int read() {
        if (peeked != -2) {
            int c = peeked;
            peeked = -2;
            return c;
        }
        try {
            return in.read();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void unread(int c) {
        peeked = c;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The input is not well-formed CSV. */
    public static final class CsvFormatException extends RuntimeException {
        private final int line;

        public CsvFormatException(int line, String message) {
            super("第 " + line + " 行：" + message, null, false, false);
            this.line = line;
        }

        public int line() {
            return line;
        }
    }
}
