package org.communityhub.adapter.transport;

import java.util.Map;

/**
 * What became of a shipment, record by record (by record key).
 *
 * @param location where the records went, for file transports the file written
 */
public record ShipmentOutcome(Map<String, RecordOutcome> records, String location) {}
