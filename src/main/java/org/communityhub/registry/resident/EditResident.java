package org.communityhub.registry.resident;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.Reveal;
import org.communityhub.access.TagVisibility;
import org.communityhub.access.pii.PiiCipher;
import org.communityhub.access.pii.PiiField;
import org.communityhub.audit.AccessLog;
import org.communityhub.common.error.ExpectedVersion;
import org.communityhub.common.error.Preconditions;
import org.communityhub.common.history.Changes;
import org.communityhub.common.history.FieldChange;
import org.communityhub.reference.identity.IdNumber;
import org.communityhub.reference.identity.Masking;
import org.communityhub.reference.identity.PhoneNumber;
import org.communityhub.registry.league.LeagueMembershipService;
import org.communityhub.registry.party.PartyMembershipService;
import org.communityhub.registry.party.PartyMembershipView;

/**
 * Editing a resident (修改): their fields replaced at the version the editor read, ID number and
 * phone compared in clear and recorded masked; and what an edit would change, for an import's
 * preview.
 */
@ApplicationScoped
@Transactional
public class EditResident {

    private final ResidentRecords records;
    private final IdNumberHolders holders;
    private final ResidentRepository residents;
    private final ResidentValidator validator;
    private final PartyMembershipService party;
    private final LeagueMembershipService league;
    private final PiiCipher pii;
    private final AccessLog accessLog;
    private final TagVisibility tagVisibility;
    private final Clock clock;

    EditResident(
            ResidentRecords records,
            IdNumberHolders holders,
            ResidentRepository residents,
            ResidentValidator validator,
            PartyMembershipService party,
            LeagueMembershipService league,
            PiiCipher pii,
            AccessLog accessLog,
            TagVisibility tagVisibility,
            Clock clock) {
        this.records = records;
        this.holders = holders;
        this.residents = residents;
        this.validator = validator;
        this.party = party;
        this.league = league;
        this.pii = pii;
        this.accessLog = accessLog;
        this.tagVisibility = tagVisibility;
        this.clock = clock;
    }

    /**
     * Replaces a resident's editable fields. {@code expected} must name the current version. ID
     * number and phone left out stay as they are; memberships left out stay as they are.
     */
    public ResidentView update(Actor actor, UUID id, ResidentRequest request, ExpectedVersion expected) {
        Resident r = records.requireInScope(actor, id);
        Preconditions.require(expected, r.version);
        ResidentRecords.requireActive(r);
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
            holders.refuseDuplicate(actor, newId, r.id, "PUT /api/v1/residents/{id}");
        }
        // Restricted tags the editor cannot see stay as they were.
        List<String> tags =
                tagVisibility.afterEdit(actor, r.tags == null ? List.of() : Arrays.asList(r.tags), data.tags());
        Changes changes = new Changes();
        records.apply(r, data, storedId, storedPhone, tags, changes);
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
            records.record(r.id, actor, HistoryAction.UPDATED, all);
        }
        return records.view(actor, r, Reveal.NONE);
    }

    /**
     * What registering {@code request} over the resident {@code id} would change, field by field,
     * for the fields the request fills (identifiers compared in clear, shown masked). Read for an
     * import's preview; the read is in the access log.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<FieldChange> differences(Actor actor, UUID id, ResidentRequest request, String resource) {
        Resident r = records.requireInScope(actor, id);
        accessLog.read(actor, AccessLog.Action.VIEW, resource, List.of(id), ResidentRecords.VIEW_FIELDS);
        Changes c = new Changes();
        if (request.name() != null) {
            c.compare("name", r.name, org.communityhub.reference.identity.PersonName.normalise(request.name()));
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
            List<String> now = records.visibleTags(actor, r);
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
}
