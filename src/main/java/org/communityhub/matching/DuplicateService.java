package org.communityhub.matching;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.communityhub.access.Actor;
import org.communityhub.access.AreaScope;
import org.communityhub.access.Reveal;
import org.communityhub.audit.AccessLog;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.reference.identity.IdNumberRelation;
import org.communityhub.reference.identity.Masking;
import org.communityhub.registry.resident.MatchFacts;
import org.communityhub.registry.resident.RegistrationChecks;
import org.communityhub.registry.resident.RegistrationWarning;
import org.communityhub.registry.resident.ResidentMatchService;
import org.jboss.logging.Logger;

/**
 * Probable duplicates: found at entry (the registration's warnings), listed for review, decided.
 * A decided pair is never offered again. Showing a candidate or a pair is a read of the residents'
 * personal data and goes to the access log.
 */
@ApplicationScoped
public class DuplicateService implements RegistrationChecks {

    static final String PROBABLE_DUPLICATE = "probable-duplicate";
    private static final Logger LOG = Logger.getLogger(DuplicateService.class);
    private static final int MAX_CANDIDATES = 10;
    /** The "self" of a person not registered yet: no resident has this id. */
    private static final UUID NOBODY = new UUID(0, 0);

    /** What a candidate's reasons and a queue line tell of each resident. */
    private static final List<String> SHOWN_FIELDS =
            List.of("name", Reveal.ID_NUMBER, "sex", "birthDate", Reveal.PHONE, "address");

    private final ResidentMatchService residents;
    private final DuplicatePairRepository pairs;
    private final AccessLog accessLog;
    private final Clock clock;

    DuplicateService(ResidentMatchService residents, DuplicatePairRepository pairs, AccessLog accessLog, Clock clock) {
        this.residents = residents;
        this.pairs = pairs;
        this.accessLog = accessLog;
        this.clock = clock;
    }

    /**
     * The probable duplicates of a resident just registered, in the actor's area, found through
     * indexes: the same name key with a birth date at most one typo away, or an ID number one typo
     * away. Each is recorded as an open pair (so it is in the review queue too) unless decided.
     */
    @Override
    public List<RegistrationWarning> afterRegistration(Actor actor, UUID residentId) {
        List<RegistrationWarning.Candidate> candidates;
        try {
            candidates = candidates(actor, residentId);
        } catch (RuntimeException e) {
            // The resident is registered (committed) already: answer that, without warnings, rather
            // than a failure a client would retry into a refusal of the same ID number.
            LOG.warnf(
                    "Looking for probable duplicates of resident %s failed: %s",
                    residentId, e.getClass().getSimpleName());
            return List.of();
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        accessLog.read(
                actor,
                AccessLog.Action.LIST,
                "POST /api/v1/residents (probable duplicates)",
                candidates.stream().map(RegistrationWarning.Candidate::id).toList(),
                SHOWN_FIELDS);
        String detail = "已登记的居民中有 " + candidates.size() + " 位可能与此人是同一人，请核对；如确认不是同一人，请标记“不是同一人”。";
        return List.of(new RegistrationWarning(PROBABLE_DUPLICATE, detail, candidates));
    }

    /** {@link #afterRegistration}'s candidates, best first; logs nothing (for the caller to log). */
    List<RegistrationWarning.Candidate> candidates(Actor actor, UUID residentId) {
        MatchFacts self = residents.facts(actor, residentId).orElse(null);
        if (self == null || self.nameKey() == null) {
            return List.of();
        }
        List<String> idNeighbours = new ArrayList<>();
        if (self.idNumber() != null && self.idNumber().length() == 18) {
            idNeighbours.addAll(IdNumberRelation.neighbours(self.idNumber()));
        }
        List<MatchFacts> found = residents.candidates(
                actor, self.nameKey(), BirthDateRelation.nearby(self.birthDate()), idNeighbours, self.id());
        List<RegistrationWarning.Candidate> out = new ArrayList<>();
        for (MatchFacts other : found) {
            Optional<PairScorer.Match> match = PairScorer.compare(self, other);
            if (match.isEmpty()) {
                continue;
            }
            offer(self, other, match.get(), "ENTRY", null)
                    .ifPresent(offered -> out.add(candidate(other, offered.id(), match.get())));
        }
        out.sort(Comparator.comparingDouble(RegistrationWarning.Candidate::score)
                .reversed()
                .thenComparing(RegistrationWarning.Candidate::id));
        return out.size() > MAX_CANDIDATES ? List.copyOf(out.subList(0, MAX_CANDIDATES)) : out;
    }

    /**
     * The residents of the actor's area a person being entered on the form probably is, best first,
     * found as {@link #afterRegistration} finds them (name key; birth date or ID number equal or one
     * typo away) but before anything is saved: nothing is recorded in the queue. What is shown of
     * them (name, birth date, address) is in the access log under {@code resource}.
     *
     * @param person the person as typed so far: {@code id} the resident being edited, or null
     */
    public List<ProbableMatch> probableFor(Actor actor, MatchFacts person, String resource) {
        if (person.nameKey() == null || (person.birthDate() == null && person.idNumber() == null)) {
            return List.of();
        }
        List<String> idNeighbours = new ArrayList<>();
        if (person.idNumber() != null && person.idNumber().length() == 18) {
            idNeighbours.addAll(IdNumberRelation.neighbours(person.idNumber()));
        }
        List<ProbableMatch> out = new ArrayList<>();
        for (MatchFacts other : residents.candidates(
                actor,
                person.nameKey(),
                person.birthDate() == null ? List.of() : BirthDateRelation.nearby(person.birthDate()),
                idNeighbours,
                person.id() == null ? NOBODY : person.id())) {
            PairScorer.compare(person, other)
                    .ifPresent(match -> out.add(new ProbableMatch(
                            side(other),
                            match.score(),
                            match.reasons().stream().map(MatchReason::view).toList())));
        }
        out.sort(Comparator.comparingDouble(ProbableMatch::score)
                .reversed()
                .thenComparing(m -> m.resident().id()));
        List<ProbableMatch> shown = out.size() > MAX_CANDIDATES ? List.copyOf(out.subList(0, MAX_CANDIDATES)) : out;
        if (!shown.isEmpty()) {
            accessLog.read(
                    actor,
                    AccessLog.Action.LIST,
                    resource,
                    shown.stream().map(m -> m.resident().id()).toList(),
                    List.of("name", "birthDate", "address"));
        }
        return shown;
    }

    /** A resident a person being entered probably is: as shown (ID number masked), how probably, why. */
    public record ProbableMatch(
            DuplicatePairView.Side resident, double score, List<RegistrationWarning.Reason> reasons) {}

    /**
     * For people about to be registered (an import's rows: {@code id} null, the rest as the row
     * gives it), the registered resident in the actor's area each is most probably, or empty (a
     * candidate without a pair: nothing is queued).
     * Looks only at residents with the same name key and the same birth date, one index probe a
     * person, so that a file of a million rows can be checked; a pair that differs in the birth date
     * too is left to a duplicate scan. Records nothing and logs nothing: the caller shows no more
     * than the resident's id and the reasons.
     */
    public List<Optional<RegistrationWarning.Candidate>> probableMatches(Actor actor, List<MatchFacts> newcomers) {
        List<List<MatchFacts>> found = residents.sameNameKeyAndBirthDate(
                actor,
                newcomers.stream().map(MatchFacts::nameKey).toList(),
                newcomers.stream().map(MatchFacts::birthDate).toList(),
                MAX_CANDIDATES);
        List<Optional<RegistrationWarning.Candidate>> matches = new ArrayList<>(newcomers.size());
        for (int i = 0; i < newcomers.size(); i++) {
            RegistrationWarning.Candidate best = null;
            for (MatchFacts other : found.get(i)) {
                Optional<PairScorer.Match> match = PairScorer.compare(newcomers.get(i), other);
                if (match.isPresent() && (best == null || match.get().score() > best.score())) {
                    best = candidate(other, null, match.get());
                }
            }
            matches.add(Optional.ofNullable(best));
        }
        return matches;
    }

    private static RegistrationWarning.Candidate candidate(MatchFacts other, UUID pairId, PairScorer.Match match) {
        return new RegistrationWarning.Candidate(
                other.id(),
                pairId,
                match.score(),
                match.reasons().stream().map(MatchReason::view).toList());
    }

    /**
     * Puts the probable pairs of a resident just registered into the review queue, as at entry, in
     * the caller's transaction; answers how many it offered (decided pairs are not offered again).
     * Logs nothing: nothing is shown.
     */
    public int offerPairsOf(Actor actor, UUID residentId) {
        return candidates(actor, residentId).size();
    }

    /** Records a probable pair unless decided before; empty when decided. */
    Optional<DuplicatePairRepository.Offered> offer(
            MatchFacts x, MatchFacts y, PairScorer.Match match, String foundBy, UUID scanId) {
        boolean xFirst = x.id().toString().compareTo(y.id().toString()) < 0;
        MatchFacts a = xFirst ? x : y;
        MatchFacts b = xFirst ? y : x;
        return pairs.offer(
                a.id(),
                b.id(),
                a.address().communityCode(),
                b.address().communityCode(),
                match.score(),
                match.reasons().stream().map(r -> r.code).toList(),
                foundBy,
                scanId,
                clock.instant());
    }

    /** The review queue: pairs of a status with both residents in the actor's area, best first. */
    public Page<DuplicatePairView> list(Actor actor, PairStatus status, PageRequest page) {
        AreaScope scope = actor.scope();
        List<DuplicatePairRepository.StoredPair> stored = pairs.list(scope, status, page.offset(), page.size());
        List<DuplicatePairView> items = new ArrayList<>();
        Set<UUID> shown = new LinkedHashSet<>();
        for (DuplicatePairRepository.StoredPair p : stored) {
            Optional<MatchFacts> a = residents.facts(actor, p.residentA());
            Optional<MatchFacts> b = residents.facts(actor, p.residentB());
            if (a.isEmpty() || b.isEmpty()) {
                continue; // one of them moved out of the area since the pair was found
            }
            items.add(view(p, a.get(), b.get()));
            shown.add(p.residentA());
            shown.add(p.residentB());
        }
        if (!shown.isEmpty()) {
            accessLog.read(actor, AccessLog.Action.LIST, "GET /api/v1/duplicates", shown, SHOWN_FIELDS);
        }
        return new Page<>(items, pairs.count(scope, status), page.page(), page.size());
    }

    /** Records "same person" or "different people" on an open pair of the actor's area. */
    public DuplicatePairView decide(Actor actor, UUID pairId, DuplicateDecision decision) {
        PairStatus status = parseDecision(decision);
        DuplicatePairRepository.StoredPair p = pairs.find(pairId).orElseThrow(() -> ProblemException.notFound("疑似重复"));
        MatchFacts a = residents.facts(actor, p.residentA()).orElseThrow(() -> ProblemException.notFound("疑似重复"));
        MatchFacts b = residents.facts(actor, p.residentB()).orElseThrow(() -> ProblemException.notFound("疑似重复"));
        if (p.status() != PairStatus.OPEN || !pairs.decide(pairId, status, actor.username(), clock.instant())) {
            throw ProblemException.conflict("already-decided", "这一对已经判定过，不再重复判定。");
        }
        LOG.infof("Duplicate pair %s decided %s by %s", pairId, status, actor.username());
        DuplicatePairRepository.StoredPair decided = pairs.find(pairId).orElseThrow();
        accessLog.read(
                actor,
                AccessLog.Action.VIEW,
                "POST /api/v1/duplicates/{id}/decision",
                List.of(a.id(), b.id()),
                SHOWN_FIELDS);
        return view(decided, a, b);
    }

    /**
     * Takes back a decision on a pair of the actor's area: the pair is open again, to be decided
     * anew. A pair whose two records were merged meanwhile stays decided (undo the merge first).
     */
    public DuplicatePairView reopen(Actor actor, UUID pairId) {
        DuplicatePairRepository.StoredPair p = pairs.find(pairId).orElseThrow(() -> ProblemException.notFound("疑似重复"));
        MatchFacts a = residents.facts(actor, p.residentA()).orElseThrow(() -> ProblemException.notFound("疑似重复"));
        MatchFacts b = residents.facts(actor, p.residentB()).orElseThrow(() -> ProblemException.notFound("疑似重复"));
        if (p.status() == PairStatus.OPEN || !pairs.reopen(pairId, p.status())) {
            throw ProblemException.conflict("not-decided", "这一对还没有判定，无需撤销。");
        }
        LOG.infof("Duplicate pair %s reopened by %s", pairId, actor.username());
        return view(pairs.find(pairId).orElseThrow(), a, b);
    }

    /**
     * Two residents were merged: their pair, if one was found and is still open, is decided as
     * one person, so it leaves the queue. Called by the merge, in its transaction.
     */
    public void merged(Actor actor, UUID survivor, UUID merged) {
        pairs.pairOf(survivor, merged)
                .ifPresent(id -> pairs.decide(id, PairStatus.SAME_PERSON, actor.username(), clock.instant()));
    }

    /** The two were un-merged: their pair is open again, if the merge decided it. */
    public void unmerged(UUID survivor, UUID merged) {
        pairs.pairOf(survivor, merged).ifPresent(id -> pairs.reopen(id, PairStatus.SAME_PERSON));
    }

    private static PairStatus parseDecision(DuplicateDecision decision) {
        String value = decision == null || decision.decision() == null
                ? ""
                : decision.decision().strip();
        return switch (value) {
            case "SAME_PERSON" -> PairStatus.SAME_PERSON;
            case "DIFFERENT_PEOPLE" -> PairStatus.DIFFERENT_PEOPLE;
            default ->
                throw ProblemException.invalid(
                        "decision", "invalid-value", "请选择 SAME_PERSON（是同一人）或 DIFFERENT_PEOPLE（不是同一人）。");
        };
    }

    private static DuplicatePairView view(DuplicatePairRepository.StoredPair p, MatchFacts a, MatchFacts b) {
        Map<String, MatchReason> byCode = java.util.Arrays.stream(MatchReason.values())
                .collect(Collectors.toMap(r -> r.code, Function.identity()));
        List<RegistrationWarning.Reason> reasons = p.reasons().stream()
                .map(byCode::get)
                .filter(java.util.Objects::nonNull)
                .map(MatchReason::view)
                .toList();
        return new DuplicatePairView(
                p.id(),
                side(a),
                side(b),
                p.score(),
                reasons,
                p.status(),
                p.foundBy(),
                p.foundAt(),
                p.decidedBy(),
                p.decidedAt());
    }

    private static DuplicatePairView.Side side(MatchFacts f) {
        return new DuplicatePairView.Side(
                f.id(),
                f.name(),
                f.birthDate(),
                f.sex(),
                Masking.maskIdNumber(f.idNumber()),
                f.address().communityCode(),
                f.address().building(),
                f.address().unit(),
                f.address().room());
    }
}
