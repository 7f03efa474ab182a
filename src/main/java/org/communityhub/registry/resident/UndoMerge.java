package org.communityhub.registry.resident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.Reveal;
import org.communityhub.access.pii.PiiCipher;
import org.communityhub.access.pii.PiiField;
import org.communityhub.audit.AccessLog;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.history.Changes;
import org.communityhub.common.history.FieldChange;
import org.communityhub.reference.identity.Masking;
import org.communityhub.registry.league.LeagueMembershipService;
import org.communityhub.registry.party.PartyMembershipService;

/**
 * Undoing a merge (撤销合并): both records back to their values before it, from the states the merge
 * kept (encrypted), as new versions, memberships and household places too. Refused, never half
 * made, when either record changed since, or when an ID number or a household head's place it
 * would give back has been taken since.
 */
@ApplicationScoped
@Transactional
public class UndoMerge {

    private static final String HEAD = "02";

    private final ResidentMergeService merges;
    private final ResidentMergeRepository mergeRecords;
    private final ResidentRecords records;
    private final ResidentRepository repository;
    private final PartyMembershipService party;
    private final LeagueMembershipService league;
    private final PiiCipher pii;
    private final AccessLog accessLog;
    private final ObjectMapper json;
    private final Clock clock;

    UndoMerge(
            ResidentMergeService merges,
            ResidentMergeRepository mergeRecords,
            ResidentRecords records,
            ResidentRepository repository,
            PartyMembershipService party,
            LeagueMembershipService league,
            PiiCipher pii,
            AccessLog accessLog,
            ObjectMapper json,
            Clock clock) {
        this.merges = merges;
        this.mergeRecords = mergeRecords;
        this.records = records;
        this.repository = repository;
        this.party = party;
        this.league = league;
        this.pii = pii;
        this.accessLog = accessLog;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Undoes a merge: both records back to their values before it, as new versions (so platforms
     * get the merged-away record back and the survivor's old values), memberships and household
     * places too.
     *
     * @throws ProblemException 409 when the merge was undone already, when either record changed
     *     since the merge (an undo would silently drop that change), or when an ID number or a
     *     household head place the undo needs has been taken since
     */
    public MergeView undo(Actor actor, UUID id) {
        ResidentMerge merge = merges.requireInScope(actor, id);
        if (merge.undoneAt != null) {
            throw ProblemException.conflict("merge-undone", "这次合并已经撤销过了。");
        }
        Resident s = records.requireInScope(actor, merge.survivorId);
        Resident m = records.requireInScope(actor, merge.mergedId);
        if (s.version != merge.survivorVersion || m.version != merge.mergedVersion) {
            throw ProblemException.conflict(
                            "changed-since-merge",
                            "合并之后，保留的记录又有了修改（包括所在户的变动）。撤销合并会把这些修改一并丢掉，所以不能自动撤销；" + "请对照变更历史手工更正。")
                    .with("survivorVersion", s.version)
                    .with("survivorVersionAtMerge", merge.survivorVersion);
        }
        ResidentState.Pair before = read(pii.decrypt(PiiField.MERGE_STATES, merge.statesCipher));
        refuseTakenIdNumber(before.survivor(), s, m);
        refuseTakenIdNumber(before.merged(), s, m);
        refuseTakenHead(before.survivor(), s, m);
        refuseTakenHead(before.merged(), s, m);

        Instant now = clock.instant();
        // The survivor first: it gives back the ID number and household place it took.
        List<FieldChange> survivorChanges = restore(s, before.survivor());
        s.changed(actor.username(), now);
        repository.flush();
        List<FieldChange> mergedChanges = restore(m, before.merged());
        m.changed(actor.username(), now);
        repository.flush();

        merge.undoneAt = now;
        merge.undoneBy = actor.username();
        survivorChanges.add(new FieldChange("merge", merge.id.toString(), null));
        mergedChanges.add(new FieldChange("merge", merge.id.toString(), null));
        records.record(s.id, actor, HistoryAction.MERGE_UNDONE, survivorChanges);
        records.record(m.id, actor, HistoryAction.MERGE_UNDONE, mergedChanges);
        mergeRecords.flush();
        accessLog.read(
                actor,
                AccessLog.Action.MERGE,
                "POST /api/v1/merges/{id}/undo",
                List.of(s.id, m.id),
                Reveal.NONE.asShown(ResidentRecords.VIEW_FIELDS));
        return merges.view(actor, merge, s);
    }

    /** An ID number the undo would give back must not have been registered for someone else since. */
    private void refuseTakenIdNumber(ResidentState state, Resident s, Resident m) {
        if (state.idNumber() == null) {
            return;
        }
        repository
                .findByIdNumberIndex(pii.blindIndexes(PiiField.ID_NUMBER, state.idNumber()))
                .filter(holder -> !holder.id.equals(s.id) && !holder.id.equals(m.id))
                .ifPresent(holder -> {
                    throw ProblemException.conflict("id-number-taken", "合并之后，原来的证件号码已登记在另一位居民名下，不能撤销合并。请先核实该居民的记录。")
                            .with("existingId", holder.id.toString());
                });
    }

    /** A household head place the undo would give back must not have been taken since. */
    private void refuseTakenHead(ResidentState state, Resident s, Resident m) {
        if (state.householdId() == null || !HEAD.equals(state.relationToHead())) {
            return;
        }
        boolean taken = repository.members(state.householdId()).stream()
                .anyMatch(r -> HEAD.equals(r.relationToHead) && !r.id.equals(s.id) && !r.id.equals(m.id));
        if (taken) {
            throw ProblemException.conflict("household-head-taken", "合并之后，原来所在的户已有了新的户主，不能撤销合并。请先在该户中处理户主。");
        }
    }

    /** Puts a record back as it was; returns what changed (identifiers masked). */
    private List<FieldChange> restore(Resident r, ResidentState st) {
        String idNow = pii.decrypt(PiiField.ID_NUMBER, r.idNumberCipher);
        String phoneNow = pii.decrypt(PiiField.PHONE, r.phoneCipher);
        Changes c = new Changes()
                .compare("name", r.name, st.name())
                .compare("idNumber", Masking.maskIdNumber(idNow), Masking.maskIdNumber(st.idNumber()))
                .compare("idType", r.idType, st.idType())
                .compare("sex", r.sex, st.sex())
                .compare("birthDate", r.birthDate, st.birthDate())
                .compare("ethnicity", r.ethnicity, st.ethnicity())
                .compare("politicalStatus", r.politicalStatus, st.politicalStatus())
                .compare("education", r.education, st.education())
                .compare("maritalStatus", r.maritalStatus, st.maritalStatus())
                .compare("phone", Masking.maskPhone(phoneNow), Masking.maskPhone(st.phone()))
                .compare("residenceType", r.residenceType, st.residenceType())
                .compare("communityCode", r.communityCode, st.communityCode())
                .compare("building", r.building, st.building())
                .compare("unit", r.unit, st.unit())
                .compare("room", r.room, st.room())
                .compare("householdId", r.householdId, st.householdId())
                .compare("relationToHead", r.relationToHead, st.relationToHead())
                .compare("tags", r.tags == null ? List.of() : Arrays.asList(r.tags), st.tags())
                .compare("status", r.status.name(), st.status().name())
                .compare("statusDate", r.statusDate, st.statusDate())
                .compare("mergedInto", r.mergedInto, null);
        r.name = st.name();
        if (!Objects.equals(idNow, st.idNumber())) {
            r.idNumberCipher = st.idNumber() == null ? null : pii.encrypt(PiiField.ID_NUMBER, st.idNumber());
            r.idNumberIndex = st.idNumber() == null ? null : pii.blindIndex(PiiField.ID_NUMBER, st.idNumber());
        }
        r.idType = st.idType();
        r.sex = st.sex();
        r.birthDate = st.birthDate();
        r.ethnicity = st.ethnicity();
        r.politicalStatus = st.politicalStatus();
        r.education = st.education();
        r.maritalStatus = st.maritalStatus();
        if (!Objects.equals(phoneNow, st.phone())) {
            r.phoneCipher = st.phone() == null ? null : pii.encrypt(PiiField.PHONE, st.phone());
            r.phoneIndex = st.phone() == null ? null : pii.blindIndex(PiiField.PHONE, st.phone());
        }
        r.residenceType = st.residenceType();
        r.communityCode = st.communityCode();
        r.building = st.building();
        r.unit = st.unit();
        r.room = st.room();
        r.householdId = st.householdId();
        r.relationToHead = st.relationToHead();
        r.tags = st.tags().toArray(String[]::new);
        r.status = st.status();
        r.statusDate = st.statusDate();
        r.statusReason = st.statusReason();
        r.mergedInto = null;
        List<FieldChange> changes = new ArrayList<>(c.list());
        // A membership to give back replaces the one held now; none means none.
        if (st.party() != null) {
            changes.addAll(party.put(r.id, st.party()));
        } else {
            party.end(r.id).ifPresent(changes::addAll);
        }
        if (st.league() != null) {
            changes.addAll(league.put(r.id, st.league()));
        } else {
            league.end(r.id).ifPresent(changes::addAll);
        }
        return changes;
    }

    private ResidentState.Pair read(String states) {
        try {
            return json.readValue(states, ResidentState.Pair.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not read the states before a merge", e);
        }
    }
}
