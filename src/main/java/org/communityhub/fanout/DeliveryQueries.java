package org.communityhub.fanout;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.communityhub.common.database.Jdbc;

/**
 * What operators and the desk read of the delivery engine: deliveries by platform and status, the
 * age of the oldest waiting one, everything the engine knows of one resident, waiting work in an
 * area. Reads only.
 */
@ApplicationScoped
class DeliveryQueries {

    private final Jdbc jdbc;

    DeliveryQueries(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Deliveries of one adapter by status, and the age of the oldest waiting one. */
    record Counts(Map<String, Long> byStatus, Instant oldestWaiting) {}

    Counts counts(String adapterId) {
        Map<String, Long> byStatus = new HashMap<>();
        Instant[] oldest = {null};
        jdbc.query(
                "select status, count(*), min(created_at) filter (where status <> 'DEAD') from delivery"
                        + " where adapter_id = ? group by status",
                ps -> ps.setString(1, adapterId),
                rs -> {
                    byStatus.put(rs.getString(1), rs.getLong(2));
                    Timestamp t = rs.getTimestamp(3);
                    if (t != null && (oldest[0] == null || t.toInstant().isBefore(oldest[0]))) {
                        oldest[0] = t.toInstant();
                    }
                    return null;
                });
        return new Counts(byStatus, oldest[0]);
    }

    List<DeliveryItem> deliveries(String adapterId, String status, int offset, int limit) {
        return jdbc.query(
                "select id, resident_id, status, attempts, target_version, next_attempt_at, last_error, created_at"
                        + " from delivery where adapter_id = ? and (?::varchar is null or status = ?)"
                        + " order by updated_at desc, id limit ? offset ?",
                ps -> {
                    ps.setString(1, adapterId);
                    ps.setString(2, status);
                    ps.setString(3, status);
                    ps.setInt(4, limit);
                    ps.setInt(5, offset);
                },
                rs -> new DeliveryItem(
                        rs.getLong(1),
                        rs.getObject(2, UUID.class),
                        rs.getString(3),
                        rs.getInt(4),
                        rs.getInt(5),
                        rs.getTimestamp(6).toInstant(),
                        rs.getString(7),
                        rs.getTimestamp(8).toInstant()));
    }

    long countDeliveries(String adapterId, String status) {
        return jdbc.query(
                        "select count(*) from delivery where adapter_id = ? and (?::varchar is null or status = ?)",
                        ps -> {
                            ps.setString(1, adapterId);
                            ps.setString(2, status);
                            ps.setString(3, status);
                        },
                        rs -> rs.getLong(1))
                .get(0);
    }

    /** Everything the engine knows of one resident, per adapter. */
    record ResidentState(Map<String, PlatformState> platforms, Map<String, List<DeliveryItem>> deliveries) {}

    /** What one platform holds of one resident. */
    record PlatformState(
            boolean held,
            Integer acceptedVersion,
            Instant acceptedAt,
            Integer rejectedVersion,
            Instant rejectedAt,
            String rejectionMessage,
            byte[] payloadCipher) {}

    ResidentState residentState(Collection<String> adapters, UUID residentId) {
        Map<String, PlatformState> platforms = new HashMap<>();
        jdbc.query(
                "select adapter_id, held, accepted_version, accepted_at, rejected_version, rejected_at, rejection_message,"
                        + " payload_cipher from platform_record where adapter_id = any(?) and resident_id = ?",
                (c, ps) -> {
                    ps.setArray(1, c.createArrayOf("varchar", adapters.toArray()));
                    ps.setObject(2, residentId);
                },
                rs -> platforms.put(
                        rs.getString(1),
                        new PlatformState(
                                rs.getBoolean(2),
                                (Integer) rs.getObject(3),
                                rs.getTimestamp(4) == null
                                        ? null
                                        : rs.getTimestamp(4).toInstant(),
                                (Integer) rs.getObject(5),
                                rs.getTimestamp(6) == null
                                        ? null
                                        : rs.getTimestamp(6).toInstant(),
                                rs.getString(7),
                                rs.getBytes(8))));
        Map<String, List<DeliveryItem>> deliveries = new HashMap<>();
        jdbc.query(
                "select adapter_id, id, resident_id, status, attempts, target_version, next_attempt_at, last_error, created_at"
                        + " from delivery where resident_id = ? order by id",
                ps -> ps.setObject(1, residentId),
                rs -> deliveries
                        .computeIfAbsent(rs.getString(1), a -> new ArrayList<>())
                        .add(new DeliveryItem(
                                rs.getLong(2),
                                rs.getObject(3, UUID.class),
                                rs.getString(4),
                                rs.getInt(5),
                                rs.getInt(6),
                                rs.getTimestamp(7).toInstant(),
                                rs.getString(8),
                                rs.getTimestamp(9).toInstant())));
        return new ResidentState(platforms, deliveries);
    }

    /**
     * Waiting work by platform and status for residents matching {@code areaCondition} (a condition
     * on {@code r.community_code}), with the open rejections as status REJECTED.
     */
    Map<String, Map<String, Long>> waitingInArea(String areaCondition) {
        Map<String, Map<String, Long>> counts = new HashMap<>();
        jdbc.query(
                        "select d.adapter_id, d.status, count(*) from delivery d join resident r on r.id = d.resident_id"
                                + " where " + areaCondition + " group by 1, 2"
                                + " union all select t.adapter_id, 'REJECTED', count(*) from task t"
                                + " join resident r on r.id = t.resident_id where t.closed_at is null"
                                + " and t.adapter_id is not null and " + areaCondition + " group by 1",
                        ps -> {},
                        rs -> new Object[] {rs.getString(1), rs.getString(2), rs.getLong(3)})
                .forEach(row -> counts.computeIfAbsent((String) row[0], k -> new HashMap<>())
                        .merge((String) row[1], (Long) row[2], Long::sum));
        return counts;
    }
}
