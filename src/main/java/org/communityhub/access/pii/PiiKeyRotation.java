package org.communityhub.access.pii;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.communityhub.common.background.BackgroundWork;
import org.communityhub.common.background.Lane;
import org.communityhub.common.database.AdvisoryLocks;
import org.communityhub.common.database.Jdbc;
import org.jboss.logging.Logger;
import org.postgresql.util.PSQLException;

/**
 * Moves every encrypted value to the current key: decrypts what is under a previous key (or in the
 * first ciphertext format), encrypts it under the current key and recomputes its blind index.
 *
 * <p>It walks each table of {@link EncryptedTable#ALL} in primary-key order, a batch of {@code
 * hub.pii.rotation-batch-size} rows per transaction, taking only rows that still hold a value not
 * under the current key (locked {@code FOR UPDATE}, so no edit is lost). A run that stops — a
 * restart, a crash — leaves finished batches finished; the next run picks up only what is left.
 * An edit racing a batch may write a value back under the old key; another pass takes it.
 *
 * <p>One hub process runs it at a time: a run holds a session-level advisory lock for its whole
 * length, and a run that finds the lock taken leaves the work to the process holding it. Values
 * never reach the log, only counts and key fingerprints.
 */
@ApplicationScoped
@Startup // made at the start: its lane, and its line in hub_background_tasks, exist before a first run
public class PiiKeyRotation {

    private static final Logger LOG = Logger.getLogger(PiiKeyRotation.class);
    /** Passes over the tables before giving up on values that edits keep writing back. */
    private static final int MAX_PASSES = 5;

    private static final int ATTEMPTS_PER_BATCH = 3;

    private static final Duration STOP_PATIENCE = Duration.ofSeconds(30);

    private final Jdbc jdbc;
    private final PiiCipher pii;
    private final int batchSize;
    private final Clock clock;
    private final AtomicBoolean runningHere = new AtomicBoolean();
    private volatile boolean stopping;
    private final Lane lane;
    private volatile PiiKeyStatus.LastRun lastRun;

    PiiKeyRotation(Jdbc jdbc, PiiCipher pii, PiiCipher.Settings settings, Clock clock, BackgroundWork background) {
        this.jdbc = jdbc;
        this.pii = pii;
        this.batchSize = settings.rotationBatchSize();
        this.clock = clock;
        if (batchSize < 1) {
            throw new IllegalStateException("hub.pii.rotation-batch-size must be at least 1");
        }
        this.lane = background.lane("pii-key-rotation", 1);
    }

    /** The current key, how many rows per table still hold a value under another, and the rotation's state. */
    public PiiKeyStatus status() {
        Map<String, Long> remaining = remaining();
        boolean running = runningHere.get() || jdbc.lockHeld(AdvisoryLocks.PII_KEY_ROTATION);
        return new PiiKeyStatus(
                pii.currentKeyFingerprint(), pii.previousKeyFingerprints(), remaining, running, lastRun);
    }

    /**
     * Starts a run in the background, unless one runs in this process already. Returns at once;
     * {@link #status()} tells how far it got.
     */
    public void start() {
        if (stopping || !runningHere.compareAndSet(false, true)) {
            return;
        }
        boolean handedOn = false;
        try {
            lane.submit(() -> {
                try {
                    rotate(Integer.MAX_VALUE);
                } catch (RuntimeException e) {
                    LOG.errorf("The personal-data key rotation stopped on an error: %s", describe(e));
                } finally {
                    runningHere.set(false);
                }
            });
            handedOn = true;
        } catch (RejectedExecutionException e) {
            // the hub is stopping
        } finally {
            if (!handedOn) {
                runningHere.set(false);
            }
        }
    }

    /** A run leaves off after the batch in hand, which is given half a minute to be written. */
    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        lane.shutdown();
        lane.awaitTermination(STOP_PATIENCE);
    }

    /** What a run did. */
    record Result(boolean ran, long reEncrypted, long remaining) {}

    /**
     * One run in the calling thread: at most {@code batchLimit} batches (fewer when it finishes
     * first), each in its own transaction. Does nothing when another run holds the lock.
     */
    Result rotate(int batchLimit) {
        Instant started = clock.instant();
        Optional<Result> result;
        try {
            result = jdbc.underSessionLock(AdvisoryLocks.PII_KEY_ROTATION, () -> locked(batchLimit, started));
        } catch (RuntimeException e) {
            PiiKeyStatus.LastRun failed = lastRun;
            if (failed != null && failed.startedAt().equals(started) && "FAILED".equals(failed.outcome())) {
                throw e; // the run's own failure, recorded by the run
            }
            lastRun = new PiiKeyStatus.LastRun(started, clock.instant(), 0, "FAILED", describe(e));
            throw new IllegalStateException("The personal-data key rotation could not take its lock: " + describe(e));
        }
        if (result.isEmpty()) {
            LOG.info("The personal-data key rotation is running in another hub process");
            lastRun = new PiiKeyStatus.LastRun(started, clock.instant(), 0, "RUNNING_ELSEWHERE", null);
            return new Result(false, 0, -1);
        }
        return result.get();
    }

    private Result locked(int batchLimit, Instant started) {
        LOG.infof("Re-encrypting personal data under key %s", pii.currentKeyFingerprint());
        long reEncrypted = 0;
        int batches = 0;
        try {
            for (int pass = 1; pass <= MAX_PASSES; pass++) {
                long inPass = 0;
                for (EncryptedTable table : EncryptedTable.ALL) {
                    List<Object> after = null;
                    while (!stopping && batches < batchLimit) {
                        Batch batch = batchWithRetries(table, after);
                        batches++;
                        inPass += batch.rows();
                        if (batch.rows() < batchSize) {
                            break; // the table's end
                        }
                        after = batch.last();
                    }
                    lastRun = new PiiKeyStatus.LastRun(started, null, reEncrypted + inPass, "RUNNING", null);
                }
                reEncrypted += inPass;
                if (stopping || batches >= batchLimit || inPass == 0) {
                    break;
                }
                if (remaining().values().stream().mapToLong(Long::longValue).sum() == 0) {
                    break;
                }
                LOG.infof("Some values were written back under an old key during pass %d; another pass", pass);
            }
        } catch (RuntimeException e) {
            lastRun = new PiiKeyStatus.LastRun(started, clock.instant(), reEncrypted, "FAILED", describe(e));
            throw e;
        }
        long remaining =
                remaining().values().stream().mapToLong(Long::longValue).sum();
        String outcome = remaining == 0 ? "FINISHED" : "INTERRUPTED";
        lastRun = new PiiKeyStatus.LastRun(started, clock.instant(), reEncrypted, outcome, null);
        if (remaining == 0) {
            LOG.infof(
                    "Personal-data key rotation finished: %d rows re-encrypted; every value is under key %s%s",
                    reEncrypted,
                    pii.currentKeyFingerprint(),
                    pii.previousKeyFingerprints().isEmpty()
                            ? ""
                            : ". The previous keys (" + String.join(", ", pii.previousKeyFingerprints())
                                    + ") are no longer needed by the database; keep them only for older backups");
        } else {
            LOG.infof(
                    "Personal-data key rotation stopped after %d rows; %d rows still hold values under an old key",
                    reEncrypted, remaining);
        }
        return new Result(true, reEncrypted, remaining);
    }

    /** Rows per table holding a value that is not under the current key. */
    Map<String, Long> remaining() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (EncryptedTable table : EncryptedTable.ALL) {
            counts.put(
                    table.name(),
                    jdbc.queryOne(
                                    "select count(*) from " + table.name() + " where " + table.notUnderCurrentKey(),
                                    ps -> bindHeaders(ps, table, 1),
                                    rs -> rs.getLong(1))
                            .orElseThrow());
        }
        return counts;
    }

    /** One batch: its row count and the key of its last row. */
    private record Batch(int rows, List<Object> last) {}

    private Batch batchWithRetries(EncryptedTable table, List<Object> after) {
        for (int attempt = 1; ; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> batch(table, after));
            } catch (RuntimeException e) {
                // A deadlock with an edit, say: the transaction rolled back whole; try it again.
                if (attempt == ATTEMPTS_PER_BATCH) {
                    throw e;
                }
                LOG.warnf("A key rotation batch of %s failed (%s); trying again", table.name(), describe(e));
            }
        }
    }

    private Batch batch(EncryptedTable table, List<Object> after) {
        List<Row> rows = jdbc.query(
                selectSql(table, after != null),
                ps -> {
                    int p = 1;
                    if (after != null) {
                        for (Object value : after) {
                            ps.setObject(p++, value);
                        }
                    }
                    p = bindHeaders(ps, table, p);
                    ps.setInt(p, batchSize);
                },
                rs -> reEncrypt(table, rs));
        if (rows.isEmpty()) {
            return new Batch(0, null);
        }
        jdbc.update(updateSql(table), (c, ps) -> {
            int p = 1;
            for (int k = 0; k < table.key().size(); k++) {
                int column = k;
                ps.setArray(
                        p++,
                        c.createArrayOf(
                                table.key().get(k).type(),
                                rows.stream().map(r -> r.key().get(column)).toArray()));
            }
            for (int i = 0; i < table.columns().size(); i++) {
                int column = i;
                ps.setArray(
                        p++,
                        c.createArrayOf(
                                "bytea",
                                rows.stream().map(r -> r.ciphers()[column]).toArray(byte[][]::new)));
                if (table.columns().get(i).index() != null) {
                    ps.setArray(
                            p++,
                            c.createArrayOf(
                                    "bytea",
                                    rows.stream().map(r -> r.indexes()[column]).toArray(byte[][]::new)));
                }
            }
        });
        return new Batch(rows.size(), rows.get(rows.size() - 1).key());
    }

    /** A row's key and its values, now all under the current key. */
    private record Row(List<Object> key, byte[][] ciphers, byte[][] indexes) {}

    private Row reEncrypt(EncryptedTable table, ResultSet rs) throws SQLException {
        List<Object> key = new ArrayList<>();
        int p = 1;
        for (int k = 0; k < table.key().size(); k++) {
            key.add(rs.getObject(p++));
        }
        int n = table.columns().size();
        byte[][] ciphers = new byte[n][];
        byte[][] indexes = new byte[n][];
        for (int i = 0; i < n; i++) {
            EncryptedTable.Column column = table.columns().get(i);
            byte[] cipher = rs.getBytes(p++);
            byte[] index = column.index() == null ? null : rs.getBytes(p++);
            if (cipher == null || pii.underCurrentKey(cipher)) {
                ciphers[i] = cipher;
                indexes[i] = index;
            } else {
                String plain = pii.decrypt(column.field(), cipher);
                ciphers[i] = pii.encrypt(column.field(), plain);
                indexes[i] = column.index() == null ? null : pii.blindIndex(column.field(), plain);
            }
        }
        return new Row(key, ciphers, indexes);
    }

    private static String selectSql(EncryptedTable table, boolean after) {
        List<String> columns = new ArrayList<>();
        table.key().forEach(k -> columns.add(k.name()));
        for (EncryptedTable.Column c : table.columns()) {
            columns.add(c.cipher());
            if (c.index() != null) {
                columns.add(c.index());
            }
        }
        String placeholders =
                String.join(", ", table.key().stream().map(k -> "?").toList());
        return "select " + String.join(", ", columns) + " from " + table.name()
                + " where " + (after ? "(" + table.keyList() + ") > (" + placeholders + ") and " : "")
                + "(" + table.notUnderCurrentKey() + ")"
                + " order by " + table.keyList() + " limit ? for update";
    }

    private static String updateSql(EncryptedTable table) {
        List<String> sets = new ArrayList<>();
        List<String> arrays = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> matches = new ArrayList<>();
        for (int k = 0; k < table.key().size(); k++) {
            EncryptedTable.KeyColumn key = table.key().get(k);
            arrays.add("?::" + key.type() + "[]");
            names.add("k" + k);
            matches.add("t." + key.name() + " = v.k" + k);
        }
        for (int i = 0; i < table.columns().size(); i++) {
            EncryptedTable.Column c = table.columns().get(i);
            arrays.add("?::bytea[]");
            names.add("c" + i);
            sets.add(c.cipher() + " = v.c" + i);
            if (c.index() != null) {
                arrays.add("?::bytea[]");
                names.add("i" + i);
                sets.add(c.index() + " = v.i" + i);
            }
        }
        return "update " + table.name() + " t set " + String.join(", ", sets)
                + " from unnest(" + String.join(", ", arrays) + ") as v(" + String.join(", ", names) + ")"
                + " where " + String.join(" and ", matches);
    }

    private int bindHeaders(PreparedStatement ps, EncryptedTable table, int from) throws SQLException {
        int p = from;
        for (int i = 0; i < table.columns().size(); i++) {
            ps.setBytes(p++, pii.currentKeyHeader());
        }
        return p;
    }

    /**
     * A failure in words fit for the log: PostgreSQL's primary message without its detail (which
     * may quote a row's values), or the hub's own message (which never holds values).
     */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof PSQLException p && p.getServerErrorMessage() != null) {
                return p.getServerErrorMessage().getMessage() + " (SQLState " + p.getSQLState() + ")";
            }
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
}
