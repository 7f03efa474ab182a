package org.communityhub.registry.identity;

/**
 * How personal identifiers are shown to people who have not been granted the full value. One rule
 * per kind, used by every API, page and export.
 */
public final class Masking {

    private Masking() {}

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
