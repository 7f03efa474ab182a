package org.communityhub.registry.party;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.communityhub.access.Actor;
import org.communityhub.access.AreaScope;
import org.communityhub.access.Reveal;
import org.communityhub.access.pii.PiiCipher;
import org.communityhub.access.pii.PiiField;
import org.communityhub.audit.AccessLog;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.history.Changes;
import org.communityhub.common.history.FieldChange;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.reference.code.CodeTables;
import org.communityhub.reference.identity.Masking;

/**
 * Party memberships: their rules and their list. Changes are made through the resident register's
 * {@code ResidentMemberships}, which owns the resident's political status and history; this
 * service never looks residents up.
 */
@ApplicationScoped
@Transactional
public class PartyMembershipService {

    /** Age at which a person may join the Party (党章 第一条). */
    static final int MINIMUM_AGE = 18;

    private final PartyMembershipRepository memberships;
    private final CodeTables codes;
    private final AccessLog accessLog;
    private final PiiCipher pii;
    private final Clock clock;
    private final PartyMembershipMapper mapper;

    /** What a line of the party member list shows (the ID number masked), for the access log. */
    private static final List<String> LIST_FIELDS =
            List.of("name", Reveal.ID_NUMBER, "sex", "birthDate", "address", "partyMembership");

    PartyMembershipService(
            PartyMembershipRepository memberships,
            PartyMembershipMapper mapper,
            CodeTables codes,
            AccessLog accessLog,
            PiiCipher pii,
            Clock clock) {
        this.mapper = mapper;
        this.accessLog = accessLog;
        this.pii = pii;
        this.memberships = memberships;
        this.codes = codes;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<PartyMembershipView> find(UUID residentId) {
        return memberships.findByIdOptional(residentId).map(mapper::toView);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<UUID, PartyMembershipView> findAll(Collection<UUID> residentIds) {
        if (residentIds.isEmpty()) {
            return Map.of();
        }
        return memberships.list("residentId in ?1", residentIds).stream()
                .collect(Collectors.toMap(m -> m.residentId, mapper::toView, (a, b) -> a));
    }

    /** Problems with a membership request for a person born on {@code birthDate}. */
    public void check(PartyMembershipRequest r, LocalDate birthDate, String prefix, FieldErrors errors) {
        LocalDate today = LocalDate.now(clock);
        if (r.status() == null) {
            errors.add(prefix + "status", "required", "请选择党员状态：正式党员（FULL）或预备党员（PROBATIONARY）。");
        }
        if (r.joinedOn() == null) {
            errors.add(prefix + "joinedOn", "required", "请填写入党日期。");
        } else if (r.joinedOn().isAfter(today)) {
            errors.add(prefix + "joinedOn", "future-date", "入党日期不能晚于今天。");
        } else if (birthDate != null && r.joinedOn().isBefore(birthDate.plusYears(MINIMUM_AGE))) {
            errors.add(prefix + "joinedOn", "too-young", "入党时须年满 18 周岁；该日期早于本人 18 岁生日。");
        }
        if (r.fullMemberOn() != null) {
            if (r.status() == PartyMemberStatus.PROBATIONARY) {
                errors.add(prefix + "fullMemberOn", "not-full-member", "预备党员没有转正日期；转正后请把状态改为正式党员。");
            } else if (r.fullMemberOn().isAfter(today)) {
                errors.add(prefix + "fullMemberOn", "future-date", "转正日期不能晚于今天。");
            } else if (r.joinedOn() != null && !r.fullMemberOn().isAfter(r.joinedOn())) {
                errors.add(prefix + "fullMemberOn", "before-joined", "转正日期应晚于入党日期。");
            }
        }
        if (r.branch() != null && r.branch().strip().length() > 100) {
            errors.add(prefix + "branch", "too-long", "党支部名称最多 100 个字。");
        }
        if (r.category() != null
                && !r.category().isBlank()
                && !codes.get(CodeTables.PARTY_CATEGORY).contains(r.category())) {
            errors.add(prefix + "category", "unknown-code", "党员类别不在代码表 party-category 中。");
        }
    }

    /** Creates or replaces the membership; returns what changed. Call {@link #check} first. */
    public List<FieldChange> put(UUID residentId, PartyMembershipRequest r) {
        Instant now = clock.instant();
        PartyMembership m = memberships.findByIdOptional(residentId).orElse(null);
        boolean created = m == null;
        if (created) {
            m = new PartyMembership();
            m.residentId = residentId;
            m.createdAt = now;
        }
        Changes changes = new Changes()
                .compare("partyMembership.status", created ? null : m.status, r.status())
                .compare("partyMembership.joinedOn", created ? null : m.joinedOn, r.joinedOn())
                .compare("partyMembership.fullMemberOn", created ? null : m.fullMemberOn, r.fullMemberOn())
                .compare("partyMembership.branch", created ? null : m.branch, blankToNull(r.branch()))
                .compare("partyMembership.category", created ? null : m.category, blankToNull(r.category()))
                .compare(
                        "partyMembership.reportedToCommunity",
                        created ? null : m.reportedToCommunity,
                        Boolean.TRUE.equals(r.reportedToCommunity()))
                .compare(
                        "partyMembership.lostContact",
                        created ? null : m.lostContact,
                        Boolean.TRUE.equals(r.lostContact()));
        m.status = r.status();
        m.joinedOn = r.joinedOn();
        m.fullMemberOn = r.fullMemberOn();
        m.branch = blankToNull(r.branch());
        m.category = blankToNull(r.category());
        m.reportedToCommunity = Boolean.TRUE.equals(r.reportedToCommunity());
        m.lostContact = Boolean.TRUE.equals(r.lostContact());
        if (created || !changes.isEmpty()) {
            m.updatedAt = now;
        }
        if (created) {
            memberships.persist(m);
        }
        return changes.list();
    }

    /** Ends the membership; returns what was removed, or empty when there was none. */
    public Optional<List<FieldChange>> end(UUID residentId) {
        return memberships.findByIdOptional(residentId).map(m -> {
            List<FieldChange> removed = new Changes()
                    .compare("partyMembership.status", m.status, null)
                    .compare("partyMembership.joinedOn", m.joinedOn, null)
                    .compare("partyMembership.branch", m.branch, null)
                    .list();
            memberships.delete(m);
            return removed;
        });
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<PartyMemberItem> list(Actor actor, PartyMemberQuery query, PageRequest page) {
        LocalDate today = LocalDate.now(clock);
        AreaScope scope = actor.scope();
        List<PartyMemberItem> items =
                memberships.list(scope, query, today, page.offset(), page.size(), this::maskedIdNumber);
        accessLog.read(
                actor,
                AccessLog.Action.LIST,
                "GET /api/v1/party-members",
                items.stream().map(PartyMemberItem::residentId).toList(),
                Reveal.NONE.asShown(LIST_FIELDS));
        return new Page<>(items, memberships.count(scope, query), page.page(), page.size());
    }

    /**
     * The residents the party member list shows for {@code query}, in its order, at most {@code
     * limit}: for an export, which reads and logs their data itself. Reads no personal data.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<UUID> residentIds(Actor actor, PartyMemberQuery query, int limit) {
        return memberships.residentIds(actor.scope(), query, limit);
    }

    private String maskedIdNumber(byte[] stored) {
        return Masking.maskIdNumber(pii.decrypt(PiiField.ID_NUMBER, stored));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
