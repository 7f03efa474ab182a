package org.communityhub.fanout;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.ids.Ids;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A resident's sync status with every platform that concerns them. */
@Path("/api/v1/residents/{id}/sync")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.WORKER, Roles.SUPERVISOR})
@Tag(name = "Residents")
public class SyncResource {

    private final SyncService sync;
    private final CurrentActor current;

    SyncResource(SyncService sync, CurrentActor current) {
        this.sync = sync;
        this.current = current;
    }

    @GET
    @Operation(summary = "Per platform: delivered version, current version, status and last error")
    public List<SyncStatus> sync(@PathParam("id") String id) {
        return sync.forResident(current.get(), Ids.parse(id).orElseThrow(() -> ProblemException.notFound("居民")));
    }
}
