package org.communityhub.registry.code;

import java.util.regex.Pattern;

/**
 * Characters a ledger's cells carry without anyone seeing them: zero-width spaces and joiners, the
 * byte-order mark, soft hyphens, direction marks, and the no-break and ideographic spaces (U+00A0,
 * U+3000) that pad names to a width. A reader of the hub calls them 不可见字符.
 */
public final class InvisibleCharacters {

    /** Characters with no width at all. */
    private static final Pattern ZERO_WIDTH =
            Pattern.compile("[\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF\\u00AD\\u180E]");
    /** No width, or the width of a space that is not the ordinary one. */
    private static final Pattern ANY = Pattern.compile(
            "[\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF\\u00AD\\u180E\\u00A0\\u3000]");

    private InvisibleCharacters() {}

    /** Whether {@code s} holds any of them (the no-break and ideographic spaces included). */
    public static boolean in(String s) {
        return s != null && ANY.matcher(s).find();
    }

    /** {@code s} without the characters that have no width; the odd spaces become ordinary ones. */
    public static String removed(String s) {
        if (s == null) {
            return null;
        }
        String noWidth = ZERO_WIDTH.matcher(s).replaceAll("");
        return noWidth.replace('\u00A0', ' ').replace('\u3000', ' ');
    }
}
