package org.communityhub.fanout;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.TagVisibility;
import org.communityhub.access.pii.PiiCipher;
import org.communityhub.access.pii.PiiField;
import org.communityhub.adapter.Adapters;
import org.communityhub.adapter.definition.AdapterDefinition;
import org.communityhub.adapter.definition.CanonicalField;
import org.communityhub.adapter.definition.CanonicalFields;
import org.communityhub.adapter.definition.FieldMapping;
import org.communityhub.adapter.mapping.MappedRecord;
import org.communityhub.adapter.mapping.RecordMapper;
import org.communityhub.audit.AccessLog;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.reference.identity.Masking;
import org.communityhub.registry.resident.ResidentQueries;
import org.communityhub.registry.snapshot.ResidentSnapshot;
import org.communityhub.registry.snapshot.ResidentSnapshots;
import org.jboss.logging.Logger;

/** What the adapter administrator sees and does: status, run now, pause, preview, resync, replay. */
@ApplicationScoped
public class AdapterOperations {

    private static final Logger LOG = Logger.getLogger(AdapterOperations.class);
    private static final Set<String> STATUSES = Set.of("PENDING", "SENDING", "FAILED", "DEAD");

    private final Adapters adapters;
    private final DeliveryStore store;
    private final DeliveryQueries deliveryQueries;
    private final AdapterStates adapterStates;
    private final FanoutEngine engine;
    private final ResidentQueries residents;
    private final ResidentSnapshots snapshots;
    private final RecordMapper mapper;
    private final PiiCipher pii;
    private final AccessLog accessLog;
    private final TagVisibility tagVisibility;
    private final OutboxDispatcher dispatcher;

    /** Shown instead of a value the reader may not see. */
    static final String RESTRICTED = "（受限，不显示）";

    private final ObjectMapper json = new ObjectMapper();

    AdapterOperations(
            Adapters adapters,
            DeliveryStore store,
            DeliveryQueries deliveryQueries,
            AdapterStates adapterStates,
            FanoutEngine engine,
            ResidentQueries residents,
            ResidentSnapshots snapshots,
            RecordMapper mapper,
            PiiCipher pii,
            AccessLog accessLog,
            TagVisibility tagVisibility,
            OutboxDispatcher dispatcher) {
        this.dispatcher = dispatcher;
        this.accessLog = accessLog;
        this.tagVisibility = tagVisibility;
        this.adapters = adapters;
        this.store = store;
        this.deliveryQueries = deliveryQueries;
        this.adapterStates = adapterStates;
        this.engine = engine;
        this.residents = residents;
        this.snapshots = snapshots;
        this.mapper = mapper;
        this.pii = pii;
    }

    /** Every platform definition file: those running, and those whose file has problems. */
    public List<AdapterStatus> list() {
        return adapters.entries().stream().map(this::status).toList();
    }

    public AdapterStatus get(String id) {
        return status(adapters.entry(id).orElseThrow(() -> ProblemException.notFound("平台")));
    }

    private AdapterStatus status(Adapters.Entry e) {
        List<DefinitionCheck.Problem> problems = e.problems().stream()
                .map(p -> new DefinitionCheck.Problem(p.line(), p.column(), p.message()))
                .toList();
        if (e.running() == null) {
            return new AdapterStatus(
                    e.id(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    false,
                    false,
                    null,
                    List.of(),
                    Map.of(),
                    null,
                    null,
                    null,
                    0,
                    0,
                    e.state().name(),
                    problems,
                    e.file());
        }
        return status(e.running(), e.state().name(), problems, e.file());
    }

    /**
     * Makes everything waiting for the platform due now, and wakes its worker. The outbox is
     * dispatched first, so a change saved a moment ago is part of the run rather than left for the
     * platform's next schedule.
     */
    public int runNow(String id) {
        AdapterDefinition d = require(id);
        requireConfigured(d);
        dispatcher.drain();
        int due = QuarkusTransaction.requiringNew().call(() -> store.makeDue(d.id()));
        engine.wake(d.id());
        return due;
    }

    public AdapterStatus pause(Actor actor, String id) {
        AdapterDefinition d = require(id);
        QuarkusTransaction.requiringNew().run(() -> adapterStates.setPaused(d.id(), true, actor.username()));
        LOG.infof("Platform %s paused by %s", d.id(), actor.username());
        return status(d);
    }

    public AdapterStatus resume(Actor actor, String id) {
        AdapterDefinition d = require(id);
        QuarkusTransaction.requiringNew().run(() -> adapterStates.setPaused(d.id(), false, null));
        engine.wake(d.id());
        LOG.infof("Platform %s resumed by %s", d.id(), actor.username());
        return status(d);
    }

    /** Sends the platform everything it should hold, whether or not it has it already. */
    public int resync(Actor actor, String id) {
        AdapterDefinition d = require(id);
        requireConfigured(d);
        int queued = QuarkusTransaction.requiringNew().call(() -> store.queueResync(d.id()));
        LOG.infof("Platform %s: resync of %d residents queued by %s", d.id(), queued, actor.username());
        return queued;
    }

    public Page<DeliveryItem> deliveries(String id, String status, PageRequest page) {
        AdapterDefinition d = require(id);
        if (status != null && !STATUSES.contains(status)) {
            throw ProblemException.invalid("status", "unknown-code", "状态应为 PENDING、SENDING、FAILED 或 DEAD。");
        }
        List<DeliveryItem> items = deliveryQueries.deliveries(d.id(), status, page.offset(), page.size());
        return new Page<>(items, deliveryQueries.countDeliveries(d.id(), status), page.page(), page.size());
    }

    /** Puts one dead delivery (or, with null, all of them) back in line. */
    public int replay(Actor actor, String id, Long deliveryId) {
        AdapterDefinition d = require(id);
        // A dead delivery that a newer one supersedes is dropped rather than put back: 0 replayed.
        Integer replayed = QuarkusTransaction.requiringNew().call(() -> store.replay(d.id(), deliveryId));
        if (replayed == null) {
            throw ProblemException.notFound("死信投递");
        }
        engine.wake(d.id());
        LOG.infof("Platform %s: %d dead deliveries replayed by %s", d.id(), replayed, actor.username());
        return replayed;
    }

    /** The exact record the platform would get for the resident now (identifiers masked). */
    public PayloadPreview preview(Actor actor, String id, UUID residentId) {
        AdapterDefinition d = require(id);
        residents.inScope(actor, residentId); // the resident must be in the administrator's area
        accessLog.read(
                actor,
                AccessLog.Action.PREVIEW,
                "GET /api/v1/adapters/{id}/preview/{residentId}",
                List.of(residentId),
                d.fieldNames().stream().map(f -> d.id() + ":" + f).toList());
        ResidentSnapshot s = snapshots.load(List.of(residentId), d.needsPersonalIdentifiers()).stream()
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound("居民"));
        DeliveryQueries.PlatformState held = deliveryQueries
                .residentState(List.of(d.id()), residentId)
                .platforms()
                .get(d.id());
        boolean concerned = mapper.matches(d, s);
        RecordMapper.Operation operation = concerned
                ? RecordMapper.Operation.UPSERT
                : held != null && held.held() ? RecordMapper.Operation.REMOVE : null;
        Map<String, Object> now = Map.of();
        List<String> problems = List.of();
        if (operation != null) {
            MappedRecord mapped = mapper.map(d, s, operation);
            now = masked(actor, d, mapped.fields());
            problems = mapped.problems();
        }
        Map<String, Object> last = held == null || held.payloadCipher() == null
                ? null
                : masked(actor, d, parse(pii.decrypt(PiiField.DELIVERED_PAYLOAD, held.payloadCipher())));
        List<PayloadPreview.Difference> differences = new ArrayList<>();
        if (last != null) {
            Set<String> names = new java.util.LinkedHashSet<>(last.keySet());
            names.addAll(now.keySet());
            for (String name : names) {
                if (!Objects.equals(last.get(name), now.get(name))) {
                    differences.add(new PayloadPreview.Difference(name, last.get(name), now.get(name)));
                }
            }
        }
        return new PayloadPreview(
                concerned,
                operation == null ? null : operation.name(),
                now,
                problems,
                held == null ? null : held.acceptedVersion(),
                last,
                differences);
    }

    private AdapterStatus status(AdapterDefinition d) {
        return adapters.entry(d.id())
                .map(this::status)
                .orElseGet(() -> status(d, Adapters.State.ACTIVE.name(), List.of(), d.file()));
    }

    private AdapterStatus status(
            AdapterDefinition d, String definitionState, List<DefinitionCheck.Problem> problems, String file) {
        AdapterStates.State state = adapterStates.state(d.id());
        DeliveryQueries.Counts counts = deliveryQueries.counts(d.id());
        Map<String, Long> byStatus = new LinkedHashMap<>();
        for (String s : List.of("PENDING", "SENDING", "FAILED", "DEAD")) {
            byStatus.put(s, counts.byStatus().getOrDefault(s, 0L));
        }
        Long oldest = counts.oldestWaiting() == null
                ? null
                : Duration.between(counts.oldestWaiting(), Instant.now()).toSeconds();
        return new AdapterStatus(
                d.id(),
                d.name(),
                d.version(),
                d.contentHash(),
                d.legalBasis(),
                d.schedule(),
                d.transport().type(),
                adapters.configured(d),
                state.paused(),
                state.pausedBy(),
                d.fieldNames(),
                byStatus,
                oldest,
                state.lastRunAt(),
                state.lastRunResult(),
                state.held(),
                state.openRefusals(),
                definitionState,
                problems,
                file);
    }

    /**
     * Masks fields that carry an ID number or a phone, and hides fields that can carry a restricted
     * tag from a reader not granted every restricted tag the platform may get.
     */
    Map<String, Object> masked(Actor actor, AdapterDefinition d, Map<String, Object> fields) {
        Map<String, Object> out = new LinkedHashMap<>(fields);
        // A field that may carry a tag the reader may not see reads "restricted" whether or not it
        // carries a value: an empty one beside a restricted one would tell the tag as well.
        Set<String> restricted = d.fieldsDisclosing(t -> !tagVisibility.canSee(actor, t));
        for (FieldMapping f : d.fields()) {
            if (restricted.contains(f.name())) {
                out.put(f.name(), RESTRICTED);
                continue;
            }
            String source = f.source() instanceof FieldMapping.From from ? from.field() : null;
            boolean pii = source != null
                    && CanonicalFields.find(source)
                            .map(CanonicalField::personalIdentifier)
                            .orElse(false);
            boolean composed = f.source() instanceof FieldMapping.Compose c
                    && c.placeholders().stream()
                            .anyMatch(p -> CanonicalFields.find(p)
                                    .map(CanonicalField::personalIdentifier)
                                    .orElse(false));
            Object v = out.get(f.name());
            if (v != null && (pii || composed)) {
                out.put(
                        f.name(),
                        "phone".equals(source) ? Masking.maskPhone(v.toString()) : Masking.maskIdNumber(v.toString()));
            }
        }
        return out;
    }

    private Map<String, Object> parse(String payload) {
        try {
            return json.readValue(payload, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (IOException e) {
            throw new IllegalStateException("A stored payload is not JSON");
        }
    }

    private AdapterDefinition require(String id) {
        return adapters.find(id).orElseThrow(() -> ProblemException.notFound("平台"));
    }

    private void requireConfigured(AdapterDefinition d) {
        if (!adapters.configured(d)) {
            throw ProblemException.conflict("not-configured", "该平台尚未配置（例如缺少接口地址），配置后重启即会补发。");
        }
    }
}
