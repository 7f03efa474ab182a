package org.communityhub.registry.resident;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communityhub.reference.code.CodeEntry;
import org.communityhub.reference.code.CodeTable;

/**
 * What a worker types into the one search box, read as the search they mean: an ID number, a
 * mobile number, an address (3-2-501, 3栋2单元501室, 12号楼, or as the pages show it: 18号楼
 * 2单元 301), a tag, or else part of a name. The one rule for {@code q}: the 居民 page, its
 * export and {@code GET /api/v1/residents?q=} all read it here, so they find the same people.
 */
public final class SearchText {

    private static final Pattern ID_NUMBER = Pattern.compile("[0-9]{15}|[0-9]{17}[0-9Xx]");
    private static final Pattern MOBILE = Pattern.compile("1[3-9][0-9]{9}");
    private static final Pattern DASHED_ADDRESS = Pattern.compile("([0-9A-Za-z]+)-([0-9A-Za-z]+)(?:-([0-9A-Za-z]+))?");
    private static final Pattern WORDED_ADDRESS =
            Pattern.compile("([0-9A-Za-z]+)(?:栋|幢|号楼|楼)(?:([0-9A-Za-z]+)单元)?(?:([0-9A-Za-z]+)(?:室|号)?)?");

    private SearchText() {}

    /**
     * The query for {@code text}, a tag found by its code or name in {@code tags} (the tag code
     * table). The 居民 page's search box, and the export of what it found, read it so.
     */
    public static ResidentQuery read(String text, CodeTable tags) {
        return read(text, tagCode(text, tags));
    }

    private static Optional<String> tagCode(String text, CodeTable tags) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String t = text.strip();
        return tags.contains(t) ? Optional.of(t) : tags.byName(t).map(CodeEntry::code);
    }

    /** Whether {@code text} is read as part of a name (not a number, an address or a tag). */
    public static boolean isName(ResidentQuery query) {
        return query.nameContains() != null;
    }

    /**
     * The query for {@code text}; {@code tag} is the code of a tag whose code or name the text is,
     * found by the caller in the tag code table.
     */
    static ResidentQuery read(String text, Optional<String> tag) {
        String q = text == null ? "" : text.strip().replace('－', '-').replace('—', '-');
        if (q.isEmpty()) {
            return query(null, null, null, null, null, null, null);
        }
        if (ID_NUMBER.matcher(q).matches()) {
            return query(null, q.toUpperCase(), null, null, null, null, null);
        }
        if (MOBILE.matcher(q).matches()) {
            return query(null, null, q, null, null, null, null);
        }
        // An address is typed as the pages show it, with spaces between its parts: 18号楼 2单元 301.
        String joined = q.replaceAll("\\s+", "");
        Matcher dashed = DASHED_ADDRESS.matcher(joined);
        if (dashed.matches()) {
            return query(null, null, null, dashed.group(1), dashed.group(2), dashed.group(3), null);
        }
        Matcher worded = WORDED_ADDRESS.matcher(joined);
        if (worded.matches()) {
            return query(null, null, null, worded.group(1), worded.group(2), worded.group(3), null);
        }
        if (tag.isPresent()) {
            return query(null, null, null, null, null, null, tag.get());
        }
        return query(q, null, null, null, null, null, null);
    }

    static ResidentQuery query(
            String name, String idNumber, String phone, String building, String unit, String room, String tag) {
        return new ResidentQuery(
                name, idNumber, phone, null, building, unit, room, ResidentStatus.ACTIVE, tag, null, null, null);
    }
}
