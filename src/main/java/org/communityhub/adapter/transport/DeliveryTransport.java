package org.communityhub.adapter.transport;

import java.time.Duration;
import java.util.List;
import org.communityhub.adapter.definition.FieldMapping;
import org.communityhub.adapter.definition.TransportSettings;

/**
 * How records reach a platform: the SPI for transports. An implementation is a CDI bean whose
 * {@code @Named} value is the name definitions give as {@code transport.type}; the hub refuses to
 * start when a definition names a transport that does not exist, or two beans share a name.
 * Built in: {@code http-json}, {@code xlsx-file}, {@code csv-file}.
 */
public interface DeliveryTransport {

    /**
     * Problems with a definition's transport settings, as messages for its writer (in Chinese);
     * empty when they are fine. A transport that can say which setting is wrong overrides {@link
     * #problems} instead.
     */
    default List<String> check(TransportSettings settings) {
        return List.of();
    }

    /** Problems with a definition's transport settings, each naming its setting where it can. */
    default List<TransportSettings.Problem> problems(TransportSettings settings) {
        return check(settings).stream().map(TransportSettings.Problem::of).toList();
    }

    /**
     * Problems with the settings seen with the definition's fields (the platform's field names in
     * its order, and those a removal carries), for settings that name fields.
     */
    default List<TransportSettings.Problem> problems(
            TransportSettings settings, List<FieldMapping> fields, List<String> removalFields) {
        return problems(settings);
    }

    /**
     * Whether the settings are complete enough to deliver. An http transport without a URL is not
     * configured: its platform is shown as such, and nothing is queued for it.
     */
    default boolean configured(TransportSettings settings) {
        return true;
    }

    /**
     * The longest one shipment may take before the transport gives up (connect and answer); zero
     * when the transport does not bound it. The hub refuses to start when its delivery lease is not
     * longer, since another hub process would then take over work still on its way.
     */
    default Duration longestShipment(TransportSettings settings) {
        return Duration.ZERO;
    }

    /** Delivers a shipment and says what became of each record, or fails as a whole. */
    ShipmentOutcome deliver(Shipment shipment) throws TransportFailure;
}
