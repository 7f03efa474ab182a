package org.communityhub.registry.resident;

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
import org.communityhub.access.Actor;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Reveal;
import org.communityhub.access.RevealRules;
import org.communityhub.access.Roles;
import org.communityhub.common.error.ExpectedVersion;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.error.Preconditions;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.ids.Ids;
import org.communityhub.common.paging.Filters;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.reference.code.CodeTables;
import org.communityhub.registry.league.LeagueMembershipRequest;
import org.communityhub.registry.league.LeagueMembershipView;
import org.communityhub.registry.party.PartyMembershipRequest;
import org.communityhub.registry.party.PartyMembershipView;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Residents (居民): registration, search, edits, status, memberships, history. */
@Path("/api/v1/residents")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.WORKER, Roles.SUPERVISOR})
@Tag(name = "Residents", description = "居民登记、查询、修改、迁出与死亡登记、党员与团员信息、变更历史")
public class ResidentResource {

    private final ResidentMemberships memberships;
    private final ResidentQueries queries;
    private final RevealRules revealRules;
    private final CurrentActor current;
    private final RegisterResident registrations;
    private final EditResident edits;
    private final ChangeResidentStatus statuses;
    private final CodeTables codes;

    ResidentResource(
            ResidentMemberships memberships,
            ResidentQueries queries,
            RevealRules revealRules,
            CurrentActor current,
            RegisterResident registrations,
            EditResident edits,
            ChangeResidentStatus statuses,
            CodeTables codes) {
        this.codes = codes;
        this.memberships = memberships;
        this.queries = queries;
        this.revealRules = revealRules;
        this.current = current;
        this.registrations = registrations;
        this.edits = edits;
        this.statuses = statuses;
    }

    @POST
    @Operation(
            summary = "Register a resident",
            description = "A second resident with the same ID number is refused (409, with existingId)."
                    + " Probable duplicates in the caller's area (a homophone or variant name with the same or nearly"
                    + " the same birth date or ID number) do not stop the registration: the answer lists them in"
                    + " warnings [{code: probable-duplicate, candidates: [{id, pairId, score, reasons}]}];"
                    + " POST /api/v1/duplicates/{pairId}/decision records \"different people\".")
    public Response register(ResidentRequest request) {
        ResidentView created = registrations
                .register(current.get(), ProblemException.requireBody(request))
                .withWarnings();
        return Response.created(URI.create("/api/v1/residents/" + created.id()))
                .tag(Preconditions.etag(created.version()))
                .entity(created)
                .build();
    }

    @GET
    @Operation(
            summary = "Search residents in the caller's area",
            description = "q is read as the 居民 page's search box reads it, so both find the same people: an ID"
                    + " number, a mobile number, an address (3-2-501, 18号楼 2单元 301), a tag by code or name"
                    + " (独居老人), or else part of a name; residents on the register only unless status is given."
                    + " The other parameters narrow it further.")
    public Page<ResidentListItem> search(
            @QueryParam("q") String q,
            @QueryParam("idNumber") String idNumber,
            @QueryParam("phone") String phone,
            @QueryParam("communityCode") String communityCode,
            @QueryParam("building") String building,
            @QueryParam("unit") String unit,
            @QueryParam("room") String room,
            @QueryParam("status") String status,
            @QueryParam("tag") String tag,
            @QueryParam("residenceType") String residenceType,
            @QueryParam("politicalStatus") String politicalStatus,
            @QueryParam("householdId") String householdId,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        PageRequest paging = PageRequest.of(page, size);
        FieldErrors errors = new FieldErrors();
        ResidentQuery typed = SearchText.read(q, codes.get(CodeTables.TAG));
        ResidentStatus asked = Filters.oneOf(
                ResidentStatus.class, status, "status", "状态应为 ACTIVE、MOVED_OUT、DECEASED、MERGED 或 VOIDED。", errors);
        boolean searched = blankToNull(q) != null;
        ResidentQuery query = new ResidentQuery(
                typed.nameContains(),
                either(idNumber, typed.idNumber()),
                either(phone, typed.phone()),
                Filters.division(communityCode, "communityCode", errors),
                either(building, typed.building()),
                either(unit, typed.unit()),
                either(room, typed.room()),
                asked != null || !searched ? asked : typed.status(),
                either(tag, typed.tag()),
                blankToNull(residenceType),
                blankToNull(politicalStatus),
                householdId(householdId, errors));
        errors.throwIfAny();
        return queries.search(current.get(), query, paging);
    }

    @GET
    @Path("{id}")
    @Operation(
            summary = "One resident (ID number and phone masked unless revealed)",
            description =
                    "reveal=idNumber,phone shows them in full to roles permitted to reveal (hub.privacy.reveal-roles),"
                            + " with a purpose from the access-purpose code table (purposeNote where it requires one);"
                            + " every read and reveal is in the access log.")
    public Response get(
            @PathParam("id") String id,
            @QueryParam("reveal") String reveal,
            @QueryParam("purpose") String purpose,
            @QueryParam("purposeNote") String purposeNote) {
        Actor actor = current.get();
        Reveal asked = revealRules.check(actor, reveal, purpose, purposeNote);
        ResidentView view = queries.get(actor, residentId(id), asked);
        Response.ResponseBuilder response = Response.ok(view).tag(Preconditions.etag(view.version()));
        if (view.mergedInto() != null) {
            // A record merged into another: the body says so (status MERGED), the link names the record to use.
            response.header("Link", "</api/v1/residents/" + view.mergedInto() + ">; rel=\"canonical\"");
        }
        if (asked.any()) {
            // A revealed value must not linger in shared caches or the browser's.
            response.header(HttpHeaders.CACHE_CONTROL, "no-store");
        }
        return response.build();
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Edit a resident; If-Match must carry the ETag that was read (428 without, 412 if stale)")
    public Response update(
            @PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, ResidentRequest request) {
        ResidentView view = edits.update(
                current.get(),
                residentId(id),
                ProblemException.requireBody(request),
                ExpectedVersion.fromIfMatch(ifMatch));
        return Response.ok(view).tag(Preconditions.etag(view.version())).build();
    }

    @POST
    @Path("{id}/status-changes")
    @Operation(
            summary = "Move a resident out (迁出), record a death (死亡), void a registration made in error"
                    + " (VOIDED, 作废), or put them back on the register",
            description = "Kept in the history with its reason; platforms holding the record get its removal.")
    public Response changeStatus(
            @PathParam("id") String id, @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch, StatusChange change) {
        ResidentView view = statuses.changeStatus(
                current.get(),
                residentId(id),
                ProblemException.requireBody(change),
                ExpectedVersion.fromIfMatch(ifMatch));
        return Response.ok(view).tag(Preconditions.etag(view.version())).build();
    }

    @GET
    @Path("{id}/history")
    @Operation(summary = "Who changed what, when: old and new values, newest first")
    public Page<HistoryEntry> history(
            @PathParam("id") String id, @QueryParam("page") String page, @QueryParam("size") String size) {
        return queries.history(current.get(), residentId(id), PageRequest.of(page, size));
    }

    @GET
    @Path("{id}/party-membership")
    @Operation(summary = "The resident's party membership")
    public Response partyMembership(@PathParam("id") String id) {
        PartyMembershipView view = memberships.partyMembership(current.get(), residentId(id));
        return Response.ok(view).tag(Preconditions.etag(view.version())).build();
    }

    @PUT
    @Path("{id}/party-membership")
    @Operation(summary = "Register or change the resident's party membership; the political status follows it")
    public Response putPartyMembership(
            @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            PartyMembershipRequest request) {
        PartyMembershipView view = memberships.putPartyMembership(
                current.get(),
                residentId(id),
                ProblemException.requireBody(request),
                ExpectedVersion.fromIfMatch(ifMatch));
        return Response.ok(view).tag(Preconditions.etag(view.version())).build();
    }

    @DELETE
    @Path("{id}/party-membership")
    @Operation(summary = "End the resident's party membership")
    public Response endPartyMembership(@PathParam("id") String id) {
        memberships.endPartyMembership(current.get(), residentId(id));
        return Response.noContent().build();
    }

    @GET
    @Path("{id}/league-membership")
    @Operation(summary = "The resident's league membership, with the 超龄 (overage) flag")
    public Response leagueMembership(@PathParam("id") String id) {
        LeagueMembershipView view = memberships.leagueMembership(current.get(), residentId(id));
        return Response.ok(view).tag(Preconditions.etag(view.version())).build();
    }

    @PUT
    @Path("{id}/league-membership")
    @Operation(summary = "Register or change the resident's league membership")
    public Response putLeagueMembership(
            @PathParam("id") String id,
            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
            LeagueMembershipRequest request) {
        LeagueMembershipView view = memberships.putLeagueMembership(
                current.get(),
                residentId(id),
                ProblemException.requireBody(request),
                ExpectedVersion.fromIfMatch(ifMatch));
        return Response.ok(view).tag(Preconditions.etag(view.version())).build();
    }

    @DELETE
    @Path("{id}/league-membership")
    @Operation(summary = "End the resident's league membership (e.g. 超龄离团)")
    public Response endLeagueMembership(@PathParam("id") String id) {
        memberships.endLeagueMembership(current.get(), residentId(id));
        return Response.noContent().build();
    }

    private static UUID residentId(String raw) {
        return Ids.parse(raw).orElseThrow(() -> ProblemException.notFound("居民"));
    }

    private static UUID householdId(String raw, FieldErrors errors) {
        String value = Filters.text(raw);
        if (value == null) {
            return null;
        }
        UUID id = Ids.parse(value).orElse(null);
        if (id == null) {
            errors.add("householdId", "invalid-format", "户的 id 格式不正确。");
        }
        return id;
    }

    /** The parameter given, else what {@code q} was read as. */
    private static String either(String given, String fromQ) {
        String g = blankToNull(given);
        return g != null ? g : fromQ;
    }

    private static String blankToNull(String s) {
        return Filters.text(s);
    }
}
