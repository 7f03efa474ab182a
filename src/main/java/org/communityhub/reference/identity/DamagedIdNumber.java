package org.communityhub.reference.identity;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ID number the rules refuse, but whose damage is of a kind that leaves the true number among
 * a few hundred valid ones: the numbers it may have been, to be compared with the registry and
 * with other rows of a ledger. Never a repair: the hub does not register a person under one of
 * these numbers on its own; it asks whether the person is one already known under one of them.
 *
 * <p>The kinds, and the candidates of each:
 * <ul>
 *   <li>{@link Kind#TYPO}: 18 characters failing the check character (one digit mistyped, or two
 *       adjacent digits swapped): every valid number one substitution or one adjacent swap away,
 *       the check character recomputed ({@link IdNumberRelation#neighbours}, about 170), with the
 *       swaps of and the substitution of the check character itself;
 *   <li>{@link Kind#DIGIT_MISSING}: 17 characters: every valid number with one digit put back
 *       (about 20);
 *   <li>{@link Kind#DIGIT_EXTRA}: 19 characters: every valid number with one digit taken out;
 *   <li>{@link Kind#TRUNCATED}: 15 significant digits kept by a spreadsheet (the last three turned
 *       into zeros, or written {@code 1.10105196103021E+17}): the 15th digit as shown or one lower
 *       (a spreadsheet rounds), the 16th and 17th any, the check computed: 200.
 * </ul>
 * A number of 16 characters, or one with fewer than 15 significant digits left, has too many
 * candidates to look up: it is not linked by its number.
 */
public record DamagedIdNumber(Kind kind, List<IdNumber> candidates, LocalDate birthDate) {

    /** How a number was damaged. */
    public enum Kind {
        TYPO,
        DIGIT_MISSING,
        DIGIT_EXTRA,
        TRUNCATED
    }

    private static final Pattern SCIENTIFIC = Pattern.compile("^([0-9])\\.([0-9]+)E\\+?17$");

    /**
     * The damage of {@code raw} and its candidates, when it is a number the rules refuse and one
     * of the kinds above; empty for a number the rules accept, and for other damage.
     */
    public static Optional<DamagedIdNumber> of(String raw, LocalDate today) {
        String s = IdNumber.normalise(raw);
        try {
            IdNumber parsed = IdNumber.parse(s, today);
            // A valid number ending in 000 may still have lost its last digits to a spreadsheet.
            return parsed.possiblyTruncated() ? truncated(s.substring(0, 15), today) : Optional.empty();
        } catch (InvalidIdNumberException e) {
            // damaged: which way, below
        }
        Matcher scientific = SCIENTIFIC.matcher(s);
        if (scientific.matches()) {
            String digits = scientific.group(1) + scientific.group(2);
            return digits.length() >= 15 && digits.chars().allMatch(Character::isDigit)
                    ? truncated(digits.substring(0, 15), today)
                    : Optional.empty();
        }
        if (!s.chars().allMatch(c -> (c >= '0' && c <= '9') || c == 'X')
                || s.indexOf('X') >= 0 && s.indexOf('X') != s.length() - 1) {
            return Optional.empty();
        }
        return switch (s.length()) {
            case 18 -> s.endsWith("000") ? truncated(s.substring(0, 15), today) : typo(s, today);
            case 17 -> changed(Kind.DIGIT_MISSING, insertions(s), s, today);
            case 19 -> changed(Kind.DIGIT_EXTRA, deletions(s), s, today);
            default -> Optional.empty();
        };
    }

    private static Optional<DamagedIdNumber> typo(String s, LocalDate today) {
        if (s.substring(0, 17).indexOf('X') >= 0) {
            return Optional.empty();
        }
        List<String> raw = new ArrayList<>(IdNumberRelation.neighbours(s));
        raw.add(s.substring(0, 17) + IdNumber.checkCharacter(s)); // the check character itself mistyped
        char[] c = s.toCharArray();
        if (c[16] != c[17]) {
            char t = c[16];
            c[16] = c[17];
            c[17] = t;
            raw.add(new String(c));
        }
        return changed(Kind.TYPO, raw, s, today);
    }

    private static Optional<DamagedIdNumber> truncated(String first15, LocalDate today) {
        List<String> raw = new ArrayList<>(200);
        for (String prefix : new String[] {first15, lower(first15)}) {
            if (prefix == null) {
                continue;
            }
            for (int n = 0; n < 100; n++) {
                String first17 = prefix + (n < 10 ? "0" : "") + n;
                raw.add(first17 + IdNumber.checkCharacter(first17));
            }
        }
        return changed(Kind.TRUNCATED, raw, first15 + "000", today);
    }

    /** The 15 digits one lower (what rounding up made of them), or null below zero. */
    private static String lower(String digits) {
        char[] c = digits.toCharArray();
        for (int i = c.length - 1; i >= 0; i--) {
            if (c[i] > '0') {
                c[i]--;
                return new String(c);
            }
            c[i] = '9';
        }
        return null;
    }

    private static List<String> insertions(String s) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i <= s.length(); i++) {
            for (char d = '0'; d <= '9'; d++) {
                out.add(s.substring(0, i) + d + s.substring(i));
            }
        }
        out.add(s + 'X');
        return out;
    }

    private static List<String> deletions(String s) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.length(); i++) {
            out.add(s.substring(0, i) + s.substring(i + 1));
        }
        return out;
    }

    /** The valid, distinct numbers among {@code raw}; empty when there is none. */
    private static Optional<DamagedIdNumber> changed(Kind kind, List<String> raw, String damaged, LocalDate today) {
        Map<String, IdNumber> valid = new LinkedHashMap<>();
        for (String candidate : raw) {
            if (candidate.length() != 18 || valid.containsKey(candidate)) {
                continue;
            }
            try {
                IdNumber id = IdNumber.parse(candidate, today);
                if (!id.possiblyTruncated() || kind == Kind.TRUNCATED) {
                    valid.put(id.value(), id);
                }
            } catch (InvalidIdNumberException e) {
                // not a number it may have been
            }
        }
        if (valid.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DamagedIdNumber(kind, List.copyOf(valid.values()), birthDateOf(damaged, today)));
    }

    /** The birth date in digits 7–14 of the damaged number, when they are one; else null. */
    private static LocalDate birthDateOf(String damaged, LocalDate today) {
        if (damaged.length() < 14) {
            return null;
        }
        try {
            LocalDate date = LocalDate.of(
                    Integer.parseInt(damaged.substring(6, 10)),
                    Integer.parseInt(damaged.substring(10, 12)),
                    Integer.parseInt(damaged.substring(12, 14)));
            return date.isAfter(today) || date.getYear() < 1880 ? null : date;
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    /** What happened to the number, in a worker's words, e.g. "校验位不符（可能有一位输错或两位颠倒）". */
    public String described() {
        return switch (kind) {
            case TYPO -> "校验位不符（可能有一位输错或相邻两位颠倒）";
            case DIGIT_MISSING -> "只有 17 位，少了一位";
            case DIGIT_EXTRA -> "有 19 位，多了一位";
            case TRUNCATED -> "被表格软件截断，只剩前 15 位";
        };
    }

    /** How a candidate relates to the damaged number, e.g. "只差一位或相邻两位颠倒". */
    public String relation() {
        return switch (kind) {
            case TYPO -> "只差一位或相邻两位颠倒";
            case DIGIT_MISSING -> "补上一位即与本行相同";
            case DIGIT_EXTRA -> "去掉本行多出的一位即相同";
            case TRUNCATED -> "前 15 位与本行相同";
        };
    }
}
