package org.communityhub.registry.resident;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.TagVisibility;
import org.communityhub.access.pii.PiiCipher;
import org.communityhub.audit.AccessLog;
import org.communityhub.common.error.ExpectedVersion;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.error.Preconditions;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.history.Changes;
import org.communityhub.common.history.FieldChange;
import org.communityhub.common.ids.Ids;
import org.communityhub.registry.identity.IdNumber;
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

    private final ResidentRecords records;
    private final IdNumberHolders holders;
    private final ResidentRepository residents;
    private final ResidentBatchStore batches;
    private final ResidentValidator validator;
    private final ResidentMapper mapper;
    private final PartyMembershipService party;
    private final LeagueMembershipService league;
    private final PiiCipher pii;
    private final AccessLog accessLog;
    private final TagVisibility tagVisibility;
    private final IdNumberLookups lookups;
    private final Clock clock;

    ResidentService(
            ResidentRecords records,
            IdNumberHolders holders,
            ResidentRepository residents,
            ResidentBatchStore batches,
            ResidentValidator validator,
            ResidentMapper mapper,
            PartyMembershipService party,
            LeagueMembershipService league,
            PiiCipher pii,
            AccessLog accessLog,
            TagVisibility tagVisibility,
            IdNumberLookups lookups,
            Clock clock) {
        this.records = records;
        this.holders = holders;
        this.residents = residents;
        this.batches = batches;
        this.validator = validator;
        this.mapper = mapper;
        this.party = party;
        this.league = league;
        this.pii = pii;
        this.accessLog = accessLog;
        this.tagVisibility = tagVisibility;
        this.lookups = lookups;
        this.clock = clock;
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
     * Registers many residents at once, as {@link RegisterResident#register(Actor, ResidentRequest)} registers one: every request checked
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
     * {@link RegisterResident#register(Actor, ResidentRequest)}, and encrypted, writing nothing and holding no lock. {@code relationsToHead}
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
                records.apply(r, data, null, null, data.tags(), changes);
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
        Map<String, IdNumberHolders.IdNumberHolder> held = holders.findHolders(actor, idNumbers);
        lookups.foundElsewhere(actor, IdNumberHolders.elsewhere(held), "POST /api/v1/imports/{id}/commit");
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
                IdNumberHolders.IdNumberHolder holder = held.get(id.value());
                if (holder != null) {
                    results[i] = new Registration(
                            null,
                            holder.inScope()
                                    ? ResidentRecords.duplicateIdNumber(holder.id())
                                    : IdNumberLookups.registeredElsewhere());
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
            ResidentHistory entry = ResidentRecords.entry(r.id, actor, now, HistoryAction.REGISTERED, all);
            entries.add(entry);
            if (jsonOfRows.get(k) == null) {
                jsonOfRows.set(k, batches.changesJson(entry.changes));
            }
        }
        batches.insertHistory(entries, jsonOfRows);
        return Arrays.asList(results);
    }

    /** The party membership of a resident in the actor's area. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public PartyMembershipView partyMembership(Actor actor, UUID id) {
        records.requireInScope(actor, id);
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
        Resident r = records.requireInScope(actor, id);
        ResidentRecords.requireActive(r);
        party.find(id).ifPresent(m -> Preconditions.requireWhenGiven(expected, m.version()));
        FieldErrors errors = new FieldErrors();
        party.check(request, r.birthDate, "", errors);
        errors.throwIfAny();
        List<FieldChange> changes = new ArrayList<>(party.put(id, request));
        changes.addAll(ResidentRecords.setPoliticalStatus(r, request.status().politicalStatus()));
        r.changed(actor.username(), clock.instant());
        residents.flush();
        records.record(id, actor, HistoryAction.PARTY_MEMBERSHIP_SET, changes);
        return party.find(id).orElseThrow();
    }

    public void endPartyMembership(Actor actor, UUID id) {
        Resident r = records.requireInScope(actor, id);
        List<FieldChange> changes = new ArrayList<>(party.end(id).orElseThrow(() -> ProblemException.notFound("党员信息")));
        boolean leagueMember = league.find(id, r.birthDate).isPresent();
        changes.addAll(ResidentRecords.setPoliticalStatus(
                r, leagueMember ? ResidentRecords.LEAGUE_STATUS : ResidentRecords.NO_PARTY_OR_LEAGUE));
        r.changed(actor.username(), clock.instant());
        residents.flush();
        records.record(id, actor, HistoryAction.PARTY_MEMBERSHIP_ENDED, changes);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public LeagueMembershipView leagueMembership(Actor actor, UUID id) {
        Resident r = records.requireInScope(actor, id);
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
        Resident r = records.requireInScope(actor, id);
        ResidentRecords.requireActive(r);
        league.find(id, r.birthDate).ifPresent(m -> Preconditions.requireWhenGiven(expected, m.version()));
        FieldErrors errors = new FieldErrors();
        league.check(request, r.birthDate, "", errors);
        errors.throwIfAny();
        List<FieldChange> changes = new ArrayList<>(league.put(id, request));
        if (party.find(id).isEmpty()) {
            changes.addAll(ResidentRecords.setPoliticalStatus(r, ResidentRecords.LEAGUE_STATUS));
        }
        r.changed(actor.username(), clock.instant());
        residents.flush();
        records.record(id, actor, HistoryAction.LEAGUE_MEMBERSHIP_SET, changes);
        return league.find(id, r.birthDate).orElseThrow();
    }

    public void endLeagueMembership(Actor actor, UUID id) {
        Resident r = records.requireInScope(actor, id);
        List<FieldChange> changes =
                new ArrayList<>(league.end(id).orElseThrow(() -> ProblemException.notFound("团员信息")));
        if (party.find(id).isEmpty()) {
            changes.addAll(ResidentRecords.setPoliticalStatus(r, ResidentRecords.NO_PARTY_OR_LEAGUE));
        }
        r.changed(actor.username(), clock.instant());
        residents.flush();
        records.record(id, actor, HistoryAction.LEAGUE_MEMBERSHIP_ENDED, changes);
    }

    // ---- For the household feature -------------------------------------------------------------

    /** A resident in the actor's area, as the household feature needs to know them. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public HouseholdMemberFacts memberFacts(Actor actor, UUID residentId) {
        Resident r = records.requireInScope(actor, residentId);
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
        Resident r = records.requireInScope(actor, residentId);
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
        records.record(
                r.id,
                actor,
                joining ? HistoryAction.JOINED_HOUSEHOLD : HistoryAction.HOUSEHOLD_RELATION_CHANGED,
                changes.list());
    }

    public void removeFromHousehold(Actor actor, UUID residentId, String householdNumber) {
        Resident r = records.requireInScope(actor, residentId);
        List<FieldChange> changes = new Changes()
                .compare("householdNumber", householdNumber, null)
                .compare("relationToHead", r.relationToHead, null)
                .list();
        r.householdId = null;
        r.relationToHead = null;
        r.changed(actor.username(), clock.instant());
        residents.flush();
        records.record(r.id, actor, HistoryAction.LEFT_HOUSEHOLD, changes);
    }

    /**
     * The household's number or type changed: each member's record changes with it (a new version,
     * so platforms that carry the household hear of it), and their history says so.
     */
    public void householdChanged(Actor actor, UUID householdId, List<FieldChange> changes) {
        Instant now = clock.instant();
        for (Resident r : residents.members(householdId)) {
            r.changed(actor.username(), now);
            records.record(r.id, actor, HistoryAction.HOUSEHOLD_CHANGED, changes);
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
            List<FieldChange> changes = ResidentRecords.addressChanges(at, to).list();
            r.communityCode = to.communityCode();
            r.building = to.building();
            r.unit = to.unit();
            r.room = to.room();
            r.changed(actor.username(), now);
            records.record(r.id, actor, HistoryAction.MOVED_WITH_HOUSEHOLD, changes);
            moved++;
        }
        residents.flush();
        return moved;
    }
}
