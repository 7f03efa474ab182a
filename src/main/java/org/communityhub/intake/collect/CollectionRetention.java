package org.communityhub.intake.collect;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.jboss.logging.Logger;

/**
 * The answers of a collection (本人的填报内容) are personal data and are kept only as long as
 * {@code hub.retention.collection-answers} after the collection was closed: then they are deleted,
 * as a supervisor deletes them, recorded as done by {@code system:retention}. The form, its
 * columns and the returns' counts stay. Looked at once an hour; not while the hub starts or stops.
 * Several hub processes doing it at once delete nothing twice.
 */
@ApplicationScoped
@Startup
public class CollectionRetention {

    /** How long a closed collection's answers are kept. */
    @ConfigMapping(prefix = "hub.retention")
    public interface Settings {
        /** How long the answers of a closed collection are kept after it was closed. */
        @WithDefault("180d")
        Duration collectionAnswers();
    }

    private static final Logger LOG = Logger.getLogger(CollectionRetention.class);

    /** Who deletes the answers when the retention period has passed. */
    static final Actor HUB = Actor.system("retention");

    private final CollectionService collections;
    private final Settings settings;
    private final Clock clock;

    CollectionRetention(CollectionService collections, Settings settings, Clock clock) {
        this.collections = collections;
        this.settings = settings;
        this.clock = clock;
    }

    @Scheduled(
            identity = "collection-answers-retention",
            every = "1h",
            delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void run() {
        apply(clock.instant());
    }

    /**
     * Deletes the answers of collections closed longer than the retention period before {@code
     * now}; how many residents' answers, by collection.
     */
    public Map<UUID, Integer> apply(Instant now) {
        Duration kept = settings.collectionAnswers();
        Map<UUID, Integer> deleted = QuarkusTransaction.requiringNew()
                .call(() -> collections.deleteAnswersClosedBefore(now.minus(kept), HUB));
        deleted.forEach((id, count) -> LOG.infof(
                "Retention: deleted the answers of %d residents of collection %s, closed more than %s ago",
                count, id, kept));
        return deleted;
    }
}
