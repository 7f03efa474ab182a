package org.communityhub.matching.merge;

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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Reveal;
import org.communityhub.access.Roles;
import org.communityhub.common.error.FieldError;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.ids.Ids;
import org.communityhub.reference.code.CodeNames;
import org.communityhub.registry.league.LeagueMembershipView;
import org.communityhub.registry.party.PartyMembershipView;
import org.communityhub.registry.place.Address;
import org.communityhub.registry.resident.MergeComparison;
import org.communityhub.registry.resident.MergeRequest;
import org.communityhub.registry.resident.MergeSide;
import org.communityhub.registry.resident.MergeView;
import org.communityhub.registry.resident.ResidentMergeService;

/**
 * 合并重复登记: two records side by side, a choice per differing field and which record stays, and
 * the merge; through the same service and rules as the API.
 */
@Path("/merges")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
public class MergePage {

    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("name", "姓名"),
            Map.entry("idNumber", "证件号码"),
            Map.entry("sex", "性别"),
            Map.entry("birthDate", "出生日期"),
            Map.entry("ethnicity", "民族"),
            Map.entry("education", "文化程度"),
            Map.entry("maritalStatus", "婚姻状况"),
            Map.entry("phone", "联系电话"),
            Map.entry("residenceType", "人口类型"),
            Map.entry("address", "住址"),
            Map.entry("tags", "标签"),
            Map.entry("household", "户籍位置"),
            Map.entry("politicalStatus", "政治面貌"),
            Map.entry("partyMembership", "党员信息"),
            Map.entry("leagueMembership", "团员信息"));

    private static final Map<String, String> CODE_TABLES = Map.of(
            "sex", "sex",
            "ethnicity", "ethnicity",
            "education", "education",
            "maritalStatus", "marital-status",
            "residenceType", "residence-type",
            "politicalStatus", "political-status");

    /** One line of the comparison, as the page shows it. */
    public record Row(String field, String label, String a, String b, boolean differs, boolean choosable) {}

    /** The page: both records, the lines, what stops a merge, and a refusal to show. */
    public record View(MergeComparison comparison, List<Row> rows, String problem, List<String> problems) {

        public boolean mergeable() {
            return comparison.conflicts().isEmpty();
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance compare(View view);

        static native TemplateInstance compare$merge(View view);

        static native TemplateInstance undoRefused(String message);
    }

    private final ResidentMergeService merges;
    private final Merging merging;
    private final CurrentActor current;
    private final CodeNames codes;

    MergePage(ResidentMergeService merges, Merging merging, CurrentActor current, CodeNames codes) {
        this.merges = merges;
        this.merging = merging;
        this.current = current;
        this.codes = codes;
    }

    @GET
    @Path("new")
    public TemplateInstance compare(@QueryParam("a") String a, @QueryParam("b") String b) {
        return Templates.compare(view(current.get(), id(a), id(b), null, List.of()));
    }

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response merge(MultivaluedMap<String, String> form) {
        Actor actor = current.get();
        UUID a = id(form.getFirst("a"));
        UUID b = id(form.getFirst("b"));
        boolean keepA = !"b".equals(form.getFirst("survivor"));
        Map<String, MergeSide> choices = new LinkedHashMap<>();
        form.forEach((key, values) -> {
            if (key.startsWith("choice.") && !values.isEmpty()) {
                boolean fromA = "a".equals(values.get(0));
                choices.put(key.substring("choice.".length()), fromA == keepA ? MergeSide.SURVIVOR : MergeSide.MERGED);
            }
        });
        MergeRequest request = new MergeRequest(
                keepA ? a : b,
                keepA ? b : a,
                version(form.getFirst(keepA ? "versionA" : "versionB")),
                version(form.getFirst(keepA ? "versionB" : "versionA")),
                choices);
        try {
            MergeView merge = merging.merge(actor, request);
            return Response.ok()
                    .header("HX-Redirect", "/residents/" + merge.survivorId() + "?merged=" + merge.id())
                    .build();
        } catch (ProblemException e) {
            if (e.status() == 404) {
                throw e;
            }
            List<String> problems = new ArrayList<>();
            for (FieldError error : e.errors() == null ? List.<FieldError>of() : e.errors()) {
                String field = error.field().startsWith("choices.")
                        ? LABELS.getOrDefault(error.field().substring("choices.".length()), error.field())
                        : error.field();
                problems.add(field + "：" + error.message());
            }
            return Response.ok(Templates.compare$merge(view(actor, a, b, e.getMessage(), problems)))
                    .build();
        }
    }

    /**
     * Undoes a merge from the survivor's page; a refusal (a record changed since, an ID number
     * taken since) comes back to that page in words.
     */
    @POST
    @Path("{id}/undo")
    public Response undo(@PathParam("id") String id) {
        Actor actor = current.get();
        UUID mergeId = Ids.parse(id).orElseThrow(() -> ProblemException.notFound("合并"));
        MergeView merge = merges.get(actor, mergeId);
        try {
            merging.undo(actor, mergeId);
            return Response.ok()
                    .header("HX-Redirect", "/residents/" + merge.survivorId() + "?unmerged=1")
                    .build();
        } catch (ProblemException e) {
            if (e.status() != 409) {
                throw e;
            }
            return Response.ok(Templates.undoRefused(e.getMessage())).build();
        }
    }

    private View view(Actor actor, UUID a, UUID b, String problem, List<String> problems) {
        MergeComparison comparison = merges.compare(actor, a, b, Reveal.NONE);
        List<Row> rows = comparison.fields().stream()
                .map(f -> new Row(
                        f.field(),
                        LABELS.getOrDefault(f.field(), f.field()),
                        shown(f.field(), f.a()),
                        shown(f.field(), f.b()),
                        f.differs(),
                        f.choosable()))
                .toList();
        return new View(comparison, rows, problem, problems);
    }

    /** A value as a person reads it: code names, the address as written, memberships in words. */
    private String shown(String field, Object value) {
        if (value == null) {
            return "（无）";
        }
        if (CODE_TABLES.containsKey(field)) {
            return codes.name(CODE_TABLES.get(field), value.toString());
        }
        if (value instanceof Address address) {
            return String.join(" ", nonNull(address.building(), address.unit(), address.room()));
        }
        if (value instanceof ResidentMergeService.HouseholdPlace place) {
            return codes.name("relation-to-head", place.relationToHead());
        }
        if (value instanceof PartyMembershipView party) {
            return (party.status().name().equals("FULL") ? "正式党员" : "预备党员") + " " + orEmpty(party.branch());
        }
        if (value instanceof LeagueMembershipView league) {
            return "团员 " + orEmpty(league.branch());
        }
        if (value instanceof List<?> list) {
            return list.isEmpty()
                    ? "（无）"
                    : String.join(
                            "、",
                            list.stream()
                                    .map(t -> codes.name("tag", t.toString()))
                                    .toList());
        }
        return value.toString();
    }

    private static List<String> nonNull(String... parts) {
        List<String> kept = new ArrayList<>();
        for (String p : parts) {
            if (p != null) {
                kept.add(p);
            }
        }
        return kept;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static UUID id(String raw) {
        return Ids.parse(raw).orElseThrow(() -> ProblemException.notFound("居民"));
    }

    private static Integer version(String raw) {
        try {
            return raw == null ? null : Integer.valueOf(raw.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
