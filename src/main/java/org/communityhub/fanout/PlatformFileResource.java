package org.communityhub.fanout;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.common.http.Attachments;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The files written for file platforms, for whoever uploads them: the platform's administrator,
 * and a street's or community's workers and supervisors for their own area's file where the
 * definition writes one per area ({@code transport.filesPer}).
 */
@Path("/api/v1/adapters/{id}/files")
@RolesAllowed({Roles.ADAPTER_ADMIN, Roles.SUPERVISOR, Roles.WORKER})
@Tag(name = "Platform files", description = "文件类平台（Excel、CSV 导入文件）生成的文件：列出与下载")
public class PlatformFileResource {

    private final PlatformFiles files;
    private final CurrentActor current;

    PlatformFileResource(PlatformFiles files, CurrentActor current) {
        this.files = files;
        this.current = current;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "The platform's files the caller may download, newest first",
            description = "An adapter administrator sees every file; a worker or supervisor sees the files of the"
                    + " streets or communities in their area, where the definition writes one per area"
                    + " (transport.filesPer: street or community), and is refused (403) otherwise. isNew: no one has"
                    + " downloaded the file since it was written.")
    public List<PlatformFile> list(@PathParam("id") String id) {
        return files.list(current.get(), id);
    }

    @GET
    @Path("{fileId}")
    @Produces({"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "text/csv"})
    @Operation(
            summary = "Download one of the platform's files",
            description = "The file holds ID numbers and phones in full: a purpose from the access-purpose code"
                    + " table is required (purposeNote where it requires one; 422 otherwise), and one access-log entry"
                    + " (action EXPORT) names every resident in the file and the platform's fields before it is sent."
                    + " 403 for another area's file, 404 for an unknown platform or file, 410 when the file is no"
                    + " longer on the server.")
    @APIResponse(
            responseCode = "200",
            description = "The file, as an attachment named as it was written",
            content = {
                @Content(
                        mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        schema = @Schema(type = SchemaType.STRING, format = "binary")),
                @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING, format = "binary"))
            })
    public Response download(
            @PathParam("id") String id,
            @PathParam("fileId") String fileId,
            @QueryParam("purpose") String purpose,
            @QueryParam("purposeNote") String purposeNote) {
        return response(files.download(current.get(), id, fileId, purpose, purposeNote));
    }

    /** The file as an HTTP download, for the API and the pages alike. */
    static Response response(PlatformFiles.Download download) {
        return Response.ok(download.path().toFile(), download.mediaType())
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        Attachments.contentDisposition(download.fileName(), download.asciiFileName()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .build();
    }
}
