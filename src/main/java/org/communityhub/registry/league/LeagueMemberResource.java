package org.communityhub.registry.league;

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

/** The league member list (团员名册) of the caller's area, with 超龄 members flagged. */
@Path("/api/v1/league-members")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.WORKER, Roles.SUPERVISOR})
@Tag(name = "League members", description = "团员名册；年满 28 周岁且无团内职务者标记为超龄")
public class LeagueMemberResource {

    private final LeagueMembershipService memberships;
    private final CurrentActor current;

    LeagueMemberResource(LeagueMembershipService memberships, CurrentActor current) {
        this.memberships = memberships;
        this.current = current;
    }

    @GET
    @Operation(summary = "League members on the register; overage=true lists those due to leave (超龄)")
    public Page<LeagueMemberItem> list(
            @QueryParam("communityCode") String communityCode,
            @QueryParam("q") String q,
            @QueryParam("overage") String overage,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        FieldErrors errors = new FieldErrors();
        PageRequest paging = PageRequest.of(page, size);
        LeagueMemberQuery query = new LeagueMemberQuery(
                Filters.division(communityCode, "communityCode", errors),
                Filters.text(q),
                Filters.bool(overage, "overage", errors));
        errors.throwIfAny();
        return memberships.list(current.get(), query, paging);
    }
}
