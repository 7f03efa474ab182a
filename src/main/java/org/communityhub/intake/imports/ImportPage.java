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

        static native TemplateInstance detail(
                ImportView view, List<FieldOption> fields, String severity, String code, boolean applyUpdates);

        static native TemplateInstance row(ImportView view, ImportRow row);

        static native TemplateInstance detail$progress(ImportView view);
    }

    private final ImportService imports;
    private final ImportCorrections corrections;
    private final CurrentActor current;

    ImportPage(ImportService imports, ImportCorrections corrections, CurrentActor current) {
        this.imports = imports;
        this.corrections = corrections;
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
            @PathParam("id") String id,
            @QueryParam("severity") String severity,
            @QueryParam("code") String code,
            @QueryParam("page") String page,
            @QueryParam("updates") String updates) {
        String shown = "ERROR".equals(severity) || "WARNING".equals(severity) ? severity : null;
        String kind = code == null || code.isBlank() ? null : code.strip();
        ImportView view = imports.get(current.get(), importId(id), shown, null, kind, PageRequest.of(page, "50"));
        List<FieldOption> fields = Arrays.stream(ImportField.values())
                .map(f -> new FieldOption(f.key(), f.label()))
                .toList();
        // An import made of a returned form's changes opens with its updates ticked: applying them is what it is for.
        return Templates.detail(
                view, fields, shown == null ? "" : shown, kind == null ? "" : kind, "apply".equals(updates));
    }

    /** One row of the file with its cells in a form, to correct them (改正本行). */
    @GET
    @Path("{id}/rows/{row}")
    public TemplateInstance row(@PathParam("id") String id, @PathParam("row") String row) {
        Actor actor = current.get();
        UUID importId = importId(id);
        ImportRow shown = corrections.row(actor, importId, rowNumber(row));
        return Templates.row(imports.get(actor, importId, null, null, PageRequest.of("0", "1")), shown);
    }

    /**
     * The corrected cells of a row: a cell whose value the worker changed (a masked number: typed
     * in) is corrected; 恢复 gives a corrected cell the file's value back. The file is checked again.
     */
    @POST
    @Path("{id}/rows/{row}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response correct(
            @PathParam("id") String id, @PathParam("row") String row, MultivaluedMap<String, String> form) {
        Actor actor = current.get();
        UUID importId = importId(id);
        long number = rowNumber(row);
        ImportRow shown = corrections.row(actor, importId, number);
        java.util.Map<String, String> cells = new java.util.LinkedHashMap<>();
        for (ImportRow.Cell cell : shown.cells()) {
            String column = String.valueOf(cell.column());
            if (form != null && form.getFirst("restore" + column) != null && cell.corrected()) {
                cells.put(column, null);
                continue;
            }
            String value = form == null ? null : form.getFirst("cell" + column);
            if (value == null) {
                continue;
            }
            boolean changed = cell.masked() ? !value.isBlank() : !value.equals(cell.value());
            if (changed) {
                cells.put(column, value);
            }
        }
        if (cells.isEmpty()) {
            throw ProblemException.badRequest("nothing-changed", "没有改动任何单元格：请改正后再提交。");
        }
        ImportView view = corrections.correct(actor, importId, number, new RowCorrection(cells));
        return Response.ok().header("HX-Redirect", "/imports/" + view.id()).build();
    }

    /** The same answer to every pending suggestion of one kind (全部采纳 / 全部不采纳). */
    @POST
    @Path("{id}/decisions/all")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response decideAll(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        String code = form == null ? null : form.getFirst("code");
        String accept = form == null ? null : form.getFirst("accept");
        ImportView view = imports.decide(
                current.get(),
                importId(id),
                new ImportDecisions(
                        null,
                        new ImportDecisions.All(code, accept == null ? null : Boolean.valueOf("true".equals(accept)))));
        return Response.ok().header("HX-Redirect", "/imports/" + view.id()).build();
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

    private static long rowNumber(String row) {
        try {
            return Long.parseLong(row);
        } catch (NumberFormatException e) {
            throw ProblemException.notFound("行");
        }
    }

    private static UUID importId(String id) {
        return Ids.parse(id).orElseThrow(() -> ProblemException.notFound("导入"));
    }
}
