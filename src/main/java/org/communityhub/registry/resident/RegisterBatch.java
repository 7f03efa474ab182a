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
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.history.Changes;
import org.communityhub.common.history.FieldChange;
import org.communityhub.common.ids.Ids;
import org.communityhub.reference.identity.IdNumber;
import org.communityhub.registry.league.LeagueMembershipService;
import org.communityhub.registry.party.PartyMembershipService;

/**
 * Registering many residents at once (an import, the demonstration data): each request checked by
 * the rules of {@link RegisterResident}, the batch's ID numbers looked up in one query, and the
 * accepted residents, their history and their household places written in a few set-based
 * statements.
 */
@ApplicationScoped
@Transactional
public class RegisterBatch {

    private final ResidentRecords records;
    private final IdNumberHolders holders;
    private final ResidentBatchStore batches;
    private final ResidentValidator validator;
    private final PartyMembershipService party;
    private final LeagueMembershipService league;
    private final IdNumberLookups lookups;
    private final Clock clock;

    RegisterBatch(
            ResidentRecords records,
            IdNumberHolders holders,
            ResidentBatchStore batches,
            ResidentValidator validator,
            PartyMembershipService party,
            LeagueMembershipService league,
            IdNumberLookups lookups,
            Clock clock) {
        this.records = records;
        this.holders = holders;
        this.batches = batches;
        this.validator = validator;
        this.party = party;
        this.league = league;
        this.lookups = lookups;
        this.clock = clock;
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
}
