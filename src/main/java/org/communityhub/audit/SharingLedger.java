package org.communityhub.audit;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The sharing ledger: what left the hub, for which platform, under which definition version and
 * legal basis, which of a person's fields, with what payload hash, when, and the platform's
 * answer. Append only: a shipment and its records are written before anything leaves, so a crash
 * mid-way still leaves a trace; answers are added as outcome rows; no row is ever changed. Call
 * inside a transaction.
 */
@ApplicationScoped
public class SharingLedger {

    /** One record about to leave. */
    public record Entry(UUID residentId, int residentVersion, String operation, String payloadHash) {}

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

    private final AgroalDataSource dataSource;

    SharingLedger(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records a shipment and its records as sent, before they leave. */
    public Recorded recordSent(Shipment shipment, List<Entry> entries, Instant at) {
        int n = entries.size();
        UUID[] residents = new UUID[n];
        Integer[] versions = new Integer[n];
        String[] operations = new String[n];
        String[] hashes = new String[n];
        for (int i = 0; i < n; i++) {
            Entry e = entries.get(i);
            residents[i] = e.residentId();
            versions[i] = e.residentVersion();
            operations[i] = e.operation();
            hashes[i] = e.payloadHash();
        }
        try (Connection c = dataSource.getConnection()) {
            long shipmentId;
            try (PreparedStatement ps = c.prepareStatement("insert into sharing_shipment (adapter_id, definition_hash,"
                    + " definition_version, legal_basis, request_key, upsert_fields, remove_fields, records, sent_at)"
                    + " values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id")) {
                ps.setString(1, shipment.adapterId());
                ps.setString(2, shipment.definitionHash());
                ps.setString(3, shipment.definitionVersion());
                ps.setString(4, shipment.legalBasis());
                ps.setString(5, shipment.requestKey());
                ps.setArray(
                        6, c.createArrayOf("varchar", shipment.upsertFields().toArray()));
                ps.setArray(
                        7, c.createArrayOf("varchar", shipment.removeFields().toArray()));
                ps.setInt(8, n);
                ps.setTimestamp(9, Timestamp.from(at));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    shipmentId = rs.getLong(1);
                }
            }
            Map<UUID, Long> ids = new HashMap<>(n * 2);
            try (PreparedStatement ps = c.prepareStatement("insert into sharing_ledger (shipment_id, resident_id,"
                    + " resident_version, operation, payload_hash)"
                    + " select ?, r.rid, r.ver, r.op, r.hash"
                    + " from unnest(?::uuid[], ?::int[], ?::varchar[], ?::varchar[]) as r(rid, ver, op, hash)"
                    + " returning id, resident_id")) {
                ps.setLong(1, shipmentId);
                ps.setArray(2, c.createArrayOf("uuid", residents));
                ps.setArray(3, c.createArrayOf("integer", versions));
                ps.setArray(4, c.createArrayOf("varchar", operations));
                ps.setArray(5, c.createArrayOf("varchar", hashes));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.put(rs.getObject(2, UUID.class), rs.getLong(1));
                    }
                }
            }
            return new Recorded(shipmentId, ids);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not write the sharing ledger", e);
        }
    }

    /**
     * Records the platform's answer: {@code overall} for the shipment, and {@code exceptions} for
     * the records (by ledger row id) whose answer differs from it.
     */
    public void recordAnswer(long shipmentId, Answer overall, Map<Long, Answer> exceptions, Instant at) {
        int n = exceptions.size() + 1;
        Long[] ledgerIds = new Long[n];
        String[] results = new String[n];
        String[] messages = new String[n];
        ledgerIds[0] = null;
        results[0] = overall.result();
        messages[0] = overall.message();
        int i = 1;
        for (Map.Entry<Long, Answer> e : exceptions.entrySet()) {
            ledgerIds[i] = e.getKey();
            results[i] = e.getValue().result();
            messages[i] = e.getValue().message();
            i++;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("insert into sharing_outcome (shipment_id, ledger_id, result,"
                        + " message, answered_at) select ?, r.lid, r.result, r.message, ?"
                        + " from unnest(?::bigint[], ?::varchar[], ?::varchar[]) as r(lid, result, message)")) {
            ps.setLong(1, shipmentId);
            ps.setTimestamp(2, Timestamp.from(at));
            ps.setArray(3, c.createArrayOf("bigint", ledgerIds));
            ps.setArray(4, c.createArrayOf("varchar", results));
            ps.setArray(5, c.createArrayOf("varchar", messages));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not write an answer to the sharing ledger", e);
        }
    }
}
