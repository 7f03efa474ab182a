package org.communityhub.audit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.communityhub.access.Actor;
import org.communityhub.access.Reveal;
import org.communityhub.audit.chain.AuditChain;
import org.communityhub.common.database.Jdbc;

/**
 * The access log: every read of personal data, every reveal and every export — who, in which
 * roles, from where, which residents, which fields, for what purpose, when. Written in its own
 * transaction before the data is returned: if the log cannot be written, nothing is shown.
 * Hash-chained like the sharing ledger; entries of concurrent readers share a transaction. Reveals and exports are checked for unusual use.
 */
@ApplicationScoped
public class AccessLog {

    /** What kind of access. */
    public enum Action {
        /** One resident shown (identifiers masked). */
        VIEW,
        /** A list of residents shown. */
        LIST,
        /** Identifiers shown unmasked. */
        REVEAL,
        /** Personal data written to a file or download. */
        EXPORT,
        /** A platform's payload for a resident shown. */
        PREVIEW,
        /** A resident's change history shown. */
        HISTORY,
        /** A resident's disclosure history shown. */
        DISCLOSURES,
        /** Two records of one person merged into one, or a merge undone. */
        MERGE,
        /** An ID number looked up (registering, importing) found a resident outside the caller's area. */
        LOOKUP
    }

    private final Jdbc jdbc;
    private final AccessAlerts alerts;
    private final Clock clock;

    /** Entries waiting to be written, oldest first; each caller waits for its own. */
    private final ConcurrentLinkedQueue<Pending> waiting = new ConcurrentLinkedQueue<>();
    /** Held by the one caller that writes the entries waiting, for all of them. */
    private final ReentrantLock writer = new ReentrantLock();

    AccessLog(Jdbc jdbc, AccessAlerts alerts, Clock clock) {
        this.jdbc = jdbc;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** Logs a read of personal data (no reveal). */
    public void read(Actor actor, Action action, String resource, Collection<UUID> residents, List<String> fields) {
        record(actor, action, resource, residents, fields, Reveal.NONE);
    }

    /**
     * Logs an access; a reveal is logged as {@link Action#REVEAL} with its purpose, whatever
     * {@code action} says. Returns once the entry is committed.
     *
     * <p>The chain's head is locked from an entry's write until its commit, which waits for the
     * disk, so entries written one a transaction would make every read of the hub wait its turn
     * for a disk flush. Callers arriving while entries are being written therefore leave theirs
     * to be written together: the next caller to get the writer's turn writes every entry waiting
     * in one transaction, and each caller returns when its own entry is committed. If that
     * transaction fails, its entries are written one by one, so only an entry that cannot be
     * written fails its caller.
     */
    public void record(
            Actor actor,
            Action action,
            String resource,
            Collection<UUID> residents,
            List<String> fields,
            Reveal reveal) {
        Action logged = reveal.any() ? Action.REVEAL : action;
        Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Pending entry = new Pending(
                actor, logged, resource, List.copyOf(residents), fields, reveal, at, new CompletableFuture<>());
        waiting.add(entry);
        writer.lock();
        try {
            if (!entry.written().isDone()) {
                writeWaiting();
            }
        } finally {
            writer.unlock();
        }
        long id;
        try {
            id = entry.written().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        if (logged == Action.REVEAL || logged == Action.EXPORT) {
            // After the chain's head is released: other readers need not wait for the check.
            QuarkusTransaction.requiringNew().run(() -> alerts.check(actor.username(), id, at));
        }
    }

    /**
     * How many residents outside their area the user's look-ups of ID numbers found since {@code
     * since}: the budget of look-ups counts these answers, on every replica alike.
     */
    public long residentsLookedUpSince(String username, Instant since) {
        return jdbc.queryOne(
                        """
                        select count(distinct r) from access_log, unnest(resident_ids) r
                         where username = ? and action = 'LOOKUP' and at >= ?""",
                        ps -> {
                            ps.setString(1, username);
                            ps.setTimestamp(2, Timestamp.from(since));
                        },
                        rs -> rs.getLong(1))
                .orElseThrow();
    }

    /** An entry to write, and the caller's wait for its id. */
    private record Pending(
            Actor actor,
            Action action,
            String resource,
            List<UUID> residents,
            List<String> fields,
            Reveal reveal,
            Instant at,
            CompletableFuture<Long> written) {}

    /** Writes the entries waiting, in one transaction, or one by one if that fails. */
    private void writeWaiting() {
        List<Pending> batch = new ArrayList<>();
        for (Pending p = waiting.poll(); p != null; p = waiting.poll()) {
            batch.add(p);
        }
        try {
            try {
                long[] ids = QuarkusTransaction.requiringNew().call(() -> insert(batch));
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).written().complete(ids[i]);
                }
            } catch (RuntimeException e) {
                if (batch.size() == 1) {
                    batch.get(0).written().completeExceptionally(e);
                    return;
                }
                for (Pending p : batch) {
                    try {
                        p.written().complete(QuarkusTransaction.requiringNew().call(() -> insert(List.of(p)))[0]);
                    } catch (RuntimeException alone) {
                        p.written().completeExceptionally(alone);
                    }
                }
            }
        } finally {
            // Whatever happened, no caller is left waiting for an entry nobody writes.
            IllegalStateException unwritten = new IllegalStateException("The access log entry was not written");
            batch.forEach(p -> p.written().completeExceptionally(unwritten));
        }
    }

    private long[] insert(List<Pending> batch) {
        long[] ids = AuditChain.ids(jdbc, "access_log", batch.size());
        AuditChain chain = AuditChain.open(jdbc, AuditChain.ACCESS);
        record Row(long id, Pending entry, List<String> roles, AuditChain.Link link) {}
        List<Row> rows = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Pending p = batch.get(i);
            List<String> roles = p.actor().roles().stream().sorted().toList();
            AuditChain.Link link = chain.next(
                    "access_log",
                    ids[i],
                    p.at(),
                    p.actor().username(),
                    roles,
                    p.actor().clientAddress(),
                    p.action().name(),
                    p.resource(),
                    p.residents(),
                    p.fields(),
                    p.reveal().purpose(),
                    p.reveal().note());
            rows.add(new Row(ids[i], p, roles, link));
        }
        jdbc.batch("""
                insert into access_log (id, chain_seq, prev_hash, row_hash, at, username, roles, client_address,
                 action, resource, resident_ids, fields, purpose, purpose_note)
                 values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows, (c, ps, row) -> {
            Pending p = row.entry();
            ps.setLong(1, row.id());
            ps.setLong(2, row.link().seq());
            ps.setBytes(3, row.link().previous());
            ps.setBytes(4, row.link().hash());
            ps.setTimestamp(5, Timestamp.from(p.at()));
            ps.setString(6, p.actor().username());
            ps.setArray(7, c.createArrayOf("varchar", row.roles().toArray()));
            ps.setString(8, p.actor().clientAddress());
            ps.setString(9, p.action().name());
            ps.setString(10, p.resource());
            ps.setArray(11, c.createArrayOf("uuid", p.residents().toArray()));
            ps.setArray(12, c.createArrayOf("varchar", p.fields().toArray()));
            ps.setString(13, p.reveal().purpose());
            ps.setString(14, p.reveal().note());
        });
        chain.close();
        return ids;
    }
}
