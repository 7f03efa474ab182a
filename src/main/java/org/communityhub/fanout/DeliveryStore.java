package org.communityhub.fanout;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.communityhub.common.database.Jdbc;
import org.communityhub.common.database.Sql;

/**
 * The delivery engine's tables, in set-based SQL: one statement per batch, whatever its size.
 * Every method runs in the caller's transaction.
 */
@ApplicationScoped
class DeliveryStore {

    /** An outbox row: a resident reached a new version (for one adapter, or all). */
    record OutboxRow(long id, UUID residentId, int version, String adapterId, boolean forced) {}

    /** A delivery to queue. */
    record Queued(UUID residentId, int version, boolean forced) {}

    /** A delivery claimed for sending. */
    record Claimed(long id, UUID residentId, int targetVersion, boolean forced, int attempts) {}

    /** What a platform holds of a resident. */
    record PlatformRecord(boolean held, Integer acceptedVersion, String payloadHash, byte[] payloadCipher) {}

    /** A record the platform took (or a file now holds). */
    record Accepted(UUID residentId, int version, boolean held, String payloadHash, byte[] payloadCipher) {}

    /** A record the platform (or the mapping) refused. */
    record Rejected(UUID residentId, int version, String message) {}

    /** A delivery to try again later, or to give up on. */
    record Retry(long deliveryId, Instant nextAttempt, boolean dead, String error, boolean forced) {}

    /** Deliveries of one adapter by status, and the age of the oldest waiting one. */
    record Counts(Map<String, Long> byStatus, Instant oldestWaiting) {}

    private final Jdbc jdbc;

    DeliveryStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    // ---- outbox ------------------------------------------------------------------------------------

    boolean tryDispatchLock(long key) {
        return query("select pg_try_advisory_xact_lock(?)", ps -> ps.setLong(1, key), rs -> rs.getBoolean(1))
                .get(0);
    }

    /** Waits for the dispatch lock (another process's dispatch of a batch) and takes it. */
    void dispatchLock(long key) {
        query("select pg_advisory_xact_lock(?)", ps -> ps.setLong(1, key), rs -> null);
    }

    List<OutboxRow> claimOutbox(int limit) {
        return query(
                "select id, resident_id, resident_version, adapter_id, forced from change_outbox order by id limit ?"
                        + " for update skip locked",
                ps -> ps.setInt(1, limit),
                rs -> new OutboxRow(
                        rs.getLong(1), rs.getObject(2, UUID.class), rs.getInt(3), rs.getString(4), rs.getBoolean(5)));
    }

    void deleteOutbox(Collection<Long> ids) {
        update(
                "delete from change_outbox where id = any(?)",
                (c, ps) -> ps.setArray(1, c.createArrayOf("bigint", ids.toArray())));
    }

    /** Outbox rows for every resident, for one adapter, to be delivered whatever the platform holds. */
    int queueResync(String adapterId) {
        return update(
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
        return update(
                "insert into change_outbox (resident_id, resident_version, adapter_id)"
                        + " select id, version, ? from resident",
                (c, ps) -> ps.setString(1, adapterId));
    }

    /**
     * Outbox rows, for one adapter, for residents whose birthday fell in {@code (after, upTo]}: their
     * age (in full years, as {@link java.time.Period} counts it) changed, so they may have entered or left an age-bound selection.
     */
    int queueBirthdays(String adapterId, java.time.LocalDate after, java.time.LocalDate upTo) {
        return update(
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
        update(
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
        return query(
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
        update("delete from delivery where id = any(?) and lease_owner = ?", (c, ps) -> {
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
        update(
                retried
                        + ", folded as (update delivery w set target_version = greatest(w.target_version, m.target_version),"
                        + " forced = w.forced or m.forced or m.forced_now,"
                        + " next_attempt_at = greatest(w.next_attempt_at, m.next), last_error = m.error, updated_at = now()"
                        + " from mine m where w.adapter_id = m.adapter_id and w.resident_id = m.resident_id"
                        + " and w.status in ('PENDING', 'FAILED') and w.id <> m.id returning m.id)"
                        + " delete from delivery where id in (select id from folded)",
                retryArrays);
        update(
                retried + " update delivery d set status = case when r.dead then 'DEAD' else 'FAILED' end,"
                        + " next_attempt_at = r.next, last_error = r.error, forced = d.forced or r.forced,"
                        + " lease_owner = null, lease_until = null, updated_at = now()"
                        + " from r where d.id = r.id and d.id in (select id from mine)",
                retryArrays);
    }

    /** Makes waiting deliveries of an adapter due now ("run now"); returns how many. */
    int makeDue(String adapterId) {
        return update(
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
                && query(
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
        update(
                "delete from delivery d where adapter_id = ? and status = 'DEAD'" + only
                        + " and exists (select 1 from delivery w where w.adapter_id = d.adapter_id"
                        + " and w.resident_id = d.resident_id and (w.status in ('PENDING', 'FAILED', 'SENDING')"
                        + " or (w.status = 'DEAD' and w.id > d.id)))",
                bind);
        return update(
                "update delivery set status = 'PENDING', attempts = 0, next_attempt_at = now(), updated_at = now()"
                        + " where adapter_id = ? and status = 'DEAD'" + only,
                bind);
    }

    Counts counts(String adapterId) {
        Map<String, Long> byStatus = new HashMap<>();
        Instant[] oldest = {null};
        query(
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

    // ---- what platforms hold -----------------------------------------------------------------------

    /**
     * For each of the adapters, which of these residents it must hear about whether or not they
     * match: its platform holds them (or may, after a shipment that went unanswered), or a
     * delivery to it is on its way (a first record not yet accepted, whose removal must follow).
     */
    Map<String, Set<UUID>> mustHear(Collection<String> adapters, Collection<UUID> residents) {
        Map<String, Set<UUID>> held = new HashMap<>();
        query(
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
        query(
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
        update(
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
        update(
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
        update(
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
        update(
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
        update(
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

    // ---- adapter state ------------------------------------------------------------------------------

    /**
     * Makes sure each adapter has its state row; returns the adapters that are new and configured,
     * or just became configured: they must be sent everything they should hold.
     */
    List<String> registerAdapters(Map<String, Boolean> configured) {
        List<String> nowConfigured = new ArrayList<>();
        for (Map.Entry<String, Boolean> e : configured.entrySet()) {
            List<Boolean> before = query(
                    "select configured from adapter_state where adapter_id = ? for update",
                    ps -> ps.setString(1, e.getKey()),
                    rs -> rs.getBoolean(1));
            if (before.isEmpty()) {
                int inserted = update(
                        "insert into adapter_state (adapter_id, configured) values (?, ?) on conflict do nothing",
                        (c, ps) -> {
                            ps.setString(1, e.getKey());
                            ps.setBoolean(2, e.getValue());
                        });
                // A platform added to a hub that has residents already must get them all.
                if (inserted == 1 && e.getValue()) {
                    nowConfigured.add(e.getKey());
                }
            } else if (before.get(0) != e.getValue()) {
                update("update adapter_state set configured = ? where adapter_id = ?", (c, ps) -> {
                    ps.setBoolean(1, e.getValue());
                    ps.setString(2, e.getKey());
                });
                if (e.getValue()) {
                    nowConfigured.add(e.getKey());
                }
            }
        }
        return nowConfigured;
    }

    /**
     * How long until a platform has a delivery a run would claim (waiting and falling due, at its
     * next attempt or the platform's schedule, or left by a sender whose lease runs out): zero or
     * less when one is due now, empty when nothing waits. One read over the indexes {@link #claim}
     * uses, and nothing written, so an idle platform costs its worker a look, not a claim and a
     * release; and its worker sleeps until then. Measured by the database's clock, as the claim is.
     */
    Optional<Duration> untilDue(String adapterId) {
        Long millis = query(
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

    /**
     * Takes (or renews) the right to work an adapter for {@code lease}; one hub process at a time
     * works each adapter, so a scheduled file is written once. False when another process holds it,
     * or the adapter is paused.
     */
    boolean takeAdapter(String adapterId, String owner, Duration lease) {
        return update(
                        "update adapter_state set worker = ?, worker_until = now() + make_interval(secs => ?)"
                                + " where adapter_id = ? and not paused"
                                + " and (worker is null or worker = ? or worker_until < now())",
                        (c, ps) -> {
                            ps.setString(1, owner);
                            ps.setDouble(2, lease.toMillis() / 1000.0);
                            ps.setString(3, adapterId);
                            ps.setString(4, owner);
                        })
                == 1;
    }

    void releaseAdapter(String adapterId, String owner) {
        update(
                "update adapter_state set worker = null, worker_until = null where adapter_id = ? and worker = ?",
                (c, ps) -> {
                    ps.setString(1, adapterId);
                    ps.setString(2, owner);
                });
    }

    /**
     * Takes the day's re-evaluation of an adapter's age-bound selection: returns the last day done
     * when it was before {@code today} (and marks today done), empty when it is done already.
     */
    java.util.Optional<java.time.LocalDate> takeReevaluation(String adapterId, java.time.LocalDate today) {
        List<java.time.LocalDate> done = query(
                "with old as (select reevaluated_on from adapter_state where adapter_id = ? for update)"
                        + " update adapter_state s set reevaluated_on = ? from old"
                        + " where s.adapter_id = ? and old.reevaluated_on < ? returning old.reevaluated_on",
                ps -> {
                    ps.setString(1, adapterId);
                    ps.setObject(2, today);
                    ps.setString(3, adapterId);
                    ps.setObject(4, today);
                },
                rs -> rs.getObject(1, java.time.LocalDate.class));
        return done.stream().findFirst();
    }

    void recordRun(String adapterId, String result) {
        update("update adapter_state set last_run_at = now(), last_run_result = ? where adapter_id = ?", (c, ps) -> {
            ps.setString(1, result.length() > 500 ? result.substring(0, 500) : result);
            ps.setString(2, adapterId);
        });
    }

    /** An adapter's state row, with how many residents it holds and how many of its refusals are open. */
    record State(
            boolean paused,
            String pausedBy,
            boolean configured,
            Instant lastRunAt,
            String lastRunResult,
            long held,
            long openRefusals) {}

    State state(String adapterId) {
        List<State> states = query(
                "select s.paused, s.paused_by, s.configured, s.last_run_at, s.last_run_result,"
                        + " (select count(*) from platform_record p where p.adapter_id = s.adapter_id and p.held),"
                        + " (select count(*) from task t where t.adapter_id = s.adapter_id and t.closed_at is null)"
                        + " from adapter_state s where s.adapter_id = ?",
                ps -> ps.setString(1, adapterId),
                rs -> new State(
                        rs.getBoolean(1),
                        rs.getString(2),
                        rs.getBoolean(3),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(),
                        rs.getString(5),
                        rs.getLong(6),
                        rs.getLong(7)));
        return states.isEmpty() ? new State(false, null, true, null, null, 0, 0) : states.get(0);
    }

    void setPaused(String adapterId, boolean paused, String by) {
        update(
                "update adapter_state set paused = ?, paused_by = ?, paused_at = case when ? then now() end"
                        + " where adapter_id = ?",
                (c, ps) -> {
                    ps.setBoolean(1, paused);
                    ps.setString(2, paused ? by : null);
                    ps.setBoolean(3, paused);
                    ps.setString(4, adapterId);
                });
    }

    List<DeliveryItem> deliveries(String adapterId, String status, int offset, int limit) {
        return query(
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
        return query(
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
        query(
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
        query(
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
        query(
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

    // ---- JDBC plumbing -----------------------------------------------------------------------------

    int update(String sql, Jdbc.Binder binder) {
        return jdbc.update(sql, binder);
    }

    <T> List<T> query(String sql, Jdbc.SimpleBinder binder, Jdbc.RowReader<T> reader) {
        return jdbc.query(sql, binder, reader);
    }

    <T> List<T> query(String sql, Jdbc.Binder binder, Jdbc.RowReader<T> reader) {
        return jdbc.query(sql, binder, reader);
    }
}
