package org.communityhub.registry.resident;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.Reveal;
import org.communityhub.access.TagVisibility;
import org.communityhub.access.pii.PiiCipher;
import org.communityhub.access.pii.PiiField;
import org.communityhub.audit.AccessLog;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.history.FieldChange;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.reference.identity.IdNumber;
import org.communityhub.reference.identity.InvalidIdNumberException;
import org.communityhub.reference.identity.Masking;
import org.communityhub.reference.identity.PersonName;
import org.communityhub.reference.identity.PhoneNumber;

/**
 * Reading the resident register: one resident, searches and counts, the names other pages show,
 * a resident's history and which platforms received their data. Every read of personal data is in
 * the access log before anything is returned; nothing here writes the register.
 */
@ApplicationScoped
@Transactional
public class ResidentQueries {

    /** What a line of the resident list shows. */
    private static final List<String> LIST_FIELDS = List.of(
            "name",
            Reveal.ID_NUMBER,
            "sex",
            "birthDate",
            "politicalStatus",
            "residenceType",
            "address",
            "household",
            "tags");

    /** A resident in the actor's area, without reading their personal data. */
    public record InScope(UUID id, int version, ResidentStatus status) {}

    private final ResidentRecords records;
    private final ResidentRepository residents;
    private final ResidentHistoryRepository history;
    private final ResidentMapper mapper;
    private final PiiCipher pii;
    private final AccessLog accessLog;
    private final TagVisibility tagVisibility;
    private final Clock clock;

    ResidentQueries(
            ResidentRecords records,
            ResidentRepository residents,
            ResidentHistoryRepository history,
            ResidentMapper mapper,
            PiiCipher pii,
            AccessLog accessLog,
            TagVisibility tagVisibility,
            Clock clock) {
        this.records = records;
        this.residents = residents;
        this.history = history;
        this.mapper = mapper;
        this.pii = pii;
        this.accessLog = accessLog;
        this.tagVisibility = tagVisibility;
        this.clock = clock;
    }

    /**
     * One resident, identifiers masked unless a permitted reveal asks for them; the read (and the
     * reveal, with its purpose) is in the access log before anything is returned.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public ResidentView get(Actor actor, UUID id, Reveal reveal) {
        Resident r = records.requireInScope(actor, id);
        accessLog.record(
                actor,
                AccessLog.Action.VIEW,
                "GET /api/v1/residents/{id}",
                List.of(id),
                reveal.asShown(ResidentRecords.VIEW_FIELDS),
                reveal);
        return records.view(actor, r, reveal);
    }

    /**
     * The names of those of {@code ids} in the actor's area, for pages that would otherwise show
     * residents by their internal id (the audit records, a platform's dead letters); a resident
     * outside the area is left out. Reading names is a read of personal data: logged as a list.
     *
     * @param resource how the access log names the page, e.g. {@code GET /audit/ledger}
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<UUID, String> names(Actor actor, Collection<UUID> ids, String resource) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<UUID, String> names = new LinkedHashMap<>();
        residents.list("id in ?1", List.copyOf(new LinkedHashSet<>(ids))).stream()
                .filter(r -> actor.covers(r.communityCode))
                .forEach(r -> names.put(r.id, r.name));
        if (!names.isEmpty()) {
            accessLog.read(actor, AccessLog.Action.LIST, resource, List.copyOf(names.keySet()), List.of("name"));
        }
        return names;
    }

    /** Checks that a resident is in the actor's area; reads none of their personal data. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public InScope inScope(Actor actor, UUID id) {
        Resident r = records.requireInScope(actor, id);
        return new InScope(r.id, r.version, r.status);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<ResidentListItem> search(Actor actor, ResidentQuery query, PageRequest page) {
        ResidentRepository.Criteria criteria = criteria(actor, query);
        List<ResidentListItem> items = residents.search(actor.scope(), criteria, page.offset(), page.size()).stream()
                .map(r -> mapper.toListItem(
                        r,
                        Masking.maskIdNumber(pii.decrypt(PiiField.ID_NUMBER, r.idNumberCipher)),
                        records.visibleTags(actor, r)))
                .toList();
        accessLog.read(
                actor,
                AccessLog.Action.LIST,
                "GET /api/v1/residents",
                items.stream().map(ResidentListItem::id).toList(),
                Reveal.NONE.asShown(LIST_FIELDS));
        return new Page<>(items, residents.count(actor.scope(), criteria), page.page(), page.size());
    }

    /**
     * The ids of the residents in the actor's area a search finds, in the search's order, at most
     * {@code limit}: for an export, which reads and logs their data itself. The search's rules
     * apply (an ID number checked, a restricted tag only for roles that may see it); no personal
     * data is read here.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<UUID> matchingIds(Actor actor, ResidentQuery query, int limit) {
        return residents.ids(actor.scope(), criteria(actor, query), limit);
    }

    /** A search's criteria: identifiers as blind indexes; refused when a filter breaks the rules. */
    private ResidentRepository.Criteria criteria(Actor actor, ResidentQuery query) {
        FieldErrors errors = new FieldErrors();
        List<byte[]> idIndexes = null;
        if (query.idNumber() != null) {
            try {
                IdNumber id = IdNumber.parse(query.idNumber(), LocalDate.now(clock));
                idIndexes = pii.blindIndexes(PiiField.ID_NUMBER, id.value());
            } catch (InvalidIdNumberException e) {
                errors.add("idNumber", e.code(), e.getMessage());
            }
        }
        List<byte[]> phoneIndexes = null;
        if (query.phone() != null) {
            String phone = PhoneNumber.canonical(query.phone()).orElse(null);
            if (phone == null) {
                errors.add("phone", "invalid-phone", "电话号码格式不正确。");
            } else {
                phoneIndexes = pii.blindIndexes(PiiField.PHONE, phone);
            }
        }
        errors.throwIfAny();
        if (query.tag() != null && !tagVisibility.canSee(actor, query.tag())) {
            throw ProblemException.forbidden("restricted-tag", "您的角色不能按这个受限标签查询。");
        }
        return new ResidentRepository.Criteria(query, idIndexes, phoneIndexes);
    }

    /**
     * Address parts in use in a community of the actor's area: its buildings, or a building's
     * units ({@code building} given), or a unit's rooms (both given). Empty outside the area.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> addressParts(Actor actor, String communityCode, String building, String unit) {
        if (communityCode == null || !actor.covers(communityCode)) {
            return List.of();
        }
        return residents.addressParts(actor.scope(), communityCode, building, unit);
    }

    /**
     * Names close to {@code name} among the residents on the register in the actor's area: one
     * character off, or sounding the same; for a search that found no one by the name typed.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> closeNames(Actor actor, String name, int limit) {
        String typed = name == null ? "" : name.strip();
        if (typed.isEmpty() || typed.length() > 20) {
            return List.of();
        }
        return residents.closeNames(actor.scope(), typed, PersonName.soundKey(typed), limit);
    }

    /** How many residents in the actor's area match: a number, so no personal data is read. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public long count(Actor actor, ResidentQuery query) {
        return residents.count(actor.scope(), new ResidentRepository.Criteria(query, null, null));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page<HistoryEntry> history(Actor actor, UUID id, PageRequest page) {
        records.requireInScope(actor, id);
        List<HistoryEntry> items = history.newestFirst(id, page.page(), page.size()).stream()
                .map(mapper::toEntry)
                .map(e -> withoutHiddenTags(actor, e))
                .filter(Objects::nonNull)
                .toList();
        accessLog.read(
                actor, AccessLog.Action.HISTORY, "GET /api/v1/residents/{id}/history", List.of(id), List.of("history"));
        return new Page<>(items, history.countFor(id), page.page(), page.size());
    }

    /** Fails with 404 unless the resident exists within the actor's area. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public void requireInScope(Actor actor, UUID id) {
        records.requireInScope(actor, id);
    }

    /** A history entry as the actor may see it: changes of restricted tags they cannot see left out. */
    private HistoryEntry withoutHiddenTags(Actor actor, HistoryEntry entry) {
        List<FieldChange> changes = new ArrayList<>();
        for (FieldChange c : entry.changes()) {
            if (!"tags".equals(c.field())) {
                changes.add(c);
                continue;
            }
            List<String> old = visibleTagsOf(actor, c.old());
            List<String> now = visibleTagsOf(actor, c.newValue());
            if (!old.equals(now)) {
                changes.add(new FieldChange(c.field(), old, now));
            }
        }
        if (changes.isEmpty() && !entry.changes().isEmpty()) {
            return null; // every change of the entry was to tags the reader may not see
        }
        return new HistoryEntry(entry.id(), entry.changedAt(), entry.changedBy(), entry.action(), changes);
    }

    private List<String> visibleTagsOf(Actor actor, Object tags) {
        if (!(tags instanceof List<?> list)) {
            return List.of();
        }
        return tagVisibility.visible(actor, list.stream().map(String::valueOf).toList());
    }
}
