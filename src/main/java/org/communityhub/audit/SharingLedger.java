package org.communityhub.audit;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.communityhub.audit.chain.AuditChain;
import org.communityhub.common.database.Jdbc;
import org.communityhub.common.database.Sql;

/**
 * The sharing ledger: what left the hub, for which platform, under which definition version and
 * legal basis, which of a person's fields, with what payload hash, when, and the platform's
 * answer. Append only: a shipment and its records are written before anything leaves, so a crash
 * mid-way still leaves a trace; answers are added as outcome rows; no row is ever changed. Call
 * inside a transaction.
 */
@ApplicationScoped
public class SharingLedger {

    /**
     * One record about to leave.
     *
     * @param fieldsSent which of the shipment's fields this record has a value for, as bits ("1101"
     *     for the first, second and fourth); null when it has them all
     * @param tagsSent the resident's tags the record discloses (by value or by being selected on)
     */
    public record Entry(
            UUID residentId,
            int residentVersion,
            String operation,
            String payloadHash,
            String fieldsSent,
            List<String> tagsSent) {}

    /**
     * What the whole shipment shares: the platform, its definition and legal basis, and the field
     * names a record carries (those of an UPSERT, and the fewer of a REMOVE).
     */
    public record Shipment(
            String adapterId,
            String definitionHash,
            String definitionVersion,
            String legalBasis,
            String requestKey,
            List<String> upsertFields,
            List<String> removeFields) {}

    /** A shipment written to the ledger: its id, and the ledger row id of each resident's record. */
    public record Recorded(long shipmentId, Map<UUID, Long> entries) {}

    /** A platform's answer. */
    public record Answer(String result, String message) {}

    private final Jdbc jdbc;

    SharingLedger(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a shipment and its records as sent, before they leave. */
    public Recorded recordSent(Shipment shipment, List<Entry> entries, Instant at) {
        Instant sentAt = at.truncatedTo(ChronoUnit.MICROS);
        int n = entries.size();
        long shipmentId = AuditChain.ids(jdbc, "sharing_shipment", 1)[0];
        long[] ids = AuditChain.ids(jdbc, "sharing_ledger", n);
        AuditChain chain = AuditChain.open(jdbc, AuditChain.SHARING);
        AuditChain.Link head = chain.next(
                "sharing_shipment",
                shipmentId,
                shipment.adapterId(),
                shipment.definitionHash(),
                shipment.definitionVersion(),
                shipment.legalBasis(),
                shipment.requestKey(),
                shipment.upsertFields(),
                shipment.removeFields(),
                n,
                sentAt);
        jdbc.update("""
                insert into sharing_shipment (id, adapter_id, definition_hash, definition_version, legal_basis,
                 request_key, upsert_fields, remove_fields, records, sent_at, chain_seq, prev_hash, row_hash)
                 overriding system value values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", (c, ps) -> {
            ps.setLong(1, shipmentId);
            ps.setString(2, shipment.adapterId());
            ps.setString(3, shipment.definitionHash());
            ps.setString(4, shipment.definitionVersion());
            ps.setString(5, shipment.legalBasis());
            ps.setString(6, shipment.requestKey());
            ps.setArray(7, c.createArrayOf("varchar", shipment.upsertFields().toArray()));
            ps.setArray(8, c.createArrayOf("varchar", shipment.removeFields().toArray()));
            ps.setInt(9, n);
            ps.setTimestamp(10, Timestamp.from(sentAt));
            ps.setLong(11, head.seq());
            ps.setBytes(12, head.previous());
            ps.setBytes(13, head.hash());
        });
        List<AuditChain.Link> links = new ArrayList<>(n);
        Map<UUID, Long> byResident = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            Entry e = entries.get(i);
            links.add(chain.next(
                    "sharing_ledger",
                    ids[i],
                    shipmentId,
                    e.residentId(),
                    e.residentVersion(),
                    e.operation(),
                    e.payloadHash(),
                    e.fieldsSent(),
                    tags(e)));
            byResident.put(e.residentId(), ids[i]);
        }
        List<Integer> positions = IntStream.range(0, n).boxed().toList();
        jdbc.update("""
                insert into sharing_ledger (id, shipment_id, resident_id, resident_version, operation, payload_hash,
                 fields_sent, tags_sent, chain_seq, prev_hash, row_hash)
                 overriding system value
                 select r.id, ?, r.rid, r.ver, r.op, r.hash, r.bits::varbit,
                 case when r.tags is null then null else string_to_array(r.tags, ',') end,
                 r.seq, r.prev, r.own
                 from unnest(?::bigint[], ?::uuid[], ?::int[], ?::varchar[], ?::varchar[], ?::varchar[],
                 ?::varchar[], ?::bigint[], ?::bytea[], ?::bytea[])
                 as r(id, rid, ver, op, hash, bits, tags, seq, prev, own)""", (c, ps) -> {
            ps.setLong(1, shipmentId);
            ps.setArray(2, Sql.column(c, "bigint", positions, i -> ids[i]));
            ps.setArray(3, Sql.column(c, "uuid", entries, Entry::residentId));
            ps.setArray(4, Sql.column(c, "integer", entries, Entry::residentVersion));
            ps.setArray(5, Sql.column(c, "varchar", entries, Entry::operation));
            ps.setArray(6, Sql.column(c, "varchar", entries, Entry::payloadHash));
            ps.setArray(7, Sql.column(c, "varchar", entries, Entry::fieldsSent));
            ps.setArray(8, Sql.column(c, "varchar", entries, e -> tags(e) == null ? null : String.join(",", tags(e))));
            ps.setArray(9, Sql.column(c, "bigint", links, AuditChain.Link::seq));
            ps.setArray(10, Sql.column(c, "bytea", links, AuditChain.Link::previous));
            ps.setArray(11, Sql.column(c, "bytea", links, AuditChain.Link::hash));
        });
        chain.close();
        return new Recorded(shipmentId, byResident);
    }

    /** The tags as stored: sorted, or null when there are none. */
    private static List<String> tags(Entry e) {
        return e.tagsSent() == null || e.tagsSent().isEmpty()
                ? null
                : e.tagsSent().stream().sorted().toList();
    }

    /**
     * Records the platform's answer: {@code overall} for the shipment, and {@code exceptions} for
     * the records (by ledger row id) whose answer differs from it.
     */
    public void recordAnswer(long shipmentId, Answer overall, Map<Long, Answer> exceptions, Instant at) {
        Instant answeredAt = at.truncatedTo(ChronoUnit.MICROS);
        List<Map.Entry<Long, Answer>> rows = new ArrayList<>(exceptions.size() + 1);
        rows.add(new java.util.AbstractMap.SimpleImmutableEntry<>(null, overall));
        rows.addAll(exceptions.entrySet());
        long[] ids = AuditChain.ids(jdbc, "sharing_outcome", rows.size());
        AuditChain chain = AuditChain.open(jdbc, AuditChain.SHARING);
        List<AuditChain.Link> links = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Map.Entry<Long, Answer> row = rows.get(i);
            links.add(chain.next(
                    "sharing_outcome",
                    ids[i],
                    shipmentId,
                    row.getKey(),
                    row.getValue().result(),
                    row.getValue().message(),
                    answeredAt));
        }
        List<Integer> positions = IntStream.range(0, rows.size()).boxed().toList();
        jdbc.update("""
                insert into sharing_outcome (id, shipment_id, ledger_id, result, message, answered_at, chain_seq,
                 prev_hash, row_hash) overriding system value
                 select r.id, ?, r.lid, r.result, r.message, ?, r.seq, r.prev, r.own
                 from unnest(?::bigint[], ?::bigint[], ?::varchar[], ?::varchar[], ?::bigint[], ?::bytea[],
                 ?::bytea[]) as r(id, lid, result, message, seq, prev, own)""", (c, ps) -> {
            ps.setLong(1, shipmentId);
            ps.setTimestamp(2, Timestamp.from(answeredAt));
            ps.setArray(3, Sql.column(c, "bigint", positions, i -> ids[i]));
            ps.setArray(4, Sql.column(c, "bigint", rows, Map.Entry::getKey));
            ps.setArray(5, Sql.column(c, "varchar", rows, r -> r.getValue().result()));
            ps.setArray(6, Sql.column(c, "varchar", rows, r -> r.getValue().message()));
            ps.setArray(7, Sql.column(c, "bigint", links, AuditChain.Link::seq));
            ps.setArray(8, Sql.column(c, "bytea", links, AuditChain.Link::previous));
            ps.setArray(9, Sql.column(c, "bytea", links, AuditChain.Link::hash));
        });
        chain.close();
    }
}
