package org.communityhub.fanout;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.communityhub.common.database.DataDirectory;
import org.communityhub.common.database.Jdbc;
import org.jboss.logging.Logger;

/**
 * Delivered payloads are personal data and are kept only as long as {@code
 * hub.retention.payloads}: after that the copy of what a platform last accepted (used by previews)
 * is dropped, and export files are deleted. The sharing ledger keeps its metadata (platform,
 * fields, payload hash, answer) for good.
 */
@ApplicationScoped
public class PayloadRetention {

    /** How long delivered data is kept. */
    @ConfigMapping(prefix = "hub.retention")
    public interface Settings {
        /** How long the payload a platform accepted, and an export file, are kept. */
        @WithDefault("180d")
        Duration payloads();
    }

    private static final Logger LOG = Logger.getLogger(PayloadRetention.class);
    private static final Duration EVERY = Duration.ofHours(1);

    private final Jdbc jdbc;
    private final DataDirectory data;
    private final Settings settings;
    private final Clock clock;
    private volatile Instant lastRun = Instant.EPOCH;

    PayloadRetention(Jdbc jdbc, DataDirectory data, Settings settings, Clock clock) {
        this.jdbc = jdbc;
        this.data = data;
        this.settings = settings;
        this.clock = clock;
    }

    /** Applies the retention period if it has not been applied in the last hour. */
    void applyIfDue() {
        Instant now = clock.instant();
        if (Duration.between(lastRun, now).compareTo(EVERY) < 0) {
            return;
        }
        lastRun = now;
        apply(now);
    }

    /** Drops payload copies and export files older than the retention period; returns how many. */
    public Result apply(Instant now) {
        Instant cutoff = now.minus(settings.payloads());
        int payloads = QuarkusTransaction.requiringNew().call(() -> dropPayloads(cutoff));
        int files = deleteFiles(cutoff);
        if (payloads > 0 || files > 0) {
            LOG.infof(
                    "Retention: dropped %d delivered payloads and %d export files older than %s",
                    payloads, files, settings.payloads());
        }
        return new Result(payloads, files);
    }

    /** What one application of the retention period removed. */
    public record Result(int payloads, int files) {}

    private int dropPayloads(Instant cutoff) {
        return jdbc.update(
                "update platform_record set payload_cipher = null where payload_cipher is not null and accepted_at < ?",
                (c, ps) -> ps.setTimestamp(1, Timestamp.from(cutoff)));
    }

    private int deleteFiles(Instant cutoff) {
        Path exports = data.path().resolve("exports");
        if (!Files.isDirectory(exports)) {
            return 0;
        }
        try (Stream<Path> walk = Files.walk(exports)) {
            List<Path> old = walk.filter(Files::isRegularFile)
                    .filter(p -> modified(p).isBefore(cutoff))
                    .toList();
            for (Path p : old) {
                Files.deleteIfExists(p);
            }
            return old.size();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not delete export files past retention", e);
        }
    }

    private static Instant modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toInstant();
        } catch (IOException e) {
            return Instant.MAX; // gone or unreadable: leave it
        }
    }
}
