package org.communityhub.registry.league;

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
import org.communityhub.reference.identity.Masking;

/**
 * League memberships: their rules and their list. Changes are made through the resident register's
 * {@code ResidentMemberships}, which owns the resident's political status and history.
 */
@ApplicationScoped
@Transactional
public class LeagueMembershipService {

    /** Youngest age at which one joins the League (团章: 年龄在十四周岁以上，二十八周岁以下). */
    static final int JOINING_AGE = 14;

    private final LeagueMembershipRepository memberships;
    private final AccessLog accessLog;
    private final PiiCipher pii;
    private final Clock clock;
    private final LeagueMembershipMapper mapper;

    /** What a line of the league member list shows (the ID number masked), for the access log. */
    private static final List<String> LIST_FIELDS =
            List.of("name", Reveal.ID_NUMBER, "sex", "birthDate", "address", "leagueMembership");

    LeagueMembershipService(
            LeagueMembershipRepository memberships,
            LeagueMembershipMapper mapper,
            AccessLog accessLog,
            PiiCipher pii,
            Clock clock) {
        this.mapper = mapper;
        this.accessLog = accessLog;
        this.pii = pii;
        this.memberships = memberships;
        this.clock = clock;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<LeagueMembershipView> find(UUID residentId, LocalDate birthDate) {
        LocalDate today = LocalDate.now(clock);
        return memberships.findByIdOptional(residentId).map(m -> view(m, birthDate, today));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<UUID, LeagueMembership> findAll(Collection<UUID> residentIds) {
        if (residentIds.isEmpty()) {
            return Map.of();
        }
        return memberships.list("residentId in ?1", residentIds).stream()
                .collect(Collectors.toMap(m -> m.residentId, m -> m, (a, b) -> a));
    }

    public void check(LeagueMembershipRequest r, LocalDate birthDate, String prefix, FieldErrors errors) {
        LocalDate today = LocalDate.now(clock);
        if (r.joinedOn() != null) {
            if (r.joinedOn().isAfter(today)) {
                errors.add(prefix + "joinedOn", "future-date", "入团日期不能晚于今天。");
            } else if (birthDate != null && r.joinedOn().isBefore(birthDate.plusYears(JOINING_AGE))) {
                errors.add(prefix + "joinedOn", "too-young", "入团时须年满 14 周岁；该日期早于本人 14 岁生日。");
            } else if (birthDate != null && !r.joinedOn().isBefore(birthDate.plusYears(LeagueMembership.LEAVING_AGE))) {
                errors.add(prefix + "joinedOn", "too-old", "入团时须未满 28 周岁；该日期已在本人 28 岁生日之后。");
            }
        }
        check(r.developmentNumber(), 30, prefix + "developmentNumber", "发展团员编号最多 30 个字符。", errors);
        check(r.branch(), 100, prefix + "branch", "团支部名称最多 100 个字。", errors);
        check(r.post(), 50, prefix + "post", "团内职务最多 50 个字。", errors);
    }

    /** Creates or replaces the membership; returns what changed. Call {@link #check} first. */
    public List<FieldChange> put(UUID residentId, LeagueMembershipRequest r) {
        Instant now = clock.instant();
        LeagueMembership m = memberships.findByIdOptional(residentId).orElse(null);
        boolean created = m == null;
        if (created) {
            m = new LeagueMembership();
            m.residentId = residentId;
            m.createdAt = now;
        }
        Changes changes = new Changes()
                .compare("leagueMembership.joinedOn", created ? null : m.joinedOn, r.joinedOn())
                .compare(
                        "leagueMembership.developmentNumber",
                        created ? null : m.developmentNumber,
                        blankToNull(r.developmentNumber()))
                .compare("leagueMembership.branch", created ? null : m.branch, blankToNull(r.branch()))
                .compare("leagueMembership.post", created ? null : m.post, blankToNull(r.post()));
        if (created && changes.isEmpty()) {
            changes.compare("leagueMembership", null, "团员");
        }
        m.joinedOn = r.joinedOn();
        m.developmentNumber = blankToNull(r.developmentNumber());
        m.branch = blankToNull(r.branch());
        m.post = blankToNull(r.post());
        if (created || !changes.isEmpty()) {
            m.updatedAt = now;
        }
        if (created) {
            memberships.persist(m);
        }
        return changes.list();
    }

    public Optional<List<FieldChange>> end(UUID residentId) {
        return memberships.findByIdOptional(residentId).map(m -> {
            List<FieldChange> removed = new Changes()
                    .compare("leagueMembership", "团员", null)
                    .compare("leagueMembership.developmentNumber", m.developmentNumber, null)
                    .compare("leagueMembership.branch", m.branch, null)
                    .list();
            memberships.delete(m);
            return removed;
        });
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<LeagueMemberItem> list(Actor actor, LeagueMemberQuery query, PageRequest page) {
        LocalDate today = LocalDate.now(clock);
        AreaScope scope = actor.scope();
        List<LeagueMemberItem> items =
                memberships.list(scope, query, today, page.offset(), page.size(), this::maskedIdNumber);
        accessLog.read(
                actor,
                AccessLog.Action.LIST,
                "GET /api/v1/league-members",
                items.stream().map(LeagueMemberItem::residentId).toList(),
                Reveal.NONE.asShown(LIST_FIELDS));
        return new Page<>(items, memberships.count(scope, query, today), page.page(), page.size());
    }

    /**
     * The residents the league member list shows for {@code query}, in its order, at most {@code
     * limit}: for an export, which reads and logs their data itself. Reads no personal data.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<UUID> residentIds(Actor actor, LeagueMemberQuery query, int limit) {
        return memberships.residentIds(actor.scope(), query, LocalDate.now(clock), limit);
    }

    /** How many league members in the actor's area match (超龄 ones, for instance): no personal data read. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long count(Actor actor, LeagueMemberQuery query) {
        return memberships.count(actor.scope(), query, LocalDate.now(clock));
    }

    public LeagueMembershipView view(LeagueMembership m, LocalDate birthDate) {
        return view(m, birthDate, LocalDate.now(clock));
    }

    private LeagueMembershipView view(LeagueMembership m, LocalDate birthDate, LocalDate today) {
        return mapper.toView(m, LeagueMembership.isOverage(birthDate, m.post, today));
    }

    private static void check(String value, int max, String field, String message, FieldErrors errors) {
        if (value != null && value.strip().length() > max) {
            errors.add(field, "too-long", message);
        }
    }

    private String maskedIdNumber(byte[] stored) {
        return Masking.maskIdNumber(pii.decrypt(PiiField.ID_NUMBER, stored));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
