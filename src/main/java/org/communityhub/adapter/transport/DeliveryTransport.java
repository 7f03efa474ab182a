package org.communityhub.adapter.transport;

import java.util.List;
import org.communityhub.adapter.definition.TransportSettings;

/**
 * How records reach a platform: the SPI for transports. An implementation is a CDI bean whose
 * {@code @Named} value is the name definitions give as {@code transport.type}; the hub refuses to
 * start when a definition names a transport that does not exist, or two beans share a name.
 * Built in: {@code http-json}, {@code xlsx-file}, {@code csv-file}.
 */
public interface DeliveryTransport {

    /** Problems with a definition's transport settings, as messages; empty when they are fine. */
    List<String> check(TransportSettings settings);

    /**
     * Whether the settings are complete enough to deliver. An http transport without a URL is not
     * configured: its platform is shown as such, and nothing is queued for it.
     */
    default boolean configured(TransportSettings settings) {
        return true;
    }

    /** Delivers a shipment and says what became of each record, or fails as a whole. */
    ShipmentOutcome deliver(Shipment shipment) throws TransportFailure;
}
