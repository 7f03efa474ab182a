package org.communityhub.fanout;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.ids.Ids;
import org.communityhub.common.paging.Filters;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The platforms, for their administrator: status, run now, pause, preview, resync, dead letters. */
@Path("/api/v1/adapters")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADAPTER_ADMIN)
@Tag(name = "Adapters", description = "上游平台：状态、立即运行、暂停与恢复、数据预览、全量重发、死信重放")
public class AdapterOperationsResource {

    private final AdapterOperations operations;
    private final CurrentActor current;
    private final DefinitionCheckService checks;

    AdapterOperationsResource(AdapterOperations operations, CurrentActor current, DefinitionCheckService checks) {
        this.operations = operations;
        this.current = current;
        this.checks = checks;
    }

    @GET
    @Operation(summary = "Every platform with its version, legal basis, schedule, allow-list and delivery counts")
    public List<AdapterStatus> list() {
        return operations.list();
    }

    @POST
    @Path("check")
    @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN})
    @Operation(
            summary = "Check a platform definition (YAML) without putting it in place",
            description = "Every problem at once, each with its line, column and a message in Chinese; when the"
                    + " definition is valid, who it selects among the caller's residents and how many, and the"
                    + " records (and, for an http platform, the request body) it would send for a few of them,"
                    + " ID numbers and phones masked. Nothing is stored and nothing is sent.")
    public DefinitionCheck check(String yaml) {
        return checks.check(current.get(), yaml);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "One platform")
    public AdapterStatus get(@PathParam("id") String id) {
        return operations.get(id);
    }

    @POST
    @Path("{id}/runs")
    @Operation(summary = "Run now: everything waiting for the platform becomes due")
    public Response run(@PathParam("id") String id) {
        return Response.accepted(Map.of("due", operations.runNow(id))).build();
    }

    @POST
    @Path("{id}/pause")
    @Operation(summary = "Pause deliveries to the platform (changes keep being queued)")
    public AdapterStatus pause(@PathParam("id") String id) {
        return operations.pause(current.get(), id);
    }

    @POST
    @Path("{id}/resume")
    @Operation(summary = "Resume deliveries to the platform")
    public AdapterStatus resume(@PathParam("id") String id) {
        return operations.resume(current.get(), id);
    }

    @GET
    @Path("{id}/preview/{residentId}")
    @Operation(summary = "The record the platform would get for a resident now, and its difference from the last one")
    public PayloadPreview preview(@PathParam("id") String id, @PathParam("residentId") String residentId) {
        return operations.preview(
                current.get(), id, Ids.parse(residentId).orElseThrow(() -> ProblemException.notFound("居民")));
    }

    @POST
    @Path("{id}/resync")
    @Operation(summary = "Send the platform everything it should hold")
    public Response resync(@PathParam("id") String id) {
        return Response.accepted(Map.of("queued", operations.resync(current.get(), id)))
                .build();
    }

    @GET
    @Path("{id}/deliveries")
    @Operation(summary = "Deliveries by status; status=DEAD lists the dead letters")
    public Page<DeliveryItem> deliveries(
            @PathParam("id") String id,
            @QueryParam("status") String status,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        String s = Filters.text(status);
        return operations.deliveries(id, s == null ? null : s.toUpperCase(), PageRequest.of(page, size));
    }

    @POST
    @Path("{id}/deliveries/replay")
    @Operation(summary = "Replay every dead delivery of the platform")
    public Map<String, Integer> replayAll(@PathParam("id") String id) {
        return Map.of("replayed", operations.replay(current.get(), id, null));
    }

    @POST
    @Path("{id}/deliveries/{deliveryId}/replay")
    @Operation(summary = "Replay one dead delivery")
    public Map<String, Integer> replay(@PathParam("id") String id, @PathParam("deliveryId") String deliveryId) {
        long delivery;
        try {
            delivery = Long.parseLong(deliveryId);
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("死信投递");
        }
        return Map.of("replayed", operations.replay(current.get(), id, delivery));
    }
}
