package org.communityhub.intake.collect;

import java.text.Normalizer;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.communityhub.adapter.definition.CanonicalFields;
import org.communityhub.reference.code.CodeTables;
import org.communityhub.reference.code.ResidentField;
import org.communityhub.reference.code.ResidentFields;
import org.communityhub.reference.code.Vocabulary;

/**
 * The fields of the resident field catalogue a form's column can be filled from: those an export
 * offers, and those only forms ask for (a household's size, its head's name, the row's number);
 * and columns that ask whether a resident has a tag (是否低保, 残疾人, 独居老人（是/否）), filled 是 or
 * 否 from the register, field {@code tag:<code>}.
 */
final class FormFields {

    static final String ROW_NUMBER = "rowNumber";
    static final String HOUSEHOLD_SIZE = "householdSize";
    static final String HOUSEHOLD_HEAD_NAME = "householdHeadName";

    /** Filled by the collection itself rather than by the export's mapping. */
    static final Set<String> FORM_ONLY = Set.of(ROW_NUMBER, HOUSEHOLD_SIZE, HOUSEHOLD_HEAD_NAME);

    /** The field of a column asking for one tag, named as export columns name it: {@code tag:low-income}. */
    static final String TAG_PREFIX = CanonicalFields.TAG_PREFIX;

    /**
     * Around a tag's name in a header: 是否 before it, a bracket of 是/否 (√/×) after it. Nothing
     * else: 残疾情况 or 低保(金额) ask something else than whether, and are left to fill.
     */
    private static final Pattern TAG_QUESTION = Pattern.compile("^(是否为?|是不是)|[(\\[][^)\\]]*[是否√×][^)\\]]*[)\\]]$");

    private FormFields() {}

    static boolean isTag(String field) {
        return field != null && field.startsWith(TAG_PREFIX);
    }

    static String tagCode(String field) {
        return field.substring(TAG_PREFIX.length());
    }

    /** A header that asks for a code rather than a name: 代码, 编码, 编号, 区划. */
    private static final Pattern CODE_WORDS = Pattern.compile("代码|编码|编号|区划|(?i:code)");

    /**
     * The field a form's column is filled from, given the field the vocabulary reads the header as:
     * a ledger's 社区 column may give a community by name or by code, and is read as the code; a
     * form's 社区 or 社区名称 asks for the name, and only 社区代码 (编码, 编号, 区划代码) for the code.
     */
    static String forForm(String field, String header) {
        if (field.equals("communityCode") && !CODE_WORDS.matcher(header).find()) {
            return "communityName";
        }
        return field;
    }

    /** Words a form writes for membership asked yes or no, without 是否 and (是/否). */
    private static final java.util.Map<String, String> MEMBERSHIP = java.util.Map.of(
            "党员", "isPartyMember",
            "中共党员", "isPartyMember",
            "共产党员", "isPartyMember",
            "中国共产党党员", "isPartyMember",
            "团员", "isLeagueMember",
            "共青团员", "isLeagueMember",
            "中国共产主义青年团团员", "isLeagueMember");

    /**
     * The membership a header asks about yes or no (党员, 是否党员, 团员（是/否）): is-party-member or
     * is-league-member, filled 是 or 否. Read for forms only: in a statistics form the same words name
     * counts, so they are not words of the shared vocabulary.
     */
    static Optional<String> membershipColumn(String header) {
        return Optional.ofNullable(MEMBERSHIP.get(question(header)));
    }

    /** A header without spaces, 是否 before it and a bracket of 是/否 after it. */
    private static String question(String header) {
        String key = Normalizer.normalize(header, Normalizer.Form.NFKC).replaceAll("\\s", "");
        for (int i = 0; i < 2; i++) {
            key = TAG_QUESTION.matcher(key).replaceAll("");
        }
        return key;
    }

    /**
     * The tag a header asks about, as a field {@code tag:<code>}: the tag's name or a word the
     * vocabulary knows for it, with or without 是否 before it and (是/否) after it.
     */
    static Optional<String> tagColumn(Vocabulary.Snapshot words, String header) {
        String key = question(header);
        if (key.length() < 2) {
            return Optional.empty();
        }
        return words.code(CodeTables.TAG, key).map(code -> TAG_PREFIX + code);
    }

    static boolean fillable(ResidentField f) {
        return f.exported() || FORM_ONLY.contains(f.name());
    }

    /** The fillable field named by its canonical name or its Chinese label. */
    static Optional<ResidentField> named(String name) {
        return ResidentFields.find(name)
                .or(() -> ResidentFields.all().stream()
                        .filter(f -> f.label().equals(name))
                        .findFirst())
                .filter(FormFields::fillable);
    }
}
