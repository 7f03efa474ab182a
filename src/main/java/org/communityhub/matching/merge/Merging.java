package org.communityhub.matching.merge;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.matching.DuplicateService;
import org.communityhub.registry.resident.MergeRequest;
import org.communityhub.registry.resident.MergeView;
import org.communityhub.registry.resident.ResidentMergeService;
import org.communityhub.registry.resident.UndoMerge;

/**
 * Merging two records of one person, as the street does it from the API or the page: the merge
 * itself, and the pair the two made in the review queue, decided as one person so that it leaves
 * 待核对; undoing the merge opens the pair again. One transaction each.
 */
@ApplicationScoped
@Transactional
public class Merging {

    private final ResidentMergeService merges;
    private final UndoMerge undoing;
    private final DuplicateService duplicates;

    Merging(ResidentMergeService merges, UndoMerge undoing, DuplicateService duplicates) {
        this.merges = merges;
        this.undoing = undoing;
        this.duplicates = duplicates;
    }

    public MergeView merge(Actor actor, MergeRequest request) {
        MergeView merge = merges.merge(actor, request);
        duplicates.merged(actor, merge.survivorId(), merge.mergedId());
        return merge;
    }

    public MergeView undo(Actor actor, UUID mergeId) {
        MergeView undone = undoing.undo(actor, mergeId);
        duplicates.unmerged(undone.survivorId(), undone.mergedId());
        return undone;
    }
}
