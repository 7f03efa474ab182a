package org.communityhub.adapter;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.communityhub.adapter.definition.AdapterDefinition;
import org.communityhub.adapter.definition.DefinitionLoader;
import org.communityhub.adapter.transport.DeliveryTransport;
import org.communityhub.adapter.transport.Transports;
import org.communityhub.registry.code.CodeTables;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The platforms the hub delivers to: the definitions in {@code HUB_ADAPTERS_DIR} (default {@code
 * ./adapters}), loaded and checked at start-up. A definition with any problem stops the hub from
 * starting, with every problem listed by file and line.
 */
@ApplicationScoped
@Startup
public class Adapters {

    private static final Logger LOG = Logger.getLogger(Adapters.class);

    private final Map<String, AdapterDefinition> definitions = new LinkedHashMap<>();
    private final Transports transports;

    Adapters(
            @ConfigProperty(name = "hub.adapters.dir", defaultValue = "adapters") String directory,
            CodeTables codes,
            Transports transports,
            Config config) {
        this.transports = transports;
        Map<String, DefinitionLoader.TransportCheck> checks = new LinkedHashMap<>();
        transports.all().forEach((name, transport) -> checks.put(name, transport::problems));
        DefinitionLoader loader = new DefinitionLoader(
                codes, name -> config.getOptionalValue(name, String.class).orElse(null), checks);
        for (AdapterDefinition d : loader.loadAll(Path.of(directory))) {
            definitions.put(d.id(), d);
        }
        LOG.infof("Platform adapters: %s", definitions.keySet());
    }

    public List<AdapterDefinition> all() {
        return List.copyOf(definitions.values());
    }

    public Optional<AdapterDefinition> find(String id) {
        return Optional.ofNullable(definitions.get(id));
    }

    public DeliveryTransport transport(AdapterDefinition definition) {
        return transports.get(definition.transport().type());
    }

    /** Whether the platform can be delivered to (an http adapter without a URL cannot). */
    public boolean configured(AdapterDefinition definition) {
        return transport(definition).configured(definition.transport());
    }
}
