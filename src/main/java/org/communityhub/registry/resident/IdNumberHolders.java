package org.communityhub.registry.resident;

import io.quarkus.arc.NoClassInterceptors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.Reveal;
import org.communityhub.access.pii.PiiCipher;
import org.communityhub.access.pii.PiiField;
import org.communityhub.audit.AccessLog;
import org.communityhub.reference.identity.IdNumber;
import org.communityhub.reference.identity.Masking;
import org.communityhub.reference.identity.PersonName;
import org.communityhub.registry.place.Address;

/**
 * Who holds an ID number (证件号码): the look-ups of registration, edits, the resident form and
 * imports. Each is a look-up as {@link IdNumberLookups} describes (budgeted, and logged when the
 * holder is outside the actor's area); none reads a holder's personal data unless it says so.
 */
@ApplicationScoped
@Transactional
public class IdNumberHolders {

    private final ResidentRepository residents;
    private final ResidentBatchStore batches;
    private final PiiCipher pii;
    private final AccessLog accessLog;
    private final IdNumberLookups lookups;

    IdNumberHolders(
            ResidentRepository residents,
            ResidentBatchStore batches,
            PiiCipher pii,
            AccessLog accessLog,
            IdNumberLookups lookups) {
        this.residents = residents;
        this.batches = batches;
        this.pii = pii;
        this.accessLog = accessLog;
        this.lookups = lookups;
    }

    /** Who holds an ID number in the registry, and whether they are in the actor's area. */
    public record IdNumberHolder(UUID id, boolean inScope) {}

    /** The resident with this ID number, if any; reads none of their personal data. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<IdNumberHolder> holderOf(Actor actor, IdNumber idNumber) {
        return Optional.ofNullable(holdersOf(actor, List.of(idNumber)).get(idNumber.value()));
    }

    /**
     * The residents holding any of these ID numbers, by ID number, found in one query (for an
     * import's batch); reads none of their personal data. Numbers nobody holds are not in the map.
     * A look-up like any other ({@link IdNumberLookups}): refused (429) to a user whose answers
     * about other areas are used up today, and holders outside the actor's area are logged.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, IdNumberHolder> holdersOf(Actor actor, Collection<IdNumber> idNumbers) {
        if (idNumbers.isEmpty()) {
            return Map.of();
        }
        lookups.checkBudget(actor);
        Map<String, IdNumberHolder> holders = findHolders(actor, idNumbers);
        lookups.foundElsewhere(actor, elsewhere(holders), "POST /api/v1/imports");
        return holders;
    }

    /**
     * Who else holds an ID number, asked by a form while it is filled in: a look-up like a
     * registration's ({@link IdNumberLookups}): refused (429) to a user whose answers about other
     * areas are used up today; a holder outside the actor's area is logged under {@code resource}
     * and answered without their id, so nothing about them reaches the page.
     *
     * @param self the resident being edited (who holds their own number), or null
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<IdNumberHolder> otherHolderOf(Actor actor, IdNumber idNumber, UUID self, String resource) {
        lookups.checkBudget(actor);
        Optional<IdNumberHolder> holder = Optional.ofNullable(
                        findHolders(actor, List.of(idNumber)).get(idNumber.value()))
                .filter(h -> !h.id().equals(self));
        if (holder.isEmpty() || holder.get().inScope()) {
            return holder;
        }
        lookups.foundElsewhere(actor, List.of(holder.get().id()), resource);
        return Optional.of(new IdNumberHolder(null, false));
    }

    /** A registered resident an import row's damaged ID number probably belongs to, as the import shows them. */
    public record ProbableHolder(UUID id, String name, LocalDate birthDate, String address, String maskedIdNumber) {}

    /** A row's damaged ID number: the valid numbers it may have been, and the sound of the row's name. */
    public record DamagedProbe(String nameKey, List<IdNumber> candidates) {}

    /**
     * For each probe, the one resident in the actor's area who holds one of its candidate numbers
     * and whose name sounds the same, if there is exactly one: all probes' candidates (some 170
     * each) looked up in one query through the blind index. A look-up like any other
     * ({@link IdNumberLookups}): refused (429) to a user whose answers about other areas are used
     * up today. Holders outside the actor's area are never answered, and none of their data is
     * read, so the candidates of a made-up number tell nothing about other areas; the residents
     * answered are shown to the caller (name, birth date, address, masked number) and their read
     * is in the access log under {@code resource}.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Optional<ProbableHolder>> probableHolders(Actor actor, List<DamagedProbe> probes, String resource) {
        List<Optional<ProbableHolder>> answers = new ArrayList<>(probes.size());
        if (probes.isEmpty()) {
            return answers;
        }
        lookups.checkBudget(actor);
        Map<ByteBuffer, List<Integer>> probesByIndex = new HashMap<>();
        for (int p = 0; p < probes.size(); p++) {
            for (IdNumber candidate : probes.get(p).candidates()) {
                for (byte[] index : pii.blindIndexes(PiiField.ID_NUMBER, candidate.value())) {
                    probesByIndex
                            .computeIfAbsent(ByteBuffer.wrap(index), k -> new ArrayList<>(1))
                            .add(p);
                }
            }
        }
        List<Set<UUID>> found = new ArrayList<>(probes.size());
        for (int p = 0; p < probes.size(); p++) {
            found.add(new LinkedHashSet<>());
        }
        List<byte[]> indexes =
                probesByIndex.keySet().stream().map(ByteBuffer::array).toList();
        for (ResidentBatchStore.NamedHolder h : batches.namedHolders(indexes)) {
            if (!actor.covers(h.communityCode())) {
                continue; // outside the area: not answered, not read
            }
            for (int p : probesByIndex.getOrDefault(ByteBuffer.wrap(h.idNumberIndex()), List.of())) {
                if (Objects.equals(probes.get(p).nameKey(), h.nameKey())) {
                    found.get(p).add(h.id());
                }
            }
        }
        Map<UUID, ProbableHolder> shown = new HashMap<>();
        for (Set<UUID> ids : found) {
            if (ids.size() == 1) {
                UUID id = ids.iterator().next();
                shown.computeIfAbsent(id, k -> {
                    Resident r = residents.findById(k);
                    String number = pii.decrypt(PiiField.ID_NUMBER, r.idNumberCipher);
                    return new ProbableHolder(
                            r.id,
                            r.name,
                            r.birthDate,
                            Address.shown(r.building, r.unit, r.room),
                            Masking.maskIdNumber(number));
                });
            }
        }
        if (!shown.isEmpty()) {
            accessLog.read(
                    actor,
                    AccessLog.Action.VIEW,
                    resource,
                    List.copyOf(shown.keySet()),
                    List.of("name", Reveal.ID_NUMBER, "birthDate", "address"));
        }
        for (Set<UUID> ids : found) {
            answers.add(ids.size() == 1 ? Optional.of(shown.get(ids.iterator().next())) : Optional.empty());
        }
        return answers;
    }

    /**
     * A person of a ledger row without an ID number: community, name (as typed), birth date, and
     * household number (户号) or building, unit and room.
     */
    public record UnnumberedPerson(
            String communityCode,
            String name,
            LocalDate birthDate,
            String householdNumber,
            String building,
            String unit,
            String room) {}

    /**
     * For each person, the one resident of the actor's area registered with the same sound of the
     * name, birth date and community, and the same household number or address, if there is
     * exactly one: how a ledger brought in before is recognised when it comes again, its people
     * without ID numbers included. One query for all; reads no personal data but the ids.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Optional<UUID>> sameUnnumbered(Actor actor, List<UnnumberedPerson> people) {
        List<ResidentBatchStore.PersonAt> asked = new ArrayList<>(people.size());
        for (UnnumberedPerson p : people) {
            String name = PersonName.normalise(p.name());
            boolean askable = !name.isEmpty()
                    && p.birthDate() != null
                    && p.communityCode() != null
                    && actor.covers(p.communityCode());
            asked.add(new ResidentBatchStore.PersonAt(
                    askable ? p.communityCode() : null,
                    askable ? PersonName.soundKey(name) : null,
                    askable ? p.birthDate() : LocalDate.EPOCH,
                    blankToNull(p.householdNumber()),
                    blankToNull(p.building()),
                    blankToNull(p.unit()),
                    blankToNull(p.room())));
        }
        List<Set<UUID>> found = new ArrayList<>(people.size());
        for (int i = 0; i < people.size(); i++) {
            found.add(new HashSet<>());
        }
        for (ResidentBatchStore.Found f : batches.samePeople(asked)) {
            found.get(f.position()).add(f.id());
        }
        return found.stream()
                .map(ids -> ids.size() == 1 ? Optional.of(ids.iterator().next()) : Optional.<UUID>empty())
                .toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /**
     * The residents holding any of these ID numbers, in the actor's area or not, to name them in
     * the access log entry of a file that holds the numbers (an import's result file). Not a
     * look-up: the caller is told nothing about who holds what, so it spends none of the actor's
     * look-ups for the day and writes no look-up of its own.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<UUID> holdersToName(Actor actor, Collection<IdNumber> idNumbers) {
        if (idNumbers.isEmpty()) {
            return List.of();
        }
        return findHolders(actor, idNumbers).values().stream()
                .map(IdNumberHolder::id)
                .distinct()
                .toList();
    }

    static List<UUID> elsewhere(Map<String, IdNumberHolder> holders) {
        return holders.values().stream()
                .filter(h -> !h.inScope())
                .map(IdNumberHolder::id)
                .distinct()
                .toList();
    }

    @NoClassInterceptors // a helper inside the caller's transaction: no interceptor per call
    Map<String, IdNumberHolder> findHolders(Actor actor, Collection<IdNumber> idNumbers) {
        Map<ByteBuffer, String> numberByIndex = new HashMap<>();
        for (IdNumber id : idNumbers) {
            for (byte[] index : pii.blindIndexes(PiiField.ID_NUMBER, id.value())) {
                numberByIndex.put(ByteBuffer.wrap(index), id.value());
            }
        }
        List<byte[]> indexes =
                numberByIndex.keySet().stream().map(ByteBuffer::array).toList();
        Map<String, IdNumberHolder> holders = new HashMap<>();
        for (ResidentBatchStore.Holder h : batches.holders(indexes)) {
            holders.put(
                    numberByIndex.get(ByteBuffer.wrap(h.idNumberIndex())),
                    new IdNumberHolder(h.id(), actor.covers(h.communityCode())));
        }
        return holders;
    }

    /**
     * Refuses an ID number another resident has: naming them when they are in the actor's area,
     * saying only "registered elsewhere" otherwise (logged, within the day's budget of such
     * answers: {@link IdNumberLookups}). The look-up covers every key of the ring, so a resident
     * still indexed under a previous key is found too; two registrations racing each other both
     * index under the current key, where the unique constraint stops the second.
     */
    void refuseDuplicate(Actor actor, IdNumber idNumber, UUID self, String resource) {
        lookups.checkBudget(actor);
        Optional<Resident> holder = residents
                .findByIdNumberIndex(pii.blindIndexes(PiiField.ID_NUMBER, idNumber.value()))
                .filter(existing -> !existing.id.equals(self));
        if (holder.isEmpty()) {
            return;
        }
        if (actor.covers(holder.get().communityCode)) {
            throw ResidentRecords.duplicateIdNumber(holder.get().id);
        }
        lookups.foundElsewhere(actor, List.of(holder.get().id), resource);
        throw IdNumberLookups.registeredElsewhere();
    }
}
