package org.communityhub.desk;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Reveal;
import org.communityhub.access.Roles;
import org.communityhub.access.TagVisibility;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.history.FieldChange;
import org.communityhub.common.ids.Ids;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.fanout.SyncService;
import org.communityhub.fanout.SyncStatus;
import org.communityhub.registry.code.CodeEntry;
import org.communityhub.registry.code.CodeTables;
import org.communityhub.registry.identity.IdNumber;
import org.communityhub.registry.identity.InvalidIdNumberException;
import org.communityhub.registry.place.DivisionService;
import org.communityhub.registry.place.DivisionView;
import org.communityhub.registry.resident.HistoryAction;
import org.communityhub.registry.resident.HistoryEntry;
import org.communityhub.registry.resident.RegistrationChecks;
import org.communityhub.registry.resident.ResidentListItem;
import org.communityhub.registry.resident.ResidentRequest;
import org.communityhub.registry.resident.ResidentService;
import org.communityhub.registry.resident.ResidentStatus;
import org.communityhub.registry.resident.ResidentView;
import org.communityhub.registry.resident.SearchText;
import org.communityhub.registry.resident.StatusChange;
import org.communityhub.web.Formats;

/**
 * 居民: find a resident with one search box, register one with one form (household, party and
 * league sections included), edit, and see where each platform stands with them. The form is
 * checked by the registry's own rules, the same as the API's; as the worker types an ID number,
 * the hub checks it and fills in birth date and sex.
 */
@Path("/residents")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.WORKER, Roles.SUPERVISOR})
public class ResidentPage {

    /** A community the worker may register residents in. */
    public record Community(String code, String name) {}

    /** What the form needs besides the values: where it posts, the worker's communities and tags. */
    public record FormPage(
            ResidentForm form,
            UUID residentId,
            List<Community> communities,
            List<CodeEntry> tags,
            ResidentView stored) {

        public boolean editing() {
            return residentId != null;
        }
    }

    /** One life event the page offers for a resident on the register, with its words. */
    public record EventKind(
            String status,
            String key,
            String label,
            String button,
            boolean dated,
            String dateLabel,
            String reasonLabel) {}

    /** The events, in the order the page offers them. */
    static final List<EventKind> EVENT_KINDS = List.of(
            new EventKind("MOVED_OUT", "moved-out", "迁出", "登记迁出", true, "迁出日期", "迁出原因（如 迁往外省、购房搬离）"),
            new EventKind("DECEASED", "deceased", "死亡", "登记死亡", true, "死亡日期", "死亡原因或依据（如 死亡证明编号）"),
            new EventKind("VOIDED", "voided", "登记有误，作废这条登记", "作废这条登记", false, null, "错在哪里（如 非本社区居民、测试误录）"));

    /**
     * The 登记变动 part of a resident's page: the events a resident on the register can have, or
     * how a resident off it can come back; with what was typed and the refusal, if any.
     *
     * @param open the status whose form is open (the one just refused); null for none
     * @param values what was typed: date and reason
     * @param errors by field: date, reason
     * @param problem a refusal that is not about one field
     */
    public record LifeEvents(
            ResidentView resident,
            String open,
            Map<String, String> values,
            Map<String, String> errors,
            String problem,
            String today,
            List<HistoryLine> history) {

        public List<EventKind> kinds() {
            return EVENT_KINDS;
        }

        public String value(String field) {
            return values.getOrDefault(field, "");
        }

        public String error(String field) {
            return errors.get(field);
        }

        /** What the confirmation asks before the step is taken. */
        public String confirm(EventKind k) {
            return switch (k.status()) {
                case "MOVED_OUT" -> "确定登记" + resident.name() + "迁出？迁出后不再出现在在册名单中，已收到其信息的平台会收到删除。";
                case "DECEASED" -> "确定登记" + resident.name() + "死亡？登记后只有街道可以更正，已收到其信息的平台会收到删除。";
                default -> "确定作废" + resident.name() + "的这条登记？记录和经过会保留，但不再算作居民；已收到的平台会收到删除，只有街道可以恢复。";
            };
        }

        /** The resident is off the register, and this reader may put them back. */
        public boolean mayRestore(boolean supervisor) {
            return switch (resident.status()) {
                case MOVED_OUT -> true;
                case DECEASED, VOIDED -> supervisor;
                default -> false;
            };
        }
    }

    /** One line of a resident's history as the page shows it. */
    public record HistoryLine(java.time.Instant at, String by, String what, String detail) {}

    /** The result of checking an ID number while it is typed. */
    public record IdCheck(String message, boolean valid, boolean checkNeeded, ResidentForm form) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(
                String q, Page<ResidentListItem> page, String problem, List<String> closeNames);

        static native TemplateInstance form(FormPage page);

        static native TemplateInstance form$entry(FormPage page);

        static native TemplateInstance detail(
                ResidentView resident,
                List<SyncStatus> platforms,
                boolean registered,
                String household,
                boolean saved,
                List<UUID> duplicates,
                String event,
                LifeEvents events,
                UUID merge,
                boolean unmerged);

        static native TemplateInstance lifeEvents(LifeEvents events);

        static native TemplateInstance idCheck(IdCheck check);

        static native TemplateInstance addressOptions(String id, List<String> options);
    }

    private final CurrentActor current;
    private final ResidentService residents;
    private final ResidentEntry entry;
    private final SyncService sync;
    private final DivisionService divisions;
    private final CodeTables codes;
    private final TagVisibility tagVisibility;
    private final Clock clock;
    private final Instance<RegistrationChecks> checks;

    ResidentPage(
            CurrentActor current,
            ResidentService residents,
            ResidentEntry entry,
            SyncService sync,
            DivisionService divisions,
            CodeTables codes,
            TagVisibility tagVisibility,
            Clock clock,
            Instance<RegistrationChecks> checks) {
        this.checks = checks;
        this.current = current;
        this.residents = residents;
        this.entry = entry;
        this.sync = sync;
        this.divisions = divisions;
        this.codes = codes;
        this.tagVisibility = tagVisibility;
        this.clock = clock;
    }

    @GET
    public TemplateInstance list(@QueryParam("q") String q, @QueryParam("page") String page) {
        Actor actor = current.get();
        PageRequest paging = PageRequest.of(page, null);
        try {
            var query = SearchText.read(q, codes.get(CodeTables.TAG));
            Page<ResidentListItem> found = residents.search(actor, query, paging);
            // A name one character off finds no one: the page offers the names close to it.
            List<String> close = SearchText.isName(query) && found.total() == 0
                    ? residents.closeNames(actor, query.nameContains(), 8)
                    : List.of();
            return Templates.list(q == null ? "" : q.strip(), found, null, close);
        } catch (ProblemException e) {
            // A search the registry refuses (e.g. an ID number with a wrong check digit) is said on the page.
            String why = e.errors() == null || e.errors().isEmpty()
                    ? e.getMessage()
                    : e.errors().get(0).message();
            return Templates.list(q.strip(), new Page<>(List.of(), 0, paging.page(), paging.size()), why, List.of());
        }
    }

    @GET
    @Path("new")
    public TemplateInstance newResident(
            @QueryParam("householdNumber") String householdNumber,
            @QueryParam("communityCode") String communityCode,
            @QueryParam("building") String building,
            @QueryParam("unit") String unit,
            @QueryParam("room") String room) {
        Actor actor = current.get();
        List<Community> communities = communities(actor);
        ResidentForm form = ResidentForm.empty()
                .set("householdNumber", householdNumber)
                .set("communityCode", communityCode != null ? communityCode : soleCode(communities))
                .set("building", building)
                .set("unit", unit)
                .set("room", room)
                .set("residenceType", "1")
                .set("ethnicity", "01");
        return Templates.form(new FormPage(form, null, communities, tags(actor), null));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response register(MultivaluedMap<String, String> values) {
        Actor actor = current.get();
        ResidentForm form = ResidentForm.of(values);
        FieldErrors problems = new FieldErrors();
        ResidentRequest request = form.toRequest(problems);
        if (!problems.isEmpty()) {
            return formAgain(actor, form.withErrors(problems.list()), null, null);
        }
        try {
            String household = blank(form.value("householdNumber"));
            ResidentView created = entry.register(
                    actor, request, blank(form.value("householdNumber")), blank(form.value("relationToHead")));
            List<String> candidates = new ArrayList<>();
            checks.forEach(check -> check.afterRegistration(actor, created.id()).stream()
                    .flatMap(w -> w.candidates().stream())
                    .forEach(c -> candidates.add(c.id().toString())));
            return Response.ok()
                    .header(
                            "HX-Redirect",
                            "/residents/" + created.id() + "?registered=1"
                                    + (household == null ? "" : "&household=" + Formats.urlEncoded(household))
                                    + (candidates.isEmpty() ? "" : "&duplicates=" + String.join(",", candidates)))
                    .build();
        } catch (ProblemException e) {
            return refused(actor, form, null, e);
        }
    }

    @GET
    @Path("{id}")
    public TemplateInstance detail(
            @PathParam("id") String id,
            @QueryParam("registered") String registered,
            @QueryParam("household") String household,
            @QueryParam("saved") String saved,
            @QueryParam("duplicates") String duplicates,
            @QueryParam("event") String event,
            @QueryParam("merged") String merged,
            @QueryParam("unmerged") String unmerged) {
        Actor actor = current.get();
        UUID residentId = residentId(id);
        ResidentView resident = residents.get(actor, residentId, Reveal.NONE);
        return Templates.detail(
                resident,
                sync.forResident(actor, residentId),
                registered != null,
                household == null ? "" : household.strip(),
                saved != null,
                probableDuplicates(duplicates),
                event == null ? null : EVENT_WORDS.get(event),
                lifeEvents(actor, resident, null, Map.of(), Map.of(), null),
                merged == null ? null : Ids.parse(merged).orElse(null),
                unmerged != null);
    }

    /** What the page says after each event: the step, and what follows for the platforms. */
    private static final Map<String, String> EVENT_WORDS = Map.of(
            "MOVED_OUT", "已登记迁出。已收到其信息的平台会收到删除，进度见下方各平台状态。",
            "DECEASED", "已登记死亡。已收到其信息的平台会收到删除，进度见下方各平台状态。",
            "VOIDED", "这条登记已作废，经过保留在变动记录中。已收到其信息的平台会收到删除，进度见下方各平台状态。",
            "ACTIVE", "已恢复在册。相关平台会重新收到这位居民的信息。");

    /** Records a life event: 迁出, 死亡, 作废 (a registration made in error), or back on the register. */
    @POST
    @Path("{id}/status")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changeStatus(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        Actor actor = current.get();
        UUID residentId = residentId(id);
        String status = blank(form.getFirst("status"));
        String date = blank(form.getFirst("date"));
        String reason = form.getFirst("reason") == null ? "" : form.getFirst("reason");
        String version = blank(form.getFirst("version"));
        Map<String, String> values = new java.util.HashMap<>();
        values.put("date", date == null ? "" : date);
        values.put("reason", reason);
        ResidentStatus target = java.util.Arrays.stream(ResidentStatus.values())
                .filter(s -> s.name().equals(status) && s != ResidentStatus.MERGED)
                .findFirst()
                .orElse(null);
        LocalDate when = null;
        Map<String, String> errors = new java.util.HashMap<>();
        if (date != null) {
            try {
                when = LocalDate.parse(date);
            } catch (java.time.format.DateTimeParseException e) {
                errors.put("date", "日期应写作 2026-12-01 这样的格式。");
            }
        }
        if (target == null) {
            return fragment(actor, residentId, status, values, errors, "请选择要登记的变动。");
        }
        if (!errors.isEmpty()) {
            return fragment(actor, residentId, status, values, errors, null);
        }
        try {
            residents.changeStatus(
                    actor,
                    residentId,
                    new StatusChange(target, target == ResidentStatus.VOIDED ? null : when, reason),
                    version == null ? null : "\"" + version + "\"");
            return Response.ok()
                    .header("HX-Redirect", "/residents/" + residentId + "?event=" + target.name())
                    .build();
        } catch (ProblemException e) {
            if (e.errors() != null && !e.errors().isEmpty()) {
                e.errors().forEach(f -> errors.putIfAbsent(f.field(), f.message()));
                return fragment(actor, residentId, status, values, errors, null);
            }
            if (e.status() == 412) {
                return fragment(actor, residentId, status, values, errors, "这位居民的记录刚被别人修改过，请刷新页面看过最新的记录后再登记。");
            }
            if (e.status() == 409 || e.status() == 403) {
                return fragment(actor, residentId, status, values, errors, e.getMessage());
            }
            throw e;
        }
    }

    private Response fragment(
            Actor actor,
            UUID residentId,
            String open,
            Map<String, String> values,
            Map<String, String> errors,
            String problem) {
        ResidentView resident = residents.get(actor, residentId, Reveal.NONE);
        return Response.ok(Templates.lifeEvents(lifeEvents(actor, resident, open, values, errors, problem)))
                .build();
    }

    private LifeEvents lifeEvents(
            Actor actor,
            ResidentView resident,
            String open,
            Map<String, String> values,
            Map<String, String> errors,
            String problem) {
        Map<String, String> typed = new java.util.HashMap<>(values);
        typed.putIfAbsent("date", LocalDate.now(clock).toString());
        List<HistoryLine> lines = residents.history(actor, resident.id(), new PageRequest(0, 10)).items().stream()
                .map(ResidentPage::line)
                .toList();
        return new LifeEvents(
                resident, open, typed, errors, problem, LocalDate.now(clock).toString(), lines);
    }

    /** A history entry in words: what happened, and for a life event its date and reason. */
    private static HistoryLine line(HistoryEntry e) {
        String what = switch (e.action()) {
            case REGISTERED -> "登记";
            case UPDATED -> "修改";
            case MOVED_OUT -> "迁出";
            case DECEASED -> "登记死亡";
            case REACTIVATED -> "恢复在册";
            case VOIDED -> "登记作废";
            case PARTY_MEMBERSHIP_SET -> "党员信息";
            case PARTY_MEMBERSHIP_ENDED -> "党员信息结束";
            case LEAGUE_MEMBERSHIP_SET -> "团员信息";
            case LEAGUE_MEMBERSHIP_ENDED -> "团员信息结束";
            case JOINED_HOUSEHOLD -> "入户";
            case LEFT_HOUSEHOLD -> "移出本户";
            case HOUSEHOLD_RELATION_CHANGED -> "与户主关系变更";
            case MOVED_WITH_HOUSEHOLD -> "随户迁移";
            case HOUSEHOLD_CHANGED -> "户信息变更";
            case MERGED_INTO -> "并入另一条记录";
            case MERGED_FROM -> "合并了一条重复记录";
            case MERGE_UNDONE -> "撤销合并";
        };
        List<String> parts = new ArrayList<>();
        for (FieldChange c : e.changes()) {
            if ("statusDate".equals(c.field()) && c.newValue() != null) {
                parts.add("日期 " + c.newValue());
            } else if ("statusReason".equals(c.field()) && c.newValue() != null) {
                parts.add("原因：" + c.newValue());
            }
        }
        if (parts.isEmpty() && e.action() == HistoryAction.UPDATED) {
            parts.add("改了 " + e.changes().size() + " 项");
        }
        return new HistoryLine(e.changedAt(), e.changedBy(), what, String.join("，", parts));
    }

    @GET
    @Path("{id}/edit")
    public TemplateInstance edit(@PathParam("id") String id) {
        Actor actor = current.get();
        UUID residentId = residentId(id);
        ResidentView resident = residents.get(actor, residentId, Reveal.NONE);
        return Templates.form(
                new FormPage(ResidentForm.of(resident), residentId, communities(actor), tags(actor), null));
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@PathParam("id") String id, MultivaluedMap<String, String> values) {
        Actor actor = current.get();
        UUID residentId = residentId(id);
        ResidentForm form = ResidentForm.of(values);
        FieldErrors problems = new FieldErrors();
        ResidentRequest request = form.toRequest(problems);
        if (!problems.isEmpty()) {
            return formAgain(actor, form.withErrors(problems.list()), residentId, null);
        }
        Integer version = form.version();
        try {
            residents.update(actor, residentId, request, version == null ? null : "\"" + version + "\"");
            return Response.ok()
                    .header("HX-Redirect", "/residents/" + residentId + "?saved=1")
                    .build();
        } catch (ProblemException e) {
            if (e.status() == 412) {
                // Someone saved first: show what they saved beside what this worker typed; nothing typed is lost.
                ResidentView stored = residents.get(actor, residentId, Reveal.NONE);
                form.set("version", String.valueOf(stored.version()));
                return formAgain(actor, form, residentId, stored);
            }
            return refused(actor, form, residentId, e);
        }
    }

    /** Checks an ID number as it is typed, with the registry's own rules; fills birth date and sex. */
    @GET
    @Path("id-check")
    public TemplateInstance idCheck(@QueryParam("idNumber") String idNumber) {
        String raw = idNumber == null ? "" : idNumber.strip();
        ResidentForm form = ResidentForm.empty();
        if (raw.isEmpty()) {
            return Templates.idCheck(new IdCheck("", false, false, form));
        }
        if (raw.contains("*")) {
            return Templates.idCheck(new IdCheck("已登记的号码（带 * 显示）；不修改时无需重新填写。", true, false, form));
        }
        try {
            IdNumber id = IdNumber.parse(raw, LocalDate.now(clock));
            form.set("birthDate", id.birthDate() == null ? "" : id.birthDate().toString());
            form.set("sex", id.sex());
            String message = "号码有效" + (id.birthDate() == null ? "" : "：" + id.birthDate() + " 出生")
                    + (id.sex() == null ? "" : "，" + ("1".equals(id.sex()) ? "男" : "女"))
                    + (id.upgradedFromLegacy() ? "。这是 15 位旧号码，保存时升级为 18 位" : "") + "。";
            return Templates.idCheck(new IdCheck(message, true, id.possiblyTruncated(), form));
        } catch (InvalidIdNumberException e) {
            return Templates.idCheck(new IdCheck(e.getMessage(), false, false, form));
        }
    }

    /** Buildings, units or rooms in use, suggested while an address is typed. */
    @GET
    @Path("addresses")
    public TemplateInstance addresses(
            @QueryParam("communityCode") String communityCode,
            @QueryParam("building") String building,
            @QueryParam("unit") String unit,
            @QueryParam("part") String part) {
        String community = blank(communityCode);
        String b = blank(building);
        String u = blank(unit);
        if ("unit".equals(part)) {
            // A building's units; none to suggest before the building is known.
            return Templates.addressOptions(
                    "unit-options", b == null ? List.of() : residents.addressParts(current.get(), community, b, null));
        }
        if ("room".equals(part)) {
            return Templates.addressOptions(
                    "room-options",
                    b == null || u == null ? List.of() : residents.addressParts(current.get(), community, b, u));
        }
        return Templates.addressOptions(
                "building-options", residents.addressParts(current.get(), community, null, null));
    }

    // ---- helpers -------------------------------------------------------------------------------

    private Response refused(Actor actor, ResidentForm form, UUID residentId, ProblemException e) {
        if (e.errors() != null && !e.errors().isEmpty()) {
            return formAgain(actor, form.withErrors(e.errors()), residentId, null);
        }
        if ("duplicate-id-number".equals(e.code())) {
            return formAgain(actor, form.withError("idNumber", e.getMessage()), residentId, null);
        }
        throw e;
    }

    private Response formAgain(Actor actor, ResidentForm form, UUID residentId, ResidentView stored) {
        return Response.ok(
                        Templates.form$entry(new FormPage(form, residentId, communities(actor), tags(actor), stored)))
                .build();
    }

    /** The communities of the worker's area: one, or those of their street. */
    private List<Community> communities(Actor actor) {
        List<Community> list = new ArrayList<>();
        for (String code : actor.scope().codes()) {
            if (code.length() == 12) {
                divisions.find(code).ifPresent(d -> list.add(new Community(d.code(), d.name())));
            } else if (code.length() == 9) {
                for (DivisionView d : divisions
                        .children(code, null, new PageRequest(0, PageRequest.MAX_SIZE))
                        .items()) {
                    list.add(new Community(d.code(), d.name()));
                }
            }
        }
        return list;
    }

    private List<CodeEntry> tags(Actor actor) {
        return codes.get(CodeTables.TAG).getEntries().stream()
                .filter(t -> tagVisibility.canSee(actor, t.code()))
                .toList();
    }

    private static String soleCode(List<Community> communities) {
        return communities.size() == 1 ? communities.get(0).code() : "";
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** The probable duplicates a registration was warned of, as the redirect after it names them (ids only). */
    private static List<UUID> probableDuplicates(String ids) {
        if (ids == null || ids.isBlank()) {
            return List.of();
        }
        return java.util.Arrays.stream(ids.split(","))
                .map(Ids::parse)
                .flatMap(java.util.Optional::stream)
                .distinct()
                .limit(10)
                .toList();
    }

    private static UUID residentId(String id) {
        return Ids.parse(id).orElseThrow(() -> ProblemException.notFound("居民"));
    }
}
