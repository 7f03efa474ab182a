package org.communityhub.fanout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.communityhub.access.pii.PiiCipher;
import org.communityhub.access.pii.PiiField;
import org.communityhub.adapter.Adapters;
import org.communityhub.adapter.definition.AdapterDefinition;
import org.communityhub.adapter.mapping.MappedRecord;
import org.communityhub.adapter.mapping.RecordMapper;
import org.communityhub.adapter.mapping.RecordMapper.Operation;
import org.communityhub.adapter.transport.OutboundRecord;
import org.communityhub.adapter.transport.RecordOutcome;
import org.communityhub.adapter.transport.Shipment;
import org.communityhub.adapter.transport.ShipmentOutcome;
import org.communityhub.adapter.transport.TransportFailure;
import org.communityhub.audit.SharingLedger;
import org.communityhub.registry.snapshot.ResidentSnapshot;
import org.communityhub.registry.snapshot.ResidentSnapshots;
import org.jboss.logging.Logger;

/**
 * Delivers one batch of one platform's due work: claims it, decides per resident whether the
 * platform gets the record, its removal or nothing, writes the sharing ledger before anything
 * leaves, ships, and records what became of each record. Stateless: the engine calls it from each
 * platform's own thread, so a slow platform holds up only itself.
 */
@ApplicationScoped
class AdapterWorker {

    private static final Logger LOG = Logger.getLogger(AdapterWorker.class);

    /** What one run did, for the adapter's "last run". */
    record RunSummary(int claimed, int sent, int accepted, int rejected, int unchanged, int failed, String failure) {

        static final RunSummary NOTHING = new RunSummary(0, 0, 0, 0, 0, 0, null);

        String describe() {
            if (failure != null) {
                return "失败：" + failure + "（" + failed + " 条待重试）";
            }
            return "发送 " + sent + " 条，接收 " + accepted + "，拒收 " + rejected + "，无变化 " + unchanged;
        }
    }

    /** One record to send, with what the ledger and the platform record need. */
    private record Outgoing(
            OutboundRecord record, List<DeliveryStore.Claimed> deliveries, String payloadJson, String payloadHash) {

        List<Long> deliveryIds() {
            return deliveries.stream().map(DeliveryStore.Claimed::id).toList();
        }
    }

    private final DeliveryStore store;
    private final Adapters adapters;
    private final ResidentSnapshots snapshots;
    private final RecordMapper mapper;
    private final SharingLedger ledger;
    private final TaskService tasks;
    private final PiiCipher pii;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    AdapterWorker(
            DeliveryStore store,
            Adapters adapters,
            ResidentSnapshots snapshots,
            RecordMapper mapper,
            SharingLedger ledger,
            TaskService tasks,
            PiiCipher pii,
            Clock clock) {
        this.store = store;
        this.adapters = adapters;
        this.snapshots = snapshots;
        this.mapper = mapper;
        this.ledger = ledger;
        this.tasks = tasks;
        this.pii = pii;
        this.clock = clock;
    }

    /** Claims and delivers one batch for the adapter; {@link RunSummary#NOTHING} when none was due. */
    RunSummary runOnce(AdapterDefinition definition, String owner, Duration lease, RateLimiter limiter) {
        List<DeliveryStore.Claimed> claimed = QuarkusTransaction.requiringNew()
                .call(() -> store.claim(definition.id(), owner, definition.batchSize(), lease));
        if (claimed.isEmpty()) {
            return RunSummary.NOTHING;
        }
        Map<UUID, List<DeliveryStore.Claimed>> byResident = new LinkedHashMap<>();
        claimed.forEach(c -> byResident
                .computeIfAbsent(c.residentId(), r -> new ArrayList<>())
                .add(c));
        Map<UUID, ResidentSnapshot> current = new HashMap<>();
        snapshots
                .load(byResident.keySet(), definition.needsPersonalIdentifiers())
                .forEach(s -> current.put(s.id(), s));
        Map<UUID, DeliveryStore.PlatformRecord> holding = QuarkusTransaction.requiringNew()
                .call(() -> store.platformRecords(definition.id(), byResident.keySet()));

        List<Long> nothingToTell = new ArrayList<>();
        Map<UUID, Integer> unchanged = new LinkedHashMap<>();
        List<Long> unchangedDeliveries = new ArrayList<>();
        List<DeliveryStore.Rejected> unmappable = new ArrayList<>();
        List<Long> unmappableDeliveries = new ArrayList<>();
        List<Outgoing> outgoing = new ArrayList<>();
        byResident.forEach((resident, deliveries) -> {
            List<Long> ids = deliveries.stream().map(DeliveryStore.Claimed::id).toList();
            boolean forced = deliveries.stream().anyMatch(DeliveryStore.Claimed::forced);
            ResidentSnapshot s = current.get(resident);
            DeliveryStore.PlatformRecord held = holding.get(resident);
            boolean holds = held != null && held.held();
            if (s == null) {
                nothingToTell.addAll(ids);
                return;
            }
            Operation operation;
            if (mapper.matches(definition, s)) {
                operation = Operation.UPSERT;
            } else if (holds || forced && held != null && held.acceptedVersion() != null && held.held()) {
                operation = Operation.REMOVE;
            } else {
                nothingToTell.addAll(ids);
                return;
            }
            MappedRecord mapped = mapper.map(definition, s, operation);
            if (!mapped.deliverable()) {
                unmappable.add(new DeliveryStore.Rejected(
                        resident, s.version(), "本系统无法生成该平台所需的记录：" + String.join("；", mapped.problems())));
                unmappableDeliveries.addAll(ids);
                return;
            }
            String payloadJson = canonicalJson(mapped.fields());
            String hash = sha256(payloadJson);
            boolean platformHasIt = held != null
                    && held.acceptedVersion() != null
                    && held.held() == (operation == Operation.UPSERT)
                    && hash.equals(held.payloadHash());
            if (platformHasIt && !forced) {
                unchanged.put(resident, s.version());
                unchangedDeliveries.addAll(ids);
                return;
            }
            String key = definition.id() + ":" + resident + ":" + s.version()
                    + (operation == Operation.REMOVE ? ":remove" : "");
            outgoing.add(new Outgoing(
                    new OutboundRecord(key, resident, s.version(), operation, mapped.fields()),
                    deliveries,
                    payloadJson,
                    hash));
        });

        String requestKey = requestKey(definition, outgoing);
        Instant now = clock.instant();
        SharingLedger.Recorded recorded = QuarkusTransaction.requiringNew().call(() -> {
            store.complete(nothingToTell);
            store.confirmUnchanged(definition.id(), unchanged);
            store.complete(unchangedDeliveries);
            if (!unmappable.isEmpty()) {
                store.reject(definition.id(), unmappable);
                Map<UUID, String> messages = new LinkedHashMap<>();
                unmappable.forEach(r -> messages.put(r.residentId(), r.message()));
                tasks.openRejections(definition.id(), messages);
                store.complete(unmappableDeliveries);
            }
            if (outgoing.isEmpty()) {
                return null;
            }
            // Written before anything leaves: a crash mid-way still leaves a trace of what may have left.
            return ledger.recordSent(
                    new SharingLedger.Shipment(
                            definition.id(),
                            definition.contentHash(),
                            definition.version(),
                            definition.legalBasis(),
                            requestKey,
                            definition.fieldNames(),
                            definition.removalFields()),
                    outgoing.stream()
                            .map(o -> new SharingLedger.Entry(
                                    o.record().residentId(),
                                    o.record().version(),
                                    o.record().operation().name(),
                                    o.payloadHash()))
                            .toList(),
                    now);
        });
        if (outgoing.isEmpty()) {
            return new RunSummary(claimed.size(), 0, 0, unmappable.size(), unchanged.size(), 0, null);
        }

        limiter.acquire();
        ShipmentOutcome outcome;
        try {
            outcome = adapters.transport(definition)
                    .deliver(new Shipment(
                            definition,
                            requestKey,
                            outgoing.stream().map(Outgoing::record).toList()));
        } catch (TransportFailure failure) {
            recordFailure(
                    definition,
                    outgoing,
                    recorded,
                    failure.getMessage(),
                    failure.reachedPlatform(),
                    failure.retryAfter());
            return new RunSummary(
                    claimed.size(),
                    outgoing.size(),
                    0,
                    unmappable.size(),
                    unchanged.size(),
                    outgoing.size(),
                    failure.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(
                    e,
                    "Transport %s failed unexpectedly for %s",
                    definition.transport().type(),
                    definition.id());
            String message = "transport error: " + e.getClass().getSimpleName();
            recordFailure(definition, outgoing, recorded, message, true, null);
            return new RunSummary(
                    claimed.size(), outgoing.size(), 0, unmappable.size(), unchanged.size(), outgoing.size(), message);
        }
        return recordOutcome(
                definition, claimed.size(), outgoing, recorded, outcome, unmappable.size(), unchanged.size());
    }

    private RunSummary recordOutcome(
            AdapterDefinition definition,
            int claimed,
            List<Outgoing> outgoing,
            SharingLedger.Recorded recorded,
            ShipmentOutcome outcome,
            int unmappable,
            int unchanged) {
        List<DeliveryStore.Accepted> accepted = new ArrayList<>();
        List<DeliveryStore.Rejected> rejected = new ArrayList<>();
        List<Long> done = new ArrayList<>();
        List<DeliveryStore.Retry> retries = new ArrayList<>();
        Instant now = clock.instant();
        // The shipment as a whole was taken (or written); records answered otherwise are the exceptions.
        String overall = outcome.records().values().stream().anyMatch(r -> r.result() == RecordOutcome.Result.EXPORTED)
                ? "EXPORTED"
                : "ACCEPTED";
        Map<Long, SharingLedger.Answer> exceptions = new LinkedHashMap<>();
        for (Outgoing o : outgoing) {
            RecordOutcome r = outcome.records()
                    .getOrDefault(o.record().key(), new RecordOutcome(RecordOutcome.Result.UNKNOWN, "平台未返回该记录的结果"));
            String result = r.result() == RecordOutcome.Result.UNKNOWN
                    ? "FAILED"
                    : r.result().name();
            if (!result.equals(overall)) {
                exceptions.put(
                        recorded.entries().get(o.record().residentId()), new SharingLedger.Answer(result, r.message()));
            }
            switch (r.result()) {
                case ACCEPTED, EXPORTED -> {
                    accepted.add(new DeliveryStore.Accepted(
                            o.record().residentId(),
                            o.record().version(),
                            o.record().operation() == Operation.UPSERT,
                            o.payloadHash(),
                            pii.encrypt(PiiField.DELIVERED_PAYLOAD, o.payloadJson())));
                    done.addAll(o.deliveryIds());
                }
                case REJECTED -> {
                    rejected.add(new DeliveryStore.Rejected(
                            o.record().residentId(), o.record().version(), r.message()));
                    done.addAll(o.deliveryIds());
                }
                case UNKNOWN -> retries.addAll(retriesFor(definition, o, r.message(), null, now));
            }
        }
        QuarkusTransaction.requiringNew().run(() -> {
            ledger.recordAnswer(recorded.shipmentId(), new SharingLedger.Answer(overall, null), exceptions, now);
            store.accept(definition.id(), definition.contentHash(), accepted);
            tasks.closeRejections(
                    definition.id(),
                    accepted.stream().map(DeliveryStore.Accepted::residentId).toList());
            store.reject(definition.id(), rejected);
            Map<UUID, String> rejections = new LinkedHashMap<>();
            rejected.forEach(r -> rejections.put(r.residentId(), "平台拒收：" + r.message()));
            tasks.openRejections(definition.id(), rejections);
            store.complete(done);
            store.retry(retries);
        });
        return new RunSummary(
                claimed,
                outgoing.size(),
                accepted.size(),
                rejected.size() + unmappable,
                unchanged,
                retries.size(),
                null);
    }

    private void recordFailure(
            AdapterDefinition definition,
            List<Outgoing> outgoing,
            SharingLedger.Recorded recorded,
            String message,
            boolean reached,
            Duration retryAfter) {
        Instant now = clock.instant();
        List<DeliveryStore.Retry> retries = new ArrayList<>();
        for (Outgoing o : outgoing) {
            retries.addAll(retriesFor(definition, o, message, retryAfter, now));
        }
        String answer = reached ? message : "未送达：" + message;
        QuarkusTransaction.requiringNew().run(() -> {
            ledger.recordAnswer(
                    recorded.shipmentId(), new SharingLedger.Answer("FAILED", limit(answer)), Map.of(), now);
            store.retry(retries);
        });
        LOG.warnf("Delivery to %s failed for %d records: %s", definition.id(), outgoing.size(), message);
    }

    private static String limit(String message) {
        return message.length() > 1000 ? message.substring(0, 1000) : message;
    }

    /**
     * Each delivery tries again after its backoff, or is dead once it has had its attempts. Claims
     * count attempts, so {@code attempts} already includes this one.
     */
    private static List<DeliveryStore.Retry> retriesFor(
            AdapterDefinition definition, Outgoing o, String message, Duration retryAfter, Instant now) {
        return o.deliveries().stream()
                .map(c -> new DeliveryStore.Retry(
                        c.id(),
                        now.plus(Backoff.delay(
                                definition.retry(), c.attempts(), retryAfter, ThreadLocalRandom.current()::nextDouble)),
                        c.attempts() >= definition.retry().maxAttempts(),
                        message == null ? null : message.length() > 1000 ? message.substring(0, 1000) : message))
                .toList();
    }

    /** A stable key for the same set of records: the Idempotency-Key header, or the file's batch name. */
    private static String requestKey(AdapterDefinition definition, List<Outgoing> outgoing) {
        StringBuilder sb = new StringBuilder(definition.id()).append('|').append(definition.contentHash());
        outgoing.stream()
                .map(o -> o.record().key())
                .sorted()
                .forEach(k -> sb.append('|').append(k));
        return sha256(sb.toString()).substring(0, 40);
    }

    private String canonicalJson(Map<String, Object> fields) {
        try {
            return json.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A record could not be written as JSON", e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
