package org.communityhub.registry.party;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.paging.Filters;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The party member list (党员名册) of the caller's area. */
@Path("/api/v1/party-members")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.WORKER, Roles.SUPERVISOR})
@Tag(name = "Party members", description = "党员名册")
public class PartyMemberResource {

    private final PartyMembershipService memberships;
    private final CurrentActor current;

    PartyMemberResource(PartyMembershipService memberships, CurrentActor current) {
        this.memberships = memberships;
        this.current = current;
    }

    @GET
    @Operation(summary = "Party members on the register, with filters")
    public Page<PartyMemberItem> list(
            @QueryParam("communityCode") String communityCode,
            @QueryParam("q") String q,
            @QueryParam("status") String status,
            @QueryParam("category") String category,
            @QueryParam("reportedToCommunity") String reportedToCommunity,
            @QueryParam("lostContact") String lostContact,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        FieldErrors errors = new FieldErrors();
        PageRequest paging = PageRequest.of(page, size);
        PartyMemberQuery query = new PartyMemberQuery(
                Filters.division(communityCode, "communityCode", errors),
                Filters.text(q),
                Filters.oneOf(PartyMemberStatus.class, status, "status", "党员状态应为 FULL（正式）或 PROBATIONARY（预备）。", errors),
                Filters.text(category),
                Filters.bool(reportedToCommunity, "reportedToCommunity", errors),
                Filters.bool(lostContact, "lostContact", errors));
        errors.throwIfAny();
        return memberships.list(current.get(), query, paging);
    }
}
