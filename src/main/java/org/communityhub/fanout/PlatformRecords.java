package org.communityhub.fanout;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.communityhub.common.database.Jdbc;
import org.communityhub.common.database.Sql;

/**
 * What each platform holds of each resident ({@code platform_record}): the version and payload it
 * took, whether it still holds the record, its latest refusal; and which residents a platform
 * must hear about. Set-based SQL, in the caller's transaction.
 */
@ApplicationScoped
class PlatformRecords {

    private final Jdbc jdbc;

    PlatformRecords(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** What a platform holds of a resident. */
    record PlatformRecord(boolean held, Integer acceptedVersion, String payloadHash, byte[] payloadCipher) {}

    /** A record the platform took (or a file now holds). */
    record Accepted(UUID residentId, int version, boolean held, String payloadHash, byte[] payloadCipher) {}

    /** A record the platform (or the mapping) refused. */
    record Rejected(UUID residentId, int version, String message) {}

    /**
     * For each of the adapters, which of these residents it must hear about whether or not they
     * match: its platform holds them (or may, after a shipment that went unanswered), or a
     * delivery to it is on its way (a first record not yet accepted, whose removal must follow).
     */
    Map<String, Set<UUID>> mustHear(Collection<String> adapters, Collection<UUID> residents) {
        Map<String, Set<UUID>> held = new HashMap<>();
        jdbc.query(
                "select adapter_id, resident_id from platform_record"
                        + " where adapter_id = any(?) and resident_id = any(?) and held"
                        + " union select adapter_id, resident_id from delivery"
                        + " where adapter_id = any(?) and resident_id = any(?)",
                (c, ps) -> {
                    ps.setArray(1, c.createArrayOf("varchar", adapters.toArray()));
                    ps.setArray(2, c.createArrayOf("uuid", residents.toArray()));
                    ps.setArray(3, c.createArrayOf("varchar", adapters.toArray()));
                    ps.setArray(4, c.createArrayOf("uuid", residents.toArray()));
                },
                rs -> held.computeIfAbsent(rs.getString(1), a -> new HashSet<>())
                        .add(rs.getObject(2, UUID.class)));
        return held;
    }

    Map<UUID, PlatformRecord> platformRecords(String adapterId, Collection<UUID> residents) {
        Map<UUID, PlatformRecord> records = new HashMap<>();
        jdbc.query(
                "select resident_id, held, accepted_version, payload_hash, payload_cipher from platform_record"
                        + " where adapter_id = ? and resident_id = any(?)",
                (c, ps) -> {
                    ps.setString(1, adapterId);
                    ps.setArray(2, c.createArrayOf("uuid", residents.toArray()));
                },
                rs -> records.put(
                        rs.getObject(1, UUID.class),
                        new PlatformRecord(
                                rs.getBoolean(2), (Integer) rs.getObject(3), rs.getString(4), rs.getBytes(5))));
        return records;
    }

    void accept(String adapterId, String definitionHash, List<Accepted> accepted) {
        if (accepted.isEmpty()) {
            return;
        }
        jdbc.update(
                "insert into platform_record (adapter_id, resident_id, held, accepted_version, accepted_at, payload_hash,"
                        + " payload_cipher, definition_hash)"
                        + " select ?, r.rid, r.held, r.ver, now(), r.hash, r.payload, ?"
                        + " from unnest(?::uuid[], ?::int[], ?::boolean[], ?::varchar[], ?::bytea[])"
                        + " as r(rid, ver, held, hash, payload)"
                        + " on conflict (adapter_id, resident_id) do update set held = excluded.held,"
                        + " accepted_version = excluded.accepted_version, accepted_at = excluded.accepted_at,"
                        + " payload_hash = excluded.payload_hash, payload_cipher = excluded.payload_cipher,"
                        + " definition_hash = excluded.definition_hash,"
                        + " rejected_version = case when platform_record.rejected_version <= excluded.accepted_version"
                        + "   then null else platform_record.rejected_version end,"
                        + " rejection_message = case when platform_record.rejected_version <= excluded.accepted_version"
                        + "   then null else platform_record.rejection_message end",
                (c, ps) -> {
                    ps.setString(1, adapterId);
                    ps.setString(2, definitionHash);
                    ps.setArray(3, Sql.column(c, "uuid", accepted, Accepted::residentId));
                    ps.setArray(4, Sql.column(c, "integer", accepted, Accepted::version));
                    ps.setArray(5, Sql.column(c, "boolean", accepted, Accepted::held));
                    ps.setArray(6, Sql.column(c, "varchar", accepted, Accepted::payloadHash));
                    ps.setArray(7, Sql.column(c, "bytea", accepted, Accepted::payloadCipher));
                });
        // Dead deliveries of versions the platform now has (or has beyond) are done with.
        jdbc.update(
                "delete from delivery d using unnest(?::uuid[], ?::int[]) as r(rid, ver)"
                        + " where d.adapter_id = ? and d.status = 'DEAD' and d.resident_id = r.rid"
                        + " and d.target_version <= r.ver",
                (c, ps) -> {
                    ps.setArray(1, Sql.column(c, "uuid", accepted, Accepted::residentId));
                    ps.setArray(2, Sql.column(c, "integer", accepted, Accepted::version));
                    ps.setString(3, adapterId);
                });
    }

    /** The platform already holds this content: its record is current at this version too. */
    void confirmUnchanged(String adapterId, Map<UUID, Integer> versions) {
        if (versions.isEmpty()) {
            return;
        }
        jdbc.update(
                "update platform_record p set accepted_version = r.ver,"
                        + " rejected_version = case when p.rejected_version <= r.ver then null else p.rejected_version end,"
                        + " rejection_message = case when p.rejected_version <= r.ver then null else p.rejection_message end"
                        + " from unnest(?::uuid[], ?::int[]) as r(rid, ver)"
                        + " where p.adapter_id = ? and p.resident_id = r.rid",
                (c, ps) -> {
                    ps.setArray(1, c.createArrayOf("uuid", versions.keySet().toArray()));
                    ps.setArray(2, c.createArrayOf("integer", versions.values().toArray()));
                    ps.setString(3, adapterId);
                });
    }

    /**
     * A shipment reached the platform but went unanswered: the platform may hold these residents
     * now, so a later removal must be sent to it even if it never confirms.
     */
    void mayHold(String adapterId, Collection<UUID> residents) {
        if (residents.isEmpty()) {
            return;
        }
        jdbc.update(
                "insert into platform_record (adapter_id, resident_id, held) select ?, r.rid, true"
                        + " from unnest(?::uuid[]) as r(rid)"
                        + " on conflict (adapter_id, resident_id) do update set held = true",
                (c, ps) -> {
                    ps.setString(1, adapterId);
                    ps.setArray(2, c.createArrayOf("uuid", residents.toArray()));
                });
    }

    void reject(String adapterId, List<Rejected> rejected) {
        if (rejected.isEmpty()) {
            return;
        }
        jdbc.update(
                "insert into platform_record (adapter_id, resident_id, held, rejected_version, rejected_at, rejection_message)"
                        + " select ?, r.rid, false, r.ver, now(), r.message"
                        + " from unnest(?::uuid[], ?::int[], ?::varchar[]) as r(rid, ver, message)"
                        + " on conflict (adapter_id, resident_id) do update set rejected_version = excluded.rejected_version,"
                        + " rejected_at = excluded.rejected_at, rejection_message = excluded.rejection_message",
                (c, ps) -> {
                    ps.setString(1, adapterId);
                    ps.setArray(2, Sql.column(c, "uuid", rejected, Rejected::residentId));
                    ps.setArray(3, Sql.column(c, "integer", rejected, Rejected::version));
                    ps.setArray(4, Sql.column(c, "varchar", rejected, Rejected::message));
                });
    }
}
