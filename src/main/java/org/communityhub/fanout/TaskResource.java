package org.communityhub.fanout;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.ids.Ids;
import org.communityhub.common.paging.Filters;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Work for the worker: platform rejections of residents in their area. */
@Path("/api/v1/tasks")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.WORKER, Roles.SUPERVISOR})
@Tag(name = "Tasks", description = "待办：平台拒收的记录等")
public class TaskResource {

    private final TaskService tasks;
    private final CurrentActor current;

    TaskResource(TaskService tasks, CurrentActor current) {
        this.tasks = tasks;
        this.current = current;
    }

    @GET
    @Operation(summary = "Tasks in the caller's area; status=open (default) or closed")
    public Page<TaskView> list(
            @QueryParam("status") String status,
            @QueryParam("residentId") String residentId,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        FieldErrors errors = new FieldErrors();
        PageRequest paging = PageRequest.of(page, size);
        String s = Filters.text(status);
        if (s != null && !s.equals("open") && !s.equals("closed")) {
            errors.add("status", "unknown-code", "status 为 open 或 closed。");
        }
        UUID resident = null;
        if (Filters.text(residentId) != null) {
            resident = Ids.parse(residentId.strip()).orElse(null);
            if (resident == null) {
                errors.add("residentId", "invalid-format", "居民 id 格式不正确。");
            }
        }
        errors.throwIfAny();
        return tasks.list(current.get(), !"closed".equals(s), resident, paging);
    }
}
