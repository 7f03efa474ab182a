package org.communityhub.intake.imports;

import java.util.List;

/**
 * The rows of an uploaded file, read one at a time so that a file of any length is read in bounded
 * memory. Problems with the file as a whole are thrown as {@link RejectedFileException}.
 */
interface RowSource extends AutoCloseable {

    /** The next row, or null at the end. */
    SheetRow next();

    /** How far into the file reading has come, in bytes of the upload (for the time left). */
    long position();

    /** The text encoding, for CSV; null for XLSX. */
    String encoding();

    /** The name of the workbook's sheet read; null for a CSV. */
    default String sheet() {
        return null;
    }

    /**
     * Sheets of a workbook that hold something but are not read (one sheet is), by name, in the
     * workbook's order: the worker is told, rather than their rows being left out unnoticed.
     */
    default List<String> sheetsNotRead() {
        return List.of();
    }

    @Override
    void close();
}
