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
 * @param disclosedTags the resident's tags this record tells the platform of: carried in a field,
 *     or selected on
 */
public record MappedRecord(
        UUID residentId,
        int version,
        Operation operation,
        Map<String, Object> fields,
        List<String> problems,
        List<String> disclosedTags) {

    public MappedRecord(
            UUID residentId, int version, Operation operation, Map<String, Object> fields, List<String> problems) {
        this(residentId, version, operation, fields, problems, List.of());
    }

    public boolean deliverable() {
        return problems.isEmpty();
    }
}
