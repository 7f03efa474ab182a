package org.communityhub.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communityhub.reference.identity.Masking;

/**
 * Looks for known ID numbers and phones in clear: as text, in the legacy 15-digit form of an ID
 * number, inside hex-encoded bytes (how PostgreSQL prints a bytea), inside base64, and in raw bytes
 * (the database's files). Every run of digits is read in windows of 11, 15 and 18 characters, so a
 * value is found even with other digits right next to it.
 */
public final class ClearValues {

    private static final int[] LENGTHS = {11, 15, 18};
    private static final Pattern HEX = Pattern.compile("[0-9a-fA-F]{22,}");
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/]{15,}={0,2}");

    /** The values, encoded as numbers (digits in base 11, X as 10), sorted, one array per length. */
    private final long[][] codes = new long[19][];

    private final List<String> values;

    private ClearValues(Collection<String> values) {
        this.values = List.copyOf(new LinkedHashSet<>(values));
        for (int length : LENGTHS) {
            codes[length] = this.values.stream()
                    .filter(v -> v.length() == length)
                    .mapToLong(v -> code(v.getBytes(StandardCharsets.US_ASCII), 0, length))
                    .sorted()
                    .toArray();
        }
    }

    /** ID numbers (also looked for in their 15-digit form) and phones. */
    public static ClearValues of(Collection<String> idNumbers, Collection<String> phones) {
        List<String> all = new ArrayList<>();
        for (String id : idNumbers) {
            all.add(id.toUpperCase());
            if (id.length() == 18) {
                all.add(id.substring(0, 6) + id.substring(8, 17)); // the 15-digit form: 2-digit year, no check
            }
        }
        all.addAll(phones);
        return new ClearValues(all);
    }

    public int size() {
        return values.size();
    }

    /** A found value as a failure message may show it: masked like the hub masks it. */
    public static String mask(String value) {
        return value.length() == 11 ? Masking.maskPhone(value) : Masking.maskIdNumber(value);
    }

    /** The values found in text, in any of the forms. */
    public Set<String> foundIn(String text) {
        Set<String> found = new LinkedHashSet<>(foundInBytes(text.getBytes(StandardCharsets.UTF_8)));
        Matcher hex = HEX.matcher(text);
        while (hex.find()) {
            String run = hex.group();
            for (int offset = 0; offset < 2; offset++) {
                int end = offset + (run.length() - offset) / 2 * 2;
                found.addAll(foundInBytes(HexFormat.of().parseHex(run, offset, end)));
            }
        }
        Matcher base64 = BASE64.matcher(text);
        while (base64.find()) {
            String token = base64.group().replace("=", "");
            for (int skip = 0; skip < 4; skip++) { // a value's encoding may start anywhere in a longer run
                String aligned = token.substring(skip);
                aligned = aligned.substring(0, aligned.length() - (aligned.length() % 4 == 1 ? 1 : 0));
                try {
                    found.addAll(foundInBytes(Base64.getDecoder().decode(aligned)));
                } catch (IllegalArgumentException e) {
                    // not base64 after all
                }
            }
        }
        return found;
    }

    /** The values found in raw bytes, as ASCII (and so UTF-8) text. */
    public Set<String> foundInBytes(byte[] bytes) {
        Set<String> found = new LinkedHashSet<>();
        int i = 0;
        while (i < bytes.length) {
            if (!digitLike(bytes[i])) {
                i++;
                continue;
            }
            int start = i;
            while (i < bytes.length && digitLike(bytes[i])) {
                i++;
            }
            int runLength = i - start;
            for (int length : LENGTHS) {
                for (int from = start; from + length <= start + runLength; from++) {
                    long code = code(bytes, from, length);
                    if (code >= 0 && Arrays.binarySearch(codes[length], code) >= 0) {
                        found.add(new String(bytes, from, length, StandardCharsets.US_ASCII).toUpperCase());
                    }
                }
            }
        }
        return found;
    }

    private static boolean digitLike(byte b) {
        return (b >= '0' && b <= '9') || b == 'X' || b == 'x';
    }

    /** Digits in base 11; X only last; -1 for anything else. */
    private static long code(byte[] bytes, int from, int length) {
        long code = 0;
        for (int k = 0; k < length; k++) {
            byte b = bytes[from + k];
            int digit;
            if (b >= '0' && b <= '9') {
                digit = b - '0';
            } else if ((b == 'X' || b == 'x') && k == length - 1) {
                digit = 10;
            } else {
                return -1;
            }
            code = code * 11 + digit;
        }
        return code;
    }
}
