package org.communityhub.adapter.transport;

import io.quarkus.arc.InjectableInstance;
import io.quarkus.arc.InstanceHandle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The transports there are, by name: every {@link DeliveryTransport} bean with its {@code @Named}
 * value. Two beans with one name, or one without a name, stop the hub from starting.
 */
@ApplicationScoped
public class Transports {

    private final Map<String, DeliveryTransport> byName = new TreeMap<>();

    Transports(@Any InjectableInstance<DeliveryTransport> beans) {
        for (InstanceHandle<DeliveryTransport> handle : beans.handles()) {
            String name = handle.getBean().getName();
            if (name == null) {
                throw new IllegalStateException(
                        "Transport " + handle.getBean().getBeanClass().getName()
                                + " has no @Named name, so no definition can choose it");
            }
            DeliveryTransport previous = byName.put(name, handle.get());
            if (previous != null) {
                throw new IllegalStateException("Two transports are named '" + name + "': "
                        + previous.getClass().getName() + " and "
                        + handle.getBean().getBeanClass().getName());
            }
        }
    }

    public Optional<DeliveryTransport> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public DeliveryTransport get(String name) {
        return find(name).orElseThrow(() -> new IllegalStateException("No transport named " + name));
    }

    public Map<String, DeliveryTransport> all() {
        return Map.copyOf(byName);
    }
}
