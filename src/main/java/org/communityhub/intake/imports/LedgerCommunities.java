package org.communityhub.intake.imports;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.communityhub.reference.place.DivisionCode;
import org.communityhub.registry.place.DivisionView;

/**
 * The communities a ledger's rows may name, for one import: the uploader's own when their area is
 * one community (used only when the file has no community column, and said so once), and the
 * communities of their area by name, since ledgers often write 所属社区 as 幸福里社区 or 幸福里社区居委会
 * rather than its 12-digit code. A name two communities of the area share is not read as either.
 */
final class LedgerCommunities {

    private static final Pattern CODE = Pattern.compile("^\\d{12}(\\.0+)?$");
    private static final Pattern SUFFIX = Pattern.compile("(社区居民委员会|社区居委会|居民委员会|居委会|村民委员会|村委会|社区|村)$");
    private static final String AMBIGUOUS = "";

    private final String defaultCode;
    private final Map<String, String> byName = new HashMap<>();

    LedgerCommunities(String defaultCode, List<DivisionView> communities) {
        this.defaultCode = defaultCode;
        for (DivisionView c : communities) {
            String key = key(c.name());
            if (!key.isEmpty()) {
                byName.merge(key, c.code(), (a, b) -> a.equals(b) ? a : AMBIGUOUS);
            }
        }
    }

    /** The uploader's community, for a file without a community column; null when their area is larger. */
    String defaultCode() {
        return defaultCode;
    }

    /** The code a community cell names: a 12-digit code as it is, a community of the area by name, else the text itself. */
    String resolve(String cell) {
        if (cell == null) {
            return null;
        }
        String s = Normalizer.normalize(cell, Normalizer.Form.NFKC).strip();
        if (CODE.matcher(s).matches()) {
            return s.substring(0, DivisionCode.COMMUNITY_LENGTH);
        }
        String code = byName.get(key(s));
        return code == null || code.equals(AMBIGUOUS) ? s : code;
    }

    private static String key(String name) {
        String s = Normalizer.normalize(name, Normalizer.Form.NFKC).replaceAll("\\s+", "");
        return SUFFIX.matcher(s).replaceFirst("");
    }
}
