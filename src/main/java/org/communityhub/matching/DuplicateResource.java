package org.communityhub.matching;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.ids.Ids;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Probable duplicates (疑似重复): bulk scans, the review queue and the decisions on it. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Duplicates", description = "疑似重复居民：批量查重、待核对队列、“是同一人 / 不是同一人”的判定")
public class DuplicateResource {

    private final DuplicateService duplicates;
    private final DuplicateScans scans;
    private final CurrentActor current;

    DuplicateResource(DuplicateService duplicates, DuplicateScans scans, CurrentActor current) {
        this.duplicates = duplicates;
        this.scans = scans;
        this.current = current;
    }

    @POST
    @Path("duplicate-scans")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(
            summary = "Start a duplicate scan of a division in the caller's area",
            description = "Body {\"scope\": \"<division code>\"} (\"*\" for everywhere, with that scope). Runs in the"
                    + " background (202); residents are compared only with those whose name sounds the same.")
    public Response startScan(DuplicateScanRequest request) {
        DuplicateScanView scan = scans.start(current.get(), request);
        return Response.accepted(scan)
                .location(URI.create("/api/v1/duplicate-scans/" + scan.id()))
                .build();
    }

    @GET
    @Path("duplicate-scans/{id}")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(summary = "A duplicate scan: its state and counts")
    public DuplicateScanView scan(@PathParam("id") String id) {
        return scans.find(current.get(), uuid(id, "查重任务")).orElseThrow(() -> ProblemException.notFound("查重任务"));
    }

    @GET
    @Path("duplicates")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(
            summary = "Probable duplicate pairs with both residents in the caller's area, best first",
            description = "status=open (default), same-person or different-people. ID numbers masked; the read is in"
                    + " the access log.")
    public Page<DuplicatePairView> list(
            @QueryParam("status") String status, @QueryParam("page") String page, @QueryParam("size") String size) {
        PageRequest paging = PageRequest.of(page, size);
        return duplicates.list(current.get(), PairStatus.fromQuery(status), paging);
    }

    @POST
    @Path("duplicates/{id}/decision")
    @RolesAllowed({Roles.WORKER, Roles.SUPERVISOR})
    @Operation(
            summary = "Decide a probable pair: SAME_PERSON or DIFFERENT_PEOPLE",
            description = "Body {\"decision\": \"DIFFERENT_PEOPLE\"}. Remembered: the pair is never offered again, by a"
                    + " scan or at entry. A pair decided before is 409.")
    public DuplicatePairView decide(@PathParam("id") String id, DuplicateDecision decision) {
        return duplicates.decide(current.get(), uuid(id, "疑似重复"), ProblemException.requireBody(decision));
    }

    @DELETE
    @Path("duplicates/{id}/decision")
    @RolesAllowed({Roles.WORKER, Roles.SUPERVISOR})
    @Operation(
            summary = "Take back the decision on a pair: it is open again",
            description = "A pair not decided is 409.")
    public DuplicatePairView reopen(@PathParam("id") String id) {
        return duplicates.reopen(current.get(), uuid(id, "疑似重复"));
    }

    private static UUID uuid(String raw, String what) {
        return Ids.parse(raw).orElseThrow(() -> ProblemException.notFound(what));
    }
}
