package org.communityhub.reference.identity;

import com.ibm.icu.text.Transliterator;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.communityhub.common.text.Text;

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

    /** Separators and spaces a name may be written with or without: 阿卜杜拉·买买提 = 阿卜杜拉买买提. */
    private static final Pattern NOT_PART_OF_NAME =
            Pattern.compile("[\\s\\u00A0\\u3000\\u00B7\\u2022\\u2027\\u30FB\\uFF65\\u2219\\u22C5\\uFF0E.\\-'’]+");

    private static final Pattern NOT_A_LETTER = Pattern.compile("[^a-z]+");

    /** 复姓: two-character surnames, so that 欧阳 is one surname and not 欧 followed by a given name. */
    private static final Set<String> COMPOUND_SURNAMES = Set.of(
            "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒", "夏侯", "令狐", "端木", "独孤", "南宫", "西门",
            "轩辕", "钟离", "申屠", "澹台", "公羊", "太史", "呼延", "万俟", "闻人", "赫连", "拓跋", "百里", "东郭", "第五");

    // Transliterators are thread-safe for transliterate(String) but costly to build: once each.
    private static final Transliterator TRADITIONAL_TO_SIMPLIFIED = Transliterator.getInstance("Hant-Hans");
    private static final Transliterator TONELESS_PINYIN = Transliterator.getInstance("Han-Latin; Latin-ASCII; Lower");

    private PersonName() {}

    /**
     * The name reduced to what tells two spellings of one name apart: full-width forms made
     * half-width (NFKC), spaces and separators removed, traditional characters simplified, Latin
     * letters lower-cased. 張偉, 张 伟 and ＺＨＡＮＧ are written like 张伟 and zhang. Not for display.
     */
    public static String comparable(String name) {
        if (name == null) {
            return "";
        }
        String s = Normalizer.normalize(name, Normalizer.Form.NFKC);
        s = NOT_PART_OF_NAME.matcher(s).replaceAll("");
        if (containsHan(s)) {
            StringBuilder simplified = new StringBuilder(s.length());
            s.codePoints().forEach(cp -> simplified.append(simplified(cp)));
            s = simplified.toString();
        }
        return s.toLowerCase(Locale.ROOT);
    }

    /**
     * How the name sounds, without tones: the toneless pinyin of its {@link #comparable} form,
     * letters only ({@code zhangwei} for 张伟, 章伟, 張偉 and 张玮). Homophones and variant
     * characters of one reading (峯/峰, 喆/哲) share it, so it is the key probable duplicates are
     * looked up and blocked by; stored per resident as {@code resident.name_key}. A character with
     * several readings always gets the same one, so equal names always have equal keys.
     */
    public static String soundKey(String name) {
        String comparable = comparable(name);
        if (comparable.isEmpty()) {
            return "";
        }
        String latin = !containsHan(comparable)
                ? comparable
                : onlyHan(comparable) ? pinyinByCharacter(comparable) : TONELESS_PINYIN.transliterate(comparable);
        String key = NOT_A_LETTER.matcher(latin.toLowerCase(Locale.ROOT)).replaceAll("");
        // A name in a script ICU does not romanise keeps its comparable form, so it still matches itself.
        return key.isEmpty() ? comparable : key;
    }

    /**
     * The surname of a Chinese name in its {@link #comparable} form: its first character, or its
     * first two for a 复姓 (欧阳, 司马, …); empty for a name with a separator (a minority or
     * foreign name, where the order of the parts varies) or without Han characters.
     */
    public static String surname(String name) {
        String comparable = comparable(name);
        if (comparable.isEmpty() || !containsHan(comparable) || normalise(name).contains("·")) {
            return "";
        }
        int first = Character.charCount(comparable.codePointAt(0));
        if (comparable.length() > first + 1) {
            int second = first + Character.charCount(comparable.codePointAt(first));
            if (COMPOUND_SURNAMES.contains(comparable.substring(0, second))) {
                return comparable.substring(0, second);
            }
        }
        return comparable.substring(0, first);
    }

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
        if (Text.hasStrayCombiningMark(name)) {
            return "姓名中有单独的组合符号（不附在任何字上），其他系统无法正确显示：请删除。";
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

    /**
     * The simplified form of one character. ICU's table maps a few characters onward to others
     * (A to B, B to C) and a few in a circle (苧 to 苎 and back): the mapping is followed to its end,
     * and of a circle the smallest character is taken, so every spelling of a character ends at
     * the same one and a comparable form is its own comparable form.
     */
    private static String simplified(int codePoint) {
        return SIMPLIFIED.computeIfAbsent(codePoint, cp -> {
            String current = new String(Character.toChars(cp));
            java.util.List<String> seen = new java.util.ArrayList<>();
            while (!seen.contains(current) && seen.size() < 8) {
                seen.add(current);
                current = TRADITIONAL_TO_SIMPLIFIED.transliterate(current);
            }
            if (!seen.contains(current)) {
                return current;
            }
            java.util.List<String> circle = seen.subList(seen.indexOf(current), seen.size());
            return circle.stream().min(String::compareTo).orElse(current);
        });
    }

    private static final java.util.Map<Integer, String> SIMPLIFIED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The toneless pinyin of a name of Han characters only, one character at a time from a cache:
     * ICU romanises Han characters one by one (the same result as the whole name, checked over
     * 50,000 random names), and a whole name through the rule-based transliterator costs about
     * 40 µs, which an import of a million rows pays a million times.
     */
    private static String pinyinByCharacter(String han) {
        StringBuilder out = new StringBuilder(han.length() * 6);
        han.codePoints()
                .forEach(cp -> out.append(PINYIN.computeIfAbsent(
                        cp, c -> TONELESS_PINYIN.transliterate(new String(Character.toChars(c))))));
        return out.toString();
    }

    private static final java.util.Map<Integer, String> PINYIN = new java.util.concurrent.ConcurrentHashMap<>();

    private static boolean onlyHan(String s) {
        return s.codePoints().allMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
    }

    private static boolean containsHan(String s) {
        return s.codePoints().anyMatch(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN);
    }
}
