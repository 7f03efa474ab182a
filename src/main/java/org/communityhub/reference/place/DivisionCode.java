package org.communityhub.reference.place;

/**
 * The shape of a statistical division code (统计用区划代码): two digits for the province, four
 * for the city, six for the county, nine for the township or street (乡镇、街道), twelve for the
 * community or village (社区、村). A code's prefixes are the codes of the divisions above it, which
 * is how an area covers what lies under it.
 */
public final class DivisionCode {

    /** Digits of a street's (or township's) code. */
    public static final int STREET_LENGTH = 9;

    /** Digits of a community's (or village's) code. */
    public static final int COMMUNITY_LENGTH = 12;

    /** The level of a community or village. */
    public static final int COMMUNITY_LEVEL = 5;

    private static final int[] LENGTHS = {2, 4, 6, STREET_LENGTH, COMMUNITY_LENGTH};

    private DivisionCode() {}

    /** The level (1 province … 5 community) a code of this length is at, or 0 for no level. */
    public static int levelOf(String code) {
        if (code == null) {
            return 0;
        }
        for (int i = 0; i < LENGTHS.length; i++) {
            if (LENGTHS[i] == code.length()) {
                return i + 1;
            }
        }
        return 0;
    }

    /** The length of a code at {@code level} (1 to 5), or 0 for no level. */
    public static int lengthAt(int level) {
        return level >= 1 && level <= LENGTHS.length ? LENGTHS[level - 1] : 0;
    }

    /** The length of the codes one level below {@code level}, or 0 below a community (or for no level). */
    public static int lengthBelow(int level) {
        return level >= 1 && level < COMMUNITY_LEVEL ? lengthAt(level + 1) : 0;
    }

    /** The lengths of the codes from the province down to the community, shortest first. */
    public static int[] lengths() {
        return LENGTHS.clone();
    }

    /** Whether {@code code} is a division's code at any level: 2, 4, 6, 9 or 12 digits. */
    public static boolean isCode(String code) {
        return levelOf(code) > 0 && digitsOnly(code);
    }

    /** Whether {@code code} is twelve digits: a community's or village's code. */
    public static boolean isCommunity(String code) {
        return code != null && code.length() == COMMUNITY_LENGTH && digitsOnly(code);
    }

    /** Whether {@code code} is nine digits: a street's or township's code. */
    public static boolean isStreet(String code) {
        return code != null && code.length() == STREET_LENGTH && digitsOnly(code);
    }

    /** The street a community's (or a longer) code lies in: its first nine digits. */
    public static String streetOf(String code) {
        if (code == null || code.length() < STREET_LENGTH) {
            throw new IllegalArgumentException("No street in a code of fewer than " + STREET_LENGTH + " digits");
        }
        return code.substring(0, STREET_LENGTH);
    }

    private static boolean digitsOnly(String code) {
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return !code.isEmpty();
    }
}
