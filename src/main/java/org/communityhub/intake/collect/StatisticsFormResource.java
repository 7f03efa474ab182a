package org.communityhub.intake.collect;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.time.LocalDate;
import java.util.stream.Collectors;
import org.communityhub.access.Actor;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.http.Attachments;
import org.communityhub.registry.statistics.Statistics;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/** A statistics form (rows of communities, columns of counts) sent in, and returned filled from the register. */
@Path("/api/v1/statistics/forms")
@Tag(name = "Statistics", description = "统计表：按社区统计户籍人口、高龄老人、党员、低保户等，指标可由本区补充")
@RolesAllowed({Roles.WORKER, Roles.SUPERVISOR})
public class StatisticsFormResource {

    static final String AS_OF = "X-Statistics-As-Of";
    static final String NOT_MATCHED = "X-Rows-Not-Matched";

    private final StatisticsForms forms;
    private final Statistics statistics;
    private final CurrentActor current;

    StatisticsFormResource(StatisticsForms forms, Statistics statistics, CurrentActor current) {
        this.forms = forms;
        this.statistics = statistics;
        this.current = current;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces({FilledForm.XLSX_TYPE, "text/csv", "application/problem+json"})
    @Operation(
            summary = "Fill a statistics form from the register",
            description = "file: an XLSX or CSV whose header (under title rows, if any) names indicators (GET"
                    + " /api/v1/statistics/indicators) and a community column; each row naming a community of the"
                    + " caller's area (by name or 12-digit code) is filled, a row of 合计/总计 gets the totals, a form"
                    + " with no rows gets one per community. division: a division of the caller's area (default:"
                    + " the caller's area); asOf: yyyy-MM-dd (default today). The definitions and the date are"
                    + " written under the table; rows the hub could not place are listed in X-Rows-Not-Matched.")
    @APIResponse(
            responseCode = "200",
            description = "The form, filled, in its own format and layout",
            content = {
                @Content(
                        mediaType = FilledForm.XLSX_TYPE,
                        schema = @Schema(type = SchemaType.STRING, format = "binary")),
                @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING, format = "binary"))
            })
    public Response fill(
            @RestForm("file") FileUpload file,
            @RestForm("division") String division,
            @RestForm("asOf") String asOfText) {
        Actor actor = current.get();
        if (file == null) {
            throw ProblemException.invalid("file", "required", "请在表单字段 file 中上传统计表（.xlsx 或 .csv）。");
        }
        LocalDate asOf = statistics.asOf(asOfText);
        String name = file.fileName() == null || file.fileName().isBlank()
                ? "统计表.xlsx"
                : java.nio.file.Path.of(file.fileName()).getFileName().toString();
        StatisticsForms.Filled filled = forms.fill(actor, file.uploadedFile(), name, division, asOf);
        StreamingOutput body = out -> forms.write(filled, out);
        return Response.ok(body, filled.mediaType())
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        Attachments.contentDisposition(filled.fileName(), filled.asciiFileName()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header(AS_OF, asOf.toString())
                .header(
                        NOT_MATCHED,
                        filled.rowsNotMatched().stream().map(String::valueOf).collect(Collectors.joining(",")))
                .build();
    }
}
