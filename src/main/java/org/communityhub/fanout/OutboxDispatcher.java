package org.communityhub.fanout;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.communityhub.adapter.Adapters;
import org.communityhub.adapter.definition.AdapterDefinition;
import org.communityhub.adapter.mapping.RecordMapper;
import org.communityhub.common.database.AdvisoryLocks;
import org.communityhub.registry.snapshot.ResidentSnapshot;
import org.communityhub.registry.snapshot.ResidentSnapshots;

/**
 * Turns outbox rows into deliveries: for each platform, the residents it concerns now (its
 * {@code select} holds) or holds already (so it must hear of the change, or of the removal). One
 * hub process dispatches at a time; changes to one resident collapse into its latest version.
 */
@ApplicationScoped
class OutboxDispatcher {

    /** What the outbox says of one resident. */
    private static final class Change {
        int version;
        boolean forAll;
        final Set<String> adapters = new HashSet<>();
        /** Adapters that must get the record whatever they hold (a resync). */
        final Set<String> forcedFor = new HashSet<>();
    }

    private final DeliveryStore store;
    private final PlatformRecords records;
    private final Adapters adapters;
    private final ResidentSnapshots snapshots;
    private final RecordMapper mapper;
    private final FanoutSettings settings;
    private final Clock clock;
    private final CronParser cron = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private final Map<String, ExecutionTime> schedules = new ConcurrentHashMap<>();

    OutboxDispatcher(
            DeliveryStore store,
            PlatformRecords records,
            Adapters adapters,
            ResidentSnapshots snapshots,
            RecordMapper mapper,
            FanoutSettings settings,
            Clock clock) {
        this.store = store;
        this.records = records;
        this.adapters = adapters;
        this.snapshots = snapshots;
        this.mapper = mapper;
        this.settings = settings;
        this.clock = clock;
    }

    /** Dispatches one batch of the outbox; returns how many outbox rows it took (0: nothing to do). */
    int dispatchOnce() {
        return dispatchOnce(false);
    }

    /**
     * Dispatches everything in the outbox now, waiting for a dispatch under way elsewhere rather
     * than leaving it: what a worker saved a moment ago becomes a delivery before a run.
     */
    void drain() {
        for (int batches = 0; batches < 10_000 && dispatchOnce(true) > 0; batches++) {
            // each batch is its own transaction
        }
    }

    private int dispatchOnce(boolean wait) {
        return QuarkusTransaction.requiringNew().call(() -> {
            if (wait) {
                store.dispatchLock(AdvisoryLocks.DISPATCH);
            } else if (!store.tryDispatchLock(AdvisoryLocks.DISPATCH)) {
                return 0;
            }
            List<DeliveryStore.OutboxRow> rows = store.claimOutbox(settings.dispatchBatch());
            if (rows.isEmpty()) {
                return 0;
            }
            Map<UUID, Change> changes = new LinkedHashMap<>();
            for (DeliveryStore.OutboxRow row : rows) {
                Change c = changes.computeIfAbsent(row.residentId(), id -> new Change());
                c.version = Math.max(c.version, row.version());
                if (row.adapterId() == null) {
                    c.forAll = true;
                } else {
                    c.adapters.add(row.adapterId());
                    if (row.forced()) {
                        c.forcedFor.add(row.adapterId());
                    }
                }
            }
            Map<UUID, ResidentSnapshot> current = new HashMap<>();
            snapshots.load(changes.keySet(), false).forEach(s -> current.put(s.id(), s));
            Map<String, Set<UUID>> mustHear = records.mustHear(
                    adapters.all().stream().map(AdapterDefinition::id).toList(), changes.keySet());
            Instant now = clock.instant();
            for (AdapterDefinition definition : adapters.all()) {
                if (!adapters.configured(definition)) {
                    continue;
                }
                Set<UUID> mustHearHere = mustHear.getOrDefault(definition.id(), Set.of());
                List<DeliveryStore.Queued> queued = new ArrayList<>();
                changes.forEach((resident, change) -> {
                    ResidentSnapshot s = current.get(resident);
                    if (s == null || !(change.forAll || change.adapters.contains(definition.id()))) {
                        return;
                    }
                    boolean forced = change.forcedFor.contains(definition.id());
                    // Forced or not, a resident the platform's selection does not take and that it
                    // does not hold would come to nothing when delivered: queueing them would only
                    // count them as waiting for a platform they do not concern.
                    if (mustHearHere.contains(resident) || mapper.matches(definition, s)) {
                        queued.add(new DeliveryStore.Queued(resident, Math.max(change.version, s.version()), forced));
                    }
                });
                store.queue(definition.id(), queued, due(definition, now));
            }
            store.deleteOutbox(rows.stream().map(DeliveryStore.OutboxRow::id).toList());
            return rows.size();
        });
    }

    /** When a new change becomes due for a platform: at its next scheduled run, or now. */
    Instant due(AdapterDefinition definition, Instant now) {
        if (definition.schedule() == null) {
            return now;
        }
        // Keyed by the schedule too: a definition changed while the hub runs may have a new one.
        ExecutionTime execution = schedules.computeIfAbsent(
                definition.id() + " " + definition.schedule(),
                key -> ExecutionTime.forCron(cron.parse(definition.schedule())));
        return execution
                .nextExecution(ZonedDateTime.ofInstant(now, clock.getZone()))
                .map(ZonedDateTime::toInstant)
                .orElse(now);
    }
}
