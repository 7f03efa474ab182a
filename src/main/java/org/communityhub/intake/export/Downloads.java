package org.communityhub.intake.export;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.nio.charset.StandardCharsets;
import org.communityhub.access.Actor;

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
                .header(HttpHeaders.CONTENT_DISPOSITION, contentDisposition(export.fileName(), export.asciiFileName()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header(ROWS, export.residents().size())
                .header(NOT_CONCERNED, export.notConcerned())
                .build();
    }

    static String contentDisposition(String fileName, String asciiFallback) {
        return "attachment; filename=\"" + asciiFallback.replaceAll("[^A-Za-z0-9._-]", "_") + "\"; filename*=UTF-8''"
                + encode(fileName);
    }

    /** RFC 5987 value characters: letters, digits and !#$&+-.^_`|~ as they are, every other byte as %XX. */
    static String encode(String value) {
        StringBuilder sb = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
