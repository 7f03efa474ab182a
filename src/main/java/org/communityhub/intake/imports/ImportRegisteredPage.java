package org.communityhub.intake.imports;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.communityhub.access.Actor;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.ids.Ids;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.registry.household.ChangesByUser;

/** 新登记的居民: the people a committed import registered, each a link to their page. */
@Path("/imports/{id}/registered")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.WORKER, Roles.SUPERVISOR})
public class ImportRegisteredPage {

    @CheckedTemplate(basePath = "ImportPage")
    static class Templates {
        static native TemplateInstance registered(ImportView view, Page<ChangesByUser.RegisteredPerson> people);
    }

    private final ImportService imports;
    private final CurrentActor current;

    ImportRegisteredPage(ImportService imports, CurrentActor current) {
        this.imports = imports;
        this.current = current;
    }

    @GET
    public TemplateInstance list(@PathParam("id") String id, @QueryParam("page") String page) {
        Actor actor = current.get();
        var importId = Ids.parse(id).orElseThrow(() -> ProblemException.notFound("导入"));
        ImportView view = imports.get(actor, importId, null, null, PageRequest.of("0", "1"));
        if (view.summary() == null) {
            throw ProblemException.conflict("not-committed", "该导入还没有提交，没有新登记的居民。");
        }
        return Templates.registered(view, imports.registered(actor, importId, PageRequest.of(page, "50")));
    }
}
