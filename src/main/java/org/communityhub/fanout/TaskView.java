package org.communityhub.fanout;

import java.time.Instant;
import java.util.UUID;

/** A piece of work for a person, on one resident: e.g. a platform refused their record. */
public record TaskView(
        UUID id,
        String kind,
        UUID residentId,
        String residentName,
        String communityCode,
        String adapterId,
        String adapterName,
        String message,
        Instant openedAt,
        Instant closedAt) {}
