package org.communityhub.fanout;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.communityhub.common.database.Jdbc;
import org.communityhub.common.database.Sql;

/**
 * The delivery engine's work, in set-based SQL (one statement per batch, whatever its size): the
 * outbox and its dispatch lock, the deliveries queued, claimed, completed, retried and replayed.
 * What platforms hold is {@link PlatformRecords}, each platform's state {@link AdapterStates}, the
 * operators' reads {@link DeliveryQueries}. Every method runs in the caller's transaction.
 */
@ApplicationScoped
class DeliveryStore {

    /** An outbox row: a resident reached a new version (for one adapter, or all). */
    record OutboxRow(long id, UUID residentId, int version, String adapterId, boolean forced) {}

    /** A delivery to queue. */
    record Queued(UUID residentId, int version, boolean forced) {}

    /** A delivery claimed for sending. */
    record Claimed(long id, UUID residentId, int targetVersion, boolean forced, int attempts) {}

    /** A delivery to try again later, or to give up on. */
    record Retry(long deliveryId, Instant nextAttempt, boolean dead, String error, boolean forced) {}

    private final Jdbc jdbc;

    DeliveryStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    // ---- outbox ------------------------------------------------------------------------------------

    boolean tryDispatchLock(long key) {
        return jdbc.query("select pg_try_advisory_xact_lock(?)", ps -> ps.setLong(1, key), rs -> rs.getBoolean(1))
                .get(0);
    }

    /** Waits for the dispatch lock (another process's dispatch of a batch) and takes it. */
    void dispatchLock(long key) {
        jdbc.query("select pg_advisory_xact_lock(?)", ps -> ps.setLong(1, key), rs -> null);
    }

    List<OutboxRow> claimOutbox(int limit) {
        return jdbc.query(
                "select id, resident_id, resident_version, adapter_id, forced from change_outbox order by id limit ?"
                        + " for update skip locked",
                ps -> ps.setInt(1, limit),
                rs -> new OutboxRow(
                        rs.getLong(1), rs.getObject(2, UUID.class), rs.getInt(3), rs.getString(4), rs.getBoolean(5)));
    }

    void deleteOutbox(Collection<Long> ids) {
        jdbc.update(
                "delete from change_outbox where id = any(?)",
                (c, ps) -> ps.setArray(1, c.createArrayOf("bigint", ids.toArray())));
    }

    /** Outbox rows for every resident, for one adapter, to be delivered whatever the platform holds. */
    int queueResync(String adapterId) {
        return jdbc.update(
                "insert into change_outbox (resident_id, resident_version, adapter_id, forced)"
                        + " select id, version, ?, true from resident",
                (c, ps) -> ps.setString(1, adapterId));
    }

    /**
     * Outbox rows for every resident, for one adapter, to be looked at again (not forced): after its
     * definition changed, some may now be selected or no longer, and the records of others may
     * read differently; those whose record the platform holds unchanged are not sent again.
     */
    int queueReview(String adapterId) {
        return jdbc.update(
                "insert into change_outbox (resident_id, resident_version, adapter_id)"
                        + " select id, version, ? from resident",
                (c, ps) -> ps.setString(1, adapterId));
    }

    /**
     * Outbox rows, for one adapter, for residents whose birthday fell in {@code (after, upTo]}: their
     * age (in full years, as {@link java.time.Period} counts it) changed, so they may have entered or left an age-bound selection.
     */
    int queueBirthdays(String adapterId, java.time.LocalDate after, java.time.LocalDate upTo) {
        return jdbc.update(
                "insert into change_outbox (resident_id, resident_version, adapter_id)"
                        + " select r.id, r.version, ? from resident r"
                        + " where to_char(r.birth_date, 'MM-DD') in (select to_char(d, 'MM-DD')"
                        + "   from generate_series(?::date + 1, ?::date, interval '1 day') d)"
                        // Born on 29 February: a year older on 1 March when the year has no 29th.
                        + "   or (to_char(r.birth_date, 'MM-DD') = '02-29' and exists (select 1"
                        + "   from generate_series(?::date + 1, ?::date, interval '1 day') d"
                        + "   where to_char(d, 'MM-DD') = '03-01' and extract(day from d - interval '1 day') = 28))",
                (c, ps) -> {
                    ps.setString(1, adapterId);
                    ps.setObject(2, after);
                    ps.setObject(3, upTo);
                    ps.setObject(4, after);
                    ps.setObject(5, upTo);
                });
    }

    // ---- deliveries --------------------------------------------------------------------------------

    /** Queues deliveries, collapsing into a waiting one for the same resident (its target version rises). */
    void queue(String adapterId, List<Queued> queued, Instant due) {
        if (queued.isEmpty()) {
            return;
        }
        UUID[] residents = queued.stream().map(Queued::residentId).toArray(UUID[]::new);
        Integer[] versions = queued.stream().map(Queued::version).toArray(Integer[]::new);
        Boolean[] forced = queued.stream().map(Queued::forced).toArray(Boolean[]::new);
        jdbc.update(
                "insert into delivery (adapter_id, resident_id, target_version, forced, status, attempts, next_attempt_at,"
                        + " created_at, updated_at)"
                        + " select ?, r.rid, r.ver, r.forced, 'PENDING', 0, ?, now(), now()"
                        + " from unnest(?::uuid[], ?::int[], ?::boolean[]) as r(rid, ver, forced)"
                        + " on conflict (adapter_id, resident_id) where status in ('PENDING', 'FAILED')"
                        + " do update set target_version = greatest(delivery.target_version, excluded.target_version),"
                        + " forced = delivery.forced or excluded.forced, updated_at = now()",
                (c, ps) -> {
                    ps.setString(1, adapterId);
                    ps.setTimestamp(2, Timestamp.from(due));
                    ps.setArray(3, c.createArrayOf("uuid", residents));
                    ps.setArray(4, c.createArrayOf("integer", versions));
                    ps.setArray(5, c.createArrayOf("boolean", forced));
                });
    }

    /**
     * Claims due deliveries of one adapter for {@code owner}: waiting ones whose time has come, and
     * ones whose sender's lease ran out (it crashed). Other hub processes skip what is claimed.
     */
    List<Claimed> claim(String adapterId, String owner, int limit, Duration lease) {
        // Two index scans: work left by a crashed sender first (rare), then waiting work as it falls due.
        return jdbc.query(
                "with expired as (select id from delivery where adapter_id = ? and status = 'SENDING'"
                        + "   and lease_until < now() order by lease_until limit ? for update skip locked),"
                        + " waiting as (select id from delivery where adapter_id = ? and status in ('PENDING', 'FAILED')"
                        + "   and next_attempt_at <= now() order by next_attempt_at, id limit ? for update skip locked),"
                        + " due as ((select id from expired) union all (select id from waiting) limit ?)"
                        + " update delivery d set status = 'SENDING', lease_owner = ?,"
                        + " lease_until = now() + make_interval(secs => ?), attempts = d.attempts + 1, updated_at = now()"
                        + " from due where d.id = due.id"
                        + " returning d.id, d.resident_id, d.target_version, d.forced, d.attempts",
                ps -> {
                    ps.setString(1, adapterId);
                    ps.setInt(2, limit);
                    ps.setString(3, adapterId);
                    ps.setInt(4, limit);
                    ps.setInt(5, limit);
                    ps.setString(6, owner);
                    ps.setDouble(7, lease.toMillis() / 1000.0);
                },
                rs -> new Claimed(
                        rs.getLong(1), rs.getObject(2, UUID.class), rs.getInt(3), rs.getBoolean(4), rs.getInt(5)));
    }

    /**
     * Deliveries that are done (delivered, refused, superseded, or nothing to tell). Only rows
     * this worker still holds are touched: a row another hub process took over after this one's
     * lease ran out is left to it.
     */
    void complete(Collection<Long> ids, String owner) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.update("delete from delivery where id = any(?) and lease_owner = ?", (c, ps) -> {
            ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            ps.setString(2, owner);
        });
    }

    /**
     * Puts deliveries back in line after a failure, or gives up on them (dead). A delivery whose
     * resident already has a newer one waiting is folded into it (the newer one takes the later of
     * the two next attempts), since a resident has at most one waiting delivery per platform. Only
     * rows this worker still holds are touched.
     */
    void retry(List<Retry> retries, String owner) {
        if (retries.isEmpty()) {
            return;
        }
        Jdbc.Binder retryArrays = (c, ps) -> {
            ps.setArray(1, Sql.column(c, "bigint", retries, Retry::deliveryId));
            ps.setArray(2, Sql.column(c, "timestamptz", retries, r -> Timestamp.from(r.nextAttempt())));
            ps.setArray(3, Sql.column(c, "boolean", retries, Retry::dead));
            ps.setArray(4, Sql.column(c, "varchar", retries, Retry::error));
            ps.setArray(5, Sql.column(c, "boolean", retries, Retry::forced));
            ps.setString(6, owner);
        };
        String retried = "with r as (select * from unnest(?::bigint[], ?::timestamptz[], ?::boolean[], ?::varchar[],"
                + " ?::boolean[]) as r(id, next, dead, error, forced)),"
                + " mine as (select d.*, r.next, r.error, r.forced as forced_now from delivery d join r on r.id = d.id"
                + "   where d.status = 'SENDING' and d.lease_owner = ?)";
        jdbc.update(
                retried
                        + ", folded as (update delivery w set target_version = greatest(w.target_version, m.target_version),"
                        + " forced = w.forced or m.forced or m.forced_now,"
                        + " next_attempt_at = greatest(w.next_attempt_at, m.next), last_error = m.error, updated_at = now()"
                        + " from mine m where w.adapter_id = m.adapter_id and w.resident_id = m.resident_id"
                        + " and w.status in ('PENDING', 'FAILED') and w.id <> m.id returning m.id)"
                        + " delete from delivery where id in (select id from folded)",
                retryArrays);
        jdbc.update(
                retried + " update delivery d set status = case when r.dead then 'DEAD' else 'FAILED' end,"
                        + " next_attempt_at = r.next, last_error = r.error, forced = d.forced or r.forced,"
                        + " lease_owner = null, lease_until = null, updated_at = now()"
                        + " from r where d.id = r.id and d.id in (select id from mine)",
                retryArrays);
    }

    /** Makes waiting deliveries of an adapter due now ("run now"); returns how many. */
    int makeDue(String adapterId) {
        return jdbc.update(
                "update delivery set next_attempt_at = now(), updated_at = now()"
                        + " where adapter_id = ? and status in ('PENDING', 'FAILED') and next_attempt_at > now()",
                (c, ps) -> ps.setString(1, adapterId));
    }

    /**
     * Puts dead deliveries back in line; one superseded (a newer delivery of the same resident is
     * waiting, or is dead too) is dropped instead. Returns how many were put back; null when
     * {@code deliveryId} names no dead delivery of the platform.
     */
    Integer replay(String adapterId, Long deliveryId) {
        String only = deliveryId == null ? "" : " and id = ?";
        if (deliveryId != null
                && jdbc.query(
                                "select 1 from delivery where adapter_id = ? and status = 'DEAD' and id = ?",
                                ps -> {
                                    ps.setString(1, adapterId);
                                    ps.setLong(2, deliveryId);
                                },
                                rs -> 1)
                        .isEmpty()) {
            return null;
        }
        Jdbc.Binder bind = (c, ps) -> {
            ps.setString(1, adapterId);
            if (deliveryId != null) {
                ps.setLong(2, deliveryId);
            }
        };
        jdbc.update(
                "delete from delivery d where adapter_id = ? and status = 'DEAD'" + only
                        + " and exists (select 1 from delivery w where w.adapter_id = d.adapter_id"
                        + " and w.resident_id = d.resident_id and (w.status in ('PENDING', 'FAILED', 'SENDING')"
                        + " or (w.status = 'DEAD' and w.id > d.id)))",
                bind);
        return jdbc.update(
                "update delivery set status = 'PENDING', attempts = 0, next_attempt_at = now(), updated_at = now()"
                        + " where adapter_id = ? and status = 'DEAD'" + only,
                bind);
    }

    /**
     * How long until a platform has a delivery a run would claim (waiting and falling due, at its
     * next attempt or the platform's schedule, or left by a sender whose lease runs out): zero or
     * less when one is due now, empty when nothing waits. One read over the indexes {@link #claim}
     * uses, and nothing written, so an idle platform costs its worker a look, not a claim and a
     * release; and its worker sleeps until then. Measured by the database's clock, as the claim is.
     */
    Optional<Duration> untilDue(String adapterId) {
        Long millis = jdbc.query(
                        """
                        select (extract(epoch from least(
                                   (select min(next_attempt_at) from delivery
                                     where adapter_id = ? and status in ('PENDING', 'FAILED')),
                                   (select min(lease_until) from delivery
                                     where adapter_id = ? and status = 'SENDING'))
                               - now()) * 1000)::bigint
                        """,
                        ps -> {
                            ps.setString(1, adapterId);
                            ps.setString(2, adapterId);
                        },
                        rs -> {
                            long m = rs.getLong(1);
                            return rs.wasNull() ? null : m;
                        })
                .get(0);
        return Optional.ofNullable(millis).map(Duration::ofMillis);
    }
}
