package org.communityhub.fanout;

import java.util.List;
import java.util.Map;

/**
 * What a platform would get for a resident now, next to what it got last. ID numbers and phones
 * are masked here; the exact values leave only in deliveries.
 *
 * @param concerned whether the platform's selection holds for the resident now
 * @param operation UPSERT, REMOVE, or null when the platform would get nothing
 * @param problems why the record could not be delivered, if it could not
 * @param differences fields whose value differs from the last delivery
 */
public record PayloadPreview(
        boolean concerned,
        String operation,
        Map<String, Object> fields,
        List<String> problems,
        Integer lastDeliveredVersion,
        Map<String, Object> lastDelivered,
        List<Difference> differences) {

    /** One field that changed since the last delivery. */
    public record Difference(String field, Object delivered, Object now) {}
}
