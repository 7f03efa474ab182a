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
import org.communityhub.access.Actor;
import org.communityhub.access.AreaScope;
import org.communityhub.common.background.BackgroundWork;
import org.communityhub.common.background.Lane;
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
    private final Lane scans;

    DuplicateScans(
            ResidentMatchService residents,
            DuplicateService duplicates,
            DuplicatePairRepository repository,
            Clock clock,
            BackgroundWork background) {
        this.scans = background.lane("duplicate-scan", 1);
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
    }

    void onStop(@Observes ShutdownEvent event) {
        scans.shutdownNow();
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
        scans.submit(() -> run(id, prefix));
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
                comparisons[0] += compareWithin(block, (a, b, m) -> found.add(new Found(a, b, m)));
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

    /** Receives a probable pair. */
    interface PairSink {
        void accept(MatchFacts a, MatchFacts b, PairScorer.Match match);
    }

    /** Blocks up to this size are compared pair by pair; larger ones through their birth dates. */
    private static final int SMALL_BLOCK = 64;

    /**
     * Compares the residents of one block (one name key) with each other; returns how many pairs
     * it compared. A probable pair always has birth dates at most one typo apart (with an ID
     * number, the birth date is the number's, so a near number means a near date too): in a large
     * block, each resident is compared only with those born on one of the ~50 dates near theirs.
     */
    static long compareWithin(List<MatchFacts> block, PairSink sink) {
        long compared = 0;
        if (block.size() <= SMALL_BLOCK) {
            for (int i = 0; i < block.size(); i++) {
                for (int j = i + 1; j < block.size(); j++) {
                    compared++;
                    MatchFacts a = block.get(i);
                    MatchFacts b = block.get(j);
                    PairScorer.compare(a, b).ifPresent(m -> sink.accept(a, b, m));
                }
            }
            return compared;
        }
        java.util.Map<java.time.LocalDate, List<Integer>> byBirth = new java.util.HashMap<>();
        for (int i = 0; i < block.size(); i++) {
            byBirth.computeIfAbsent(block.get(i).birthDate(), d -> new ArrayList<>())
                    .add(i);
        }
        for (int i = 0; i < block.size(); i++) {
            MatchFacts a = block.get(i);
            for (java.time.LocalDate d : BirthDateRelation.nearby(a.birthDate())) {
                for (int j : byBirth.getOrDefault(d, List.of())) {
                    if (j <= i) {
                        continue; // each pair once
                    }
                    compared++;
                    MatchFacts b = block.get(j);
                    PairScorer.compare(a, b).ifPresent(m -> sink.accept(a, b, m));
                }
            }
        }
        return compared;
    }
}
