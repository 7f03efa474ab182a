package org.communityhub.registry.household;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.common.error.ExpectedVersion;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.error.Preconditions;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.ids.Ids;
import org.communityhub.common.paging.Filters;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Households (户) and their members. */
@Path("/api/v1/households")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.WORKER, Roles.SUPERVISOR})
@Tag(name = "Households", description = "户：户号、户别、地址、成员与户主")
public class HouseholdResource {

    private final HouseholdService households;
    private final CurrentActor current;

    HouseholdResource(HouseholdService households, CurrentActor current) {
        this.households = households;
        this.current = current;
    }

    @POST
    @Operation(summary = "Register a household")
    public Response create(HouseholdRequest request) {
        HouseholdView created = households.create(current.get(), ProblemException.requireBody(request));
        return Response.created(URI.create("/api/v1/households/" + created.id()))
                .tag(Preconditions.etag(created.version()))
                .entity(created)
                .build();
    }

    @GET
    @Operation(summary = "Households in the caller's area")
    public Page<HouseholdListItem> search(
            @QueryParam("communityCode") String communityCode,
            @QueryParam("householdNumber") String householdNumber,
            @QueryParam("building") String building,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        FieldErrors errors = new FieldErrors();
        PageRequest paging = PageRequest.of(page, size);
        String division = Filters.division(communityCode, "communityCode", errors);
        errors.throwIfAny();
        return households.search(
                current.get(), division, Filters.text(householdNumber), Filters.text(building), paging);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "A household with its members")
    public Response get(@PathParam("id") String id) {
        return withEtag(households.get(current.get(), householdId(id)));
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Change the household number or type (needs If-Match)")
    public Response update(
            @PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, HouseholdChange change) {
        return withEtag(households.update(
                current.get(),
                householdId(id),
                ProblemException.requireBody(change),
                ExpectedVersion.fromIfMatch(ifMatch)));
    }

    @POST
    @Path("{id}/move")
    @Operation(summary = "Move the household to a new address; members living at the old one move too (needs If-Match)")
    public Response move(
            @PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, HouseholdMove move) {
        return withEtag(households.move(
                current.get(),
                householdId(id),
                ProblemException.requireBody(move),
                ExpectedVersion.fromIfMatch(ifMatch)));
    }

    @PUT
    @Path("{id}/members/{residentId}")
    @Operation(summary = "Add a resident to the household, or change their relation to the head")
    public Response placeMember(
            @PathParam("id") String id, @PathParam("residentId") String residentId, MemberPlacement placement) {
        return withEtag(households.placeMember(
                current.get(), householdId(id), residentId(residentId), ProblemException.requireBody(placement)));
    }

    @DELETE
    @Path("{id}/members/{residentId}")
    @Operation(summary = "Remove a resident from the household")
    public Response removeMember(@PathParam("id") String id, @PathParam("residentId") String residentId) {
        return withEtag(households.removeMember(current.get(), householdId(id), residentId(residentId)));
    }

    @PUT
    @Path("{id}/head")
    @Operation(summary = "Make another member the head (户主); the former head takes the given relation")
    public Response changeHead(
            @PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, HeadChange change) {
        return withEtag(households.changeHead(
                current.get(),
                householdId(id),
                ProblemException.requireBody(change),
                ExpectedVersion.fromIfMatch(ifMatch)));
    }

    private static Response withEtag(HouseholdView view) {
        return Response.ok(view).tag(Preconditions.etag(view.version())).build();
    }

    private static UUID householdId(String raw) {
        return Ids.parse(raw).orElseThrow(() -> ProblemException.notFound("户"));
    }

    private static UUID residentId(String raw) {
        return Ids.parse(raw).orElseThrow(() -> ProblemException.notFound("居民"));
    }
}
