package org.communityhub.reports;

import java.time.Instant;

/**
 * A field (or tag, as {@code tag:<code>}) that left for a platform although the definition version
 * it was sent under did not allow it, or a shipment sent under a version the hub has no record of.
 */
public record OverSharing(
        long shipmentId,
        String adapterId,
        String definitionVersion,
        String definitionHash,
        String field,
        int records,
        Instant sentAt) {}
