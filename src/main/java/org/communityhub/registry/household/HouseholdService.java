package org.communityhub.registry.household;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.audit.AccessLog;
import org.communityhub.common.error.ExpectedVersion;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.error.Preconditions;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.history.Changes;
import org.communityhub.common.history.FieldChange;
import org.communityhub.common.ids.Ids;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.reference.code.CodeTables;
import org.communityhub.registry.place.Address;
import org.communityhub.registry.place.DivisionService;
import org.communityhub.registry.resident.HouseholdMember;
import org.communityhub.registry.resident.HouseholdMemberFacts;
import org.communityhub.registry.resident.HouseholdPlacement;
import org.communityhub.registry.resident.ResidentStatus;

/**
 * Households (户): registration, members and their relation to the head, change of head, moves.
 * A household has at most one head (户主, relation 02); a resident belongs to at most one household.
 */
@ApplicationScoped
@Transactional
public class HouseholdService {

    static final String HEAD = "02";
    static final int NUMBER_MAX = 30;

    private final HouseholdRepository households;
    private final HouseholdPlacement residents;
    private final DivisionService divisions;
    private final CodeTables codes;
    private final HouseholdMapper mapper;
    private final AccessLog accessLog;
    private final HouseholdNumbering numbering;
    private final Clock clock;

    /** What a household's page shows of each member, for the access log. */
    private static final List<String> MEMBER_FIELDS = List.of("name", "sex", "birthDate", "relationToHead", "status");

    HouseholdService(
            HouseholdRepository households,
            HouseholdPlacement residents,
            DivisionService divisions,
            CodeTables codes,
            HouseholdMapper mapper,
            AccessLog accessLog,
            HouseholdNumbering numbering,
            Clock clock) {
        this.accessLog = accessLog;
        this.numbering = numbering;
        this.households = households;
        this.residents = residents;
        this.divisions = divisions;
        this.codes = codes;
        this.mapper = mapper;
        this.clock = clock;
    }

    public HouseholdView create(Actor actor, HouseholdRequest request) {
        FieldErrors errors = new FieldErrors();
        String number = number(request.householdNumber(), errors);
        String type = type(request.type(), errors);
        Address address =
                address(actor, request.communityCode(), request.building(), request.unit(), request.room(), errors);
        errors.throwIfAny();
        refuseDuplicateNumber(address.communityCode(), number, null);
        Household h = new Household();
        h.id = Ids.newId();
        h.householdNumber = number;
        h.type = type;
        h.moveTo(address);
        h.created(actor.username(), clock.instant());
        households.persist(h);
        households.flush();
        return view(h);
    }

    /**
     * A household as a batch of an import asks for it: registered already (its id), created now,
     * or refused (why).
     */
    public record Found(UUID id, boolean created, ProblemException refusal) {}

    /** How {@link #findOrCreateAll} keys a household: its community and 户号. */
    public static String key(String communityCode, String householdNumber) {
        return communityCode + "\u0000" + (householdNumber == null ? "" : householdNumber.strip());
    }

    /**
     * The households of these requests, by {@link #key}: those the registry has (one look-up for
     * all), and the others created as {@link #create} would, written together (one flush). A
     * request refused by the rules gets its refusal; the others are not held up by it.
     */
    public Map<String, Found> findOrCreateAll(Actor actor, List<HouseholdRequest> requests) {
        Map<String, Found> found = new java.util.LinkedHashMap<>();
        List<String> communities = new ArrayList<>();
        List<String> numbers = new ArrayList<>();
        for (HouseholdRequest r : requests) {
            if (r.communityCode() != null && r.householdNumber() != null) {
                communities.add(r.communityCode().strip());
                numbers.add(r.householdNumber().strip());
            }
        }
        for (Household h : households.findByNumbers(communities, numbers)) {
            found.put(key(h.communityCode, h.householdNumber), new Found(h.id, false, null));
        }
        boolean created = false;
        for (HouseholdRequest r : requests) {
            String key =
                    key(r.communityCode() == null ? null : r.communityCode().strip(), r.householdNumber());
            if (found.containsKey(key)) {
                continue;
            }
            FieldErrors errors = new FieldErrors();
            String number = number(r.householdNumber(), errors);
            String type = type(r.type(), errors);
            Address address = address(actor, r.communityCode(), r.building(), r.unit(), r.room(), errors);
            if (!errors.isEmpty()) {
                found.put(key, new Found(null, false, ProblemException.invalid(errors.list())));
                continue;
            }
            Household h = new Household();
            h.id = Ids.newId();
            h.householdNumber = number;
            h.type = type;
            h.moveTo(address);
            h.created(actor.username(), clock.instant());
            households.persist(h);
            found.put(key, new Found(h.id, true, null));
            created = true;
        }
        if (created) {
            households.flush();
        }
        return found;
    }

    /**
     * The next free 户号 of a community of the actor's area by the street's numbering rule. Only a
     * suggestion: saving checks again that no household of the community has it.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public String nextNumber(Actor actor, String communityCode) {
        String code = communityCode == null ? "" : communityCode.strip();
        FieldErrors errors = new FieldErrors();
        if (code.isEmpty()) {
            errors.add("communityCode", "required", "请先选择所属社区，再生成户号。");
        } else if (!divisions.isCommunity(code)) {
            errors.add("communityCode", "unknown-community", "没有这个社区（村）：请先由管理员添加该社区。");
        } else if (!actor.covers(code)) {
            errors.add("communityCode", "out-of-scope", "该社区不在您的管辖范围内。");
        }
        errors.throwIfAny();
        return numbering.next(code, households.numbers(code));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public HouseholdView get(Actor actor, UUID id) {
        HouseholdView view = view(requireInScope(actor, id));
        accessLog.read(
                actor,
                AccessLog.Action.VIEW,
                "GET /api/v1/households/{id}",
                view.members().stream().map(HouseholdMember::residentId).toList(),
                MEMBER_FIELDS);
        return view;
    }

    /** How many households in the actor's area have no 户主 among their members. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long countHeadless(Actor actor) {
        return households.countHeadless(actor.scope());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<HouseholdListItem> search(
            Actor actor, String divisionCode, String householdNumber, String building, PageRequest page) {
        return search(actor, divisionCode, householdNumber, building, false, page);
    }

    /**
     * Households in the actor's area; with {@code headlessOnly}, only those none of whose current
     * members is the head (the ones {@link #countHeadless} counts).
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<HouseholdListItem> search(
            Actor actor,
            String divisionCode,
            String householdNumber,
            String building,
            boolean headlessOnly,
            PageRequest page) {
        var query = households.search(actor.scope(), divisionCode, householdNumber, building, headlessOnly);
        List<HouseholdListItem> items = query.page(page.page(), page.size()).list().stream()
                .map(mapper::toListItem)
                .toList();
        return new Page<>(items, query.count(), page.page(), page.size());
    }

    public HouseholdView update(Actor actor, UUID id, HouseholdChange change, ExpectedVersion expected) {
        Household h = requireInScope(actor, id);
        Preconditions.require(expected, h.version);
        FieldErrors errors = new FieldErrors();
        String number = number(change.householdNumber(), errors);
        String type = type(change.type(), errors);
        errors.throwIfAny();
        refuseDuplicateNumber(h.communityCode, number, h.id);
        if (!number.equals(h.householdNumber) || !type.equals(h.type)) {
            List<FieldChange> changes = new Changes()
                    .compare("householdNumber", h.householdNumber, number)
                    .compare("householdType", h.type, type)
                    .list();
            h.householdNumber = number;
            h.type = type;
            h.changed(actor.username(), clock.instant());
            households.flush();
            residents.householdChanged(actor, h.id, changes);
        }
        return view(h);
    }

    /** Moves the household; members who lived at its old address move with it. */
    public HouseholdView move(Actor actor, UUID id, HouseholdMove move, ExpectedVersion expected) {
        Household h = requireInScope(actor, id);
        Preconditions.require(expected, h.version);
        FieldErrors errors = new FieldErrors();
        Address to = address(actor, move.communityCode(), move.building(), move.unit(), move.room(), errors);
        errors.throwIfAny();
        Address from = h.address();
        if (from.equals(to)) {
            return view(h);
        }
        if (!to.communityCode().equals(h.communityCode)) {
            refuseDuplicateNumber(to.communityCode(), h.householdNumber, h.id);
        }
        residents.moveHouseholdMembers(actor, h.id, from, to);
        h.moveTo(to);
        h.changed(actor.username(), clock.instant());
        households.flush();
        return view(h);
    }

    /** Adds a resident to the household, or changes their relation to its head. */
    public HouseholdView placeMember(Actor actor, UUID id, UUID residentId, MemberPlacement placement) {
        return placeMember(actor, id, residentId, placement, null);
    }

    /**
     * Like {@link #placeMember(Actor, UUID, UUID, MemberPlacement)}, refused with 412 when {@code
     * expected} is given and names another version of the household than the current one.
     */
    public HouseholdView placeMember(
            Actor actor, UUID id, UUID residentId, MemberPlacement placement, ExpectedVersion expected) {
        Household h = requireInScope(actor, id);
        Preconditions.requireWhenGiven(expected, h.version);
        residents.checkRelationToHead(placement.relationToHead());
        String relation = placement.relationToHead().strip();
        HouseholdMemberFacts member = residents.memberFacts(actor, residentId);
        if (member.status() != ResidentStatus.ACTIVE) {
            throw ProblemException.conflict("not-on-register", "该居民已迁出或死亡，不能加入户。");
        }
        if (member.householdId() != null && !member.householdId().equals(h.id)) {
            throw ProblemException.conflict("already-in-household", "该居民已属于另一户；请先从原户中移出。")
                    .with("householdId", member.householdId().toString());
        }
        if (HEAD.equals(relation)) {
            UUID head = head(h.id);
            if (head != null && !head.equals(residentId)) {
                throw ProblemException.conflict("household-head-exists", "该户已有户主；一户只能有一位户主，请用“变更户主”。")
                        .with("headResidentId", head.toString());
            }
        }
        if (!h.id.equals(member.householdId()) || !relation.equals(member.relationToHead())) {
            residents.placeInHousehold(actor, residentId, h.id, h.householdNumber, relation);
            touch(actor, h);
        }
        return view(h);
    }

    /**
     * Residents registered straight into these households (an import's batch) have joined them:
     * each household's version moves on, as when a member is placed one at a time.
     */
    public void membersJoined(Actor actor, Collection<UUID> householdIds) {
        for (UUID id : householdIds) {
            touch(actor, requireInScope(actor, id));
        }
    }

    public HouseholdView removeMember(Actor actor, UUID id, UUID residentId) {
        return removeMember(actor, id, residentId, null);
    }

    /** Removes a member; refused with 412 when {@code expected} is given and names another version. */
    public HouseholdView removeMember(Actor actor, UUID id, UUID residentId, ExpectedVersion expected) {
        Household h = requireInScope(actor, id);
        Preconditions.requireWhenGiven(expected, h.version);
        HouseholdMemberFacts member = residents.memberFacts(actor, residentId);
        if (!h.id.equals(member.householdId())) {
            throw ProblemException.notFound("户成员");
        }
        residents.removeFromHousehold(actor, residentId, h.householdNumber);
        touch(actor, h);
        return view(h);
    }

    /** Makes a member the head; the former head stays in the household with the given relation. */
    public HouseholdView changeHead(Actor actor, UUID id, HeadChange change, ExpectedVersion expected) {
        Household h = requireInScope(actor, id);
        Preconditions.requireWhenGiven(expected, h.version);
        FieldErrors errors = new FieldErrors();
        UUID newHead = change.residentId() == null
                ? null
                : Ids.parse(change.residentId().strip()).orElse(null);
        if (newHead == null) {
            errors.add("residentId", "required", "请指定新户主（居民 id）。");
        }
        String former = change.formerHeadRelation() == null
                ? null
                : change.formerHeadRelation().strip();
        UUID oldHead = head(h.id);
        if (oldHead != null && !Objects.equals(oldHead, newHead)) {
            if (former == null || former.isEmpty()) {
                errors.add("formerHeadRelation", "required", "请选择原户主与新户主的关系。");
            } else if (HEAD.equals(former)
                    || !codes.get(CodeTables.RELATION_TO_HEAD).contains(former)) {
                errors.add("formerHeadRelation", "unknown-code", "原户主的关系应为代码表 relation-to-head 中户主（02）以外的代码。");
            }
        }
        errors.throwIfAny();
        HouseholdMemberFacts member = residents.memberFacts(actor, newHead);
        if (!h.id.equals(member.householdId())) {
            throw ProblemException.conflict("not-a-member", "新户主须是本户成员；请先把该居民加入本户。");
        }
        if (Objects.equals(oldHead, newHead)) {
            return view(h);
        }
        if (oldHead != null) {
            residents.placeInHousehold(actor, oldHead, h.id, h.householdNumber, former);
        }
        residents.placeInHousehold(actor, newHead, h.id, h.householdNumber, HEAD);
        touch(actor, h);
        return view(h);
    }

    private UUID head(UUID householdId) {
        return residents.householdMembers(householdId).stream()
                .filter(m -> HEAD.equals(m.relationToHead()))
                .map(HouseholdMember::residentId)
                .findFirst()
                .orElse(null);
    }

    private void touch(Actor actor, Household h) {
        h.changed(actor.username(), clock.instant());
        households.flush();
    }

    private Household requireInScope(Actor actor, UUID id) {
        return households
                .findByIdOptional(id)
                .filter(h -> actor.covers(h.communityCode))
                .orElseThrow(() -> ProblemException.notFound("户"));
    }

    private void refuseDuplicateNumber(String communityCode, String number, UUID self) {
        households
                .findByNumber(communityCode, number)
                .filter(other -> !other.id.equals(self))
                .ifPresent(other -> {
                    throw ProblemException.conflict("duplicate-household-number", "本社区已有相同户号的户。")
                            .with("existingId", other.id.toString());
                });
    }

    private static String number(String raw, FieldErrors errors) {
        String number = raw == null ? null : raw.strip();
        if (number == null || number.isEmpty()) {
            errors.add("householdNumber", "required", "请填写户号。");
        } else if (number.length() > NUMBER_MAX) {
            errors.add("householdNumber", "too-long", "户号最多 " + NUMBER_MAX + " 个字符。");
        } else if (number.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
            errors.add("householdNumber", "invalid-characters", "户号不能含空格或控制字符。");
        }
        return number;
    }

    private String type(String raw, FieldErrors errors) {
        String type = raw == null ? null : raw.strip();
        if (type == null || type.isEmpty()) {
            errors.add("type", "required", "请选择户别：1 家庭户、2 集体户。");
        } else if (!codes.get(CodeTables.HOUSEHOLD_TYPE).contains(type)) {
            errors.add("type", "unknown-code", "户别应为 1（家庭户）或 2（集体户）。");
        }
        return type;
    }

    private Address address(
            Actor actor, String community, String building, String unit, String room, FieldErrors errors) {
        Address address = Address.of(community, building, unit, room);
        address.check("", errors);
        if (!errors.has("communityCode")) {
            if (!divisions.isCommunity(address.communityCode())) {
                errors.add("communityCode", "unknown-community", "没有这个社区（村）：请先由管理员添加该社区。");
            } else if (!actor.covers(address.communityCode())) {
                errors.add("communityCode", "out-of-scope", "该社区不在您的管辖范围内。");
            }
        }
        return address;
    }

    private HouseholdView view(Household h) {
        List<HouseholdMember> members = residents.householdMembers(h.id);
        UUID head = members.stream()
                .filter(m -> HEAD.equals(m.relationToHead()))
                .map(HouseholdMember::residentId)
                .findFirst()
                .orElse(null);
        return mapper.toView(h, head, members);
    }
}
