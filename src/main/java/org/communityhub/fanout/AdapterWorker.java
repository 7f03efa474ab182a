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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import org.communityhub.reference.identity.Masking;
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
            OutboundRecord record,
            DeliveryStore.Claimed delivery,
            boolean forced,
            String payloadJson,
            String payloadHash,
            List<String> disclosedTags) {}

    private final DeliveryStore store;
    private final PlatformRecords records;
    private final Adapters adapters;
    private final ResidentSnapshots snapshots;
    private final RecordMapper mapper;
    private final SharingLedger ledger;
    private final TaskService tasks;
    private final PiiCipher pii;
    private final PlatformFiles files;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    AdapterWorker(
            DeliveryStore store,
            PlatformRecords records,
            Adapters adapters,
            ResidentSnapshots snapshots,
            RecordMapper mapper,
            SharingLedger ledger,
            TaskService tasks,
            PiiCipher pii,
            PlatformFiles files,
            Clock clock) {
        this.store = store;
        this.records = records;
        this.adapters = adapters;
        this.snapshots = snapshots;
        this.mapper = mapper;
        this.ledger = ledger;
        this.tasks = tasks;
        this.pii = pii;
        this.files = files;
        this.clock = clock;
    }

    /** Claims and delivers one batch for the adapter; {@link RunSummary#NOTHING} when none was due. */
    RunSummary runOnce(AdapterDefinition definition, String owner, Duration lease, RateLimiter limiter) {
        // Wait for the platform's rate before claiming, so claimed work never waits out its lease.
        limiter.awaitTurn();
        List<DeliveryStore.Claimed> claimed = QuarkusTransaction.requiringNew()
                .call(() -> store.claim(definition.id(), owner, definition.batchSize(), lease));
        if (claimed.isEmpty()) {
            return RunSummary.NOTHING;
        }
        Instant claimedAt = clock.instant();
        // A delivery claimed again after its sender died, with no attempts left, is given up on.
        List<DeliveryStore.Retry> exhausted = new ArrayList<>();
        List<Long> superseded = new ArrayList<>();
        Map<UUID, Primary> byResident = new LinkedHashMap<>();
        for (DeliveryStore.Claimed c : claimed) {
            if (c.attempts() > definition.retry().maxAttempts()) {
                exhausted.add(new DeliveryStore.Retry(c.id(), claimedAt, true, "发送多次中断，已停止重试", c.forced()));
                continue;
            }
            Primary p = byResident.get(c.residentId());
            if (p == null) {
                byResident.put(c.residentId(), new Primary(c, c.forced()));
            } else {
                // One delivery per resident goes; older ones (a crashed sender's) are superseded by it.
                DeliveryStore.Claimed keep = c.id() > p.delivery().id() ? c : p.delivery();
                superseded.add(keep == c ? p.delivery().id() : c.id());
                byResident.put(c.residentId(), new Primary(keep, p.forced() || c.forced()));
            }
        }
        Map<UUID, ResidentSnapshot> current = new HashMap<>();
        snapshots
                .load(byResident.keySet(), definition.needsPersonalIdentifiers())
                .forEach(s -> current.put(s.id(), s));
        Map<UUID, PlatformRecords.PlatformRecord> holding = QuarkusTransaction.requiringNew()
                .call(() -> records.platformRecords(definition.id(), byResident.keySet()));

        List<Long> done = new ArrayList<>(superseded);
        Map<UUID, Integer> unchanged = new LinkedHashMap<>();
        List<PlatformRecords.Rejected> unmappable = new ArrayList<>();
        List<Outgoing> outgoing = new ArrayList<>();
        byResident.forEach((resident, primary) -> {
            ResidentSnapshot s = current.get(resident);
            Decision decision =
                    s == null ? Decision.NOTHING : decide(definition, s, holding.get(resident), primary.forced());
            switch (decision.kind()) {
                case NOTHING -> done.add(primary.delivery().id());
                case UNCHANGED -> {
                    unchanged.put(resident, s.version());
                    done.add(primary.delivery().id());
                }
                case UNMAPPABLE -> {
                    unmappable.add(new PlatformRecords.Rejected(resident, s.version(), decision.problem()));
                    done.add(primary.delivery().id());
                }
                case SEND ->
                    outgoing.add(new Outgoing(
                            decision.record(),
                            primary.delivery(),
                            primary.forced(),
                            decision.payloadJson(),
                            decision.hash(),
                            decision.tags()));
            }
        });

        String requestKey = requestKey(definition, outgoing);
        // The ledger names what actually left: the fields the records carry, in the platform's order.
        List<String> upsertFields = sentFieldNames(definition.fieldNames(), outgoing, Operation.UPSERT);
        List<String> removeFields = sentFieldNames(definition.removalFields(), outgoing, Operation.REMOVE);
        Instant now = clock.instant();
        SharingLedger.Recorded recorded = QuarkusTransaction.requiringNew().call(() -> {
            store.retry(exhausted, owner);
            records.confirmUnchanged(definition.id(), unchanged);
            tasks.closeRejections(definition.id(), unchanged.keySet());
            if (!unmappable.isEmpty()) {
                records.reject(definition.id(), unmappable);
                Map<UUID, String> messages = new LinkedHashMap<>();
                unmappable.forEach(r -> messages.put(r.residentId(), r.message()));
                tasks.openRejections(definition.id(), messages);
            }
            store.complete(done, owner);
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
                            upsertFields,
                            removeFields),
                    outgoing.stream()
                            .map(o -> new SharingLedger.Entry(
                                    o.record().residentId(),
                                    o.record().version(),
                                    o.record().operation().name(),
                                    o.payloadHash(),
                                    fieldsSent(
                                            o.record().operation() == Operation.REMOVE ? removeFields : upsertFields,
                                            o.record().fields()),
                                    o.disclosedTags()))
                            .toList(),
                    now);
        });
        if (outgoing.isEmpty()) {
            return new RunSummary(claimed.size(), 0, 0, unmappable.size(), unchanged.size(), exhausted.size(), null);
        }

        limiter.acquire();
        ShipmentOutcome outcome;
        try {
            outcome = ship(
                    definition,
                    new Shipment(
                            definition,
                            requestKey,
                            outgoing.stream().map(Outgoing::record).toList()));
        } catch (TransportFailure failure) {
            recordFailure(definition, owner, outgoing, recorded, failure);
            return new RunSummary(
                    claimed.size(),
                    outgoing.size(),
                    0,
                    unmappable.size(),
                    unchanged.size(),
                    outgoing.size() + exhausted.size(),
                    failure.getMessage());
        }
        return recordOutcome(
                definition,
                owner,
                claimed.size(),
                outgoing,
                recorded,
                outcome,
                unmappable.size(),
                unchanged.size(),
                exhausted.size());
    }

    /**
     * The definition's fields for one kind of record, followed by any other name a record of that
     * kind carries (there should be none; the over-sharing check would show it).
     */
    private static List<String> sentFieldNames(List<String> declared, List<Outgoing> outgoing, Operation operation) {
        Set<String> names = new LinkedHashSet<>(declared);
        for (Outgoing o : outgoing) {
            if (o.record().operation() == operation) {
                names.addAll(o.record().fields().keySet());
            }
        }
        return List.copyOf(names);
    }

    /** Which of {@code names} a record has a value for, as bits; null when it has them all. */
    static String fieldsSent(List<String> names, Map<String, Object> fields) {
        StringBuilder bits = new StringBuilder(names.size());
        boolean all = true;
        for (String name : names) {
            Object value = fields.get(name);
            boolean sent = value != null && !"".equals(value);
            bits.append(sent ? '1' : '0');
            all &= sent;
        }
        return all ? null : bits.toString();
    }

    /** The delivery that goes for a resident, and whether any of its claimed deliveries was forced. */
    private record Primary(DeliveryStore.Claimed delivery, boolean forced) {}

    /** What to do for one resident. */
    private record Decision(
            Kind kind, OutboundRecord record, String payloadJson, String hash, List<String> tags, String problem) {

        enum Kind {
            NOTHING,
            UNCHANGED,
            UNMAPPABLE,
            SEND
        }

        static final Decision NOTHING = new Decision(Kind.NOTHING, null, null, null, null, null);
        static final Decision UNCHANGED = new Decision(Kind.UNCHANGED, null, null, null, null, null);

        static Decision unmappable(String problem) {
            return new Decision(Kind.UNMAPPABLE, null, null, null, null, problem);
        }
    }

    /**
     * Whether the platform gets the resident's record, its removal or nothing: the record while
     * the resident matches; the removal once they no longer do and the platform holds (or may
     * hold) them; nothing when the platform has this content already, unless forced.
     */
    private Decision decide(
            AdapterDefinition definition, ResidentSnapshot s, PlatformRecords.PlatformRecord held, boolean forced) {
        MappedRecord mapped;
        Operation operation;
        try {
            if (mapper.matches(definition, s)) {
                operation = Operation.UPSERT;
            } else if (held != null && held.held()) {
                operation = Operation.REMOVE;
            } else {
                return Decision.NOTHING;
            }
            mapped = mapper.map(
                    definition, s, operation, operation == Operation.REMOVE ? lastDelivered(held) : Map.of());
        } catch (RuntimeException e) {
            // A fault in the mapping must not hold up the rest of the batch; the log names no one.
            LOG.errorf(e, "Mapping a record for %s failed", definition.id());
            return Decision.unmappable("本系统生成该平台记录时出错，请联系管理员");
        }
        if (!mapped.deliverable()) {
            return Decision.unmappable("本系统无法生成该平台所需的记录：" + String.join("；", mapped.problems()));
        }
        String payloadJson = canonicalJson(mapped.fields());
        String hash = sha256(payloadJson);
        boolean platformHasIt = held != null
                && held.acceptedVersion() != null
                && held.held() == (operation == Operation.UPSERT)
                && hash.equals(held.payloadHash());
        if (platformHasIt && !forced) {
            return Decision.UNCHANGED;
        }
        // The key names the content too: a platform that ignores a repeated key still takes new content.
        String key = definition.id() + ":" + s.id() + ":" + s.version() + ":" + hash.substring(0, 8)
                + (operation == Operation.REMOVE ? ":remove" : "");
        return new Decision(
                Decision.Kind.SEND,
                new OutboundRecord(key, s.id(), s.version(), operation, mapped.fields(), s.communityCode()),
                payloadJson,
                hash,
                mapped.disclosedTags(),
                null);
    }

    /**
     * Hands a shipment to its transport. A fault inside a transport (a bug, not the platform's
     * answer) is logged and treated as a failed shipment that may be tried again.
     */
    private ShipmentOutcome ship(AdapterDefinition definition, Shipment shipment) throws TransportFailure {
        try {
            return adapters.transport(definition).deliver(shipment);
        } catch (RuntimeException e) {
            LOG.errorf(
                    e,
                    "Transport %s failed unexpectedly for %s",
                    definition.transport().type(),
                    definition.id());
            throw new TransportFailure("transport error: " + e.getClass().getSimpleName(), true, true, null);
        }
    }

    private RunSummary recordOutcome(
            AdapterDefinition definition,
            String owner,
            int claimed,
            List<Outgoing> outgoing,
            SharingLedger.Recorded recorded,
            ShipmentOutcome outcome,
            int unmappable,
            int unchanged,
            int exhausted) {
        List<PlatformRecords.Accepted> accepted = new ArrayList<>();
        List<PlatformRecords.Rejected> rejected = new ArrayList<>();
        List<Long> done = new ArrayList<>();
        List<DeliveryStore.Retry> retries = new ArrayList<>();
        List<UUID> unanswered = new ArrayList<>();
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
            // A platform may quote the ID number it refused; the hub keeps and shows it masked.
            String message = Masking.maskIdentifiersIn(r.message());
            if (!result.equals(overall)) {
                exceptions.put(
                        recorded.entries().get(o.record().residentId()), new SharingLedger.Answer(result, message));
            }
            switch (r.result()) {
                case ACCEPTED, EXPORTED -> {
                    accepted.add(new PlatformRecords.Accepted(
                            o.record().residentId(),
                            o.record().version(),
                            o.record().operation() == Operation.UPSERT,
                            o.payloadHash(),
                            pii.encrypt(PiiField.DELIVERED_PAYLOAD, o.payloadJson())));
                    done.add(o.delivery().id());
                }
                case REJECTED -> {
                    rejected.add(new PlatformRecords.Rejected(
                            o.record().residentId(), o.record().version(), message));
                    done.add(o.delivery().id());
                }
                case UNKNOWN -> {
                    retries.add(retryFor(definition, o, message, null, true, now));
                    if (o.record().operation() == Operation.UPSERT) {
                        unanswered.add(o.record().residentId());
                    }
                }
            }
        }
        QuarkusTransaction.requiringNew().run(() -> {
            records.accept(definition.id(), definition.contentHash(), accepted);
            tasks.closeRejections(
                    definition.id(),
                    accepted.stream().map(PlatformRecords.Accepted::residentId).toList());
            records.reject(definition.id(), rejected);
            Map<UUID, String> rejections = new LinkedHashMap<>();
            rejected.forEach(r -> rejections.put(r.residentId(), "平台拒收：" + r.message()));
            tasks.openRejections(definition.id(), rejections);
            records.mayHold(definition.id(), unanswered);
            store.complete(done, owner);
            store.retry(retries, owner);
            if (!outcome.files().isEmpty()) {
                Map<String, UUID> residentByKey = new HashMap<>();
                outgoing.forEach(
                        o -> residentByKey.put(o.record().key(), o.record().residentId()));
                files.recordWritten(definition.id(), outcome.files(), residentByKey);
            }
            // Last: the ledger's chain head stays locked until commit, so it is taken as late as possible.
            ledger.recordAnswer(recorded.shipmentId(), new SharingLedger.Answer(overall, null), exceptions, now);
        });
        return new RunSummary(
                claimed,
                outgoing.size(),
                accepted.size(),
                rejected.size() + unmappable,
                unchanged,
                retries.size() + exhausted,
                null);
    }

    private void recordFailure(
            AdapterDefinition definition,
            String owner,
            List<Outgoing> outgoing,
            SharingLedger.Recorded recorded,
            TransportFailure failure) {
        Instant now = clock.instant();
        String message = failure.getMessage();
        List<DeliveryStore.Retry> retries = new ArrayList<>();
        for (Outgoing o : outgoing) {
            retries.add(retryFor(definition, o, message, failure.retryAfter(), failure.retryable(), now));
        }
        // Records that reached the platform may be held by it now, answered or not.
        List<UUID> mayHold = failure.reachedPlatform()
                ? outgoing.stream()
                        .filter(o -> o.record().operation() == Operation.UPSERT)
                        .map(o -> o.record().residentId())
                        .toList()
                : List.of();
        String answer = failure.reachedPlatform() ? message : "未送达：" + message;
        QuarkusTransaction.requiringNew().run(() -> {
            records.mayHold(definition.id(), mayHold);
            store.retry(retries, owner);
            ledger.recordAnswer(
                    recorded.shipmentId(), new SharingLedger.Answer("FAILED", limit(answer)), Map.of(), now);
        });
        LOG.warnf("Delivery to %s failed for %d records: %s", definition.id(), outgoing.size(), message);
    }

    private static String limit(String message) {
        return message.length() > 1000 ? message.substring(0, 1000) : message;
    }

    /**
     * The delivery tries again after its backoff, or is dead once it has had its attempts (or
     * when trying again cannot help). Claims count attempts, so {@code attempts} includes this one.
     */
    private static DeliveryStore.Retry retryFor(
            AdapterDefinition definition,
            Outgoing o,
            String message,
            Duration retryAfter,
            boolean retryable,
            Instant now) {
        int attempts = o.delivery().attempts();
        return new DeliveryStore.Retry(
                o.delivery().id(),
                now.plus(Backoff.delay(
                        definition.retry(), attempts, retryAfter, ThreadLocalRandom.current()::nextDouble)),
                !retryable || attempts >= definition.retry().maxAttempts(),
                message == null ? null : limit(message),
                o.forced());
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

    /** The record as the platform last received it, by its field names; empty when not kept. */
    private Map<String, Object> lastDelivered(PlatformRecords.PlatformRecord held) {
        if (held == null || held.payloadCipher() == null) {
            return Map.of();
        }
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> fields =
                    json.readValue(pii.decrypt(PiiField.DELIVERED_PAYLOAD, held.payloadCipher()), Map.class);
            return fields;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("A delivered record could not be read", e);
        }
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
