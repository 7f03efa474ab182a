package org.communityhub.adapter;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.communityhub.adapter.definition.AdapterDefinition;
import org.communityhub.adapter.definition.DefinitionException;
import org.communityhub.adapter.definition.DefinitionLoader;
import org.communityhub.adapter.definition.DefinitionProblem;
import org.communityhub.adapter.transport.DeliveryTransport;
import org.communityhub.adapter.transport.Transports;
import org.communityhub.common.metrics.GaugeFamily;
import org.communityhub.reference.code.CodeTables;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The platforms the hub delivers to: the definitions in {@code HUB_ADAPTERS_DIR} (default {@code
 * ./adapters}), read at start-up and again whenever {@link #reload()} finds a file added, changed
 * or removed. A file with problems never stops the hub or another platform: it is listed as
 * {@link State#INVALID} with its problems (and counted in a metric), and the last valid version of
 * its platform, if this process had one, keeps running. A removed file stops its platform; what
 * was delivered and what waits stays in the database.
 */
@ApplicationScoped
@Startup
public class Adapters {

    private static final Logger LOG = Logger.getLogger(Adapters.class);

    /** Whether a definition file can be used as it is. */
    public enum State {
        /** Valid, and running. */
        ACTIVE,
        /** It has problems; the last valid version runs, if there was one. */
        INVALID
    }

    /**
     * One definition file as the hub sees it now.
     *
     * @param running the definition deliveries use: the file's, or when the file is invalid its
     *     last valid version (null when there never was one)
     * @param problems the file's problems now; empty when ACTIVE
     * @param since when the file was last found changed
     */
    public record Entry(
            String id,
            String file,
            State state,
            AdapterDefinition running,
            List<DefinitionProblem> problems,
            Instant since) {}

    /** What one reload changed about the running definitions. */
    public record Changes(List<AdapterDefinition> started, List<AdapterDefinition> changed, List<String> stopped) {

        public boolean any() {
            return !started.isEmpty() || !changed.isEmpty() || !stopped.isEmpty();
        }
    }

    private final Path directory;
    private final Transports transports;
    private final DefinitionLoader loader;
    private final GaugeFamily problemGauge;
    private final List<Consumer<Changes>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, String> texts = new HashMap<>();
    private volatile Map<String, Entry> entries = Map.of();

    Adapters(
            @ConfigProperty(name = "hub.adapters.dir", defaultValue = "adapters") String directory,
            CodeTables codes,
            Transports transports,
            Config config,
            MeterRegistry registry) {
        this.directory = Path.of(directory);
        this.transports = transports;
        Map<String, DefinitionLoader.TransportCheck> checks = new LinkedHashMap<>();
        transports.all().forEach((name, transport) -> checks.put(name, transport::problems));
        this.loader = new DefinitionLoader(
                codes, name -> config.getOptionalValue(name, String.class).orElse(null), checks);
        this.problemGauge = new GaugeFamily(
                registry,
                "hub.adapter.definition.problems",
                "Problems in the platform's definition file as it is now (0 when it is valid); while above 0 the"
                        + " platform runs on its last valid version, or not at all",
                null,
                "adapter");
        reload();
        LOG.infof("Platform adapters: %s", ids());
    }

    /**
     * Reads the directory again and puts changed definitions in place. A definition is changed only
     * when what it says changes (its content hash): a comment edit is not a change.
     */
    public synchronized Changes reload() {
        Map<String, Entry> before = entries;
        Map<String, Entry> after = new TreeMap<>();
        List<AdapterDefinition> started = new ArrayList<>();
        List<AdapterDefinition> changed = new ArrayList<>();
        List<DefinitionLoader.Loaded> scanned;
        try {
            scanned = loader.scan(directory);
        } catch (DefinitionException e) {
            // The directory itself is gone or unreadable (a volume being remounted): keep what runs.
            LOG.errorf("Platform definitions could not be read, keeping those running: %s", e.getMessage());
            return new Changes(List.of(), List.of(), List.of());
        }
        Instant now = Instant.now();
        for (DefinitionLoader.Loaded loaded : scanned) {
            if (after.containsKey(loaded.id())) {
                Entry first = after.get(loaded.id());
                List<DefinitionProblem> problems = new ArrayList<>(first.problems());
                problems.add(new DefinitionProblem(
                        loaded.file(), 0, "平台“" + loaded.id() + "”有两个定义文件（另一个是 " + first.file() + "）；请只保留一个"));
                after.put(
                        loaded.id(),
                        new Entry(loaded.id(), first.file(), State.INVALID, first.running(), problems, now));
                continue;
            }
            Entry old = before.get(loaded.id());
            AdapterDefinition running;
            if (loaded.valid()) {
                AdapterDefinition fresh = loaded.definition();
                if (old != null
                        && old.running() != null
                        && old.running().contentHash().equals(fresh.contentHash())) {
                    running = old.running();
                } else {
                    running = fresh;
                    if (old == null || old.running() == null) {
                        started.add(fresh);
                    } else {
                        changed.add(fresh);
                    }
                }
            } else {
                running = old == null ? null : old.running();
            }
            boolean same = old != null
                    && old.state() == (loaded.valid() ? State.ACTIVE : State.INVALID)
                    && old.running() == running
                    && old.problems().equals(loaded.problems());
            after.put(
                    loaded.id(),
                    same
                            ? old
                            : new Entry(
                                    loaded.id(),
                                    loaded.file(),
                                    loaded.valid() ? State.ACTIVE : State.INVALID,
                                    running,
                                    loaded.problems(),
                                    now));
            if (!loaded.valid() && !same) {
                LOG.errorf(
                        "Platform definition %s has %d problem(s)%s:%n  %s",
                        loaded.file(),
                        loaded.problems().size(),
                        running == null ? "; the platform does not run" : "; its last valid version keeps running",
                        String.join(
                                "\n  ",
                                loaded.problems().stream()
                                        .map(DefinitionProblem::toString)
                                        .toList()));
            }
        }
        List<String> stopped = new ArrayList<>();
        before.forEach((id, old) -> {
            if (old.running() != null
                    && (!after.containsKey(id) || after.get(id).running() == null)) {
                stopped.add(id);
            }
        });
        entries = Collections.unmodifiableMap(after);
        Map<List<String>, Double> gauge = new HashMap<>();
        after.values()
                .forEach(e -> gauge.put(List.of(e.id()), (double) e.problems().size()));
        problemGauge.replace(gauge);
        Changes changes = new Changes(List.copyOf(started), List.copyOf(changed), List.copyOf(stopped));
        if (changes.any() && !before.isEmpty()) {
            started.forEach(d -> LOG.infof(
                    "Platform %s added (definition %s)", d.id(), d.contentHash().substring(0, 12)));
            changed.forEach(d -> LOG.infof(
                    "Platform %s changed (definition %s)",
                    d.id(), d.contentHash().substring(0, 12)));
            stopped.forEach(id -> LOG.infof("Platform %s removed: it stops; its deliveries are kept", id));
        }
        if (changes.any()) {
            listeners.forEach(l -> l.accept(changes));
        }
        return changes;
    }

    /** Called with every change a reload makes (the delivery engine starts and stops platforms). */
    public void onChange(Consumer<Changes> listener) {
        listeners.add(listener);
    }

    /** Checks a definition's text as the hub would read it, without putting it in place. */
    public DefinitionLoader.Loaded check(String text) {
        return loader.check(text);
    }

    /** The running definitions. */
    public List<AdapterDefinition> all() {
        return entries.values().stream()
                .map(Entry::running)
                .filter(d -> d != null)
                .toList();
    }

    /** Every definition file, valid or not. */
    public List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    public Optional<Entry> entry(String id) {
        return Optional.ofNullable(entries.get(id));
    }

    /** The running definition of a platform. */
    public Optional<AdapterDefinition> find(String id) {
        Entry e = entries.get(id);
        return Optional.ofNullable(e == null ? null : e.running());
    }

    public DeliveryTransport transport(AdapterDefinition definition) {
        return transports.get(definition.transport().type());
    }

    /** Whether the platform can be delivered to (an http adapter without a URL cannot). */
    public boolean configured(AdapterDefinition definition) {
        return transport(definition).configured(definition.transport());
    }

    private List<String> ids() {
        return entries.values().stream()
                .map(e -> e.id() + (e.state() == State.INVALID ? "(INVALID)" : ""))
                .toList();
    }
}
