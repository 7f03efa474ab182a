package org.communityhub.registry.resident;

import io.quarkus.arc.NoClassInterceptors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.Reveal;
import org.communityhub.access.Roles;
import org.communityhub.access.TagVisibility;
import org.communityhub.access.pii.PiiCipher;
import org.communityhub.access.pii.PiiField;
import org.communityhub.audit.AccessLog;
import org.communityhub.audit.AuditQueries;
import org.communityhub.audit.Disclosure;
import org.communityhub.common.error.ExpectedVersion;
import org.communityhub.common.error.FieldError;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.error.Preconditions;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.history.Changes;
import org.communityhub.common.history.FieldChange;
import org.communityhub.common.ids.Ids;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.registry.identity.IdNumber;
import org.communityhub.registry.identity.InvalidIdNumberException;
import org.communityhub.registry.identity.Masking;
import org.communityhub.registry.identity.PersonName;
import org.communityhub.registry.identity.PhoneNumber;
import org.communityhub.registry.league.LeagueMembershipRequest;
import org.communityhub.registry.league.LeagueMembershipService;
import org.communityhub.registry.league.LeagueMembershipView;
import org.communityhub.registry.party.PartyMembershipRequest;
import org.communityhub.registry.party.PartyMembershipService;
import org.communityhub.registry.party.PartyMembershipView;
import org.communityhub.registry.place.Address;

/**
 * The resident register: registration, edits, status changes, memberships and history. Every write
 * checks the actor's area, keeps the political status consistent with the memberships, and
 * records who changed what in the resident's history, in the same transaction.
 */
@ApplicationScoped
@Transactional
public class ResidentService {

    private static final String NO_PARTY_OR_LEAGUE = "13";
    private static final String LEAGUE_STATUS = "03";

    private final ResidentRepository residents;
    private final ResidentHistoryRepository history;
    private final ResidentBatchStore batches;
    private final ResidentValidator validator;
    private final ResidentMapper mapper;
    private final PartyMembershipService party;
    private final LeagueMembershipService league;
    private final PiiCipher pii;
    private final AccessLog accessLog;
    private final AuditQueries ledger;
    private final TagVisibility tagVisibility;
    private final IdNumberLookups lookups;
    private final Clock clock;

    /** What one resident's page shows, for the access log. */
    static final List<String> VIEW_FIELDS = List.of(
            "name",
            Reveal.ID_NUMBER,
            "sex",
            "birthDate",
            "ethnicity",
            "politicalStatus",
            "education",
            "maritalStatus",
            Reveal.PHONE,
            "residenceType",
            "address",
            "household",
            "tags",
            "partyMembership",
            "leagueMembership");

    /** What a line of the resident list shows. */
    private static final List<String> LIST_FIELDS = List.of(
            "name",
            Reveal.ID_NUMBER,
            "sex",
            "birthDate",
            "politicalStatus",
            "residenceType",
            "address",
            "household",
            "tags");

    /** A resident in the actor's area, without reading their personal data. */
    public record InScope(UUID id, int version, ResidentStatus status) {}

    ResidentService(
            ResidentRepository residents,
            ResidentHistoryRepository history,
            ResidentBatchStore batches,
            ResidentValidator validator,
            ResidentMapper mapper,
            PartyMembershipService party,
            LeagueMembershipService league,
            PiiCipher pii,
            AccessLog accessLog,
            AuditQueries ledger,
            TagVisibility tagVisibility,
            IdNumberLookups lookups,
            Clock clock) {
        this.lookups = lookups;
        this.residents = residents;
        this.history = history;
        this.batches = batches;
        this.validator = validator;
        this.mapper = mapper;
        this.party = party;
        this.league = league;
        this.pii = pii;
        this.accessLog = accessLog;
        this.ledger = ledger;
        this.tagVisibility = tagVisibility;
        this.clock = clock;
    }

    /** Registers a resident, with party and league memberships when given. */
    public ResidentView register(Actor actor, ResidentRequest request) {
        UUID id = registerReturningId(actor, request);
        return view(actor, residents.findById(id), Reveal.NONE);
    }

    /**
     * Registers a resident like {@link #register} and returns only the new id: for callers that
     * register many (an import) and need no view of each.
     */
    public UUID registerReturningId(Actor actor, ResidentRequest request) {
        ResidentData data = validator.forCreate(actor, request);
        IdNumber idNumber = data.idNumber().value();
        if (idNumber != null) {
            refuseDuplicate(actor, idNumber, null, "POST /api/v1/residents");
        }
        Instant now = clock.instant();
        Resident r = new Resident();
        r.id = Ids.newId();
        r.status = ResidentStatus.ACTIVE;
        Changes changes = new Changes();
        apply(r, data, null, null, data.tags(), changes);
        r.created(actor.username(), now);
        residents.persist(r);
        List<FieldChange> all = new ArrayList<>(changes.list());
        if (data.partyMembership() != null) {
            all.addAll(party.put(r.id, data.partyMembership()));
        }
        if (data.leagueMembership() != null) {
            all.addAll(league.put(r.id, data.leagueMembership()));
        }
        residents.flush();
        record(r.id, actor, HistoryAction.REGISTERED, all);
        return r.id;
    }

    /** Refuses (422) a relation to the household head that is missing or not in GB/T 4761. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public void checkRelationToHead(String relation) {
        validator.checkRelationToHead(relation);
    }

    /** One registration of a batch: the request, and the household the new resident joins (or null). */
    public record BatchRegistration(ResidentRequest request, HouseholdPlace household) {}

    /**
     * A place in a household the caller found or created in the actor's area through the household
     * service: its id and number, and the new member's relation to its head (GB/T 4761).
     */
    public record HouseholdPlace(UUID householdId, String householdNumber, String relationToHead) {}

    /** What became of one registration of a batch: the new resident's id, or the registry's refusal. */
    public record Registration(UUID id, ProblemException refusal) {}

    /**
     * Registers many residents at once, as {@link #register} registers one: every request checked
     * by the same rules, history and outbox written; but the ID numbers of the whole batch are
     * looked up in one query and the accepted residents written in a few set-based statements (an
     * import registers hundreds of thousands). A request the rules refuse, or whose ID number is
     * held already or earlier in the batch, is answered with its refusal and written nowhere; the
     * others are written. A constraint the database enforces (one head per household) fails the
     * whole call; the caller can then register the batch one by one to find the row.
     */
    public List<Registration> registerAll(Actor actor, List<BatchRegistration> batch) {
        List<ResidentRequest> requests = new ArrayList<>(batch.size());
        List<String> relations = new ArrayList<>(batch.size());
        List<HouseholdPlace> places = new ArrayList<>(batch.size());
        for (BatchRegistration b : batch) {
            requests.add(b.request());
            relations.add(b.household() == null ? null : b.household().relationToHead());
            places.add(b.household());
        }
        return registerAll(actor, prepareAll(actor, requests, relations), places);
    }

    /**
     * One request of a batch checked by the registry's rules, its resident built with the values
     * it will be stored with (ciphertexts, blind indexes, name key) and its changes noted: the part
     * of a registration that needs no write, so a caller can prepare the next batch while the
     * database writes this one. Written by {@link #registerAll(Actor, List, List)}, once.
     */
    public static final class PreparedRegistration {
        private final ResidentData data;
        private final ProblemException refusal;
        private final Resident resident;
        private final Changes changes;
        /** The history entry's changes as JSON, for a resident that joins no household and no party or league. */
        private final String changesJson;

        private PreparedRegistration(
                ResidentData data, ProblemException refusal, Resident resident, Changes changes, String changesJson) {
            this.data = data;
            this.refusal = refusal;
            this.resident = resident;
            this.changes = changes;
            this.changesJson = changesJson;
        }
    }

    /**
     * The first half of {@link #registerAll(Actor, List)}: every request checked by the rules of
     * {@link #register}, and encrypted, writing nothing and holding no lock. {@code relationsToHead}
     * gives, for each request, the relation to the head of the household it is to join (null when it
     * joins none), which is checked here too. Done in its own short transaction when called outside
     * one (the rules read the divisions), so it can run beside the transaction that writes.
     */
    public List<PreparedRegistration> prepareAll(
            Actor actor, List<ResidentRequest> requests, List<String> relationsToHead) {
        List<PreparedRegistration> prepared = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            try {
                ResidentData data = validator.forCreate(actor, requests.get(i));
                String relation = relationsToHead.get(i);
                if (relation != null) {
                    validator.checkRelationToHead(relation);
                }
                Resident r = new Resident();
                r.status = ResidentStatus.ACTIVE;
                Changes changes = new Changes();
                apply(r, data, null, null, data.tags(), changes);
                boolean plain = relation == null && data.partyMembership() == null && data.leagueMembership() == null;
                String json = plain ? batches.changesJson(changes.list()) : null;
                prepared.add(new PreparedRegistration(data, null, r, changes, json));
            } catch (ProblemException e) {
                prepared.add(new PreparedRegistration(null, e, null, null, null));
            }
        }
        return prepared;
    }

    /**
     * The second half of {@link #registerAll(Actor, List)}: the prepared registrations written, each
     * joining the household at the same position of {@code places} (null: none), in the caller's
     * transaction. The ID numbers are looked up now, so a number registered since the preparation
     * is refused as in {@link #registerAll(Actor, List)}.
     */
    public List<Registration> registerAll(
            Actor actor, List<PreparedRegistration> prepared, List<HouseholdPlace> places) {
        Registration[] results = new Registration[prepared.size()];
        List<IdNumber> idNumbers = new ArrayList<>();
        for (PreparedRegistration p : prepared) {
            if (p.data != null && p.data.idNumber().value() != null) {
                idNumbers.add(p.data.idNumber().value());
            }
        }
        // Numbers the check found free; one registered since then is refused here, without a budget.
        Map<String, IdNumberHolder> held = findHolders(actor, idNumbers);
        lookups.foundElsewhere(actor, elsewhere(held), "POST /api/v1/imports/{id}/commit");
        Set<String> earlierInBatch = new HashSet<>();
        Instant now = clock.instant();
        List<Resident> rows = new ArrayList<>();
        List<List<FieldChange>> changesOfRows = new ArrayList<>();
        List<ResidentData> dataOfRows = new ArrayList<>();
        List<String> jsonOfRows = new ArrayList<>();
        for (int i = 0; i < prepared.size(); i++) {
            PreparedRegistration p = prepared.get(i);
            if (p.refusal != null) {
                results[i] = new Registration(null, p.refusal);
                continue;
            }
            ResidentData data = p.data;
            IdNumber id = data.idNumber().value();
            if (id != null) {
                IdNumberHolder holder = held.get(id.value());
                if (holder != null) {
                    results[i] = new Registration(
                            null,
                            holder.inScope() ? duplicateIdNumber(holder.id()) : IdNumberLookups.registeredElsewhere());
                    continue;
                }
                if (!earlierInBatch.add(id.value())) {
                    results[i] = new Registration(
                            null, ProblemException.conflict("duplicate-id-number", "该证件号码在同一批登记中已出现过。"));
                    continue;
                }
            }
            Resident r = p.resident;
            r.id = Ids.newId(); // when written: ids follow the order residents are written in
            Changes changes = p.changes;
            HouseholdPlace place = places.get(i);
            jsonOfRows.add(place == null ? p.changesJson : null);
            if (place != null) {
                r.householdId = place.householdId();
                r.relationToHead = place.relationToHead().strip();
                changes.compare("householdNumber", null, place.householdNumber());
                changes.compare("relationToHead", null, r.relationToHead);
            }
            r.created(actor.username(), now);
            rows.add(r);
            changesOfRows.add(changes.list());
            dataOfRows.add(data);
            results[i] = new Registration(r.id, null);
        }
        batches.insert(rows);
        List<ResidentHistory> entries = new ArrayList<>(rows.size());
        for (int k = 0; k < rows.size(); k++) {
            Resident r = rows.get(k);
            ResidentData data = dataOfRows.get(k);
            List<FieldChange> all = changesOfRows.get(k);
            if (data.partyMembership() != null || data.leagueMembership() != null) {
                all = new ArrayList<>(all);
                if (data.partyMembership() != null) {
                    all.addAll(party.put(r.id, data.partyMembership()));
                }
                if (data.leagueMembership() != null) {
                    all.addAll(league.put(r.id, data.leagueMembership()));
                }
            }
            ResidentHistory entry = entry(r.id, actor, now, HistoryAction.REGISTERED, all);
            entries.add(entry);
            if (jsonOfRows.get(k) == null) {
                jsonOfRows.set(k, batches.changesJson(entry.changes));
            }
        }
        batches.insertHistory(entries, jsonOfRows);
        return Arrays.asList(results);
    }

    /**
     * Checks a resident request against the registry's rules without writing anything: every
     * problem, each with its field, code and Chinese message (empty when the request would be
     * accepted, apart from a clash of ID numbers, which {@link #holderOf} answers). For imports,
     * which check every row of a file before any is committed.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<FieldError> check(Actor actor, ResidentRequest request) {
        try {
            validator.forCreate(actor, request);
            return List.of();
        } catch (ProblemException e) {
            return e.errors();
        }
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

    private static List<UUID> elsewhere(Map<String, IdNumberHolder> holders) {
        return holders.values().stream()
                .filter(h -> !h.inScope())
                .map(IdNumberHolder::id)
                .distinct()
                .toList();
    }

    private Map<String, IdNumberHolder> findHolders(Actor actor, Collection<IdNumber> idNumbers) {
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
     * What registering {@code request} over the resident {@code id} would change, field by field,
     * for the fields the request fills (identifiers compared in clear, shown masked). Read for an
     * import's preview; the read is in the access log.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<FieldChange> differences(Actor actor, UUID id, ResidentRequest request, String resource) {
        Resident r = requireInScope(actor, id);
        accessLog.read(actor, AccessLog.Action.VIEW, resource, List.of(id), VIEW_FIELDS);
        Changes c = new Changes();
        if (request.name() != null) {
            c.compare("name", r.name, org.communityhub.registry.identity.PersonName.normalise(request.name()));
        }
        compareGiven(c, "sex", r.sex, request.sex());
        compareGiven(c, "birthDate", r.birthDate == null ? null : r.birthDate.toString(), request.birthDate());
        compareGiven(c, "ethnicity", r.ethnicity, request.ethnicity());
        compareGiven(c, "politicalStatus", r.politicalStatus, request.politicalStatus());
        compareGiven(c, "education", r.education, request.education());
        compareGiven(c, "maritalStatus", r.maritalStatus, request.maritalStatus());
        compareGiven(c, "residenceType", r.residenceType, request.residenceType());
        compareGiven(c, "communityCode", r.communityCode, request.communityCode());
        compareGiven(c, "building", r.building, request.building());
        compareGiven(c, "unit", r.unit, request.unit());
        compareGiven(c, "room", r.room, request.room());
        if (request.phone() != null) {
            String stored = pii.decrypt(PiiField.PHONE, r.phoneCipher);
            String given = PhoneNumber.canonical(request.phone()).orElse(null);
            if (given != null && !given.equals(stored)) {
                c.compare("phone", Masking.maskPhone(stored), Masking.maskPhone(given));
            }
        }
        if (request.tags() != null) {
            List<String> now = visibleTags(actor, r);
            if (!new java.util.HashSet<>(now).containsAll(request.tags())) {
                c.compare("tags", now, request.tags());
            }
        }
        if (request.partyMembership() != null && party.find(id).isEmpty()) {
            c.compare(
                    "partyMembership", null, request.partyMembership().status().name());
        }
        if (request.leagueMembership() != null && league.find(id, r.birthDate).isEmpty()) {
            c.compare("leagueMembership", null, "ADDED");
        }
        return c.list();
    }

    private static void compareGiven(Changes c, String field, Object stored, String given) {
        if (given != null && !given.isBlank()) {
            c.compare(field, stored, given.strip());
        }
    }

    /**
     * One resident, identifiers masked unless a permitted reveal asks for them; the read (and the
     * reveal, with its purpose) is in the access log before anything is returned.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public ResidentView get(Actor actor, UUID id, Reveal reveal) {
        Resident r = requireInScope(actor, id);
        accessLog.record(
                actor,
                AccessLog.Action.VIEW,
                "GET /api/v1/residents/{id}",
                List.of(id),
                reveal.asShown(VIEW_FIELDS),
                reveal);
        return view(actor, r, reveal);
    }

    /**
     * The names of those of {@code ids} in the actor's area, for pages that would otherwise show
     * residents by their internal id (the audit records, a platform's dead letters); a resident
     * outside the area is left out. Reading names is a read of personal data: logged as a list.
     *
     * @param resource how the access log names the page, e.g. {@code GET /audit/ledger}
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<UUID, String> names(Actor actor, Collection<UUID> ids, String resource) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<UUID, String> names = new LinkedHashMap<>();
        residents.list("id in ?1", List.copyOf(new LinkedHashSet<>(ids))).stream()
                .filter(r -> actor.covers(r.communityCode))
                .forEach(r -> names.put(r.id, r.name));
        if (!names.isEmpty()) {
            accessLog.read(actor, AccessLog.Action.LIST, resource, List.copyOf(names.keySet()), List.of("name"));
        }
        return names;
    }

    /** Checks that a resident is in the actor's area; reads none of their personal data. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public InScope inScope(Actor actor, UUID id) {
        Resident r = requireInScope(actor, id);
        return new InScope(r.id, r.version, r.status);
    }

    /**
     * Replaces a resident's editable fields. {@code expected} must name the current version. ID
     * number and phone left out stay as they are; memberships left out stay as they are.
     */
    public ResidentView update(Actor actor, UUID id, ResidentRequest request, ExpectedVersion expected) {
        Resident r = requireInScope(actor, id);
        Preconditions.require(expected, r.version);
        requireActive(r);
        String storedId = pii.decrypt(PiiField.ID_NUMBER, r.idNumberCipher);
        String storedPhone = pii.decrypt(PiiField.PHONE, r.phoneCipher);
        var current = new ResidentValidator.Current(
                storedId,
                storedPhone,
                party.find(id).map(PartyMembershipView::status).orElse(null),
                league.find(id, r.birthDate).isPresent());
        ResidentData data = validator.forUpdate(actor, request, current);
        IdNumber newId = data.idNumber().value();
        if (!data.idNumber().kept() && newId != null && !newId.value().equals(storedId)) {
            refuseDuplicate(actor, newId, r.id, "PUT /api/v1/residents/{id}");
        }
        // Restricted tags the editor cannot see stay as they were.
        List<String> tags =
                tagVisibility.afterEdit(actor, r.tags == null ? List.of() : Arrays.asList(r.tags), data.tags());
        Changes changes = new Changes();
        apply(r, data, storedId, storedPhone, tags, changes);
        List<FieldChange> all = new ArrayList<>(changes.list());
        if (data.partyMembership() != null) {
            all.addAll(party.put(r.id, data.partyMembership()));
        }
        if (data.leagueMembership() != null) {
            all.addAll(league.put(r.id, data.leagueMembership()));
        }
        if (!all.isEmpty()) {
            r.changed(actor.username(), clock.instant());
            residents.flush();
            record(r.id, actor, HistoryAction.UPDATED, all);
        }
        return view(actor, r, Reveal.NONE);
    }

    /**
     * Moves a resident out (迁出), records a death (死亡), voids a registration made in error
     * (作废), or puts them back on the register. Each is kept in the history with its reason; the
     * platforms that hold the record get its removal (their selections take residents on the
     * register only, and a voided record is no person at all: {@code RecordMapper#matches}).
     */
    public ResidentView changeStatus(Actor actor, UUID id, StatusChange change, ExpectedVersion expected) {
        Resident r = requireInScope(actor, id);
        Preconditions.requireWhenGiven(expected, r.version);
        FieldErrors errors = new FieldErrors();
        LocalDate today = LocalDate.now(clock);
        String reason = change.reason() == null ? null : change.reason().strip();
        if (change.status() == null) {
            errors.add("status", "required", "请选择新的状态：MOVED_OUT（迁出）、DECEASED（死亡）、VOIDED（登记有误，作废）或 ACTIVE（恢复在册）。");
        }
        if (reason == null || reason.isEmpty()) {
            errors.add("reason", "required", "请填写原因。");
        } else if (reason.length() > 200) {
            errors.add("reason", "too-long", "原因最多 200 个字。");
        }
        boolean dated = change.status() == ResidentStatus.MOVED_OUT || change.status() == ResidentStatus.DECEASED;
        if (dated) {
            if (change.date() == null) {
                errors.add("date", "required", "请填写迁出或死亡的日期。");
            } else if (change.date().isAfter(today)) {
                errors.add("date", "future-date", "日期不能晚于今天。");
            } else if (change.date().isBefore(r.birthDate)) {
                errors.add("date", "before-birth", "日期不能早于出生日期。");
            }
        }
        if (change.status() == ResidentStatus.MERGED) {
            errors.add("status", "merge-required", "合并重复记录请使用合并功能（/api/v1/merges）。");
        }
        errors.throwIfAny();
        if (r.status == ResidentStatus.MERGED) {
            throw ProblemException.conflict("merged", "该记录已并入另一位居民的记录，不能改变状态；如合并有误，请由街道（supervisor）撤销合并。");
        }
        if (change.status() == r.status) {
            throw ProblemException.conflict("status-unchanged", "该居民已经是这个状态。");
        }
        if (r.status == ResidentStatus.DECEASED && !actor.hasRole(Roles.SUPERVISOR)) {
            throw ProblemException.forbidden("supervisor-required", "已登记死亡的居民，只有街道（supervisor）可以更正其状态。");
        }
        if (r.status == ResidentStatus.VOIDED && !actor.hasRole(Roles.SUPERVISOR)) {
            throw ProblemException.forbidden("supervisor-required", "已作废的登记，只有街道（supervisor）可以恢复。");
        }
        if (r.status == ResidentStatus.VOIDED && change.status() != ResidentStatus.ACTIVE) {
            throw ProblemException.conflict("voided", "该登记已作废；如作废有误，请先恢复在册。");
        }
        if (r.status == ResidentStatus.MOVED_OUT && change.status() == ResidentStatus.DECEASED) {
            throw ProblemException.conflict("not-on-register", "该居民已迁出，不在本社区登记死亡。");
        }
        // A voiding is dated the day it was recorded: the registration itself was the mistake.
        LocalDate statusDate = dated ? change.date() : change.status() == ResidentStatus.VOIDED ? today : null;
        Changes changes = new Changes()
                .compare("status", r.status.name(), change.status().name())
                .compare("statusDate", r.statusDate, statusDate)
                .compare("statusReason", r.statusReason, reason);
        r.status = change.status();
        r.statusDate = statusDate;
        r.statusReason = reason;
        r.changed(actor.username(), clock.instant());
        residents.flush();
        record(r.id, actor, HistoryAction.statusChangedTo(change.status()), changes.list());
        return view(actor, r, Reveal.NONE);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<ResidentListItem> search(Actor actor, ResidentQuery query, PageRequest page) {
        ResidentRepository.Criteria criteria = criteria(actor, query);
        List<ResidentListItem> items = residents.search(actor.scope(), criteria, page.offset(), page.size()).stream()
                .map(r -> mapper.toListItem(
                        r,
                        Masking.maskIdNumber(pii.decrypt(PiiField.ID_NUMBER, r.idNumberCipher)),
                        visibleTags(actor, r)))
                .toList();
        accessLog.read(
                actor,
                AccessLog.Action.LIST,
                "GET /api/v1/residents",
                items.stream().map(ResidentListItem::id).toList(),
                Reveal.NONE.asShown(LIST_FIELDS));
        return new Page<>(items, residents.count(actor.scope(), criteria), page.page(), page.size());
    }

    /**
     * The ids of the residents in the actor's area a search finds, in the search's order, at most
     * {@code limit}: for an export, which reads and logs their data itself. The search's rules
     * apply (an ID number checked, a restricted tag only for roles that may see it); no personal
     * data is read here.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<UUID> matchingIds(Actor actor, ResidentQuery query, int limit) {
        return residents.ids(actor.scope(), criteria(actor, query), limit);
    }

    /** A search's criteria: identifiers as blind indexes; refused when a filter breaks the rules. */
    private ResidentRepository.Criteria criteria(Actor actor, ResidentQuery query) {
        FieldErrors errors = new FieldErrors();
        List<byte[]> idIndexes = null;
        if (query.idNumber() != null) {
            try {
                IdNumber id = IdNumber.parse(query.idNumber(), LocalDate.now(clock));
                idIndexes = pii.blindIndexes(PiiField.ID_NUMBER, id.value());
            } catch (InvalidIdNumberException e) {
                errors.add("idNumber", e.code(), e.getMessage());
            }
        }
        List<byte[]> phoneIndexes = null;
        if (query.phone() != null) {
            String phone = PhoneNumber.canonical(query.phone()).orElse(null);
            if (phone == null) {
                errors.add("phone", "invalid-phone", "电话号码格式不正确。");
            } else {
                phoneIndexes = pii.blindIndexes(PiiField.PHONE, phone);
            }
        }
        errors.throwIfAny();
        if (query.tag() != null && !tagVisibility.canSee(actor, query.tag())) {
            throw ProblemException.forbidden("restricted-tag", "您的角色不能按这个受限标签查询。");
        }
        return new ResidentRepository.Criteria(query, idIndexes, phoneIndexes);
    }

    /**
     * Address parts in use in a community of the actor's area: its buildings, or a building's
     * units ({@code building} given), or a unit's rooms (both given). Empty outside the area.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> addressParts(Actor actor, String communityCode, String building, String unit) {
        if (communityCode == null || !actor.covers(communityCode)) {
            return List.of();
        }
        return residents.addressParts(actor.scope(), communityCode, building, unit);
    }

    /**
     * Names close to {@code name} among the residents on the register in the actor's area: one
     * character off, or sounding the same; for a search that found no one by the name typed.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> closeNames(Actor actor, String name, int limit) {
        String typed = name == null ? "" : name.strip();
        if (typed.isEmpty() || typed.length() > 20) {
            return List.of();
        }
        return residents.closeNames(actor.scope(), typed, PersonName.soundKey(typed), limit);
    }

    /** How many residents in the actor's area match: a number, so no personal data is read. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long count(Actor actor, ResidentQuery query) {
        return residents.count(actor.scope(), new ResidentRepository.Criteria(query, null, null));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<HistoryEntry> history(Actor actor, UUID id, PageRequest page) {
        requireInScope(actor, id);
        List<HistoryEntry> items = history.newestFirst(id, page.page(), page.size()).stream()
                .map(mapper::toEntry)
                .map(e -> withoutHiddenTags(actor, e))
                .filter(Objects::nonNull)
                .toList();
        accessLog.read(
                actor, AccessLog.Action.HISTORY, "GET /api/v1/residents/{id}/history", List.of(id), List.of("history"));
        return new Page<>(items, history.countFor(id), page.page(), page.size());
    }

    /** Which platforms received the resident's data (the sharing ledger), newest first; logged. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<Disclosure> disclosures(Actor actor, UUID id, PageRequest page) {
        requireInScope(actor, id);
        accessLog.read(
                actor,
                AccessLog.Action.DISCLOSURES,
                "GET /api/v1/residents/{id}/disclosures",
                List.of(id),
                List.of("disclosures"));
        return ledger.disclosures(actor, id, page);
    }

    /** The party membership of a resident in the actor's area. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public PartyMembershipView partyMembership(Actor actor, UUID id) {
        requireInScope(actor, id);
        PartyMembershipView view = party.find(id).orElseThrow(() -> ProblemException.notFound("党员信息"));
        accessLog.read(
                actor,
                AccessLog.Action.VIEW,
                "GET /api/v1/residents/{id}/party-membership",
                List.of(id),
                List.of("partyMembership"));
        return view;
    }

    public PartyMembershipView putPartyMembership(
            Actor actor, UUID id, PartyMembershipRequest request, ExpectedVersion expected) {
        Resident r = requireInScope(actor, id);
        requireActive(r);
        party.find(id).ifPresent(m -> Preconditions.requireWhenGiven(expected, m.version()));
        FieldErrors errors = new FieldErrors();
        party.check(request, r.birthDate, "", errors);
        errors.throwIfAny();
        List<FieldChange> changes = new ArrayList<>(party.put(id, request));
        changes.addAll(setPoliticalStatus(r, request.status().politicalStatus()));
        r.changed(actor.username(), clock.instant());
        residents.flush();
        record(id, actor, HistoryAction.PARTY_MEMBERSHIP_SET, changes);
        return party.find(id).orElseThrow();
    }

    public void endPartyMembership(Actor actor, UUID id) {
        Resident r = requireInScope(actor, id);
        List<FieldChange> changes = new ArrayList<>(party.end(id).orElseThrow(() -> ProblemException.notFound("党员信息")));
        boolean leagueMember = league.find(id, r.birthDate).isPresent();
        changes.addAll(setPoliticalStatus(r, leagueMember ? LEAGUE_STATUS : NO_PARTY_OR_LEAGUE));
        r.changed(actor.username(), clock.instant());
        residents.flush();
        record(id, actor, HistoryAction.PARTY_MEMBERSHIP_ENDED, changes);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public LeagueMembershipView leagueMembership(Actor actor, UUID id) {
        Resident r = requireInScope(actor, id);
        LeagueMembershipView view = league.find(id, r.birthDate).orElseThrow(() -> ProblemException.notFound("团员信息"));
        accessLog.read(
                actor,
                AccessLog.Action.VIEW,
                "GET /api/v1/residents/{id}/league-membership",
                List.of(id),
                List.of("leagueMembership"));
        return view;
    }

    public LeagueMembershipView putLeagueMembership(
            Actor actor, UUID id, LeagueMembershipRequest request, ExpectedVersion expected) {
        Resident r = requireInScope(actor, id);
        requireActive(r);
        league.find(id, r.birthDate).ifPresent(m -> Preconditions.requireWhenGiven(expected, m.version()));
        FieldErrors errors = new FieldErrors();
        league.check(request, r.birthDate, "", errors);
        errors.throwIfAny();
        List<FieldChange> changes = new ArrayList<>(league.put(id, request));
        if (party.find(id).isEmpty()) {
            changes.addAll(setPoliticalStatus(r, LEAGUE_STATUS));
        }
        r.changed(actor.username(), clock.instant());
        residents.flush();
        record(id, actor, HistoryAction.LEAGUE_MEMBERSHIP_SET, changes);
        return league.find(id, r.birthDate).orElseThrow();
    }

    public void endLeagueMembership(Actor actor, UUID id) {
        Resident r = requireInScope(actor, id);
        List<FieldChange> changes =
                new ArrayList<>(league.end(id).orElseThrow(() -> ProblemException.notFound("团员信息")));
        if (party.find(id).isEmpty()) {
            changes.addAll(setPoliticalStatus(r, NO_PARTY_OR_LEAGUE));
        }
        r.changed(actor.username(), clock.instant());
        residents.flush();
        record(id, actor, HistoryAction.LEAGUE_MEMBERSHIP_ENDED, changes);
    }

    // ---- For the household feature -------------------------------------------------------------

    /** A resident in the actor's area, as the household feature needs to know them. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public HouseholdMemberFacts memberFacts(Actor actor, UUID residentId) {
        Resident r = requireInScope(actor, residentId);
        return new HouseholdMemberFacts(
                r.id,
                r.status,
                r.householdId,
                r.relationToHead,
                new Address(r.communityCode, r.building, r.unit, r.room));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<HouseholdMember> householdMembers(UUID householdId) {
        return residents.members(householdId).stream().map(mapper::toMember).toList();
    }

    /** Puts a resident into a household with a relation to its head, or changes the relation. */
    public void placeInHousehold(
            Actor actor, UUID residentId, UUID householdId, String householdNumber, String relation) {
        Resident r = requireInScope(actor, residentId);
        boolean joining = !householdId.equals(r.householdId);
        Changes changes = new Changes();
        if (joining) {
            changes.compare("householdNumber", null, householdNumber);
        }
        changes.compare("relationToHead", joining ? null : r.relationToHead, relation);
        r.householdId = householdId;
        r.relationToHead = relation;
        r.changed(actor.username(), clock.instant());
        residents.flush();
        record(
                r.id,
                actor,
                joining ? HistoryAction.JOINED_HOUSEHOLD : HistoryAction.HOUSEHOLD_RELATION_CHANGED,
                changes.list());
    }

    public void removeFromHousehold(Actor actor, UUID residentId, String householdNumber) {
        Resident r = requireInScope(actor, residentId);
        List<FieldChange> changes = new Changes()
                .compare("householdNumber", householdNumber, null)
                .compare("relationToHead", r.relationToHead, null)
                .list();
        r.householdId = null;
        r.relationToHead = null;
        r.changed(actor.username(), clock.instant());
        residents.flush();
        record(r.id, actor, HistoryAction.LEFT_HOUSEHOLD, changes);
    }

    /**
     * The household's number or type changed: each member's record changes with it (a new version,
     * so platforms that carry the household hear of it), and their history says so.
     */
    public void householdChanged(Actor actor, UUID householdId, List<FieldChange> changes) {
        Instant now = clock.instant();
        for (Resident r : residents.members(householdId)) {
            r.changed(actor.username(), now);
            record(r.id, actor, HistoryAction.HOUSEHOLD_CHANGED, changes);
        }
        residents.flush();
    }

    /** Moves the members of a household who lived at its old address to its new one; returns how many. */
    public int moveHouseholdMembers(Actor actor, UUID householdId, Address from, Address to) {
        int moved = 0;
        Instant now = clock.instant();
        for (Resident r : residents.members(householdId)) {
            Address at = new Address(r.communityCode, r.building, r.unit, r.room);
            if (!at.equals(from) || r.status != ResidentStatus.ACTIVE) {
                continue;
            }
            List<FieldChange> changes = addressChanges(at, to).list();
            r.communityCode = to.communityCode();
            r.building = to.building();
            r.unit = to.unit();
            r.room = to.room();
            r.changed(actor.username(), now);
            record(r.id, actor, HistoryAction.MOVED_WITH_HOUSEHOLD, changes);
            moved++;
        }
        residents.flush();
        return moved;
    }

    // ---- Internals ------------------------------------------------------------------------------

    Resident requireInScope(Actor actor, UUID id) {
        return residents
                .findByIdOptional(id)
                .filter(r -> actor.covers(r.communityCode))
                .orElseThrow(() -> ProblemException.notFound("居民"));
    }

    static void requireActive(Resident r) {
        if (r.status == ResidentStatus.MERGED) {
            throw ProblemException.conflict("merged", "该记录已并入另一位居民的记录，不能修改；请修改合并后保留的记录。");
        }
        if (r.status != ResidentStatus.ACTIVE) {
            String what = switch (r.status) {
                case DECEASED -> "该居民已登记死亡";
                case VOIDED -> "该登记已作废";
                default -> "该居民已迁出";
            };
            throw ProblemException.conflict("not-on-register", what + "，不能修改；如需更正，请先恢复在册。");
        }
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
            throw duplicateIdNumber(holder.get().id);
        }
        lookups.foundElsewhere(actor, List.of(holder.get().id), resource);
        throw IdNumberLookups.registeredElsewhere();
    }

    private static ProblemException duplicateIdNumber(UUID holder) {
        return ProblemException.conflict("duplicate-id-number", "该证件号码已登记在另一位居民名下。")
                .with("existingId", holder.toString());
    }

    /** A history entry as the actor may see it: changes of restricted tags they cannot see left out. */
    private HistoryEntry withoutHiddenTags(Actor actor, HistoryEntry entry) {
        List<FieldChange> changes = new ArrayList<>();
        for (FieldChange c : entry.changes()) {
            if (!"tags".equals(c.field())) {
                changes.add(c);
                continue;
            }
            List<String> old = visibleTagsOf(actor, c.old());
            List<String> now = visibleTagsOf(actor, c.newValue());
            if (!old.equals(now)) {
                changes.add(new FieldChange(c.field(), old, now));
            }
        }
        if (changes.isEmpty() && !entry.changes().isEmpty()) {
            return null; // every change of the entry was to tags the reader may not see
        }
        return new HistoryEntry(entry.id(), entry.changedAt(), entry.changedBy(), entry.action(), changes);
    }

    private List<String> visibleTagsOf(Actor actor, Object tags) {
        if (!(tags instanceof List<?> list)) {
            return List.of();
        }
        return tagVisibility.visible(actor, list.stream().map(String::valueOf).toList());
    }

    private List<String> visibleTags(Actor actor, Resident r) {
        return r.tags == null ? List.of() : tagVisibility.visible(actor, Arrays.asList(r.tags));
    }

    /** Copies validated data onto the entity, noting each change; PII is compared in clear, recorded masked. */
    @NoClassInterceptors // a helper of the merge, inside its transaction: no interceptor per call
    void apply(Resident r, ResidentData d, String storedId, String storedPhone, List<String> tags, Changes changes) {
        changes.compare("name", r.name, d.name());
        r.name = d.name();
        r.nameKey = org.communityhub.registry.identity.PersonName.soundKey(d.name());
        if (!d.idNumber().kept()) {
            IdNumber id = d.idNumber().value();
            String value = id == null ? null : id.value();
            if (!Objects.equals(value, storedId)) {
                changes.compare("idNumber", Masking.maskIdNumber(storedId), Masking.maskIdNumber(value));
                changes.compare(
                        "idType", r.idType, id == null ? null : id.type().code());
                r.idNumberCipher = value == null ? null : pii.encrypt(PiiField.ID_NUMBER, value);
                r.idNumberIndex = value == null ? null : pii.blindIndex(PiiField.ID_NUMBER, value);
                r.idType = id == null ? null : id.type().code();
            }
        }
        changes.compare("sex", r.sex, d.sex());
        r.sex = d.sex();
        changes.compare("birthDate", r.birthDate, d.birthDate());
        r.birthDate = d.birthDate();
        changes.compare("ethnicity", r.ethnicity, d.ethnicity());
        r.ethnicity = d.ethnicity();
        changes.compare("politicalStatus", r.politicalStatus, d.politicalStatus());
        r.politicalStatus = d.politicalStatus();
        changes.compare("education", r.education, d.education());
        r.education = d.education();
        changes.compare("maritalStatus", r.maritalStatus, d.maritalStatus());
        r.maritalStatus = d.maritalStatus();
        if (!d.phone().kept() && !Objects.equals(d.phone().value(), storedPhone)) {
            String phone = d.phone().value();
            changes.compare("phone", Masking.maskPhone(storedPhone), Masking.maskPhone(phone));
            r.phoneCipher = phone == null ? null : pii.encrypt(PiiField.PHONE, phone);
            r.phoneIndex = phone == null ? null : pii.blindIndex(PiiField.PHONE, phone);
        }
        changes.compare("residenceType", r.residenceType, d.residenceType());
        r.residenceType = d.residenceType();
        Address to = d.address();
        Address at = new Address(r.communityCode, r.building, r.unit, r.room);
        addressChanges(at, to).list().forEach(c -> changes.compare(c.field(), c.old(), c.newValue()));
        r.communityCode = to.communityCode();
        r.building = to.building();
        r.unit = to.unit();
        r.room = to.room();
        List<String> oldTags = r.tags == null ? List.of() : Arrays.asList(r.tags);
        changes.compare("tags", oldTags, tags);
        r.tags = tags.toArray(String[]::new);
    }

    private static Changes addressChanges(Address from, Address to) {
        return new Changes()
                .compare("communityCode", from.communityCode(), to.communityCode())
                .compare("building", from.building(), to.building())
                .compare("unit", from.unit(), to.unit())
                .compare("room", from.room(), to.room());
    }

    private static List<FieldChange> setPoliticalStatus(Resident r, String status) {
        List<FieldChange> changes = new Changes()
                .compare("politicalStatus", r.politicalStatus, status)
                .list();
        r.politicalStatus = status;
        return changes;
    }

    @NoClassInterceptors // a helper of the merge, inside its transaction: no interceptor per call
    void record(UUID residentId, Actor actor, HistoryAction action, List<FieldChange> changes) {
        history.persist(entry(residentId, actor, clock.instant(), action, changes));
    }

    private static ResidentHistory entry(
            UUID residentId, Actor actor, Instant at, HistoryAction action, List<FieldChange> changes) {
        ResidentHistory entry = new ResidentHistory();
        entry.residentId = residentId;
        entry.changedAt = at;
        entry.changedBy = actor.username();
        entry.action = action;
        entry.changes = List.copyOf(changes);
        return entry;
    }

    @NoClassInterceptors // a helper of the merge, inside its transaction: no interceptor per call
    ResidentView view(Actor actor, Resident r, Reveal reveal) {
        PartyMembershipView partyView = party.find(r.id).orElse(null);
        LeagueMembershipView leagueView = league.find(r.id, r.birthDate).orElse(null);
        String idNumber = pii.decrypt(PiiField.ID_NUMBER, r.idNumberCipher);
        String phone = pii.decrypt(PiiField.PHONE, r.phoneCipher);
        return mapper.toView(
                r,
                reveal.shows(Reveal.ID_NUMBER) ? idNumber : Masking.maskIdNumber(idNumber),
                reveal.shows(Reveal.PHONE) ? phone : Masking.maskPhone(phone),
                visibleTags(actor, r),
                partyView,
                leagueView);
    }
}
