package org.communityhub.registry.household;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.communityhub.access.Actor;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.common.error.ExpectedVersion;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.ids.Ids;
import org.communityhub.common.paging.Filters;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.registry.place.DivisionNames;
import org.communityhub.registry.place.DivisionService;
import org.communityhub.registry.place.DivisionView;
import org.communityhub.registry.resident.HouseholdMember;
import org.communityhub.registry.resident.ResidentListItem;
import org.communityhub.registry.resident.ResidentQueries;
import org.communityhub.registry.resident.ResidentQuery;
import org.communityhub.registry.resident.ResidentStatus;
import org.communityhub.web.Pager;

/**
 * 户: the households of the worker's area, one household with its members, and registering a new
 * one. Every change is an htmx request that answers with the household's panel drawn anew; a
 * refused change brings its form back with what the user typed and the service's reasons.
 */
@Path("/households")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.WORKER, Roles.SUPERVISOR})
@TemplateData(target = DivisionView.class) // read by the tags that draw the community field
public class HouseholdPage {

    /** How many communities a choice list offers before the user types a code instead. */
    static final int COMMUNITY_CHOICES = 200;

    private static final int MEMBERS_MAX = PageRequest.MAX_SIZE;
    private static final int CANDIDATES_MAX = 20;

    private static final List<String> CREATE_FIELDS =
            List.of("householdNumber", "type", "communityCode", "building", "unit", "room");
    private static final List<String> ADD_FIELDS = List.of("residentId", "relationToHead");
    private static final List<String> HEAD_FIELDS = List.of("residentId", "formerHeadRelation");
    private static final List<String> MOVE_FIELDS = List.of("communityCode", "building", "unit", "room");
    private static final List<String> EDIT_FIELDS = List.of("householdNumber", "type");

    private static final String STALE = "他人已先保存了对此户的修改：下面显示的是最新内容，您填写的内容仍在表单中，请核对后再提交。";

    /** The household list and its filters. */
    public record Listing(Page<Row> page, Pager pager, String q, String building, boolean headless) {}

    /** A line of the household list. */
    public record Row(HouseholdListItem household, String community) {}

    /** The new-household form; {@code communities} is null when the user types a community code. */
    public record Creation(HouseholdForm form, List<DivisionView> communities) {}

    /** A member as the household's page shows them: the ID number masked. */
    public record Member(HouseholdMember member, String idNumber) {

        public boolean head() {
            return HouseholdService.HEAD.equals(member.relationToHead());
        }

        public boolean active() {
            return member.status() == ResidentStatus.ACTIVE;
        }
    }

    /** Residents found for the 添加成员 form. */
    public record Candidates(UUID householdId, String q, List<ResidentListItem> residents, long total, String chosen) {

        public boolean isChosen(UUID residentId) {
            return residentId.toString().equals(chosen);
        }

        public boolean more() {
            return total > residents.size();
        }
    }

    /**
     * One household's panel: facts, members and the forms that change them.
     *
     * @param form the form just sent back with problems, or null
     * @param notice what was just done, or null
     * @param communities choices for the move form; null when the user types a community code
     * @param candidates the add form's search results when that form comes back, or null
     * @param focus the id of the element the cursor goes to after a change, or null
     * @param fragment drawn for htmx (then it also replaces the notice area)
     */
    public record Panel(
            HouseholdView household,
            String place,
            List<Member> members,
            HouseholdForm form,
            String notice,
            String focus,
            List<DivisionView> communities,
            Candidates candidates,
            boolean fragment) {

        /** Whether the element with this id takes the cursor when the panel is drawn. */
        public boolean focused(String id) {
            return id.equals(focus);
        }

        /** The named form: as sent back, or with its starting values. */
        public HouseholdForm formFor(String name) {
            if (form != null && form.name().equals(name)) {
                return form;
            }
            Map<String, String> start = new LinkedHashMap<>();
            switch (name) {
                case "move" -> {
                    start.put("communityCode", household.communityCode());
                    start.put("building", household.building());
                    start.put("unit", household.unit());
                    start.put("room", household.room());
                }
                case "edit" -> {
                    start.put("householdNumber", household.householdNumber());
                    start.put("type", household.type());
                }
                default -> {}
            }
            return HouseholdForm.of(name, start);
        }

        public boolean headless() {
            return household.headResidentId() == null;
        }

        /** Members on the register who could become the head. */
        public List<Member> possibleHeads() {
            return members.stream().filter(m -> m.active() && !m.head()).toList();
        }

        public String head() {
            return members.stream()
                    .filter(Member::head)
                    .map(m -> m.member().name())
                    .findFirst()
                    .orElse("");
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(Listing listing);

        static native TemplateInstance create(Creation creation);

        static native TemplateInstance createForm(Creation creation);

        static native TemplateInstance detail(Panel panel);

        static native TemplateInstance panel(Panel panel);

        static native TemplateInstance candidates(Candidates candidates);

        static native TemplateInstance numberField(HouseholdForm form, boolean generated);
    }

    private final CurrentActor current;
    private final HouseholdService households;
    private final ResidentQueries residents;
    private final DivisionService divisions;
    private final DivisionNames names;

    HouseholdPage(
            CurrentActor current,
            HouseholdService households,
            ResidentQueries residents,
            DivisionService divisions,
            DivisionNames names) {
        this.current = current;
        this.households = households;
        this.residents = residents;
        this.divisions = divisions;
        this.names = names;
    }

    // ---- The list -------------------------------------------------------------------------------

    @GET
    public TemplateInstance list(
            @QueryParam("q") String q,
            @QueryParam("building") String building,
            @QueryParam("headless") String headless,
            @QueryParam("page") String page) {
        String number = Filters.text(q);
        String inBuilding = Filters.text(building);
        boolean headlessOnly = "1".equals(headless) || "true".equals(headless);
        Page<Row> found = households
                .search(current.get(), null, number, inBuilding, headlessOnly, PageRequest.of(page, null))
                .map(h -> new Row(h, names.placeName(h.communityCode())));
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("q", number);
        filters.put("building", inBuilding);
        filters.put("headless", headlessOnly ? "1" : null);
        return Templates.list(
                new Listing(found, Pager.of("/households", filters, found), number, inBuilding, headlessOnly));
    }

    // ---- Registering a household ----------------------------------------------------------------

    @GET
    @Path("new")
    public TemplateInstance newHousehold() {
        Actor actor = current.get();
        List<DivisionView> communities = communities(actor);
        Map<String, String> start = new LinkedHashMap<>();
        start.put("type", "1");
        if (communities != null && communities.size() == 1) {
            start.put("communityCode", communities.get(0).code());
        }
        return Templates.create(new Creation(HouseholdForm.of("create", start), communities));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(
            @FormParam("householdNumber") String number,
            @FormParam("type") String type,
            @FormParam("communityCode") String communityCode,
            @FormParam("building") String building,
            @FormParam("unit") String unit,
            @FormParam("room") String room) {
        Actor actor = current.get();
        HouseholdForm form =
                HouseholdForm.of("create", values(CREATE_FIELDS, number, type, communityCode, building, unit, room));
        try {
            HouseholdView created =
                    households.create(actor, new HouseholdRequest(number, type, communityCode, building, unit, room));
            return Response.ok()
                    .header("HX-Redirect", "/households/" + created.id() + "?created=1")
                    .build();
        } catch (ProblemException e) {
            if (!correctable(e)) {
                throw e;
            }
            return Response.ok(Templates.createForm(new Creation(form.refused(e, CREATE_FIELDS), communities(actor))))
                    .build();
        }
    }

    /**
     * 生成户号: the 户号 field of the new-household form holding the next free number of the chosen
     * community, or saying why there is none.
     */
    @GET
    @Path("next-number")
    public TemplateInstance nextNumber(@QueryParam("communityCode") String communityCode) {
        try {
            String number = households.nextNumber(current.get(), communityCode);
            return Templates.numberField(HouseholdForm.of("create", Map.of("householdNumber", number)), true);
        } catch (ProblemException e) {
            if (!correctable(e)) {
                throw e;
            }
            String problem = e.errors().isEmpty()
                    ? e.toProblem().detail()
                    : e.errors().get(0).message();
            return Templates.numberField(
                    HouseholdForm.of("create", Map.of()).withError("householdNumber", problem), false);
        }
    }

    // ---- One household --------------------------------------------------------------------------

    @GET
    @Path("{id}")
    public TemplateInstance detail(@PathParam("id") String id, @QueryParam("created") String created) {
        Actor actor = current.get();
        HouseholdView view = households.get(actor, householdId(id));
        boolean isNew = created != null;
        String notice = isNew ? "户已登记。请添加成员并指定户主。" : null;
        return Templates.detail(panel(actor, view, null, notice, isNew ? "member-q" : null, null, false));
    }

    /** Residents of the area on the register whose name contains {@code q}, for the 添加成员 form. */
    @GET
    @Path("{id}/candidates")
    public TemplateInstance candidates(@PathParam("id") String id, @QueryParam("q") String q) {
        return Templates.candidates(candidates(current.get(), householdId(id), q, null));
    }

    @POST
    @Path("{id}/members")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance addMember(
            @PathParam("id") String id,
            @FormParam("version") String version,
            @FormParam("q") String q,
            @FormParam("residentId") String chosen,
            @FormParam("relationToHead") String relation) {
        Actor actor = current.get();
        UUID household = householdId(id);
        Map<String, String> values = values(List.of("relationToHead"), relation);
        HouseholdForm form = HouseholdForm.of("add", values);
        UUID resident = Filters.text(chosen) == null
                ? null
                : Ids.parse(Filters.text(chosen)).orElse(null);
        if (resident == null) {
            String problem = Filters.text(q) == null ? "请先按姓名查找，再从结果中选择一位居民。" : "请从查找结果中选择一位居民。";
            return refused(
                    actor,
                    household,
                    form.withError("residentId", problem),
                    candidates(actor, household, q, Filters.text(chosen)));
        }
        return change(
                actor,
                household,
                form,
                ADD_FIELDS,
                () -> households.placeMember(
                        actor, household, resident, new MemberPlacement(relation), ifMatch(version)),
                "已把居民加入本户。",
                "member-q",
                () -> candidates(actor, household, q, Filters.text(chosen)));
    }

    @DELETE
    @Path("{id}/members/{residentId}")
    public TemplateInstance removeMember(
            @PathParam("id") String id,
            @PathParam("residentId") String residentId,
            @QueryParam("version") String version) {
        Actor actor = current.get();
        UUID household = householdId(id);
        UUID resident = Ids.parse(residentId).orElseThrow(() -> ProblemException.notFound("户成员"));
        return change(
                actor,
                household,
                HouseholdForm.of("remove", Map.of()),
                List.of(),
                () -> households.removeMember(actor, household, resident, ifMatch(version)),
                "已把该居民移出本户。",
                "members-title",
                () -> null);
    }

    /** 设为户主 (a household without a head) and 更换户主 (the former head takes the chosen relation). */
    @PUT
    @Path("{id}/head")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance changeHead(
            @PathParam("id") String id,
            @FormParam("version") String version,
            @FormParam("residentId") String residentId,
            @FormParam("formerHeadRelation") String formerHeadRelation) {
        Actor actor = current.get();
        UUID household = householdId(id);
        HouseholdForm form = HouseholdForm.of("head", values(HEAD_FIELDS, residentId, formerHeadRelation));
        return change(
                actor,
                household,
                form,
                HEAD_FIELDS,
                () -> households.changeHead(
                        actor, household, new HeadChange(residentId, formerHeadRelation), ifMatch(version)),
                "户主已更新。",
                "members-title",
                () -> null);
    }

    /** 迁居: the household's new address; members living at the old one move with it. */
    @POST
    @Path("{id}/move")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance move(
            @PathParam("id") String id,
            @FormParam("version") String version,
            @FormParam("communityCode") String communityCode,
            @FormParam("building") String building,
            @FormParam("unit") String unit,
            @FormParam("room") String room) {
        Actor actor = current.get();
        UUID household = householdId(id);
        HouseholdForm form = HouseholdForm.of("move", values(MOVE_FIELDS, communityCode, building, unit, room));
        return change(
                actor,
                household,
                form,
                MOVE_FIELDS,
                () -> households.move(
                        actor, household, new HouseholdMove(communityCode, building, unit, room), ifMatch(version)),
                "已迁居：住在原地址的在册成员已随户迁到新地址。",
                "facts-title",
                () -> null);
    }

    /** 户号 and 户别. */
    @PUT
    @Path("{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance update(
            @PathParam("id") String id,
            @FormParam("version") String version,
            @FormParam("householdNumber") String number,
            @FormParam("type") String type) {
        Actor actor = current.get();
        UUID household = householdId(id);
        HouseholdForm form = HouseholdForm.of("edit", values(EDIT_FIELDS, number, type));
        return change(
                actor,
                household,
                form,
                EDIT_FIELDS,
                () -> households.update(actor, household, new HouseholdChange(number, type), ifMatch(version)),
                "户号与户别已保存。",
                "facts-title",
                () -> null);
    }

    // ---- Internals ------------------------------------------------------------------------------

    /**
     * Makes a change and draws the panel anew; a change the user can correct (invalid fields, a
     * conflict, a stale version) brings its form back with the reasons.
     */
    private TemplateInstance change(
            Actor actor,
            UUID household,
            HouseholdForm form,
            List<String> fields,
            Supplier<HouseholdView> change,
            String done,
            String focus,
            Supplier<Candidates> candidates) {
        try {
            return Templates.panel(panel(actor, change.get(), null, done, focus, null, true));
        } catch (ProblemException e) {
            if (!correctable(e)) {
                throw e;
            }
            HouseholdForm back = e.status() == 412 ? form.withMessage(STALE) : form.refused(e, fields);
            return refused(actor, household, back, candidates.get());
        }
    }

    private TemplateInstance refused(Actor actor, UUID household, HouseholdForm form, Candidates candidates) {
        HouseholdView view = households.get(actor, household);
        return Templates.panel(panel(actor, view, form, null, null, candidates, true));
    }

    /**
     * Problems the user can act on in the form. Not found is one of them (a resident typed by
     * number): when it is the household itself that is gone, drawing the panel says so instead.
     */
    private static boolean correctable(ProblemException e) {
        int status = e.status();
        return status == 404 || status == 409 || status == 412 || status == 422 || status == 428;
    }

    private Panel panel(
            Actor actor,
            HouseholdView view,
            HouseholdForm form,
            String notice,
            String focus,
            Candidates candidates,
            boolean fragment) {
        Map<UUID, String> idNumbers = maskedIdNumbers(actor, view);
        List<Member> members = view.members().stream()
                .map(m -> new Member(m, idNumbers.get(m.residentId())))
                .toList();
        String place = names.fullPlace(view.communityCode());
        return new Panel(view, place, members, form, notice, focus, communities(actor), candidates, fragment);
    }

    /** The members' ID numbers, masked, read through the resident search (which logs the read). */
    private Map<UUID, String> maskedIdNumbers(Actor actor, HouseholdView view) {
        if (view.members().isEmpty()) {
            return Map.of();
        }
        ResidentQuery ofHousehold =
                new ResidentQuery(null, null, null, null, null, null, null, null, null, null, null, view.id());
        return residents.search(actor, ofHousehold, new PageRequest(0, MEMBERS_MAX)).items().stream()
                .filter(r -> r.idNumber() != null)
                .collect(Collectors.toMap(ResidentListItem::id, ResidentListItem::idNumber));
    }

    private Candidates candidates(Actor actor, UUID household, String q, String chosen) {
        String name = Filters.text(q);
        if (name == null) {
            return new Candidates(household, null, List.of(), 0, chosen);
        }
        ResidentQuery byName = new ResidentQuery(
                name, null, null, null, null, null, null, ResidentStatus.ACTIVE, null, null, null, null);
        Page<ResidentListItem> found = residents.search(actor, byName, new PageRequest(0, CANDIDATES_MAX));
        return new Candidates(household, name, found.items(), found.total(), chosen);
    }

    private List<DivisionView> communities(Actor actor) {
        return divisions.communitiesIn(actor.scope(), COMMUNITY_CHOICES).orElse(null);
    }

    private static Map<String, String> values(List<String> fields, String... values) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            map.put(fields.get(i), values[i]);
        }
        return map;
    }

    /** The version the form was drawn from, as an If-Match value; null when the form had none. */
    private static ExpectedVersion ifMatch(String version) {
        return ExpectedVersion.fromForm(Filters.text(version));
    }

    private static UUID householdId(String raw) {
        return Ids.parse(raw).orElseThrow(() -> ProblemException.notFound("户"));
    }
}
