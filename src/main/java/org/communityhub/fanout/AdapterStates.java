package org.communityhub.fanout;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.communityhub.common.database.Jdbc;

/**
 * Each platform's state row ({@code adapter_state}): configured or not, paused by whom, which hub
 * process works it (a lease), its last run and the day its age-bound selection was last
 * re-evaluated. In the caller's transaction.
 */
@ApplicationScoped
class AdapterStates {

    private final Jdbc jdbc;

    AdapterStates(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Makes sure each adapter has its state row; returns the adapters that are new and configured,
     * or just became configured: they must be sent everything they should hold.
     */
    List<String> registerAdapters(Map<String, Boolean> configured) {
        List<String> nowConfigured = new ArrayList<>();
        for (Map.Entry<String, Boolean> e : configured.entrySet()) {
            List<Boolean> before = jdbc.query(
                    "select configured from adapter_state where adapter_id = ? for update",
                    ps -> ps.setString(1, e.getKey()),
                    rs -> rs.getBoolean(1));
            if (before.isEmpty()) {
                int inserted = jdbc.update(
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
                jdbc.update("update adapter_state set configured = ? where adapter_id = ?", (c, ps) -> {
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
     * Takes (or renews) the right to work an adapter for {@code lease}; one hub process at a time
     * works each adapter, so a scheduled file is written once. False when another process holds it,
     * or the adapter is paused.
     */
    boolean takeAdapter(String adapterId, String owner, Duration lease) {
        return jdbc.update(
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
        jdbc.update(
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
        List<java.time.LocalDate> done = jdbc.query(
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
        jdbc.update(
                "update adapter_state set last_run_at = now(), last_run_result = ? where adapter_id = ?", (c, ps) -> {
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
        List<State> states = jdbc.query(
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
        jdbc.update(
                "update adapter_state set paused = ?, paused_by = ?, paused_at = case when ? then now() end"
                        + " where adapter_id = ?",
                (c, ps) -> {
                    ps.setBoolean(1, paused);
                    ps.setString(2, paused ? by : null);
                    ps.setBoolean(3, paused);
                    ps.setString(4, adapterId);
                });
    }
}
