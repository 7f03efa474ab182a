package org.communityhub.intake.collect;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
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
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.ids.Ids;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.intake.imports.MappingChange;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** Collections (摸排/填报): a street's own form, filled for each community from the registry. */
@Path("/api/v1/collections")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.WORKER, Roles.SUPERVISOR})
@Tag(name = "Collections", description = "摸排/填报：街道上传自己的表格，系统按词汇把认识的列对应到登记信息，各社区下载已填好已知列的本社区表格")
public class CollectionResource {

    /** Rows in the filled form (title and header rows not counted). */
    static final String ROWS = FilledForm.ROWS;

    private final CollectionService collections;
    private final CollectionForms forms;
    private final ReturnedForms returns;
    private final CurrentActor current;

    CollectionResource(
            CollectionService collections, CollectionForms forms, ReturnedForms returns, CurrentActor current) {
        this.collections = collections;
        this.forms = forms;
        this.returns = returns;
        this.current = current;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(
            summary = "Create a collection from a form (XLSX or CSV, a header row, possibly under title rows)",
            description = "The header row is found as an import finds a ledger's; each header is read through the"
                    + " vocabulary (header synonyms) into a field of the resident field catalogue (prefilled) or"
                    + " left to the communities (to-fill). scope: community codes (12 digits, comma-separated)"
                    + " inside the caller's area; selection: all, or terms joined by ; (all must hold): tag:<tag"
                    + " name>, age>=N, age<N, heads, party, league; dueDate: yyyy-MM-dd. Every problem is answered"
                    + " at once (422) and nothing is stored. A statistics form (a place column and at least two"
                    + " indicators of GET /api/v1/statistics/indicators, at most one other resident field) is no"
                    + " collection: 422 statistics-form, naming the indicators (extension indicators); fill it with"
                    + " POST /api/v1/statistics/forms.")
    @APIResponse(responseCode = "201", description = "The collection, with its columns as mapped")
    public Response create(
            @RestForm("file") FileUpload file,
            @RestForm("title") String title,
            @RestForm("scope") String scope,
            @RestForm("selection") String selection,
            @RestForm("dueDate") String dueDate) {
        CollectionView view = collections.create(
                current.get(),
                new CollectionService.NewCollection(
                        file == null ? null : file.fileName(),
                        file == null ? null : file.uploadedFile(),
                        title,
                        scope,
                        selection,
                        dueDate));
        return Response.created(URI.create("/api/v1/collections/" + view.id()))
                .entity(view)
                .build();
    }

    @GET
    @Operation(
            summary = "The collections the caller may see, newest first, each with every community's progress",
            description = "Those the caller created and those for a community of the caller's area. page from 0,"
                    + " size 1–200 (20).")
    public Page<CollectionView> list(@QueryParam("page") String page, @QueryParam("size") String size) {
        return collections.list(current.get(), PageRequest.of(page, size));
    }

    @GET
    @Path("{id}")
    @Operation(
            summary = "A collection: its columns as mapped, scope, selection, due date, and each community's status",
            description = "For the supervisor who created it and anyone whose area covers one of its communities.")
    public CollectionView get(@PathParam("id") String id) {
        return collections.get(current.get(), collectionId(id));
    }

    @PUT
    @Path("{id}/mapping")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(
            summary = "Correct which field fills which column",
            description =
                    "columns: [{column (1-based), field}], field a field of the resident field catalogue (its name"
                            + " or Chinese label) or null to leave the column to be filled in. Columns not listed keep their"
                            + " mapping.")
    public CollectionView changeMapping(@PathParam("id") String id, MappingChange change) {
        return collections.changeMapping(current.get(), collectionId(id), ProblemException.requireBody(change));
    }

    @POST
    @Path("{id}/close")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(
            summary = "Close a collection: no more form downloads, saves on the fill page or returns",
            description = "The summary stays downloadable; once closed, the answers may be deleted (DELETE"
                    + " /api/v1/collections/{id}/answers) and are deleted by the retention period"
                    + " (hub.retention.collection-answers). The supervisor who created the collection, or one whose"
                    + " area covers all its communities (else 403); 409 collection-closed if it already is.")
    @APIResponse(responseCode = "200", description = "The collection, status closed")
    public CollectionView close(@PathParam("id") String id) {
        return collections.close(current.get(), collectionId(id));
    }

    @POST
    @Path("{id}/reopen")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(
            summary = "Open a closed collection again",
            description = "For a community that still had its form to send: downloads, saves on the fill page and"
                    + " returns are taken again. Who may close it may do this (else 403); 409 collection-open if it"
                    + " is open, 409 answers-deleted once its answers were deleted. reopenedAt and reopenedBy say"
                    + " who did it and when.")
    @APIResponse(responseCode = "200", description = "The collection, status open")
    public CollectionView reopen(@PathParam("id") String id) {
        return collections.reopen(current.get(), collectionId(id));
    }

    @DELETE
    @Path("{id}/answers")
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(
            summary = "Delete every answer kept for a closed collection",
            description = "The answers the communities gave in the columns to fill (returned forms and rows saved on"
                    + " the page), for every resident; the form, its columns and the returns' counts stay, the summary"
                    + " has the columns to fill empty. Who and when are recorded (answersDeletedAt, answersDeletedBy)."
                    + " Only once the collection is closed (else 409 collection-open); the supervisor who created it,"
                    + " or one whose area covers all its communities (else 403).")
    @APIResponse(responseCode = "200", description = "How many residents' answers were deleted")
    public CollectionService.AnswersDeleted deleteAnswers(@PathParam("id") String id) {
        return collections.deleteAnswers(current.get(), collectionId(id));
    }

    @GET
    @Path("{id}/forms/{communityCode}")
    @Produces({FilledForm.XLSX_TYPE, "text/csv", "application/problem+json"})
    @Operation(
            summary = "A community's form, filled from the registry",
            description = "The form as sent (title rows, headers and their order, column widths), a row per resident"
                    + " the selection takes (per household for heads), prefilled columns as an export writes them, to-fill"
                    + " columns empty, and a key column 编号（勿改） last. An export: purpose (access-purpose code table;"
                    + " purposeNote where it requires one) is required, one access-log entry (action EXPORT) names every"
                    + " resident and field; restricted tags are never filled for roles not granted them. A worker of the"
                    + " community, or anyone whose area covers it (else 403).")
    @APIResponse(
            responseCode = "200",
            description =
                    "The filled form, as an attachment, in the format of the form sent; X-Export-Rows gives its rows",
            content = {
                @Content(
                        mediaType = FilledForm.XLSX_TYPE,
                        schema = @Schema(type = SchemaType.STRING, format = "binary")),
                @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING, format = "binary"))
            })
    public Response form(
            @PathParam("id") String id,
            @PathParam("communityCode") String communityCode,
            @Parameter(
                            description = "Why the personal data leaves the hub: a code of the access-purpose table",
                            required = true)
                    @QueryParam("purpose")
                    String purpose,
            @Parameter(description = "Required by some purposes (legal-request, other)") @QueryParam("purposeNote")
                    String purposeNote) {
        Actor actor = current.get();
        return forms.download(actor, forms.prepare(actor, collectionId(id), communityCode, purpose, purposeNote));
    }

    @GET
    @Path("{id}/summary")
    @Produces({FilledForm.XLSX_TYPE, "text/csv", "application/problem+json"})
    @RolesAllowed(Roles.SUPERVISOR)
    @Operation(
            summary = "The whole scope's form, filled, with the answers the communities gave (汇总表)",
            description = "The form as sent (title rows, headers and their order, column widths), a row per resident"
                    + " the selection takes in every community of the collection, community by community in address"
                    + " order; prefilled columns from the registry, to-fill columns with the answers kept (the latest"
                    + " return or page save standing; empty where none), the key column 编号（勿改） last. An export:"
                    + " purpose required, one access-log entry (action EXPORT) names every resident and field"
                    + " (collectionAnswers for the answers); restricted tags are never filled for roles not granted"
                    + " them. The supervisor who created the collection, or one whose area covers all its communities"
                    + " (else 403).")
    @APIResponse(
            responseCode = "200",
            description = "The summary, as an attachment, in the format of the form sent; X-Export-Rows gives its rows",
            content = {
                @Content(
                        mediaType = FilledForm.XLSX_TYPE,
                        schema = @Schema(type = SchemaType.STRING, format = "binary")),
                @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING, format = "binary"))
            })
    public Response summary(
            @PathParam("id") String id,
            @Parameter(
                            description = "Why the personal data leaves the hub: a code of the access-purpose table",
                            required = true)
                    @QueryParam("purpose")
                    String purpose,
            @Parameter(description = "Required by some purposes (legal-request, other)") @QueryParam("purposeNote")
                    String purposeNote) {
        Actor actor = current.get();
        return forms.download(actor, forms.prepareSummary(actor, collectionId(id), purpose, purposeNote));
    }

    @POST
    @Path("{id}/returns")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Operation(
            summary = "Send back a community's filled form",
            description = "multipart: file (the form as downloaded and filled, XLSX or CSV) and communityCode. Rows are"
                    + " matched by the key column 编号（勿改）, columns by their headers. The answers in the columns to"
                    + " fill are kept per resident (encrypted; a later return's answer stands). A prefilled value that"
                    + " changed is listed in proposedUpdates and never applied as it comes: those the import takes"
                    + " (offered) and the rows added without a key that name a person (rowsAdded) become an import,"
                    + " checkImportId, checked by the import's rules and applied only when the worker commits it with"
                    + " updates=apply. Rows whose key names no resident of the community are counted (rowsNotMatched)."
                    + " A worker of the community, or anyone whose area covers it.")
    @APIResponse(responseCode = "201", description = "What the returned form held")
    public Response returned(
            @PathParam("id") String id,
            @RestForm("communityCode") String communityCode,
            @RestForm("file") FileUpload file) {
        ReturnView view = returns.receive(
                current.get(),
                collectionId(id),
                communityCode == null ? null : communityCode.strip(),
                file == null ? null : file.fileName(),
                file == null ? null : file.uploadedFile());
        return Response.status(Response.Status.CREATED).entity(view).build();
    }

    private static UUID collectionId(String id) {
        return Ids.parse(id).orElseThrow(() -> ProblemException.notFound("填报"));
    }
}
