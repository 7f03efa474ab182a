package org.communityhub.reference.identity;

import java.text.Normalizer;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A telephone number in one canonical form: mainland mobile as 11 digits, landline as {@code
 * 0AA-NNNNNNNN[-EXT]}, anything else as {@code +} and digits (E.164). Punctuation and a +86
 * prefix are normalised away; nothing else is changed.
 */
public final class PhoneNumber {

    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\u00A0()（）.]");
    private static final Pattern MOBILE = Pattern.compile("^(?:\\+?86|0086)?(1[3-9][0-9]{9})$");
    private static final Pattern LANDLINE = Pattern.compile("^(0[0-9]{2,3})-?([0-9]{7,8})(?:-([0-9]{1,6}))?$");
    private static final Pattern INTERNATIONAL = Pattern.compile("^(?:\\+|00)([1-9][0-9]{6,14})$");

    private PhoneNumber() {}

    /**
     * The canonical form, or empty when the input is not a telephone number.
     *
     * @param raw what was typed; spaces, brackets, dots and full-width forms are allowed
     */
    public static Optional<String> canonical(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = Normalizer.normalize(raw, Normalizer.Form.NFKC)
                .transform(t -> SEPARATORS.matcher(t).replaceAll(""))
                .replace('—', '-')
                .replace('－', '-');
        Matcher m = MOBILE.matcher(s.replace("-", ""));
        if (m.matches()) {
            return Optional.of(m.group(1));
        }
        m = LANDLINE.matcher(s);
        if (m.matches()) {
            String area = m.group(1);
            String local = m.group(2);
            // Area codes are 010 and 02x (three digits) or four digits; fix the split accordingly.
            String digits = area + local;
            int areaLength = digits.startsWith("010") || digits.startsWith("02") ? 3 : 4;
            String localPart = digits.substring(areaLength);
            if (localPart.length() < 7 || localPart.length() > 8) {
                return Optional.empty();
            }
            String ext = m.group(3) == null ? "" : "-" + m.group(3);
            return Optional.of(digits.substring(0, areaLength) + "-" + localPart + ext);
        }
        m = INTERNATIONAL.matcher(s.replace("-", ""));
        if (m.matches() && !m.group(1).startsWith("86")) {
            return Optional.of("+" + m.group(1));
        }
        return Optional.empty();
    }
}
