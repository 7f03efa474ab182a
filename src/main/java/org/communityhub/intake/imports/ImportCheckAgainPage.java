package org.communityhub.intake.imports;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.ids.Ids;

/** 重新检查: a READY import checked again as it is, after the vocabulary or the communities changed. */
@Path("/imports/{id}/check-again")
@RolesAllowed({Roles.WORKER, Roles.SUPERVISOR})
public class ImportCheckAgainPage {

    private final ImportService imports;
    private final CurrentActor current;

    ImportCheckAgainPage(ImportService imports, CurrentActor current) {
        this.imports = imports;
        this.current = current;
    }

    @POST
    public Response checkAgain(@PathParam("id") String id) {
        ImportView view =
                imports.checkAgain(current.get(), Ids.parse(id).orElseThrow(() -> ProblemException.notFound("导入")));
        return Response.ok().header("HX-Redirect", "/imports/" + view.id()).build();
    }
}
