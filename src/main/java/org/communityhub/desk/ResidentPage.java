package org.communityhub.desk;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
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
import org.communityhub.access.RevealRules;
import org.communityhub.access.Roles;
import org.communityhub.access.TagVisibility;
import org.communityhub.common.error.ExpectedVersion;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.ids.Ids;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.fanout.SyncService;
import org.communityhub.fanout.SyncStatus;
import org.communityhub.reference.code.CodeEntry;
import org.communityhub.reference.code.CodeTables;
import org.communityhub.reference.identity.IdNumber;
import org.communityhub.reference.identity.InvalidIdNumberException;
import org.communityhub.reference.place.DivisionCode;
import org.communityhub.registry.league.LeagueMembership;
import org.communityhub.registry.place.DivisionService;
import org.communityhub.registry.place.DivisionView;
import org.communityhub.registry.resident.EditResident;
import org.communityhub.registry.resident.RegisterResident;
import org.communityhub.registry.resident.RegistrationWarning;
import org.communityhub.registry.resident.ResidentListItem;
import org.communityhub.registry.resident.ResidentQueries;
import org.communityhub.registry.resident.ResidentRequest;
import org.communityhub.registry.resident.ResidentView;
import org.communityhub.registry.resident.SearchText;
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

    /** The youngest a league member is (团章: 年龄在十四周岁以上). */
    static final int LEAGUE_FROM = 14;

    /** 政治面貌 (GB/T 4762) of party members: 中共党员, 中共预备党员. */
    static final List<String> PARTY_STATUSES = List.of("01", "02");

    /** 政治面貌 of league members: 共青团员. */
    static final String LEAGUE_STATUS = "03";

    /** A community the worker may register residents in. */
    public record Community(String code, String name) {}

    /** What the form needs besides the values: where it posts, the worker's communities and tags. */
    public record FormPage(
            ResidentForm form,
            UUID residentId,
            List<Community> communities,
            List<CodeEntry> tags,
            ResidentView stored,
            ResidentFormChecks.Panel duplicates,
            PlatformRefusals.Refusal refusal,
            LocalDate today) {

        /** Party section open: the political status says party member, or it is filled in. */
        public boolean partyOpen() {
            return PARTY_STATUSES.contains(form.value("politicalStatus")) || form.checked("party");
        }

        /** League section open: a 共青团员, or of league age (14 to 28), or it is filled in. */
        public boolean leagueOpen() {
            if (LEAGUE_STATUS.equals(form.value("politicalStatus")) || form.checked("league")) {
                return true;
            }
            try {
                LocalDate birth = LocalDate.parse(form.value("birthDate"));
                int age = java.time.Period.between(birth, today).getYears();
                return age >= LEAGUE_FROM && age < LeagueMembership.LEAVING_AGE;
            } catch (java.time.format.DateTimeParseException e) {
                return false;
            }
        }

        public boolean editing() {
            return residentId != null;
        }

        /** Whether the ID number is shown masked, so the worker may ask to see it whole to correct it. */
        public boolean idNumberMasked() {
            return editing() && form.value("idNumber").contains("*");
        }

        /** The purpose a reveal is asked with unless the worker chooses another. */
        public String revealPurpose() {
            return refusal != null ? "platform-rejection" : "data-correction";
        }

        /** Whether the name takes the cursor: unless a refusal names another field. */
        public boolean nameFocused() {
            return refusal == null || refusal.field() == null || refused("name");
        }

        /** Whether a field is the one a platform's refusal names. */
        public boolean refused(String field) {
            return refusal != null && field.equals(refusal.field());
        }
    }

    /**
     * The result of checking an ID number while it is typed: valid or not, who else holds it, and
     * the probable duplicates as the number and the name tell them (out of band).
     */
    public record IdCheck(
            String message,
            boolean valid,
            boolean checkNeeded,
            ResidentForm form,
            ResidentFormChecks.Holder holder,
            ResidentFormChecks.Panel duplicates) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(
                String q, Page<ResidentListItem> page, String problem, List<String> closeNames);

        static native TemplateInstance form(FormPage page);

        static native TemplateInstance form$entry(FormPage page);

        static native TemplateInstance form$idField(FormPage page);

        static native TemplateInstance detail(
                ResidentView resident,
                List<SyncStatus> platforms,
                boolean registered,
                String household,
                boolean saved,
                String resentTo,
                List<UUID> duplicates,
                String event,
                ResidentLifeEvents.LifeEvents events,
                UUID merge,
                boolean unmerged);

        static native TemplateInstance lifeEvents(ResidentLifeEvents.LifeEvents events);

        static native TemplateInstance idCheck(IdCheck check);

        static native TemplateInstance duplicates(ResidentFormChecks.Panel panel);

        static native TemplateInstance addressOptions(String id, List<String> options);
    }

    private final CurrentActor current;
    private final ResidentQueries queries;
    private final ResidentEntry entry;
    private final SyncService sync;
    private final DivisionService divisions;
    private final CodeTables codes;
    private final TagVisibility tagVisibility;
    private final Clock clock;
    private final EditResident edits;
    private final ResidentLifeEvents lifeEvents;
    private final ResidentFormChecks formChecks;
    private final PlatformRefusals refusals;
    private final RevealRules revealRules;

    ResidentPage(
            CurrentActor current,
            ResidentQueries queries,
            ResidentEntry entry,
            SyncService sync,
            DivisionService divisions,
            CodeTables codes,
            TagVisibility tagVisibility,
            Clock clock,
            EditResident edits,
            ResidentLifeEvents lifeEvents,
            ResidentFormChecks formChecks,
            PlatformRefusals refusals,
            RevealRules revealRules) {
        this.refusals = refusals;
        this.revealRules = revealRules;
        this.edits = edits;
        this.lifeEvents = lifeEvents;
        this.formChecks = formChecks;
        this.current = current;
        this.queries = queries;
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
            Page<ResidentListItem> found = queries.search(actor, query, paging);
            // A name one character off finds no one: the page offers the names close to it.
            List<String> close = SearchText.isName(query) && found.total() == 0
                    ? queries.closeNames(actor, query.nameContains(), 8)
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
        return Templates.form(new FormPage(form, null, communities, tags(actor), null, noPanel(), null, today()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response register(MultivaluedMap<String, String> values) {
        Actor actor = current.get();
        ResidentForm form = ResidentForm.of(values);
        FieldErrors problems = new FieldErrors();
        educationByName(form, problems);
        ResidentRequest request = form.toRequest(problems);
        if (!problems.isEmpty()) {
            return formAgain(actor, form.withErrors(problems.list()), null, null);
        }
        try {
            String household = blank(form.value("householdNumber"));
            RegisterResident.Registered registered = entry.register(
                    actor, request, blank(form.value("householdNumber")), blank(form.value("relationToHead")));
            ResidentView created = registered.resident();
            List<RegistrationWarning> warnings = registered.warnings();
            // "不是同一人" said on the form is recorded as the API records it; the rest stay to be looked at.
            List<String> candidates = formChecks.recordNotSame(actor, warnings, form.notSame()).stream()
                    .map(UUID::toString)
                    .distinct()
                    .toList();
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
            @QueryParam("resent") String resent,
            @QueryParam("duplicates") String duplicates,
            @QueryParam("event") String event,
            @QueryParam("merged") String merged,
            @QueryParam("unmerged") String unmerged) {
        Actor actor = current.get();
        UUID residentId = residentId(id);
        ResidentView resident = queries.get(actor, residentId, Reveal.NONE);
        List<SyncStatus> platforms = sync.forResident(actor, residentId);
        return Templates.detail(
                resident,
                platforms,
                registered != null,
                household == null ? "" : household.strip(),
                saved != null,
                resent == null ? null : refusals.platformName(platforms, resent).orElse(null),
                probableDuplicates(duplicates),
                event == null ? null : EVENT_WORDS.get(event),
                lifeEvents.of(actor, resident, null, Map.of(), Map.of(), null),
                merged == null ? null : Ids.parse(merged).orElse(null),
                unmerged != null);
    }

    /** What the page says after each event: the step, and what follows for the platforms. */
    private static final Map<String, String> EVENT_WORDS = Map.of(
            "MOVED_OUT", "已登记迁出。已收到其信息的平台会收到删除，进度见下方各平台状态。",
            "DECEASED", "已登记死亡。已收到其信息的平台会收到删除，进度见下方各平台状态。",
            "VOIDED", "这条登记已作废，经过保留在变动记录中。已收到其信息的平台会收到删除，进度见下方各平台状态。",
            "ACTIVE", "已恢复在册。相关平台会重新收到这位居民的信息。");

    /**
     * The edit form; from 去修改 of a platform's refusal ({@code platform}), with the platform's
     * words at the top and the field they name marked.
     */
    @GET
    @Path("{id}/edit")
    public TemplateInstance edit(@PathParam("id") String id, @QueryParam("platform") String platform) {
        Actor actor = current.get();
        UUID residentId = residentId(id);
        ResidentView resident = queries.get(actor, residentId, Reveal.NONE);
        ResidentForm form = ResidentForm.of(resident);
        form.set(EDUCATION_NAME, codeName(CodeTables.EDUCATION, resident.education()));
        PlatformRefusals.Refusal refusal = refusal(actor, residentId, form, platform);
        return Templates.form(
                new FormPage(form, residentId, communities(actor), tags(actor), null, noPanel(), refusal, today()));
    }

    /**
     * The ID number field of the edit form with the number in full, to correct a digit without
     * typing all 18: a reveal like the API's, with its purpose, in the access log; never cached.
     */
    @GET
    @Path("{id}/id-number")
    public Response revealIdNumber(
            @PathParam("id") String id,
            @QueryParam("revealPurpose") String purpose,
            @QueryParam("platform") String platform) {
        Actor actor = current.get();
        UUID residentId = residentId(id);
        ResidentForm form;
        PlatformRefusals.Refusal refusal;
        try {
            Reveal reveal = revealRules.check(actor, Reveal.ID_NUMBER, purpose, null);
            ResidentView resident = queries.get(actor, residentId, reveal);
            form = ResidentForm.of(resident).set("idNumberRevealed", "on");
            refusal = refusal(actor, residentId, form, platform);
        } catch (ProblemException e) {
            if (e.status() >= 500) {
                throw e;
            }
            ResidentView resident = queries.get(actor, residentId, Reveal.NONE);
            form = ResidentForm.of(resident).withError("idNumber", refusalText(e));
            refusal = null;
        }
        return Response.ok(Templates.form$idField(
                        new FormPage(form, residentId, List.of(), List.of(), null, noPanel(), refusal, today())))
                .header("Cache-Control", "no-store")
                .build();
    }

    @POST
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response update(@PathParam("id") String id, MultivaluedMap<String, String> values) {
        Actor actor = current.get();
        UUID residentId = residentId(id);
        ResidentForm form = ResidentForm.of(values);
        FieldErrors problems = new FieldErrors();
        educationByName(form, problems);
        ResidentRequest request = form.toRequest(problems);
        if (!problems.isEmpty()) {
            return formAgain(actor, form.withErrors(problems.list()), residentId, null);
        }
        Integer version = form.version();
        try {
            edits.update(actor, residentId, request, version == null ? null : ExpectedVersion.of(version));
            String platform = blank(form.value("platform"));
            return Response.ok()
                    .header(
                            "HX-Redirect",
                            "/residents/" + residentId + "?saved=1"
                                    + (platform == null ? "" : "&resent=" + Formats.urlEncoded(platform)))
                    .header("Cache-Control", "no-store")
                    .build();
        } catch (ProblemException e) {
            if (e.status() == 412) {
                // Someone saved first: show what they saved beside what this worker typed; nothing typed is lost.
                ResidentView stored = queries.get(actor, residentId, Reveal.NONE);
                form.set("version", String.valueOf(stored.version()));
                return formAgain(actor, form, residentId, stored);
            }
            return refused(actor, form, residentId, e);
        }
    }

    /**
     * Checks an ID number as it is typed, with the registry's own rules; fills birth date and sex;
     * says who else holds it (named only in the worker's area); and, with the name, which residents
     * the person probably is already.
     */
    @GET
    @Path("id-check")
    public TemplateInstance idCheck(
            @QueryParam("idNumber") String idNumber,
            @QueryParam("self") String self,
            @QueryParam("name") String name,
            @QueryParam("sex") String sex,
            @QueryParam(ResidentForm.NOT_SAME) List<String> notSame) {
        String raw = idNumber == null ? "" : idNumber.strip();
        ResidentForm form = ResidentForm.empty();
        UUID selfId = Ids.parse(self).orElse(null);
        if (raw.isEmpty()) {
            return Templates.idCheck(new IdCheck("", false, false, form, null, null));
        }
        if (raw.contains("*")) {
            return Templates.idCheck(new IdCheck("已登记的号码（带 * 显示）；不修改时无需重新填写。", true, false, form, null, null));
        }
        try {
            IdNumber id = IdNumber.parse(raw, LocalDate.now(clock));
            form.set("birthDate", id.birthDate() == null ? "" : id.birthDate().toString());
            form.set("sex", id.sex());
            String message = "号码有效" + (id.birthDate() == null ? "" : "：" + id.birthDate() + " 出生")
                    + (id.sex() == null ? "" : "，" + ("1".equals(id.sex()) ? "男" : "女"))
                    + (id.upgradedFromLegacy() ? "。这是 15 位旧号码，保存时升级为 18 位" : "") + "。";
            Actor actor = current.get();
            ResidentFormChecks.Holder holder =
                    formChecks.holder(actor, id, selfId).orElse(null);
            // Probable duplicates are asked about when registering; an edit has its resident already.
            ResidentFormChecks.Panel panel = selfId != null
                    ? null
                    : formChecks.probable(
                            actor,
                            name,
                            form.value("birthDate"),
                            raw,
                            sex,
                            notSame == null ? List.of() : notSame,
                            holder == null ? null : holder.id(),
                            true);
            return Templates.idCheck(new IdCheck(message, true, id.possiblyTruncated(), form, holder, panel));
        } catch (InvalidIdNumberException e) {
            return Templates.idCheck(new IdCheck(e.getMessage(), false, false, form, null, null));
        }
    }

    /**
     * The residents of the worker's area the person being entered probably is, asked after the
     * name or the birth date is typed; {@code dismiss} adds a "不是同一人" answer, {@code undo} takes
     * one back.
     */
    @GET
    @Path("duplicate-check")
    public TemplateInstance duplicateCheck(
            @QueryParam("name") String name,
            @QueryParam("birthDate") String birthDate,
            @QueryParam("idNumber") String idNumber,
            @QueryParam("sex") String sex,
            @QueryParam(ResidentForm.NOT_SAME) List<String> notSame,
            @QueryParam("dismiss") String dismiss,
            @QueryParam("undo") String undo) {
        List<String> decided = new ArrayList<>(notSame == null ? List.of() : notSame);
        if (dismiss != null && !dismiss.isBlank()) {
            decided.add(dismiss.strip());
        }
        if (undo != null) {
            decided.remove(undo.strip());
        }
        return Templates.duplicates(
                formChecks.probable(current.get(), name, birthDate, idNumber, sex, decided, null, false));
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
                    "unit-options", b == null ? List.of() : queries.addressParts(current.get(), community, b, null));
        }
        if ("room".equals(part)) {
            return Templates.addressOptions(
                    "room-options",
                    b == null || u == null ? List.of() : queries.addressParts(current.get(), community, b, u));
        }
        return Templates.addressOptions("building-options", queries.addressParts(current.get(), community, null, null));
    }

    // ---- helpers -------------------------------------------------------------------------------

    private Response refused(Actor actor, ResidentForm form, UUID residentId, ProblemException e) {
        if (e.errors() != null && !e.errors().isEmpty()) {
            return formAgain(actor, form.withErrors(e.errors()), residentId, null);
        }
        if ("duplicate-id-number".equals(e.code())
                || "id-number-registered-elsewhere".equals(e.code())
                || "lookups-exhausted".equals(e.code())) {
            return formAgain(actor, form.withError("idNumber", e.getMessage()), residentId, null);
        }
        if (e.status() < 500) {
            // Any other refusal (merged meanwhile, moved out …) is said on the form, nothing typed lost.
            return formAgain(actor, form.withError(ResidentForm.WHOLE_FORM, e.getMessage()), residentId, null);
        }
        throw e;
    }

    private Response formAgain(Actor actor, ResidentForm form, UUID residentId, ResidentView stored) {
        // A new registration refused for another reason keeps its warning and the worker's answers.
        ResidentFormChecks.Panel panel = residentId != null
                ? noPanel()
                : formChecks.probable(
                        actor,
                        form.value("name"),
                        form.value("birthDate"),
                        form.value("idNumber"),
                        form.value("sex"),
                        form.notSame(),
                        null,
                        false);
        PlatformRefusals.Refusal refusal =
                residentId == null ? null : refusal(actor, residentId, form, form.value("platform"));
        return Response.ok(Templates.form$entry(new FormPage(
                        form, residentId, communities(actor), tags(actor), stored, panel, refusal, today())))
                .header("Cache-Control", "no-store")
                .build();
    }

    /** The platform's standing refusal, its field marked on the form unless marked for another reason. */
    private PlatformRefusals.Refusal refusal(Actor actor, UUID residentId, ResidentForm form, String platform) {
        PlatformRefusals.Refusal refusal =
                refusals.of(actor, residentId, platform).orElse(null);
        if (refusal != null && refusal.field() != null && !form.invalid(refusal.field())) {
            form.withError(refusal.field(), refusal.platformName() + "退回：" + refusal.message());
        }
        return refusal;
    }

    private static String refusalText(ProblemException e) {
        return e.errors() == null || e.errors().isEmpty()
                ? e.getMessage()
                : e.errors().get(0).message();
    }

    /** The form's 文化程度 as typed (a name from its list); the code goes to the registry. */
    static final String EDUCATION_NAME = "educationName";

    /** The education code of the name typed; a name not on the list is an error beside the field. */
    private void educationByName(ResidentForm form, FieldErrors problems) {
        if (!form.has(EDUCATION_NAME)) {
            return; // a form without the typed field (an older page) sends the code itself
        }
        String typed = form.value(EDUCATION_NAME);
        if (typed.isEmpty()) {
            form.set("education", "");
            return;
        }
        codes.get(CodeTables.EDUCATION).getEntries().stream()
                .filter(e -> e.name().equals(typed) || e.code().equals(typed))
                .findFirst()
                .ifPresentOrElse(e -> form.set("education", e.code()), () -> {
                    form.set("education", "");
                    problems.add("education", "unknown-code", "没有“" + typed + "”这一项：请输入文字后从列表中选择，例如“大学本科毕业”。");
                });
    }

    private String codeName(String table, String code) {
        if (code == null || code.isEmpty()) {
            return "";
        }
        return codes.get(table).getEntries().stream()
                .filter(e -> e.code().equals(code))
                .map(CodeEntry::name)
                .findFirst()
                .orElse(code);
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    private static ResidentFormChecks.Panel noPanel() {
        return new ResidentFormChecks.Panel(List.of(), false);
    }

    /** The communities of the worker's area: one, or those of their street. */
    private List<Community> communities(Actor actor) {
        List<Community> list = new ArrayList<>();
        for (String code : actor.scope().codes()) {
            if (DivisionCode.isCommunity(code)) {
                divisions.find(code).ifPresent(d -> list.add(new Community(d.code(), d.name())));
            } else if (DivisionCode.isStreet(code)) {
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
