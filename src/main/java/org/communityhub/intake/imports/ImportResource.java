package org.communityhub.intake.imports;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.ids.Ids;
import org.communityhub.common.paging.PageRequest;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Spreadsheet import (台账导入): upload a ledger, see what the check found, correct, commit. */
@Path("/api/v1/imports")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.WORKER, Roles.SUPERVISOR})
@Tag(name = "Imports", description = "台账导入：上传 XLSX 或 CSV，逐行按登记规则检查，修正列对应关系，提交（全部或只提交无错误的行），下载结果文件")
public class ImportResource {

    private final ImportService imports;
    private final ImportCorrections corrections;
    private final CurrentActor current;

    ImportResource(ImportService imports, ImportCorrections corrections, CurrentActor current) {
        this.imports = imports;
        this.corrections = corrections;
        this.current = current;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(
            summary = "Upload a ledger (XLSX, or CSV in UTF-8, UTF-8 with BOM or GBK/GB18030)",
            description =
                    "Answers 202 at once; the file is read and checked in the background (state PARSING, then READY"
                            + " or FAILED). A file that is not what its name says is refused (422).")
    public Response upload(@RestForm("file") FileUpload file) {
        if (file == null || file.uploadedFile() == null) {
            throw ProblemException.invalid("file", "required", "请在表单字段 file 中上传一个 .xlsx 或 .csv 文件。");
        }
        ImportView view = imports.upload(current.get(), file.fileName(), file.uploadedFile());
        return Response.accepted(view)
                .location(URI.create("/api/v1/imports/" + view.id()))
                .build();
    }

    @GET
    @Operation(summary = "The caller's recent imports (a supervisor's: also those of their area)")
    public List<ImportView> recent() {
        return imports.recent(current.get());
    }

    @GET
    @Path("{id}")
    @Operation(
            summary = "An import: state, progress, column mapping and a page of findings",
            description = "Findings are per row and column, with a Chinese message and severity ERROR or WARNING;"
                    + " severity=, row= and code= filter them. A row of a resident already registered has code"
                    + " existing-resident and the differences in changes. findingKinds gives every finding by kind"
                    + " (code): a Chinese label, the severity, the rows it is on, and for a kind that asks"
                    + " questions the answers pending, accepted and declined; errors first.")
    public ImportView get(
            @PathParam("id") String id,
            @QueryParam("severity") String severity,
            @QueryParam("row") Long row,
            @QueryParam("code") String code,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        return imports.get(current.get(), importId(id), severity, row, code, PageRequest.of(page, size));
    }

    @GET
    @Path("{id}/rows/{row}")
    @Operation(
            summary = "One row of the file as the check reads it, for correcting it",
            description = "Each column with its header, the field it fills and its value (the worker's correction"
                    + " where there is one: corrected=true). ID numbers and phones are masked (masked=true). 404 above"
                    + " the header row or beyond the file's last row.")
    public ImportRow row(@PathParam("id") String id, @PathParam("row") long row) {
        return corrections.row(current.get(), importId(id), row);
    }

    @PUT
    @Path("{id}/rows/{row}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Correct cells of one row, without uploading the file again",
            description = "cells: by column number (1-based) or header, the value to read instead of the file's"
                    + " (null: the file's own value again). The correction is stored encrypted and read wherever the"
                    + " file is read (check, commit, result file); the file is checked again (state PARSING, then"
                    + " READY), the answers to its questions kept. Only while READY (409); a column not in the file"
                    + " is 400, a row not in it 404.")
    public Response correct(@PathParam("id") String id, @PathParam("row") long row, RowCorrection correction) {
        return Response.accepted(
                        corrections.correct(current.get(), importId(id), row, ProblemException.requireBody(correction)))
                .build();
    }

    @PUT
    @Path("{id}/mapping")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Correct which column fills which field",
            description =
                    "The file is checked again with the corrected mapping, which is remembered for the next file with"
                            + " the same headers.")
    public Response changeMapping(@PathParam("id") String id, MappingChange change) {
        return Response.accepted(
                        imports.changeMapping(current.get(), importId(id), ProblemException.requireBody(change)))
                .build();
    }

    @PUT
    @Path("{id}/sheet")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Read another sheet of the workbook",
            description = "One of the import's otherSheets, by name: its header row is found and its rows checked"
                    + " again. One import reads one sheet; import a workbook's sheets one after another.")
    public Response chooseSheet(@PathParam("id") String id, SheetChoice choice) {
        return Response.accepted(imports.chooseSheet(current.get(), importId(id), ProblemException.requireBody(choice)))
                .build();
    }

    @PUT
    @Path("{id}/decisions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Answer the check's suggestions",
            description = "A row refused for a damaged ID number (check digit, a digit lost or added, cut to 15"
                    + " digits) may carry a suggestion: code damaged-id-number-registered (residentId: probably"
                    + " that registered resident) or damaged-id-number-in-file (otherRow: probably the person of"
                    + " that row), with decision pending. accept=true commits the row as an update of the"
                    + " resident (their registered number kept) or merges it into the other row (not registered"
                    + " on its own); accept=false leaves it refused. All answers are recorded, or none."
                    + " {all: {code, accept}} instead answers every pending question of that kind at once (those"
                    + " answered already keep their answers). Answers are kept when the file is checked again and"
                    + " the same question is asked again.")
    public ImportView decide(@PathParam("id") String id, ImportDecisions decisions) {
        return imports.decide(current.get(), importId(id), ProblemException.requireBody(decisions));
    }

    @POST
    @Path("{id}/commit")
    @Operation(
            summary = "Commit the rows to the registry",
            description = "mode=all-or-nothing writes every row in one transaction or none (refused while a row has an"
                    + " error); mode=valid-rows writes the rows without errors. Rows of residents already registered"
                    + " update them only with updates=apply. Runs in the background (state COMMITTING).")
    public Response commit(
            @PathParam("id") String id, @QueryParam("mode") String mode, @QueryParam("updates") String updates) {
        boolean apply = "apply".equals(updates);
        if (updates != null && !apply && !"skip".equals(updates)) {
            throw ProblemException.invalid("updates", "unknown-value", "updates 应为 apply（按表更新已登记的居民）或 skip（跳过，默认）。");
        }
        return Response.accepted(imports.commit(current.get(), importId(id), mode, apply))
                .build();
    }

    @POST
    @Path("{id}/cancel")
    @Operation(summary = "Cancel an import (a running check or commit stops at its next batch)")
    public ImportView cancel(@PathParam("id") String id) {
        return imports.cancel(current.get(), importId(id));
    }

    @GET
    @Path("{id}/result")
    @Produces({
        "text/csv",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/problem+json"
    })
    @Operation(
            summary = "The result file: the upload's rows with a column of what the check found",
            description = "An export: purpose (access-purpose code table; purposeNote where it requires one) is"
                    + " required. ID numbers and phones are masked unless reveal=idNumber,phone (roles that may"
                    + " reveal). The access log names every registered resident whose row the file holds.")
    public Response result(
            @PathParam("id") String id,
            @QueryParam("reveal") String reveal,
            @QueryParam("purpose") String purpose,
            @QueryParam("purposeNote") String purposeNote) {
        ResultFiles.Result result = imports.result(current.get(), importId(id), reveal, purpose, purposeNote);
        return result.download();
    }

    private static UUID importId(String id) {
        return Ids.parse(id).orElseThrow(() -> ProblemException.notFound("导入"));
    }
}
