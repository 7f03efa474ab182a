package org.communityhub.matching.merge;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Reveal;
import org.communityhub.access.RevealRules;
import org.communityhub.access.Roles;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.ids.Ids;
import org.communityhub.registry.resident.MergeComparison;
import org.communityhub.registry.resident.MergeRequest;
import org.communityhub.registry.resident.MergeView;
import org.communityhub.registry.resident.ResidentMergeService;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Merging two records of one person (合并重复登记): compare, merge, undo. For the street's supervisors. */
@Path("/api/v1/merges")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.SUPERVISOR, Roles.ADMIN})
@Tag(name = "Merges", description = "重复登记的合并：两条记录逐项对比、按项选择合并、撤销合并")
public class MergeResource {

    private final Merging merging;
    private final ResidentMergeService merges;
    private final RevealRules revealRules;
    private final CurrentActor current;

    MergeResource(ResidentMergeService merges, Merging merging, RevealRules revealRules, CurrentActor current) {
        this.merging = merging;
        this.merges = merges;
        this.revealRules = revealRules;
        this.current = current;
    }

    @GET
    @Path("comparison")
    @Operation(
            summary = "Two residents side by side, field by field",
            description = "Both must be in the caller's area. Identifiers are masked unless revealed"
                    + " (reveal=idNumber,phone with a purpose, as for one resident); the read is in the access log."
                    + " Fields with choosable=true and differs=true need a choice in the merge; conflicts lists"
                    + " what would make a merge of the two refused.")
    public Response compare(
            @QueryParam("a") String a,
            @QueryParam("b") String b,
            @QueryParam("reveal") String reveal,
            @QueryParam("purpose") String purpose,
            @QueryParam("purposeNote") String purposeNote) {
        FieldErrors errors = new FieldErrors();
        UUID first = required(a, "a", errors);
        UUID second = required(b, "b", errors);
        errors.throwIfAny();
        Actor actor = current.get();
        Reveal asked = revealRules.check(actor, reveal, purpose, purposeNote);
        MergeComparison comparison = merges.compare(actor, first, second, asked);
        Response.ResponseBuilder response = Response.ok(comparison);
        if (asked.any()) {
            response.header(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        return response.build();
    }

    @POST
    @Operation(
            summary = "Merge two records of one person",
            description = "survivorVersion and mergedVersion are the versions the choice was made on (missing → 428,"
                    + " stale → 412). choices names, for every field the two differ in, SURVIVOR or MERGED. In one"
                    + " transaction the survivor takes the chosen values and both records' memberships and household"
                    + " place; the other record becomes MERGED with mergedInto, keeps its history, and platforms get"
                    + " its removal and the survivor's update. Two different memberships of one kind, or a household"
                    + " that would lose its head, are refused (409).")
    public Response merge(MergeRequest request) {
        MergeView merge = merging.merge(current.get(), ProblemException.requireBody(request));
        return Response.created(URI.create("/api/v1/merges/" + merge.id()))
                .entity(merge)
                .build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One merge: who, when, the choices, the survivor now")
    public MergeView get(@PathParam("id") String id) {
        return merges.get(current.get(), mergeId(id));
    }

    @POST
    @Path("{id}/undo")
    @Operation(
            summary = "Undo a merge",
            description = "Both records go back to their values before the merge, as new versions, with their"
                    + " memberships and household places. Refused (409) when either record changed since the merge,"
                    + " or when an ID number or household head place it would give back was taken since.")
    public MergeView undo(@PathParam("id") String id) {
        return merging.undo(current.get(), mergeId(id));
    }

    private static UUID required(String raw, String field, FieldErrors errors) {
        if (raw == null || raw.isBlank()) {
            errors.add(field, "required", "请指定要对比的两条居民记录（a 与 b）。");
            return null;
        }
        UUID id = Ids.parse(raw).orElse(null);
        if (id == null) {
            errors.add(field, "invalid-format", "居民记录编号格式不正确。");
        }
        return id;
    }

    private static UUID mergeId(String raw) {
        return Ids.parse(raw).orElseThrow(() -> ProblemException.notFound("合并记录"));
    }
}
