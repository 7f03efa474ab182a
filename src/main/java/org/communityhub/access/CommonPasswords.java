package org.communityhub.access;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Passwords too common to keep anyone out: those listed in {@code access/common-passwords.txt}, and
 * those made of nothing but runs (a keyboard walk, the alphabet or the digits in order, one
 * character repeated, a year) with at most a few characters besides: {@code qwerty1234},
 * {@code a123456789}, {@code abcd2026xyz}.
 */
final class CommonPasswords {

    private static final String LIST = "/access/common-passwords.txt";

    /** Sequences whose runs of three or more characters, forwards or backwards, guess easily. */
    private static final List<String> RUNS = List.of(
            "abcdefghijklmnopqrstuvwxyz",
            "01234567890",
            "qwertyuiop",
            "asdfghjkl",
            "zxcvbnm",
            "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
            "qazwsxedcrfvtgbyhnujmikolp",
            "1q2w3e4r5t6y7u8i9o0p");

    /** Characters besides the runs that still leave a password guessable. */
    private static final int MOST_LEFT_OVER = 3;

    private static final Set<String> LISTED = load();

    private CommonPasswords() {}

    static boolean isCommon(String password) {
        String p = password.toLowerCase(Locale.ROOT);
        return LISTED.contains(p) || leftOverBesidesRuns(p) <= MOST_LEFT_OVER;
    }

    /** How many characters of the password are not part of a run of three or more. */
    static int leftOverBesidesRuns(String p) {
        int left = 0;
        int i = 0;
        while (i < p.length()) {
            int run = longestRunAt(p, i);
            if (run >= 3) {
                i += run;
            } else {
                left++;
                i++;
            }
        }
        return left;
    }

    private static int longestRunAt(String p, int start) {
        int best = repeatAt(p, start);
        best = Math.max(best, yearAt(p, start));
        for (String seq : RUNS) {
            best = Math.max(best, along(p, start, seq));
            best = Math.max(
                    best, along(p, start, new StringBuilder(seq).reverse().toString()));
        }
        return best;
    }

    private static int repeatAt(String p, int start) {
        int end = start + 1;
        while (end < p.length() && p.charAt(end) == p.charAt(start)) {
            end++;
        }
        return end - start;
    }

    /** A year from 1940 to 2049. */
    private static int yearAt(String p, int start) {
        if (start + 4 > p.length()) {
            return 0;
        }
        String y = p.substring(start, start + 4);
        return y.matches("19[4-9][0-9]|20[0-4][0-9]") ? 4 : 0;
    }

    /** The length of the password's stretch from {@code start} that follows {@code seq} in order. */
    private static int along(String p, int start, String seq) {
        int best = 0;
        int from = seq.indexOf(p.charAt(start));
        while (from >= 0) {
            int n = 0;
            while (start + n < p.length() && from + n < seq.length() && p.charAt(start + n) == seq.charAt(from + n)) {
                n++;
            }
            best = Math.max(best, n);
            from = seq.indexOf(p.charAt(start), from + 1);
        }
        return best;
    }

    private static Set<String> load() {
        Set<String> listed = new HashSet<>();
        try (InputStream in = CommonPasswords.class.getResourceAsStream(LIST)) {
            if (in == null) {
                throw new IllegalStateException(LIST + " is missing from the build");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String entry = line.strip();
                if (!entry.isEmpty() && !entry.startsWith("#")) {
                    listed.add(entry.toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(listed);
    }
}
