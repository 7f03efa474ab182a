package org.communityhub.common.text;

import java.util.Optional;

/**
 * What text the hub accepts as it was sent, in one place for every way text arrives (JSON fields,
 * form fields, query and path parameters, file names, sign-in names). Refused: control characters
 * (C0 except tab, CR and LF where the text may span lines; DEL; C1), half of a UTF-16 surrogate
 * pair (PostgreSQL would store it as {@code ?} while the answer echoed the original), and the
 * invisible characters that change how text reads without being seen: bidirectional controls
 * (a right-to-left override turns {@code 名单‮txt.exe} into a name that reads {@code exe.txt}) and
 * zero-width characters (two addresses that look equal and are not).
 *
 * <p>Nothing here changes text silently except {@link #withoutInvisible}, for file names, whose
 * characters are not data.
 */
public final class Text {

    private Text() {}

    /** Why a text is refused: a machine code and a Chinese message for the person who typed it. */
    public enum Problem {
        CONTROL_CHARACTER("control-character", "含有控制字符（例如 NUL），无法保存：请删除后重新输入。"),
        INVALID_UNICODE("invalid-unicode", "含有无效的 Unicode 字符（不成对的代理项），无法按原样保存：请重新输入。"),
        INVISIBLE_CHARACTER("invisible-character", "含有看不见的字符（文字方向控制符或零宽字符），会使显示与保存的内容不一致：请删除后重新输入。");

        private final String code;
        private final String message;

        Problem(String code, String message) {
            this.code = code;
            this.message = message;
        }

        public String code() {
            return code;
        }

        public String message() {
            return message;
        }
    }

    /** What is wrong with a text that may span lines (tab, CR and LF allowed); empty when nothing. */
    public static Optional<Problem> problem(String text) {
        return problem(text, true);
    }

    /** What is wrong with a text of one line (no tab, CR or LF either); empty when nothing. */
    public static Optional<Problem> problemInLine(String text) {
        return problem(text, false);
    }

    private static Optional<Problem> problem(String text, boolean lines) {
        if (text == null) {
            return Optional.empty();
        }
        Problem found = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80 && c >= 0x20 && c != 0x7F) {
                continue; // the common case, quickly
            }
            if (isControl(c) && !(lines && (c == '\t' || c == '\r' || c == '\n'))) {
                return Optional.of(Problem.CONTROL_CHARACTER);
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                found = Problem.INVALID_UNICODE;
            } else if (Character.isLowSurrogate(c)) {
                found = Problem.INVALID_UNICODE;
            } else if (found == null && isInvisible(c)) {
                found = Problem.INVISIBLE_CHARACTER;
            }
        }
        return Optional.ofNullable(found);
    }

    /** C0 controls (tab, CR and LF included), DEL and C1 controls. */
    public static boolean isControl(int codePoint) {
        return codePoint < 0x20 || (codePoint >= 0x7F && codePoint <= 0x9F);
    }

    /**
     * Bidirectional controls (marks, embeddings, overrides, isolates) and zero-width characters
     * (space, joiners, word joiner, byte order mark), which change how text reads unseen.
     */
    public static boolean isInvisible(int codePoint) {
        return codePoint == 0x061C // Arabic letter mark
                || (codePoint >= 0x200B && codePoint <= 0x200F) // zero-width space, (non-)joiner, LRM, RLM
                || (codePoint >= 0x202A && codePoint <= 0x202E) // embeddings and overrides
                || (codePoint >= 0x2060 && codePoint <= 0x2064) // word joiner, invisible operators
                || (codePoint >= 0x2066 && codePoint <= 0x2069) // isolates
                || codePoint == 0xFEFF; // zero-width no-break space (byte order mark)
    }

    /**
     * The text without control characters, invisible characters and halves of surrogate pairs: for
     * names of uploaded files, which are shown and used to name result files but are not data.
     */
    public static String withoutInvisible(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else if (!Character.isSurrogate(c) && !isControl(c) && !isInvisible(c)) {
                out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Whether a combining mark stands where no letter carries it: at the start, after a space or a
     * separator, or after a Han character (which takes none). A mark on a letter (é written as e and
     * an accent) is part of a name; anywhere else it is a stray character that changes how the text
     * looks and not what it says.
     */
    public static boolean hasStrayCombiningMark(String text) {
        boolean carried = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int type = Character.getType(cp);
            boolean mark = type == Character.NON_SPACING_MARK
                    || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK;
            if (mark && !carried) {
                return true;
            }
            // Han characters take no marks: one after a Han character is stray too.
            carried = mark
                    ? carried
                    : Character.isLetter(cp) && Character.UnicodeScript.of(cp) != Character.UnicodeScript.HAN;
            i += Character.charCount(cp);
        }
        return false;
    }

    /**
     * A value from a request as it may be written into a log line: control characters, invisible
     * characters, line and paragraph separators and halves of surrogate pairs as {@code \\uXXXX}
     * (a backslash as two), so that a value can never start a line of its own or hide what it is;
     * cut to 200 characters. {@code null} stays {@code null}.
     */
    public static String forLog(String value) {
        if (value == null) {
            return null;
        }
        int limit = Math.min(value.length(), 200);
        StringBuilder out = new StringBuilder(limit + 16);
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (isControl(c) || isInvisible(c) || c == 0x2028 || c == 0x2029 || Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c)
                        && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1))) {
                    out.append(c).append(value.charAt(++i));
                } else {
                    out.append(String.format("\\u%04X", (int) c));
                }
            } else {
                out.append(c);
            }
        }
        if (value.length() > limit) {
            out.append("…");
        }
        return out.toString();
    }
}
