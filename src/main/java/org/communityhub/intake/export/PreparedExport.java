package org.communityhub.intake.export;

import java.util.List;
import java.util.UUID;

/**
 * An export checked and logged, ready to be written.
 *
 * @param residents who get a row, in the list's order: exactly those the access log names
 * @param notConcerned residents selected whom the platform's definition does not concern (no row)
 * @param fileName the downloaded file's name (Chinese), e.g. 共青团智慧团建_20261123_183012.xlsx
 * @param asciiFileName the same in ASCII for programs that take no other, e.g. youth-league_20261123_183012.xlsx
 */
public record PreparedExport(
        ExportTemplate template,
        ExportFormat format,
        List<UUID> residents,
        int notConcerned,
        String fileName,
        String asciiFileName) {

    public PreparedExport {
        residents = List.copyOf(residents);
    }

    /** The file's media type, a CSV's with its encoding: the platform's own where it names one. */
    public String mediaType() {
        return format == ExportFormat.CSV
                ? ExportFormat.CSV_TYPE + "; charset=" + template.csvCharset().name()
                : format.mediaType();
    }
}
