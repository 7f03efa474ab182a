package org.communityhub.intake.imports;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.communityhub.common.paging.Page;

/**
 * An import as the API shows it: its state, progress, the sheet read (a workbook's; the other
 * sheets that hold something can be chosen instead), the column mapping and (for one import) a
 * page of what the check found, all it found by kind ({@code findingKinds}, errors first) and,
 * once it is committed, a summary of what it did.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImportView(
        UUID id,
        ImportState state,
        String fileName,
        String format,
        String encoding,
        String sheet,
        List<String> otherSheets,
        String createdBy,
        Instant createdAt,
        Integer headerRow,
        List<Column> columns,
        Progress progress,
        String commitMode,
        Boolean applyUpdates,
        Problem error,
        Page<ImportFinding> findings,
        List<FindingKind> findingKinds,
        ImportSummary summary) {

    /** A column of the sheet: its number (1-based), header, and the field it fills (null: not imported). */
    public record Column(int column, String header, String field, String fieldLabel) {}

    /**
     * How far the job has come. {@code rowsPerSecond} and {@code secondsLeft} are for the phase
     * under way (reading or committing); {@code secondsLeft} is null when it cannot be estimated.
     * {@code decisionsPending}: the questions of the check (a damaged ID number probably of a
     * registered resident or of another row) not yet answered. Of the rows committed,
     * {@code rowsRegistered} registered new people and {@code rowsUpdated} updated people already
     * registered.
     *
     * <p>{@code decisionsNeeded}: the rows a person still has to look at before the ledger is in:
     * the rows refused that no accepted suggestion resolves (rows with an error whose question, if
     * any, was not accepted) plus the rows whose question is not yet answered, each row once. Once
     * every suggestion is accepted it is the rows still refused. Given once the check is done
     * (READY, and while and after committing: the rows the commit leaves out); null before.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Progress(
            long rowsRead,
            long rowsValid,
            long rowsWithErrors,
            long rowsToUpdate,
            long rowsCommitted,
            long rowsRegistered,
            long rowsUpdated,
            long decisionsPending,
            Long decisionsNeeded,
            Double rowsPerSecond,
            Long secondsLeft,
            Integer percent) {}

    /** Why the import failed, or why its last commit did not go through. */
    public record Problem(String code, String detail) {}

    /** This view with the summary of the committed import. */
    ImportView withSummary(ImportSummary summary) {
        return new ImportView(
                id,
                state,
                fileName,
                format,
                encoding,
                sheet,
                otherSheets,
                createdBy,
                createdAt,
                headerRow,
                columns,
                progress,
                commitMode,
                applyUpdates,
                error,
                findings,
                findingKinds,
                summary);
    }
}
