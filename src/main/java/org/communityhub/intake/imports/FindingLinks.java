package org.communityhub.intake.imports;

import io.quarkus.qute.TemplateExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the import page offers on a finding beside its message: the words of an unknown tag, to add. */
@TemplateExtension
final class FindingLinks {

    /** The words the unknown-tag warning names (RowInterpreter's message); a word cut short is left out. */
    private static final Pattern UNKNOWN_TAGS = Pattern.compile("^标签“(.+?)”不是已知的标签");

    /** A word of a ledger, and the same ready for a link's query. */
    record Word(String word, String query) {}

    private FindingLinks() {}

    /** The tags an unknown-tag warning names, each for a link to add it to the vocabulary. */
    static List<Word> unknownTags(ImportFinding finding) {
        if (!"unknown-tag".equals(finding.code()) || finding.message() == null) {
            return List.of();
        }
        Matcher m = UNKNOWN_TAGS.matcher(finding.message());
        if (!m.find()) {
            return List.of();
        }
        return Arrays.stream(m.group(1).split("”“"))
                .filter(w -> !w.isBlank() && !w.endsWith("…"))
                .map(w -> new Word(w, URLEncoder.encode(w, StandardCharsets.UTF_8)))
                .toList();
    }
}
