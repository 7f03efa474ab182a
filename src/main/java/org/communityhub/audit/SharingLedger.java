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
 * answer. Entries are written before the data leaves (result {@code SENT}), so a crash mid-way
 * still leaves a trace; the result is filled in when it is known. Call inside a transaction.
 */
@ApplicationScoped
public class SharingLedger {

    /** Separates field names in one array parameter; no field name contains it. */
    private static final String UNIT_SEPARATOR = "\u001f";

    /** One record about to leave. */
    public record Entry(
            UUID residentId, int residentVersion, String operation, List<String> fields, String payloadHash) {}

    /** What the whole shipment shares. */
    public record Shipment(
            String adapterId, String definitionHash, String definitionVersion, String legalBasis, String requestKey) {}

    private final AgroalDataSource dataSource;

    SharingLedger(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records entries as sent; returns the ledger row id of each resident's entry. */
    public Map<UUID, Long> recordSent(Shipment shipment, List<Entry> entries, Instant at) {
        int n = entries.size();
        UUID[] residents = new UUID[n];
        Integer[] versions = new Integer[n];
        String[] operations = new String[n];
        String[] fields = new String[n];
        String[] hashes = new String[n];
        for (int i = 0; i < n; i++) {
            Entry e = entries.get(i);
            residents[i] = e.residentId();
            versions[i] = e.residentVersion();
            operations[i] = e.operation();
            fields[i] = String.join(UNIT_SEPARATOR, e.fields());
            hashes[i] = e.payloadHash();
        }
        String sql = "insert into sharing_ledger (adapter_id, definition_hash, definition_version, legal_basis,"
                + " resident_id, resident_version, operation, fields, payload_hash, request_key, sent_at, result)"
                + " select ?, ?, ?, ?, r.rid, r.ver, r.op, string_to_array(r.fields, chr(31))::varchar(100)[], r.hash,"
                + " ?, ?, 'SENT' from unnest(?::uuid[], ?::int[], ?::varchar[], ?::text[], ?::varchar[])"
                + " as r(rid, ver, op, fields, hash) returning id, resident_id";
        Map<UUID, Long> ids = new HashMap<>(n * 2);
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, shipment.adapterId());
            ps.setString(2, shipment.definitionHash());
            ps.setString(3, shipment.definitionVersion());
            ps.setString(4, shipment.legalBasis());
            ps.setString(5, shipment.requestKey());
            ps.setTimestamp(6, Timestamp.from(at));
            ps.setArray(7, c.createArrayOf("uuid", residents));
            ps.setArray(8, c.createArrayOf("integer", versions));
            ps.setArray(9, c.createArrayOf("varchar", operations));
            ps.setArray(10, c.createArrayOf("text", fields));
            ps.setArray(11, c.createArrayOf("varchar", hashes));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.put(rs.getObject(2, UUID.class), rs.getLong(1));
                }
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not write the sharing ledger", e);
        }
    }

    /**
     * Fills in results: {@code ACCEPTED}, {@code REJECTED}, {@code FAILED} or {@code EXPORTED},
     * with the platform's message where there is one.
     */
    public void recordResults(long[] ids, String[] results, String[] messages) {
        if (ids.length == 0) {
            return;
        }
        Long[] boxed = new Long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            boxed[i] = ids[i];
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "update sharing_ledger l set result = r.result, message = r.message"
                                + " from unnest(?::bigint[], ?::varchar[], ?::varchar[]) as r(id, result, message) where l.id = r.id")) {
            ps.setArray(1, c.createArrayOf("bigint", boxed));
            ps.setArray(2, c.createArrayOf("varchar", results));
            ps.setArray(3, c.createArrayOf("varchar", messages));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not write results to the sharing ledger", e);
        }
    }
}
