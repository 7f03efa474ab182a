package org.communityhub.adapter.mapping;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.communityhub.adapter.mapping.RecordMapper.Operation;

/**
 * A resident as one platform's record.
 *
 * @param fields the platform's field names and values, in its order
 * @param problems why the record cannot be delivered (a required field empty, a code with no
 *     translation); empty when it can
 */
public record MappedRecord(
        UUID residentId, int version, Operation operation, Map<String, Object> fields, List<String> problems) {

    public boolean deliverable() {
        return problems.isEmpty();
    }
}
