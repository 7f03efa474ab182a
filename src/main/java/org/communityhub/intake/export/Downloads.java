package org.communityhub.intake.export;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.communityhub.access.Actor;
import org.communityhub.common.http.Attachments;

/** An export as an HTTP download, for the API and the pages alike. */
final class Downloads {

    /** Rows in the file (header and title rows not counted). */
    static final String ROWS = "X-Export-Rows";

    /** Residents selected whom the platform's definition does not concern, so who got no row. */
    static final String NOT_CONCERNED = "X-Export-Not-Concerned";

    private Downloads() {}

    /**
     * The file, streamed as it is written, never cached; named for saving in Chinese (RFC 6266 with
     * an RFC 5987 {@code filename*}) and in ASCII for programs that take no other.
     */
    static Response of(ExportService exports, Actor actor, PreparedExport export) {
        StreamingOutput body = out -> exports.write(actor, export, out);
        return Response.ok(body, export.mediaType())
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        Attachments.contentDisposition(export.fileName(), export.asciiFileName()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header(ROWS, export.residents().size())
                .header(NOT_CONCERNED, export.notConcerned())
                .build();
    }
}
