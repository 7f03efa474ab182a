package org.communityhub.access;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.communityhub.reference.place.DivisionCode;

/**
 * The divisions a user may see and change. Division codes nest by prefix (a 12-digit community
 * code starts with its 9-digit street's code, which starts with its county's), so a scope of
 * codes at any level covers everything beneath them. {@code *} covers the whole registry.
 */
public record AreaScope(Set<String> codes) {

    public static final String EVERYWHERE = "*";

    public AreaScope {
        codes = Set.copyOf(new TreeSet<>(codes));
    }

    public static AreaScope of(List<String> codes) {
        return new AreaScope(Set.copyOf(codes));
    }

    public static AreaScope everywhere() {
        return new AreaScope(Set.of(EVERYWHERE));
    }

    /** Whether {@code entry} may stand in a scope: a division code of 2, 4, 6, 9 or 12 digits, or {@code *}. */
    public static boolean isValidEntry(String entry) {
        return entry != null && (EVERYWHERE.equals(entry) || DivisionCode.isCode(entry));
    }

    public boolean isEverywhere() {
        return codes.contains(EVERYWHERE);
    }

    /** Whether a division (typically a community) lies inside this scope. */
    public boolean covers(String divisionCode) {
        if (divisionCode == null) {
            return false;
        }
        return isEverywhere() || codes.stream().anyMatch(divisionCode::startsWith);
    }

    /** {@code LIKE} patterns matching the codes inside this scope; meaningless when everywhere. */
    public String[] likePatterns() {
        return codes.stream().map(c -> c + "%").toArray(String[]::new);
    }
}
