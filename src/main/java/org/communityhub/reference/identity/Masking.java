package org.communityhub.reference.identity;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How personal identifiers are shown to people who have not been granted the full value. One rule
 * per kind, used by every API, page and export.
 */
public final class Masking {

    /** 18-character ID numbers, 15-digit ones, and mainland mobile numbers, standing alone. */
    private static final Pattern IDENTIFIER_IN_TEXT =
            Pattern.compile("(?<![0-9A-Za-z])(?:(\\d{17}[\\dXx]|\\d{15})|(1[3-9]\\d{9}))(?![0-9A-Za-z])");

    private Masking() {}

    /**
     * Text from outside (a platform's rejection message, say) with every ID number and mobile
     * number in it masked, so that it may be stored and shown like the hub's own messages.
     */
    public static String maskIdentifiersIn(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = IDENTIFIER_IN_TEXT.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String masked = m.group(1) != null ? maskIdNumber(m.group(1)) : maskPhone(m.group(2));
            m.appendReplacement(sb, Matcher.quoteReplacement(masked));
        }
        return m.appendTail(sb).toString();
    }

    /** At most the first 6 (the region) and the last 4 characters stay visible. */
    public static String maskIdNumber(String idNumber) {
        if (idNumber == null) {
            return null;
        }
        int n = idNumber.length();
        if (n <= 10) {
            return "*".repeat(n);
        }
        return idNumber.substring(0, 6) + "*".repeat(n - 10) + idNumber.substring(n - 4);
    }

    /** Mobile 138****5678; landline 010-****5678; international +44*******1234. */
    public static String maskPhone(String phone) {
        if (phone == null) {
            return null;
        }
        int n = phone.length();
        if (n <= 4) {
            return "*".repeat(n);
        }
        int keepFront;
        if (phone.startsWith("1") && n == 11) {
            keepFront = 3;
        } else if (phone.startsWith("0") && phone.contains("-")) {
            keepFront = phone.indexOf('-') + 1;
        } else if (phone.startsWith("+")) {
            keepFront = Math.min(3, n - 4);
        } else {
            keepFront = 0;
        }
        return phone.substring(0, keepFront) + "*".repeat(n - keepFront - 4) + phone.substring(n - 4);
    }

    /** Whether a value is a masked form (contains the mask character) rather than a real value. */
    public static boolean looksMasked(String value) {
        return value != null && value.indexOf('*') >= 0;
    }
}
