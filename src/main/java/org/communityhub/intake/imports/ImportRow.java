package org.communityhub.intake.imports;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One row of an upload as the check reads it (the worker's corrections over the file's cells),
 * for correcting it: each column with its header, the field it fills and its value. ID numbers and
 * phones are masked (as in the result file without a reveal): a corrected number is typed from the
 * original document, not copied from the file.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImportRow(long row, List<Cell> cells, List<ImportFinding> findings) {

    /**
     * A cell: {@code masked} when its value is shown masked; {@code corrected} when the value is a
     * worker's correction rather than the file's.
     */
    public record Cell(
            int column,
            String header,
            String field,
            String fieldLabel,
            String value,
            boolean masked,
            boolean corrected) {}
}
