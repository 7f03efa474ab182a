package org.communityhub.registry.resident;

import java.util.Map;
import java.util.UUID;

/**
 * A merge of two records of one person, as a supervisor asks for it.
 *
 * @param survivorId the record that stays
 * @param mergedId the record merged into it
 * @param survivorVersion the survivor's version the choice was made on (its ETag)
 * @param mergedVersion the merged-away record's version the choice was made on
 * @param choices for every field the two records differ in (see the comparison's {@code choosable}
 *     fields), which record's value the survivor keeps; fields left out keep the survivor's value
 *     only when both records agree on them
 */
public record MergeRequest(
        UUID survivorId,
        UUID mergedId,
        Integer survivorVersion,
        Integer mergedVersion,
        Map<String, MergeSide> choices) {}
