package org.communityhub.registry.resident;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.common.history.Changes;
import org.communityhub.common.history.FieldChange;
import org.communityhub.registry.place.Address;

/**
 * A resident's place in a household (户), as the household feature changes it: the member's facts
 * it needs, the resident placed, moved within or out of a household, and each member's record
 * changed with the household's number, type or address. The household feature owns households;
 * this class owns what their changes do to the residents' records and history.
 */
@ApplicationScoped
@Transactional
public class HouseholdPlacement {

    private final ResidentRecords records;
    private final ResidentRepository residents;
    private final ResidentValidator validator;
    private final ResidentMapper mapper;
    private final Clock clock;

    HouseholdPlacement(
            ResidentRecords records,
            ResidentRepository residents,
            ResidentValidator validator,
            ResidentMapper mapper,
            Clock clock) {
        this.records = records;
        this.residents = residents;
        this.validator = validator;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Refuses (422) a relation to the household head that is missing or not in GB/T 4761. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public void checkRelationToHead(String relation) {
        validator.checkRelationToHead(relation);
    }

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
