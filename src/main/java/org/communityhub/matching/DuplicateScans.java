package org.communityhub.matching;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.communityhub.access.Actor;
import org.communityhub.access.AreaScope;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.ids.Ids;
import org.communityhub.common.paging.Filters;
import org.communityhub.registry.resident.MatchFacts;
import org.communityhub.registry.resident.ResidentMatchService;
import org.jboss.logging.Logger;

/**
 * Bulk duplicate scans, one at a time in the background. Residents are compared only within
 * blocks of one name key (see {@link PairScorer} for why no probable pair is lost that way), read
 * in key order through the (name_key, birth_date) index; the pairs found go into the review queue.
 */
@ApplicationScoped
public class DuplicateScans {

    private static final Logger LOG = Logger.getLogger(DuplicateScans.class);

    private final ResidentMatchService residents;
    private final DuplicateService duplicates;
    private final DuplicatePairRepository repository;
    private final Clock clock;
    private ExecutorService executor;

    DuplicateScans(
            ResidentMatchService residents,
            DuplicateService duplicates,
            DuplicatePairRepository repository,
            Clock clock) {
        this.residents = residents;
        this.duplicates = duplicates;
        this.repository = repository;
        this.clock = clock;
    }

    void onStart(@Observes StartupEvent event) {
        int interrupted = repository.failUnfinishedScans(clock.instant());
        if (interrupted > 0) {
            LOG.infof("%d duplicate scans were interrupted by a restart", interrupted);
        }
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "duplicate-scan");
            t.setDaemon(true);
            return t;
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** Queues a scan of {@code request.scope()}, which must be in the actor's area ({@code *}: everywhere). */
    public DuplicateScanView start(Actor actor, DuplicateScanRequest request) {
        String scope = ProblemException.requireBody(request).scope() == null
                ? null
                : request.scope().strip();
        if (AreaScope.EVERYWHERE.equals(scope)) {
            if (!actor.scope().isEverywhere()) {
                throw ProblemException.forbidden("out-of-area", "只能查重您负责的区域。");
            }
        } else {
            FieldErrors errors = new FieldErrors();
            scope = Filters.division(scope, "scope", errors);
            errors.throwIfAny();
            if (scope == null) {
                throw ProblemException.invalid("scope", "required", "请填写要查重的区划代码（社区、街道或区县）。");
            }
            if (!actor.covers(scope)) {
                throw ProblemException.forbidden("out-of-area", "只能查重您负责的区域。");
            }
        }
        UUID id = Ids.newId();
        repository.insertScan(id, scope, actor.username(), clock.instant());
        String prefix = AreaScope.EVERYWHERE.equals(scope) ? "" : scope;
        executor.submit(() -> run(id, prefix));
        return repository.scan(id).orElseThrow();
    }

    /** A scan of the actor's area. */
    public Optional<DuplicateScanView> find(Actor actor, UUID id) {
        return repository
                .scan(id)
                .filter(s -> AreaScope.EVERYWHERE.equals(s.scope())
                        ? actor.scope().isEverywhere()
                        : actor.covers(s.scope()));
    }

    /** Runs a scan now, in the calling thread: the work of a queued scan. */
    ScanCounts run(UUID id, String divisionPrefix) {
        try {
            repository.scanStarted(id, clock.instant());
            List<Found> found = new ArrayList<>();
            int[] residentsRead = {0};
            int[] blocks = {0};
            long[] comparisons = {0};
            residents.forEachNameKeyBlock(divisionPrefix, block -> {
                residentsRead[0] += block.size();
                blocks[0]++;
                for (int i = 0; i < block.size(); i++) {
                    MatchFacts a = block.get(i);
                    for (int j = i + 1; j < block.size(); j++) {
                        MatchFacts b = block.get(j);
                        comparisons[0]++;
                        PairScorer.compare(a, b).ifPresent(m -> found.add(new Found(a, b, m)));
                    }
                }
            });
            int offered = 0;
            int added = 0;
            for (Found f : found) {
                Optional<DuplicatePairRepository.Offered> o = duplicates.offer(f.a(), f.b(), f.match(), "SCAN", id);
                if (o.isPresent()) {
                    offered++;
                    if (o.get().inserted()) {
                        added++;
                    }
                }
            }
            ScanCounts counts = new ScanCounts(residentsRead[0], blocks[0], comparisons[0], offered, added);
            repository.scanFinished(id, counts, clock.instant());
            LOG.infof(
                    "Duplicate scan %s: %d residents, %d blocks, %d comparisons, %d pairs (%d new)",
                    id, counts.residents(), counts.blocks(), counts.comparisons(), offered, added);
            return counts;
        } catch (RuntimeException e) {
            LOG.warnf("Duplicate scan %s failed: %s", id, e.getClass().getSimpleName());
            repository.scanFailed(id, e.getClass().getSimpleName(), clock.instant());
            return null;
        }
    }

    private record Found(MatchFacts a, MatchFacts b, PairScorer.Match match) {}
}
