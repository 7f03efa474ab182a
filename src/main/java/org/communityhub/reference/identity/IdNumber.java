package org.communityhub.reference.identity;

import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An 18-character identity number, checked and normalised; the one place the hub's ID rules live.
 *
 * <p>Rules (GB 11643-1999 and the permits that share its layout): 6 digits of region, 8 of birth
 * date, 3 of sequence (odd: male, even: female), and a check character by ISO 7064 MOD 11-2.
 * Legacy 15-digit numbers (yyMMdd birth, no check character) are upgraded to 18 digits. Numbers a
 * spreadsheet has turned into a floating-point value ({@code 1.10105E+17}, or 15 significant
 * digits followed by zeros) are rejected with a message that says so, never repaired by guessing.
 *
 * @param value the canonical 18 characters (upper-case X)
 * @param type which document the number belongs to
 * @param birthDate the birth date encoded in the number
 * @param sex the sex encoded in the number, as a GB/T 2261.1 code ("1" male, "2" female)
 * @param upgradedFromLegacy whether the input was a 15-digit number
 */
public record IdNumber(String value, IdType type, LocalDate birthDate, String sex, boolean upgradedFromLegacy) {

    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK_CHARS = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    private static final LocalDate EARLIEST_BIRTH = LocalDate.of(1880, 1, 1);

    /** Provinces of GB/T 2260; the first two digits of a mainland number. */
    private static final Set<String> PROVINCES = Set.of(
            "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43",
            "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65");

    private static final Set<String> PERMIT_REGIONS = Set.of("810000", "820000", "830000");
    private static final Pattern SCIENTIFIC = Pattern.compile("^[0-9]+(\\.[0-9]*)?E[+-]?[0-9]+$");
    private static final Pattern DECIMAL = Pattern.compile("^[0-9]+\\.[0-9]*$");
    private static final Pattern DIGITS_AND_X = Pattern.compile("^[0-9]*X?$");
    private static final Pattern INVISIBLE = Pattern.compile("[\\s\\u00A0\\u200B-\\u200D\\u2060\\uFEFF]");

    /**
     * Parses what a person typed or a file held.
     *
     * @param raw the input; whitespace, full-width digits and a lower-case x are normalised
     * @param today the day against which a birth date "in the future" is judged
     * @throws InvalidIdNumberException when the number cannot be accepted
     */
    public static IdNumber parse(String raw, LocalDate today) {
        String s = normalise(raw);
        if (s.isEmpty()) {
            throw new InvalidIdNumberException("id-number-empty", "证件号码为空。");
        }
        if (SCIENTIFIC.matcher(s).matches()) {
            throw new InvalidIdNumberException(
                    "id-number-scientific-notation",
                    "证件号码被表格软件转成了科学计数法（如 1.10105E+17），后几位已经丢失，无法还原。" + "请在表格中把该列设为“文本”格式，按原件重新录入。");
        }
        if (DECIMAL.matcher(s).matches()) {
            throw new InvalidIdNumberException(
                    "id-number-numeric-format", "证件号码带有小数点，说明它被当作数字处理过，可能已丢失位数。请在表格中把该列设为“文本”格式，按原件重新录入。");
        }
        if (!DIGITS_AND_X.matcher(s).matches()) {
            throw new InvalidIdNumberException("id-number-characters", "证件号码只能由数字组成，最后一位可以是 X。");
        }
        return switch (s.length()) {
            case 18 -> parse18(s, today, false);
            case 15 -> upgradeLegacy(s, today);
            case 16, 17 ->
                throw new InvalidIdNumberException(
                        "id-number-length", "证件号码只有 " + s.length() + " 位，少了位数（应为 18 位）：可能漏输，或被表格软件截断。请核对原件。");
            default ->
                throw new InvalidIdNumberException(
                        "id-number-length", "证件号码应为 18 位（旧身份证为 15 位），现为 " + s.length() + " 位。");
        };
    }

    /** The check character for the first 17 digits. */
    public static char checkCharacter(CharSequence first17) {
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (first17.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK_CHARS[sum % 11];
    }

    private static IdNumber parse18(String s, LocalDate today, boolean legacy) {
        if (s.substring(0, 17).indexOf('X') >= 0) {
            throw new InvalidIdNumberException("id-number-characters", "证件号码只能由数字组成，最后一位可以是 X。");
        }
        if (checkCharacter(s) != s.charAt(17)) {
            if (s.endsWith("000")) {
                throw new InvalidIdNumberException(
                        "id-number-truncated",
                        "证件号码末三位是 000 且校验位不符：很可能被表格软件只保留了 15 位有效数字，后几位已丢失。" + "请在表格中把该列设为“文本”格式，按原件重新录入。");
            }
            throw new InvalidIdNumberException("id-number-checksum", "证件号码的校验位（最后一位）与前 17 位不符：可能有一位输错或两位颠倒，请核对原件。");
        }
        IdType type = typeOf(s);
        LocalDate birth = birthDate(s.substring(6, 14), today, "第 7–14 位");
        String sex = ((s.charAt(16) - '0') % 2 == 1) ? "1" : "2";
        return new IdNumber(s, type, birth, sex, legacy);
    }

    private static IdNumber upgradeLegacy(String s, LocalDate today) {
        if (s.indexOf('X') >= 0) {
            throw new InvalidIdNumberException("id-number-characters", "15 位旧身份证号码只能由数字组成。");
        }
        if (!PROVINCES.contains(s.substring(0, 2))) {
            throw regionError();
        }
        birthDate("19" + s.substring(6, 12), today, "第 7–12 位");
        String first17 = s.substring(0, 6) + "19" + s.substring(6);
        return parse18(first17 + checkCharacter(first17), today, true);
    }

    private static IdType typeOf(String s) {
        String region = s.substring(0, 6);
        if (PERMIT_REGIONS.contains(region)) {
            return IdType.HMT_RESIDENCE_PERMIT;
        }
        if (s.charAt(0) == '9') {
            return IdType.FOREIGN_PERMANENT_RESIDENCE;
        }
        if (!PROVINCES.contains(s.substring(0, 2)) || s.startsWith("8")) {
            throw regionError();
        }
        return IdType.RESIDENT_ID;
    }

    private static InvalidIdNumberException regionError() {
        return new InvalidIdNumberException(
                "id-number-region", "证件号码的前两位不是有效的省级行政区划代码（港澳台居民居住证以 810000、820000、830000 开头）。");
    }

    private static LocalDate birthDate(String yyyyMMdd, LocalDate today, String where) {
        LocalDate date;
        try {
            date = LocalDate.of(
                    Integer.parseInt(yyyyMMdd.substring(0, 4)),
                    Integer.parseInt(yyyyMMdd.substring(4, 6)),
                    Integer.parseInt(yyyyMMdd.substring(6, 8)));
        } catch (DateTimeException e) {
            throw new InvalidIdNumberException("id-number-birth-date", "证件号码中的出生日期（" + where + "）不是一个真实的日期。");
        }
        if (date.isAfter(today)) {
            throw new InvalidIdNumberException("id-number-birth-date", "证件号码中的出生日期（" + where + "）在今天之后。");
        }
        if (date.isBefore(EARLIEST_BIRTH)) {
            throw new InvalidIdNumberException("id-number-birth-date", "证件号码中的出生日期（" + where + "）早于 1880 年，不可能是在世居民。");
        }
        return date;
    }

    /** Full-width forms to ASCII (NFKC), invisible characters removed, x upper-cased. */
    static String normalise(String raw) {
        if (raw == null) {
            return "";
        }
        String s = Normalizer.normalize(raw, Normalizer.Form.NFKC);
        s = INVISIBLE.matcher(s).replaceAll("");
        return s.replace('x', 'X').replace('e', 'E');
    }

    /**
     * Whether the number ends in 000. A spreadsheet that keeps 15 significant digits turns the
     * last three into zeros, and about one such number in eleven still has a valid check
     * character; a genuine number ends in 000 only about once in a thousand. Such a number must be
     * confirmed against the document before it is accepted.
     */
    public boolean possiblyTruncated() {
        return value.endsWith("000");
    }

    /** The number as it may be shown: at most the first 6 and the last 4 characters. */
    public String masked() {
        return Masking.maskIdNumber(value);
    }

    @Override
    public String toString() {
        return "IdNumber[" + masked() + "]"; // never the whole number, e.g. in a log line
    }
}
