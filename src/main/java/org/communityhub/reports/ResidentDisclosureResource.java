package org.communityhub.reports;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.ids.Ids;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A person's disclosures, beside the resident's other resources: which platforms received their
 * data. The reports read the registry, never the other way round, so it lives here.
 */
@Path("/api/v1/residents/{id}/disclosures")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Residents")
public class ResidentDisclosureResource {

    private final ResidentDisclosures disclosures;
    private final CurrentActor current;

    ResidentDisclosureResource(ResidentDisclosures disclosures, CurrentActor current) {
        this.disclosures = disclosures;
        this.current = current;
    }

    @GET
    @RolesAllowed({Roles.WORKER, Roles.SUPERVISOR, Roles.AUDITOR})
    @Operation(
            summary = "Which platforms received this person's data: which fields, when, on what legal basis",
            description = "From the sharing ledger, newest first; the read is in the access log.")
    public Page<Disclosure> disclosures(
            @PathParam("id") String id, @QueryParam("page") String page, @QueryParam("size") String size) {
        UUID residentId = Ids.parse(id).orElseThrow(() -> ProblemException.notFound("居民"));
        return disclosures.of(current.get(), residentId, PageRequest.of(page, size));
    }
}
