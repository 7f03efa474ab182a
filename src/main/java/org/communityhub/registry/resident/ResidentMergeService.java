package org.communityhub.registry.resident;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.Reveal;
import org.communityhub.access.TagVisibility;
import org.communityhub.access.pii.PiiCipher;
import org.communityhub.access.pii.PiiField;
import org.communityhub.audit.AccessLog;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.error.Preconditions;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.history.Changes;
import org.communityhub.common.history.FieldChange;
import org.communityhub.common.ids.Ids;
import org.communityhub.reference.identity.Masking;
import org.communityhub.registry.league.LeagueMembershipRequest;
import org.communityhub.registry.league.LeagueMembershipService;
import org.communityhub.registry.party.PartyMembershipRequest;
import org.communityhub.registry.party.PartyMembershipService;
import org.communityhub.registry.place.Address;

/**
 * Merging two records of one person (合并重复登记), and undoing a merge. The survivor takes the
 * value chosen for each field the two differ in and the memberships and household place of both;
 * the other record becomes MERGED, pointing at the survivor, and keeps its history. Both get new
 * versions, so every platform hears of it: the merged-away record as a removal (it no longer
 * matches any platform's selection), the survivor as an update. A merge that cannot be made
 * safely — two different memberships of one kind, a household that would lose its head — is
 * refused, never half made. Undoing a merge is {@link UndoMerge}.
 */
@ApplicationScoped
@Transactional
public class ResidentMergeService {

    private static final String HEAD = "02";
    private static final String LEAGUE_STATUS = "03";
    private static final Set<String> MEMBERSHIP_STATUSES = Set.of("01", "02", LEAGUE_STATUS);

    /** The fields a merge takes from the side chosen for them. */
    static final List<String> CHOOSABLE = List.of(
            "name",
            "idNumber",
            "sex",
            "birthDate",
            "ethnicity",
            "education",
            "maritalStatus",
            "phone",
            "residenceType",
            "address",
            "tags",
            "household");

    private final ResidentRecords records;
    private final ResidentMapper mapper;
    private final ResidentRepository repository;
    private final ResidentMergeRepository merges;
    private final ResidentValidator validator;
    private final PartyMembershipService party;
    private final LeagueMembershipService league;
    private final PiiCipher pii;
    private final AccessLog accessLog;
    private final TagVisibility tagVisibility;
    private final ObjectMapper json;
    private final Clock clock;

    ResidentMergeService(
            ResidentRecords records,
            ResidentRepository repository,
            ResidentMergeRepository merges,
            ResidentValidator validator,
            PartyMembershipService party,
            LeagueMembershipService league,
            PiiCipher pii,
            AccessLog accessLog,
            TagVisibility tagVisibility,
            ObjectMapper json,
            ResidentMapper mapper,
            Clock clock) {
        this.mapper = mapper;
        this.records = records;
        this.repository = repository;
        this.merges = merges;
        this.validator = validator;
        this.party = party;
        this.league = league;
        this.pii = pii;
        this.accessLog = accessLog;
        this.tagVisibility = tagVisibility;
        this.json = json;
        this.clock = clock;
    }

    /** A household place: the household and the relation to its head. */
    public record HouseholdPlace(UUID householdId, String relationToHead) {

        boolean head() {
            return HEAD.equals(relationToHead);
        }
    }

    /** One record's values as a merge compares them: identifiers in clear, never shown as they are. */
    private record Side(
            Resident r,
            String idNumber,
            String phone,
            List<String> visibleTags,
            PartyMembershipRequest party,
            LeagueMembershipRequest league) {

        Address address() {
            return new Address(r.communityCode, r.building, r.unit, r.room);
        }

        HouseholdPlace place() {
            return r.householdId == null ? null : new HouseholdPlace(r.householdId, r.relationToHead);
        }

        /** The value of a choosable field, as compared (identifiers in clear). */
        Object value(String field) {
            return switch (field) {
                case "name" -> r.name;
                case "idNumber" -> idNumber;
                case "sex" -> r.sex;
                case "birthDate" -> r.birthDate;
                case "ethnicity" -> r.ethnicity;
                case "education" -> r.education;
                case "maritalStatus" -> r.maritalStatus;
                case "phone" -> phone;
                case "residenceType" -> r.residenceType;
                case "address" -> address();
                case "tags" -> Set.copyOf(visibleTags);
                case "household" -> place();
                default -> throw new IllegalArgumentException(field);
            };
        }
    }

    /**
     * Two residents of the actor's area side by side, field by field; identifiers masked unless
     * revealed. The read (and reveal) of both is in the access log.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public MergeComparison compare(Actor actor, UUID a, UUID b, Reveal reveal) {
        if (a.equals(b)) {
            throw sameRecord();
        }
        Resident ra = records.requireInScope(actor, a);
        Resident rb = records.requireInScope(actor, b);
        accessLog.record(
                actor,
                AccessLog.Action.VIEW,
                "GET /api/v1/merges/comparison",
                List.of(a, b),
                reveal.asShown(ResidentRecords.VIEW_FIELDS),
                reveal);
        ResidentView va = records.view(actor, ra, reveal);
        ResidentView vb = records.view(actor, rb, reveal);
        Side sa = side(actor, ra);
        Side sb = side(actor, rb);
        List<MergeComparison.Field> fields = new ArrayList<>();
        for (String field : CHOOSABLE) {
            Object shownA = shown(field, va, sa);
            Object shownB = shown(field, vb, sb);
            fields.add(new MergeComparison.Field(field, shownA, shownB, differs(field, sa, sb), true));
        }
        fields.add(new MergeComparison.Field(
                "politicalStatus",
                va.politicalStatus(),
                vb.politicalStatus(),
                !Objects.equals(va.politicalStatus(), vb.politicalStatus()),
                false));
        fields.add(new MergeComparison.Field(
                "partyMembership",
                va.partyMembership(),
                vb.partyMembership(),
                !Objects.equals(sa.party(), sb.party()),
                false));
        fields.add(new MergeComparison.Field(
                "leagueMembership",
                va.leagueMembership(),
                vb.leagueMembership(),
                !Objects.equals(sa.league(), sb.league()),
                false));
        return new MergeComparison(va, vb, fields, conflicts(sa, sb));
    }

    /**
     * Merges {@code mergedId} into {@code survivorId}, in one transaction; see the class comment.
     *
     * @throws ProblemException 404 outside the actor's area, 428/412 for missing or stale versions,
     *     409 when the merge cannot be made safely, 422 when the chosen values break a rule
     */
    public MergeView merge(Actor actor, MergeRequest request) {
        ProblemException.requireBody(request);
        FieldErrors errors = new FieldErrors();
        if (request.survivorId() == null) {
            errors.add("survivorId", "required", "请指定保留的记录（survivorId）。");
        }
        if (request.mergedId() == null) {
            errors.add("mergedId", "required", "请指定被合并的记录（mergedId）。");
        }
        errors.throwIfAny();
        if (request.survivorId().equals(request.mergedId())) {
            throw sameRecord();
        }
        Resident s = records.requireInScope(actor, request.survivorId());
        Resident m = records.requireInScope(actor, request.mergedId());
        checkVersion(request.survivorVersion(), s.version, "survivorVersion");
        checkVersion(request.mergedVersion(), m.version, "mergedVersion");
        ResidentRecords.requireActive(s);
        ResidentRecords.requireActive(m);

        Side ss = side(actor, s);
        Side sm = side(actor, m);
        Map<String, MergeSide> choices = choices(request.choices(), ss, sm);
        List<MergeComparison.Conflict> conflicts = conflicts(ss, sm);
        if (!conflicts.isEmpty()) {
            throw ProblemException.conflict(
                    conflicts.get(0).code(), conflicts.get(0).message());
        }
        HouseholdPlace place = (HouseholdPlace) chosen("household", choices, ss, sm);
        HouseholdPlace left = choices.get("household") == MergeSide.MERGED ? ss.place() : sm.place();
        if (left != null && left.head() && !left.equals(place)) {
            throw ProblemException.conflict(
                    "household-head-conflict", "未选用的那条记录是一户的户主：合并后该户将没有户主。请先在该户中更换户主，或选用该户主的户籍位置。");
        }

        // The survivor as the merge would leave it, checked by the registry's own rules.
        PartyMembershipRequest partyAfter = ss.party() != null ? ss.party() : sm.party();
        LeagueMembershipRequest leagueAfter = ss.league() != null ? ss.league() : sm.league();
        ResidentData data = validator.forUpdate(
                actor,
                requestFor(choices, ss, sm, partyAfter, leagueAfter),
                new ResidentValidator.Current(ss.idNumber(), ss.phone(), null, false));

        ResidentState.Pair before = new ResidentState.Pair(state(ss), state(sm));
        Instant now = clock.instant();

        // The merged-away record first: its household place, and its ID number (unique) when the
        // survivor takes it, are freed before the survivor takes them. Otherwise it keeps its number:
        // a platform that holds it under that number is told to remove it by that number, and a new
        // registration with it is refused, naming this record (which names the survivor).
        boolean numberMoves = choices.get("idNumber") == MergeSide.MERGED && sm.idNumber() != null;
        Changes away = new Changes();
        if (numberMoves) {
            away.compare("idNumber", Masking.maskIdNumber(sm.idNumber()), null).compare("idType", m.idType, null);
            m.idNumberCipher = null;
            m.idNumberIndex = null;
            m.idType = null;
        }
        away.compare("householdId", m.householdId, null)
                .compare("relationToHead", m.relationToHead, null)
                .compare("status", m.status.name(), ResidentStatus.MERGED.name())
                .compare("statusDate", null, LocalDate.now(clock))
                .compare("mergedInto", null, s.id);
        List<FieldChange> awayChanges = new ArrayList<>(away.list());
        m.householdId = null;
        m.relationToHead = null;
        m.status = ResidentStatus.MERGED;
        m.statusDate = LocalDate.now(clock);
        m.statusReason = "重复登记，已并入另一条记录";
        m.mergedInto = s.id;
        party.end(m.id).ifPresent(awayChanges::addAll);
        league.end(m.id).ifPresent(awayChanges::addAll);
        m.changed(actor.username(), now);
        repository.flush();

        // Restricted tags the supervisor cannot see are kept from both records.
        Set<String> tags = new LinkedHashSet<>(data.tags());
        tags.addAll(hiddenTags(actor, s));
        tags.addAll(hiddenTags(actor, m));
        Changes kept = new Changes();
        records.apply(s, data, ss.idNumber(), ss.phone(), List.copyOf(tags), kept);
        kept.compare("householdId", s.householdId, place == null ? null : place.householdId());
        kept.compare("relationToHead", s.relationToHead, place == null ? null : place.relationToHead());
        kept.compare("mergedFrom", null, m.id);
        s.householdId = place == null ? null : place.householdId();
        s.relationToHead = place == null ? null : place.relationToHead();
        List<FieldChange> keptChanges = new ArrayList<>(kept.list());
        if (ss.party() == null && partyAfter != null) {
            keptChanges.addAll(party.put(s.id, partyAfter));
        }
        if (ss.league() == null && leagueAfter != null) {
            keptChanges.addAll(league.put(s.id, leagueAfter));
        }
        s.changed(actor.username(), now);
        repository.flush();

        ResidentMerge merge = new ResidentMerge();
        merge.id = Ids.newId();
        merge.survivorId = s.id;
        merge.mergedId = m.id;
        merge.mergedAt = now;
        merge.mergedBy = actor.username();
        merge.choices = choices;
        merge.survivorVersion = s.version;
        merge.mergedVersion = m.version;
        merge.statesCipher = pii.encrypt(PiiField.MERGE_STATES, write(before));
        merges.persist(merge);
        awayChanges.add(new FieldChange("merge", null, merge.id.toString()));
        keptChanges.add(new FieldChange("merge", null, merge.id.toString()));
        records.record(m.id, actor, HistoryAction.MERGED_INTO, awayChanges);
        records.record(s.id, actor, HistoryAction.MERGED_FROM, keptChanges);
        merges.flush();
        accessLog.read(
                actor,
                AccessLog.Action.MERGE,
                "POST /api/v1/merges",
                List.of(s.id, m.id),
                Reveal.NONE.asShown(ResidentRecords.VIEW_FIELDS));
        return view(actor, merge, s);
    }

    /** A merge whose records are in the actor's area. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public MergeView get(Actor actor, UUID id) {
        ResidentMerge merge = requireInScope(actor, id);
        Resident s = records.requireInScope(actor, merge.survivorId);
        accessLog.read(
                actor,
                AccessLog.Action.VIEW,
                "GET /api/v1/merges/{id}",
                List.of(merge.survivorId),
                Reveal.NONE.asShown(ResidentRecords.VIEW_FIELDS));
        return view(actor, merge, s);
    }

    // ---- Internals ------------------------------------------------------------------------------

    ResidentMerge requireInScope(Actor actor, UUID id) {
        ResidentMerge merge = merges.findByIdOptional(id).orElseThrow(() -> ProblemException.notFound("合并记录"));
        for (UUID r : List.of(merge.survivorId, merge.mergedId)) {
            try {
                records.requireInScope(actor, r);
            } catch (ProblemException e) {
                throw ProblemException.notFound("合并记录");
            }
        }
        return merge;
    }

    MergeView view(Actor actor, ResidentMerge merge, Resident survivor) {
        return mapper.toMergeView(merge, records.view(actor, survivor, Reveal.NONE));
    }

    private Side side(Actor actor, Resident r) {
        return new Side(
                r,
                pii.decrypt(PiiField.ID_NUMBER, r.idNumberCipher),
                pii.decrypt(PiiField.PHONE, r.phoneCipher),
                r.tags == null ? List.of() : tagVisibility.visible(actor, Arrays.asList(r.tags)),
                party.find(r.id)
                        .map(v -> new PartyMembershipRequest(
                                v.status(),
                                v.joinedOn(),
                                v.fullMemberOn(),
                                v.branch(),
                                v.category(),
                                v.reportedToCommunity(),
                                v.lostContact()))
                        .orElse(null),
                league.find(r.id, r.birthDate)
                        .map(v ->
                                new LeagueMembershipRequest(v.joinedOn(), v.developmentNumber(), v.branch(), v.post()))
                        .orElse(null));
    }

    private static boolean differs(String field, Side a, Side b) {
        return !Objects.equals(a.value(field), b.value(field));
    }

    /** A field's value as the comparison shows it: identifiers as the view shows them. */
    private static Object shown(String field, ResidentView view, Side side) {
        return switch (field) {
            case "idNumber" -> view.idNumber();
            case "phone" -> view.phone();
            case "tags" -> view.tags();
            case "birthDate" -> view.birthDate();
            default -> side.value(field);
        };
    }

    private static List<MergeComparison.Conflict> conflicts(Side a, Side b) {
        List<MergeComparison.Conflict> conflicts = new ArrayList<>();
        if (a.party() != null && b.party() != null && !a.party().equals(b.party())) {
            conflicts.add(new MergeComparison.Conflict(
                    "conflicting-party-memberships", "两条记录都有党员信息且内容不同：请先核实并更正（或结束）其中一条的党员信息，再合并。"));
        }
        if (a.league() != null && b.league() != null && !a.league().equals(b.league())) {
            conflicts.add(new MergeComparison.Conflict(
                    "conflicting-league-memberships", "两条记录都有团员信息且内容不同：请先核实并更正（或结束）其中一条的团员信息，再合并。"));
        }
        HouseholdPlace pa = a.place();
        HouseholdPlace pb = b.place();
        if (pa != null
                && pb != null
                && pa.head()
                && pb.head()
                && !pa.householdId().equals(pb.householdId())) {
            conflicts.add(new MergeComparison.Conflict(
                    "household-head-conflict", "两条记录分别是两户的户主：合并后其中一户将没有户主。请先在其中一户更换户主，再合并。"));
        }
        return conflicts;
    }

    /** The choice for every field that differs; unknown fields and missing choices are refused. */
    private static Map<String, MergeSide> choices(Map<String, MergeSide> given, Side s, Side m) {
        Map<String, MergeSide> asked = given == null ? Map.of() : given;
        FieldErrors errors = new FieldErrors();
        Map<String, MergeSide> choices = new LinkedHashMap<>();
        for (Map.Entry<String, MergeSide> e : asked.entrySet()) {
            if (!CHOOSABLE.contains(e.getKey())) {
                errors.add("choices." + e.getKey(), "unknown-field", "合并时不能选择这一项；可选的项见对比结果中 choosable 为 true 的字段。");
            } else if (e.getValue() == null) {
                errors.add("choices." + e.getKey(), "required", "请选择 SURVIVOR（保留的记录）或 MERGED（被合并的记录）。");
            }
        }
        for (String field : CHOOSABLE) {
            if (!differs(field, s, m)) {
                continue;
            }
            MergeSide side = asked.get(field);
            if (side == null && !asked.containsKey(field)) {
                errors.add("choices." + field, "required", "两条记录的这一项不同：请选择保留哪一条的值（SURVIVOR 或 MERGED）。");
            } else if (side != null) {
                choices.put(field, side);
            }
        }
        errors.throwIfAny();
        return choices;
    }

    private static Object chosen(String field, Map<String, MergeSide> choices, Side s, Side m) {
        return (choices.get(field) == MergeSide.MERGED ? m : s).value(field);
    }

    /** The survivor after the merge as a resident request, for the registry's rules to check. */
    private static ResidentRequest requestFor(
            Map<String, MergeSide> choices,
            Side s,
            Side m,
            PartyMembershipRequest partyAfter,
            LeagueMembershipRequest leagueAfter) {
        Side sexFrom = choices.get("sex") == MergeSide.MERGED ? m : s;
        Side birthFrom = choices.get("birthDate") == MergeSide.MERGED ? m : s;
        Address address = (Address) chosen("address", choices, s, m);
        String idNumber = (String) chosen("idNumber", choices, s, m);
        String phone = (String) chosen("phone", choices, s, m);
        Side tagsFrom = choices.get("tags") == MergeSide.MERGED ? m : s;
        // Political status follows the memberships; with none, it is the survivor's unless that
        // named a membership neither record has.
        String political = null;
        if (partyAfter == null && leagueAfter == null) {
            political = s.r().politicalStatus != null && MEMBERSHIP_STATUSES.contains(s.r().politicalStatus)
                    ? "13"
                    : s.r().politicalStatus;
        }
        return new ResidentRequest(
                (String) chosen("name", choices, s, m),
                idNumber == null ? "" : idNumber,
                Boolean.TRUE, // the number is in the registry already: it was checked when entered
                sexFrom.r().sex,
                birthFrom.r().birthDate.toString(),
                (String) chosen("ethnicity", choices, s, m),
                political,
                (String) chosen("education", choices, s, m),
                (String) chosen("maritalStatus", choices, s, m),
                phone == null ? "" : phone,
                (String) chosen("residenceType", choices, s, m),
                address.communityCode(),
                address.building(),
                address.unit(),
                address.room(),
                tagsFrom.visibleTags(),
                partyAfter,
                leagueAfter);
    }

    private List<String> hiddenTags(Actor actor, Resident r) {
        if (r.tags == null) {
            return List.of();
        }
        List<String> visible = tagVisibility.visible(actor, Arrays.asList(r.tags));
        return Arrays.stream(r.tags).filter(t -> !visible.contains(t)).toList();
    }

    private static ResidentState state(Side side) {
        return ResidentState.of(side.r(), side.idNumber(), side.phone(), side.party(), side.league());
    }

    private static void checkVersion(Integer given, int current, String field) {
        if (given == null) {
            throw new ProblemException(
                    428,
                    "precondition-required",
                    "Precondition Required",
                    "合并时须提供两条记录各自所依据的版本（survivorVersion 与 mergedVersion，即读取时返回的 ETag），以免覆盖他人的修改。");
        }
        if (given != current) {
            throw Preconditions.stale(current).with("field", field);
        }
    }

    private static ProblemException sameRecord() {
        return ProblemException.invalid("mergedId", "same-resident", "不能把一条记录与它自己合并。");
    }

    private String write(ResidentState.Pair states) {
        try {
            return json.writeValueAsString(states);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Could not write the states before a merge", e);
        }
    }
}
