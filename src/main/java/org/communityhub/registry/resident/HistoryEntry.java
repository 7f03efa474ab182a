package org.communityhub.registry.resident;

import java.time.Instant;
import java.util.List;
import org.communityhub.common.history.FieldChange;

/** One entry of a resident's history: who changed what, when, old → new. */
public record HistoryEntry(
        long id, Instant changedAt, String changedBy, HistoryAction action, List<FieldChange> changes) {}
