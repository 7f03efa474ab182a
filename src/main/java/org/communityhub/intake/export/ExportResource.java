package org.communityhub.intake.export;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.communityhub.access.Actor;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.adapter.Adapters;
import org.communityhub.common.error.FieldErrors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Template export (导出平台模板): residents as a platform's spreadsheet, or in columns the user picks. */
@Path("/api/v1/exports")
@RolesAllowed({Roles.WORKER, Roles.SUPERVISOR})
@Tag(name = "Exports", description = "按平台模板或自选列导出居民（XLSX/CSV）；导出即查看明文，须说明目的并记入访问日志")
public class ExportResource {

    /** What can be exported: the platforms' templates, and the columns a user may pick. */
    public record Templates(List<Platform> platforms, List<ExportColumns.Column> columns) {}

    /** A platform's template: its fields in its order. */
    public record Platform(String id, String name, List<String> fields) {}

    private final ExportService exports;
    private final ExportColumns columns;
    private final Adapters adapters;
    private final CurrentActor current;

    ExportResource(ExportService exports, ExportColumns columns, Adapters adapters, CurrentActor current) {
        this.exports = exports;
        this.columns = columns;
        this.adapters = adapters;
        this.current = current;
    }

    @GET
    @Produces({ExportFormat.XLSX_TYPE, ExportFormat.CSV_TYPE})
    @Operation(
            summary = "Export residents in a platform's template (adapter) or in columns of one's choice (columns)",
            description = "The residents of the resident search (its filters), or of list=party-members or"
                    + " list=league-members (their filters), in the caller's area. A platform's template has"
                    + " exactly the fields, names, order, codes and formats the platform receives, and a row for"
                    + " each resident its definition concerns (X-Export-Not-Concerned counts the others); a column"
                    + " set has Chinese headers. ID numbers and phones are in full: roles in"
                    + " hub.privacy.reveal-roles only, with a purpose from the access-purpose code table"
                    + " (purposeNote where it requires one); one access-log entry (action EXPORT) names every"
                    + " resident and field before the file is sent. At most hub.export.max-rows rows (100,000 by default; else 422 too-many-rows);"
                    + " restricted tags only for roles granted them. CSV is UTF-8 with a byte-order mark, or a platform template in the encoding its definition names (GB18030); text that"
                    + " a spreadsheet would take for a formula starts with an apostrophe.")
    @APIResponse(
            responseCode = "200",
            description = "The file, as an attachment; X-Export-Rows gives its rows",
            content = {
                @Content(
                        mediaType = ExportFormat.XLSX_TYPE,
                        schema =
                                @Schema(
                                        type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
                                        format = "binary")),
                @Content(
                        mediaType = ExportFormat.CSV_TYPE,
                        schema =
                                @Schema(
                                        type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING,
                                        format = "binary"))
            })
    public Response export(@BeanParam ExportParameters parameters) {
        Actor actor = current.get();
        FieldErrors errors = new FieldErrors();
        ExportRequest request = ExportRequest.read(parameters, errors);
        PreparedExport export = exports.prepare(actor, request, errors, "GET /api/v1/exports");
        return Downloads.of(exports, actor, export);
    }

    @GET
    @Path("templates")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The platforms' templates and the columns the caller may pick for an export")
    public Templates templates() {
        return new Templates(
                adapters.all().stream()
                        .map(d -> new Platform(d.id(), d.name(), d.fieldNames()))
                        .toList(),
                columns.available(current.get()));
    }
}
