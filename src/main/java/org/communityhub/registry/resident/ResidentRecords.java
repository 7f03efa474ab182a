package org.communityhub.registry.resident;

import io.quarkus.arc.NoClassInterceptors;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.Reveal;
import org.communityhub.access.TagVisibility;
import org.communityhub.access.pii.PiiCipher;
import org.communityhub.access.pii.PiiField;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.history.Changes;
import org.communityhub.common.history.FieldChange;
import org.communityhub.reference.identity.IdNumber;
import org.communityhub.reference.identity.Masking;
import org.communityhub.reference.identity.PersonName;
import org.communityhub.registry.league.LeagueMembershipService;
import org.communityhub.registry.league.LeagueMembershipView;
import org.communityhub.registry.party.PartyMembershipService;
import org.communityhub.registry.party.PartyMembershipView;
import org.communityhub.registry.place.Address;

/**
 * What the resident use cases share, not a use case itself: a resident found in the actor's area,
 * validated data copied onto the record with each change noted, the history entry written, and the
 * record shown as a view. Called inside the transaction of the use case that changes the record.
 */
@ApplicationScoped
@Transactional
public class ResidentRecords {

    /** Political status 群众: neither in the party nor in the league. */
    static final String NO_PARTY_OR_LEAGUE = "13";
    /** Political status 共青团员. */
    static final String LEAGUE_STATUS = "03";

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

    private final ResidentRepository residents;
    private final ResidentHistoryRepository history;
    private final ResidentMapper mapper;
    private final PartyMembershipService party;
    private final LeagueMembershipService league;
    private final PiiCipher pii;
    private final TagVisibility tagVisibility;
    private final Clock clock;

    ResidentRecords(
            ResidentRepository residents,
            ResidentHistoryRepository history,
            ResidentMapper mapper,
            PartyMembershipService party,
            LeagueMembershipService league,
            PiiCipher pii,
            TagVisibility tagVisibility,
            Clock clock) {
        this.residents = residents;
        this.history = history;
        this.mapper = mapper;
        this.party = party;
        this.league = league;
        this.pii = pii;
        this.tagVisibility = tagVisibility;
        this.clock = clock;
    }

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

    static ProblemException duplicateIdNumber(UUID holder) {
        return ProblemException.conflict("duplicate-id-number", "该证件号码已登记在另一位居民名下。")
                .with("existingId", holder.toString());
    }

    @NoClassInterceptors // a helper inside the caller's transaction: no interceptor per call
    List<String> visibleTags(Actor actor, Resident r) {
        return r.tags == null ? List.of() : tagVisibility.visible(actor, Arrays.asList(r.tags));
    }

    /** Copies validated data onto the entity, noting each change; PII is compared in clear, recorded masked. */
    @NoClassInterceptors // a helper inside the caller's transaction: no interceptor per call
    void apply(Resident r, ResidentData d, String storedId, String storedPhone, List<String> tags, Changes changes) {
        changes.compare("name", r.name, d.name());
        r.name = d.name();
        r.nameKey = PersonName.soundKey(d.name());
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

    static Changes addressChanges(Address from, Address to) {
        return new Changes()
                .compare("communityCode", from.communityCode(), to.communityCode())
                .compare("building", from.building(), to.building())
                .compare("unit", from.unit(), to.unit())
                .compare("room", from.room(), to.room());
    }

    static List<FieldChange> setPoliticalStatus(Resident r, String status) {
        List<FieldChange> changes = new Changes()
                .compare("politicalStatus", r.politicalStatus, status)
                .list();
        r.politicalStatus = status;
        return changes;
    }

    @NoClassInterceptors // a helper inside the caller's transaction: no interceptor per call
    void record(UUID residentId, Actor actor, HistoryAction action, List<FieldChange> changes) {
        history.persist(entry(residentId, actor, clock.instant(), action, changes));
    }

    static ResidentHistory entry(
            UUID residentId, Actor actor, Instant at, HistoryAction action, List<FieldChange> changes) {
        ResidentHistory entry = new ResidentHistory();
        entry.residentId = residentId;
        entry.changedAt = at;
        entry.changedBy = actor.username();
        entry.action = action;
        entry.changes = List.copyOf(changes);
        return entry;
    }

    @NoClassInterceptors // a helper inside the caller's transaction: no interceptor per call
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
