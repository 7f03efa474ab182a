package org.communityhub.adapter.transport;

import java.util.List;
import org.communityhub.adapter.definition.AdapterDefinition;

/**
 * A batch of records for one platform.
 *
 * @param requestKey stable for the same set of records: sent as the Idempotency-Key header, or
 *     naming the file
 */
public record Shipment(AdapterDefinition definition, String requestKey, List<OutboundRecord> records) {}
