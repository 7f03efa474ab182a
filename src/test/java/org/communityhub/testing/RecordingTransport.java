package org.communityhub.testing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.communityhub.adapter.definition.TransportSettings;
import org.communityhub.adapter.transport.DeliveryTransport;
import org.communityhub.adapter.transport.OutboundRecord;
import org.communityhub.adapter.transport.RecordOutcome;
import org.communityhub.adapter.transport.Shipment;
import org.communityhub.adapter.transport.ShipmentOutcome;

/**
 * A transport written in Java, as a district would write one for a platform with its own protocol:
 * a CDI bean named by the type definitions give. This one keeps what it is sent in memory.
 */
@ApplicationScoped
@Named("recording")
public class RecordingTransport implements DeliveryTransport {

    private static final List<OutboundRecord> RECEIVED = new CopyOnWriteArrayList<>();

    /** Everything delivered through this transport so far. */
    public static List<OutboundRecord> received() {
        return List.copyOf(RECEIVED);
    }

    @Override
    public List<String> check(TransportSettings settings) {
        List<String> problems = new ArrayList<>();
        for (String key : settings.values().keySet()) {
            if (!key.equals("label")) {
                problems.add("unknown setting '" + key + "'");
            }
        }
        return problems;
    }

    @Override
    public ShipmentOutcome deliver(Shipment shipment) {
        RECEIVED.addAll(shipment.records());
        Map<String, RecordOutcome> outcomes = new LinkedHashMap<>();
        shipment.records().forEach(r -> outcomes.put(r.key(), RecordOutcome.accepted()));
        return new ShipmentOutcome(outcomes, "memory");
    }
}
