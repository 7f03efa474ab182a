package org.communityhub.reference.code;

import org.communityhub.common.text.Text;

/**
 * Characters a ledger's cells carry without anyone seeing them: those the hub's text rule calls
 * invisible ({@link Text#isInvisible}: zero-width characters, the byte-order mark, direction
 * marks), and also soft hyphens and the Mongolian vowel separator, which have no width either, and
 * the no-break and ideographic spaces (U+00A0, U+3000) that pad names to a width. A reader of the
 * hub calls them 不可见字符.
 */
public final class InvisibleCharacters {

    private InvisibleCharacters() {}

    /** Whether {@code s} holds any of them (the no-break and ideographic spaces included). */
    public static boolean in(String s) {
        return s != null && s.codePoints().anyMatch(c -> hasNoWidth(c) || isOddSpace(c));
    }

    /** {@code s} without the characters that have no width; the odd spaces become ordinary ones. */
    public static String removed(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            if (isOddSpace(c)) {
                sb.append(' ');
            } else if (!hasNoWidth(c)) {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }

    private static boolean hasNoWidth(int c) {
        return Text.isInvisible(c) || c == 0x00AD || c == 0x180E;
    }

    private static boolean isOddSpace(int c) {
        return c == 0x00A0 || c == 0x3000;
    }
}
