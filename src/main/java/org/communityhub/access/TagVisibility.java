package org.communityhub.access;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.communityhub.reference.code.CodeEntry;
import org.communityhub.reference.code.CodeTables;

/**
 * Restricted tags (grade 3 in the tag table) are seen, searched for and set only by roles granted
 * them ({@code hub.privacy.tag-grants}); everyone else sees the resident without them, and an edit
 * by someone who cannot see them keeps them as they were.
 */
@ApplicationScoped
public class TagVisibility {

    private static final int RESTRICTED_GRADE = 3;
    private static final String ALL = "*";

    private final Set<String> restricted;
    private final PrivacySettings settings;

    TagVisibility(CodeTables codes, PrivacySettings settings) {
        this.settings = settings;
        this.restricted = codes.get(CodeTables.TAG).getEntries().stream()
                .filter(e -> e.grade() != null && e.grade() >= RESTRICTED_GRADE)
                .map(CodeEntry::code)
                .collect(Collectors.toUnmodifiableSet());
    }

    public boolean isRestricted(String tag) {
        return restricted.contains(tag);
    }

    public boolean canSee(Actor actor, String tag) {
        if (!restricted.contains(tag) || actor.isSystem()) {
            return true;
        }
        for (String role : actor.roles()) {
            List<String> granted = settings.tagGrants().get(role);
            if (granted != null && (granted.contains(ALL) || granted.contains(tag))) {
                return true;
            }
        }
        return false;
    }

    /** The tags the actor may see, in their order. */
    public List<String> visible(Actor actor, Collection<String> tags) {
        return tags.stream().filter(t -> canSee(actor, t)).toList();
    }

    /**
     * A resident's tags after the actor edits them to {@code requested}: the restricted tags the
     * actor cannot see stay. The same set of tags keeps its stored order, so that an edit that
     * changes nothing makes no change (and does not give a hidden tag away by moving it).
     */
    public List<String> afterEdit(Actor actor, List<String> stored, List<String> requested) {
        List<String> tags = new ArrayList<>(requested);
        stored.stream().filter(t -> !canSee(actor, t)).forEach(tags::add);
        return new HashSet<>(tags).equals(new HashSet<>(stored)) ? stored : tags;
    }
}
