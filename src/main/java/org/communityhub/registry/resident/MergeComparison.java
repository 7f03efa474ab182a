package org.communityhub.registry.resident;

import java.util.List;

/**
 * Two resident records side by side, identifiers masked unless revealed.
 *
 * @param fields every compared field with both values and whether they differ
 * @param conflicts what stops these two from being merged as they are, each with a code and a
 *     Chinese message (empty when a merge can be made)
 */
public record MergeComparison(ResidentView a, ResidentView b, List<Field> fields, List<Conflict> conflicts) {

    /**
     * One field of both records.
     *
     * @param choosable whether a merge takes this field from the side chosen for it; political
     *     status follows the memberships, and memberships are carried over, so those are not
     */
    public record Field(String field, Object a, Object b, boolean differs, boolean choosable) {}

    /** Why a merge of the two cannot be made safely. */
    public record Conflict(String code, String message) {}
}
