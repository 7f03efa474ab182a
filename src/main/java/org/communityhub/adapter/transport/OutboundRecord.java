package org.communityhub.adapter.transport;

import java.util.Map;
import java.util.UUID;
import org.communityhub.adapter.mapping.RecordMapper.Operation;

/**
 * One record on its way to a platform.
 *
 * @param key stable for (platform, resident, version): a repeat of the same record carries the
 *     same key, so a platform that keeps keys can ignore it
 * @param fields the platform's field names and values, in its order (nothing else is sent)
 * @param communityCode the resident's community (12-digit code), which file transports writing a
 *     file per street or community sort by; null when unknown. Never sent.
 */
public record OutboundRecord(
        String key,
        UUID residentId,
        int version,
        Operation operation,
        Map<String, Object> fields,
        String communityCode) {

    public OutboundRecord(String key, UUID residentId, int version, Operation operation, Map<String, Object> fields) {
        this(key, residentId, version, operation, fields, null);
    }
}
