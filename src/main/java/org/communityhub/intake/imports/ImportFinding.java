package org.communityhub.intake.imports;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.UUID;
import org.communityhub.common.history.FieldChange;

/**
 * One thing the check found in a row: the row's number as the spreadsheet shows it, the column
 * (1-based) and its header, the field, a stable code, a Chinese message that never quotes the cell,
 * and whether it stops the row (ERROR) or only informs (WARNING). A row that would update a
 * resident already registered names them and lists the differences (identifiers masked).
 *
 * <p>A finding that asks for one decision (a damaged ID number probably of a registered resident,
 * named by {@code residentId}, or of the person on another row, {@code otherRow}) carries the
 * worker's {@code decision}: {@code pending}, {@code accepted} (the row is treated as that person)
 * or {@code declined}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImportFinding(
        long row,
        Integer column,
        String columnName,
        String field,
        String code,
        String message,
        Severity severity,
        UUID residentId,
        List<FieldChange> changes,
        Long otherRow,
        String decision) {

    /** A decision asked for and not yet given. */
    static final String PENDING = "pending";

    static final String ACCEPTED = "accepted";
    static final String DECLINED = "declined";

    ImportFinding(
            long row,
            Integer column,
            String columnName,
            String field,
            String code,
            String message,
            Severity severity,
            UUID residentId,
            List<FieldChange> changes) {
        this(row, column, columnName, field, code, message, severity, residentId, changes, null, null);
    }

    public enum Severity {
        ERROR,
        WARNING
    }

    /** Whether any of these findings stops its row. */
    static boolean anyError(List<ImportFinding> found) {
        return found.stream().anyMatch(f -> f.severity() == Severity.ERROR);
    }

    /** This finding naming a registered resident, with the differences of the row from their record (or null). */
    ImportFinding naming(UUID resident, List<FieldChange> differences) {
        return new ImportFinding(
                row, column, columnName, field, code, message, severity, resident, differences, otherRow, decision);
    }

    /** This finding asking whether the row is the person of {@code other} (a row) or of its resident: pending. */
    ImportFinding asking(Long other) {
        return new ImportFinding(
                row, column, columnName, field, code, message, severity, residentId, changes, other, PENDING);
    }

    /** This finding naming {@code other}, a row of the same person, without asking anything. */
    ImportFinding linking(long other) {
        return new ImportFinding(
                row, column, columnName, field, code, message, severity, residentId, changes, other, decision);
    }

    static ImportFinding error(long row, Integer column, String columnName, String field, String code, String message) {
        return new ImportFinding(row, column, columnName, field, code, message, Severity.ERROR, null, null);
    }

    static ImportFinding warning(
            long row, Integer column, String columnName, String field, String code, String message) {
        return new ImportFinding(row, column, columnName, field, code, message, Severity.WARNING, null, null);
    }
}
