package org.communityhub.audit.chain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HexFormat;

/**
 * The hash of one link of an audit chain: SHA-256 over the previous link's hash and the row's
 * content, written as text in one fixed way (the position and table, then each column: text and
 * numbers prefixed with their length, times as microseconds since the epoch, lists element by
 * element with their count, bytes in hex, null as its own mark), so the writer and the verifier
 * compute the same bytes from the same values, and no two contents give the same text.
 */
public final class ChainHash {

    /** The hash a chain starts from. */
    public static final byte[] GENESIS = new byte[32];

    private static final char COLUMN = '\u001f';
    private static final char ELEMENT = '\u001e';
    private static final char NULL = '\u0000';

    private ChainHash() {}

    public static byte[] of(byte[] previous, long seq, String table, Object... columns) {
        StringBuilder text = new StringBuilder(256).append(seq).append(COLUMN).append(table);
        for (Object column : columns) {
            text.append(COLUMN);
            append(text, column);
        }
        MessageDigest sha = sha256();
        sha.update(previous);
        return sha.digest(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void append(StringBuilder text, Object value) {
        if (value == null) {
            text.append(NULL);
        } else if (value instanceof Instant instant) {
            text.append('t').append(ChronoUnit.MICROS.between(Instant.EPOCH, instant));
        } else if (value instanceof byte[] bytes) {
            text.append('x').append(HexFormat.of().formatHex(bytes));
        } else if (value instanceof Object[] array) {
            list(text, java.util.Arrays.asList(array));
        } else if (value instanceof Collection<?> list) {
            list(text, list);
        } else {
            // Length first: no value can pass for two, whatever characters it holds.
            String s = value.toString();
            text.append(s.length()).append(':').append(s);
        }
    }

    private static void list(StringBuilder text, Collection<?> values) {
        text.append(values.size()).append('[');
        boolean first = true;
        for (Object v : values) {
            if (!first) {
                text.append(ELEMENT);
            }
            append(text, v);
            first = false;
        }
        text.append(']');
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
