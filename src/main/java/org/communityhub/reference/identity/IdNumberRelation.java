package org.communityhub.reference.identity;

import java.util.ArrayList;
import java.util.List;

/**
 * How two ID numbers relate when they might belong to one person. Compared on the first 17
 * characters of their 18-character forms (a 15-digit number upgraded as the registry does), so a
 * number whose check character was recomputed after a typo, as every upgrade of a mistyped 15-digit
 * number does, still counts as one typo away.
 *
 * <p>Two numbers that both pass MOD 11-2 never differ in exactly one character nor in one adjacent
 * transposition of the whole 18 (the check catches both): the typos that reach the registry are
 * those of the first 17 digits with a check character computed afterwards.
 */
public enum IdNumberRelation {
    /** The same number. */
    EQUAL,
    /** The same number, one of them written in the legacy 15-digit form. */
    LEGACY_TWIN,
    /** One digit of the first 17 differs. */
    ONE_DIGIT_SUBSTITUTED,
    /** Two adjacent digits of the first 17 are swapped. */
    ADJACENT_DIGITS_TRANSPOSED,
    /** Both numbers known, and neither the same nor one typo apart. */
    DIFFERENT,
    /** At least one of the two is unknown (or not an ID number in either form). */
    UNKNOWN;

    /** Whether this relation suggests one person. */
    public boolean isNear() {
        return this == EQUAL
                || this == LEGACY_TWIN
                || this == ONE_DIGIT_SUBSTITUTED
                || this == ADJACENT_DIGITS_TRANSPOSED;
    }

    /** The relation of two numbers as typed or stored; either may be {@code null}. */
    public static IdNumberRelation of(String a, String b) {
        String x = eighteen(a);
        String y = eighteen(b);
        if (x == null || y == null) {
            return UNKNOWN;
        }
        String p = x.substring(0, 17);
        String q = y.substring(0, 17);
        if (p.equals(q)) {
            boolean legacy =
                    IdNumber.normalise(a).length() == 15 ^ IdNumber.normalise(b).length() == 15;
            return legacy ? LEGACY_TWIN : EQUAL;
        }
        int first = -1;
        int differences = 0;
        for (int i = 0; i < 17; i++) {
            if (p.charAt(i) != q.charAt(i)) {
                if (differences++ == 0) {
                    first = i;
                }
            }
        }
        if (differences == 1) {
            return ONE_DIGIT_SUBSTITUTED;
        }
        if (differences == 2
                && first + 1 < 17
                && p.charAt(first) == q.charAt(first + 1)
                && p.charAt(first + 1) == q.charAt(first)) {
            return ADJACENT_DIGITS_TRANSPOSED;
        }
        return DIFFERENT;
    }

    /**
     * The valid 18-character numbers one typo away from {@code value} (a canonical 18-character
     * number): each digit of the first 17 replaced by each other digit, and each pair of adjacent
     * different digits swapped, with the check character recomputed. About 170 numbers: the
     * look-up side of {@link #ONE_DIGIT_SUBSTITUTED} and {@link #ADJACENT_DIGITS_TRANSPOSED}, so the
     * registry can find neighbours through the blind index of each, never by reading every number.
     */
    public static List<String> neighbours(String value) {
        char[] digits = value.substring(0, 17).toCharArray();
        List<String> out = new ArrayList<>(170);
        for (int i = 0; i < 17; i++) {
            char original = digits[i];
            for (char d = '0'; d <= '9'; d++) {
                if (d != original) {
                    digits[i] = d;
                    out.add(withCheck(digits));
                }
            }
            digits[i] = original;
        }
        for (int i = 0; i < 16; i++) {
            if (digits[i] != digits[i + 1]) {
                swap(digits, i);
                out.add(withCheck(digits));
                swap(digits, i);
            }
        }
        return out;
    }

    private static boolean isCanonical(String s) {
        for (int i = 0; i < 17; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        char last = s.charAt(17);
        return (last >= '0' && last <= '9') || last == 'X';
    }

    private static void swap(char[] digits, int i) {
        char t = digits[i];
        digits[i] = digits[i + 1];
        digits[i + 1] = t;
    }

    private static String withCheck(char[] first17) {
        String s = new String(first17);
        return s + IdNumber.checkCharacter(s);
    }

    /** The 18-character form of a number (the check character of the input kept), or null. */
    private static String eighteen(String raw) {
        if (raw == null) {
            return null;
        }
        if (raw.length() == 18 && isCanonical(raw)) {
            return raw; // as the registry stores it: no normalising, which a scan would pay for every pair
        }
        String s = IdNumber.normalise(raw);
        if (s.length() == 15 && s.chars().allMatch(Character::isDigit)) {
            String first17 = s.substring(0, 6) + "19" + s.substring(6);
            return first17 + IdNumber.checkCharacter(first17);
        }
        if (s.length() == 18 && s.substring(0, 17).chars().allMatch(Character::isDigit)) {
            return s;
        }
        return null;
    }
}
