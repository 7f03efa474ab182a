package org.communityhub.intake.imports;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.ids.Ids;
import org.communityhub.common.paging.PageRequest;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * 台账导入: upload a ledger, watch it being checked (a progress bar that htmx refreshes), correct
 * the column mapping, look through what was found, commit or cancel, download the result file.
 * Everything goes through {@link ImportService}, as the API does.
 */
@Path("/imports")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.WORKER, Roles.SUPERVISOR})
public class ImportPage {

    /** A field a column can be mapped to, for the mapping form. */
    public record FieldOption(String key, String label) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<ImportView> imports);

        static native TemplateInstance detail(ImportView view, List<FieldOption> fields, String severity);

        static native TemplateInstance detail$progress(ImportView view);
    }

    private final ImportService imports;
    private final CurrentActor current;

    ImportPage(ImportService imports, CurrentActor current) {
        this.imports = imports;
        this.current = current;
    }

    @GET
    public TemplateInstance list() {
        return Templates.list(imports.recent(current.get()));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@RestForm("file") FileUpload file) {
        if (file == null || file.uploadedFile() == null || file.size() == 0) {
            throw ProblemException.invalid("file", "required", "请选择要导入的 .xlsx 或 .csv 文件。");
        }
        ImportView view = imports.upload(current.get(), file.fileName(), file.uploadedFile());
        return Response.ok().header("HX-Redirect", "/imports/" + view.id()).build();
    }

    @GET
    @Path("{id}")
    public TemplateInstance detail(
            @PathParam("id") String id, @QueryParam("severity") String severity, @QueryParam("page") String page) {
        String shown = "ERROR".equals(severity) || "WARNING".equals(severity) ? severity : null;
        ImportView view = imports.get(current.get(), importId(id), shown, null, PageRequest.of(page, "50"));
        List<FieldOption> fields = Arrays.stream(ImportField.values())
                .map(f -> new FieldOption(f.key(), f.label()))
                .toList();
        return Templates.detail(view, fields, shown == null ? "" : shown);
    }

    /** The progress bar, polled while the import is under way; when it settles, the page reloads. */
    @GET
    @Path("{id}/progress")
    public Response progress(@PathParam("id") String id) {
        ImportView view = imports.get(current.get(), importId(id), null, null, PageRequest.of("0", "1"));
        if (view.state() != ImportState.PARSING && view.state() != ImportState.COMMITTING) {
            return Response.ok().header("HX-Refresh", "true").build();
        }
        return Response.ok(Templates.detail$progress(view)).build();
    }

    @POST
    @Path("{id}/mapping")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response mapping(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        List<MappingChange.ColumnField> columns = new ArrayList<>();
        form.forEach((name, values) -> {
            if (name.startsWith("column") && !values.isEmpty()) {
                try {
                    int column = Integer.parseInt(name.substring("column".length()));
                    columns.add(new MappingChange.ColumnField(column, values.get(0)));
                } catch (NumberFormatException e) {
                    // not a column of the form: ignored
                }
            }
        });
        ImportView view = imports.changeMapping(current.get(), importId(id), new MappingChange(columns));
        return Response.ok().header("HX-Redirect", "/imports/" + view.id()).build();
    }

    @POST
    @Path("{id}/sheet")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response sheet(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        ImportView view = imports.chooseSheet(
                current.get(), importId(id), new SheetChoice(form == null ? null : form.getFirst("sheet")));
        return Response.ok().header("HX-Redirect", "/imports/" + view.id()).build();
    }

    @POST
    @Path("{id}/commit")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response commit(
            @PathParam("id") String id, @QueryParam("mode") String mode, MultivaluedMap<String, String> form) {
        boolean apply = form != null && "apply".equals(form.getFirst("updates"));
        ImportView view = imports.commit(current.get(), importId(id), mode, apply);
        return Response.ok().header("HX-Redirect", "/imports/" + view.id()).build();
    }

    /** The answer to one row's suggestion (采纳 / 不采纳); the page shows the import again. */
    @POST
    @Path("{id}/decisions")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response decide(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        Long row = null;
        try {
            row = form == null || form.getFirst("row") == null ? null : Long.valueOf(form.getFirst("row"));
        } catch (NumberFormatException e) {
            // refused below as a missing row
        }
        String accept = form == null ? null : form.getFirst("accept");
        ImportView view = imports.decide(
                current.get(),
                importId(id),
                new ImportDecisions(List.of(new ImportDecisions.Decision(
                        row, accept == null ? null : Boolean.valueOf("true".equals(accept))))));
        return Response.ok().header("HX-Redirect", "/imports/" + view.id()).build();
    }

    @POST
    @Path("{id}/cancel")
    public Response cancel(@PathParam("id") String id) {
        ImportView view = imports.cancel(current.get(), importId(id));
        return Response.ok().header("HX-Redirect", "/imports/" + view.id()).build();
    }

    @GET
    @Path("{id}/result")
    @Produces({"text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", MediaType.TEXT_HTML})
    public Response result(
            @PathParam("id") String id,
            @QueryParam("reveal") String reveal,
            @QueryParam("purpose") String purpose,
            @QueryParam("purposeNote") String purposeNote) {
        Actor actor = current.get();
        ResultFiles.Result result = imports.result(actor, importId(id), reveal, purpose, purposeNote);
        return result.download();
    }

    private static UUID importId(String id) {
        return Ids.parse(id).orElseThrow(() -> ProblemException.notFound("导入"));
    }
}
