package org.communityhub.registry.identity;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * A person's name as the registry keeps it. Chinese names (any CJK character, including the
 * supplementary planes), names of ethnic minorities written with the separator {@code ·} (e.g.
 * 阿卜杜拉·买买提), and names in other scripts are accepted. Only unambiguous normalisation is
 * applied: Unicode NFC, surrounding and repeated spaces, and look-alike separators (• ・ ‧ ．) in a
 * Chinese name become {@code ·}.
 */
public final class PersonName {

    public static final int MAX_LENGTH = 100;

    private static final Pattern SEPARATOR_LOOKALIKES =
            Pattern.compile("\\s*[\\u00B7\\u2022\\u2027\\u30FB\\uFF65\\u2219\\u22C5\\uFF0E]\\s*");
    private static final Pattern SPACES = Pattern.compile("[\\s\\u00A0\\u3000]+");

    private PersonName() {}

    /** The normalised form of a name; may be empty. Does not validate. */
    public static String normalise(String raw) {
        if (raw == null) {
            return "";
        }
        String s = Normalizer.normalize(raw, Normalizer.Form.NFC);
        s = SPACES.matcher(s).replaceAll(" ").strip();
        if (containsHan(s)) {
            s = SEPARATOR_LOOKALIKES.matcher(s).replaceAll("·");
        }
        return s;
    }

    /**
     * What is wrong with a normalised name, as a Chinese message, or {@code null} when it is fine.
     */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "请填写姓名。";
        }
        if (name.codePointCount(0, name.length()) > MAX_LENGTH) {
            return "姓名过长（最多 " + MAX_LENGTH + " 个字）。";
        }
        boolean hasLetter = false;
        int previous = 0;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            int type = Character.getType(cp);
            if (type == Character.PRIVATE_USE) {
                return "姓名含私用区字符（旧系统造的字），其他系统无法显示。请改用 Unicode 标准汉字（含扩展区生僻字）。";
            }
            boolean letter = Character.isLetter(cp)
                    || type == Character.NON_SPACING_MARK
                    || type == Character.COMBINING_SPACING_MARK;
            boolean separator = cp == '·' || cp == ' ' || cp == '-' || cp == '\'' || cp == '.';
            if (!letter && !separator) {
                return "姓名只能包含文字，以及分隔符“·”；不能有数字、符号或表情。";
            }
            if (separator && (previous == '·' || i == 0) && cp == '·') {
                return "分隔符“·”不能出现在开头或连续出现。";
            }
            hasLetter |= letter;
            previous = cp;
            i += Character.charCount(cp);
        }
        if (!hasLetter) {
            return "姓名中没有文字。";
        }
        if (previous == '·') {
            return "分隔符“·”不能出现在结尾。";
        }
        return null;
    }

    private static boolean containsHan(String s) {
        return s.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
    }
}
