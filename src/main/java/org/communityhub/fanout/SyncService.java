package org.communityhub.fanout;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.ScopeSql;
import org.communityhub.adapter.Adapters;
import org.communityhub.adapter.definition.AdapterDefinition;
import org.communityhub.adapter.mapping.RecordMapper;
import org.communityhub.registry.resident.ResidentQueries;
import org.communityhub.registry.snapshot.ResidentSnapshot;
import org.communityhub.registry.snapshot.ResidentSnapshots;

/** Per resident and platform: what the platform has, and what is on its way. */
@ApplicationScoped
public class SyncService {

    private final Adapters adapters;
    private final DeliveryQueries deliveryQueries;
    private final ResidentQueries residents;
    private final ResidentSnapshots snapshots;
    private final RecordMapper mapper;

    SyncService(
            Adapters adapters,
            DeliveryQueries deliveryQueries,
            ResidentQueries residents,
            ResidentSnapshots snapshots,
            RecordMapper mapper) {
        this.adapters = adapters;
        this.deliveryQueries = deliveryQueries;
        this.residents = residents;
        this.snapshots = snapshots;
        this.mapper = mapper;
    }

    /**
     * Platform by platform, the work waiting for residents of the actor's area: deliveries queued or
     * on their way, failing, given up, and records the platform refused (open tasks).
     */
    public List<PlatformHealth> health(Actor actor) {
        Map<String, Map<String, Long>> counts =
                deliveryQueries.waitingInArea(ScopeSql.condition(actor.scope(), "r.community_code"));
        List<PlatformHealth> health = new ArrayList<>();
        for (AdapterDefinition d : adapters.all()) {
            Map<String, Long> c = counts.getOrDefault(d.id(), Map.of());
            health.add(new PlatformHealth(
                    d.id(),
                    d.name(),
                    adapters.configured(d),
                    c.getOrDefault("PENDING", 0L) + c.getOrDefault("SENDING", 0L),
                    c.getOrDefault("FAILED", 0L),
                    c.getOrDefault("DEAD", 0L),
                    c.getOrDefault("REJECTED", 0L)));
        }
        return health;
    }

    /** Every platform that concerns the resident now, holds them, or has work for them. */
    public List<SyncStatus> forResident(Actor actor, UUID residentId) {
        int current = residents.inScope(actor, residentId).version();
        ResidentSnapshot s = snapshots.load(List.of(residentId), false).get(0);
        DeliveryQueries.ResidentState state = deliveryQueries.residentState(
                adapters.all().stream().map(AdapterDefinition::id).toList(), residentId);
        List<SyncStatus> statuses = new ArrayList<>();
        for (AdapterDefinition d : adapters.all()) {
            DeliveryQueries.PlatformState p = state.platforms().get(d.id());
            List<DeliveryItem> work = state.deliveries().getOrDefault(d.id(), List.of());
            boolean concerned = mapper.matches(d, s);
            if (!concerned && p == null && work.isEmpty()) {
                continue;
            }
            DeliveryItem latest = work.stream()
                    .max(Comparator.comparingLong(DeliveryItem::id))
                    .orElse(null);
            String status = status(adapters.configured(d), concerned, current, p, latest);
            if (status == null) {
                continue; // neither concerned nor holding: nothing to tell
            }
            statuses.add(new SyncStatus(
                    d.id(),
                    d.name(),
                    status,
                    current,
                    p == null ? null : p.acceptedVersion(),
                    p == null ? null : p.acceptedAt(),
                    p != null && p.held(),
                    latest == null ? null : latest.lastError(),
                    latest == null ? null : latest.nextAttemptAt(),
                    p == null || !refusalOpen(p) ? null : p.rejectionMessage(),
                    p == null || !refusalOpen(p) ? null : p.rejectedAt(),
                    d.schedule() != null));
        }
        return statuses;
    }

    /**
     * Where one platform stands with one resident, or null when there is nothing to tell: the
     * platform's selection does not take them ({@code concerned}, {@link RecordMapper#matches}, the
     * rule delivery itself follows), it does not hold them, and no refusal of theirs is open. Work
     * queued for such a resident (a full resend queues everyone) comes to nothing when it runs, so
     * it is not 待同步. Otherwise work on its way comes first; then a refusal the platform gave
     * after its last acceptance, whatever the versions (a resync refused at the very version
     * accepted before is still a refusal the worker must see, as the home page lists it).
     */
    static String status(
            boolean configured, boolean concerned, int current, DeliveryQueries.PlatformState p, DeliveryItem latest) {
        if (!concerned && (p == null || !(p.held() || refusalOpen(p) || removalTaken(p, current)))) {
            return null;
        }
        if (!configured) {
            return "NOT_CONFIGURED";
        }
        if (latest != null) {
            return switch (latest.status()) {
                case "DEAD" -> "DEAD";
                case "FAILED" -> "FAILED";
                default -> "PENDING";
            };
        }
        if (p != null && refusalOpen(p)) {
            return "REJECTED";
        }
        if (p != null && p.acceptedVersion() != null && p.acceptedVersion() == current) {
            return "SYNCED";
        }
        return "PENDING"; // the change is still in the outbox
    }

    /** The platform took the resident's removal, and nothing changed since: it knows they left. */
    private static boolean removalTaken(DeliveryQueries.PlatformState p, int current) {
        return !p.held() && p.acceptedVersion() != null && p.acceptedVersion() == current;
    }

    /** The platform's last answer for the resident was a refusal: refused, and not accepted since. */
    static boolean refusalOpen(DeliveryQueries.PlatformState p) {
        if (p.rejectedVersion() == null) {
            return false;
        }
        if (p.acceptedVersion() == null || p.acceptedAt() == null || p.rejectedAt() == null) {
            return true;
        }
        return !p.rejectedAt().isBefore(p.acceptedAt());
    }
}
