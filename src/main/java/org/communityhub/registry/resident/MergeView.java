package org.communityhub.registry.resident;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A merge as the API shows it (no personal data but the survivor's masked view). */
public record MergeView(
        UUID id,
        UUID survivorId,
        UUID mergedId,
        Instant mergedAt,
        String mergedBy,
        Map<String, MergeSide> choices,
        Instant undoneAt,
        String undoneBy,
        ResidentView survivor) {}
