package org.communityhub.intake.export;

import java.util.Optional;

/** The file an export is written as. */
public enum ExportFormat {
    /** An Excel workbook, every cell text (an ID number as a number would lose digits). */
    XLSX("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    /**
     * Comma-separated, CRLF; UTF-8 with a byte-order mark (Excel on Chinese Windows needs it), or a
     * platform template in the encoding its definition names.
     */
    CSV("csv", "text/csv"); // the charset is the export's: PreparedExport.mediaType

    public static final String XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public static final String CSV_TYPE = "text/csv";

    private final String extension;
    private final String mediaType;

    ExportFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = mediaType;
    }

    public String extension() {
        return extension;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The format named {@code xlsx} or {@code csv}. */
    public static Optional<ExportFormat> named(String name) {
        for (ExportFormat f : values()) {
            if (f.extension.equals(name)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
