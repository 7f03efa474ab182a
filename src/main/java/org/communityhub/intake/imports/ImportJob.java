package org.communityhub.intake.imports;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.AreaScope;

/** An import as stored: the job's state, counts and mapping. */
record ImportJob(
        UUID id,
        String createdBy,
        Set<String> createdRoles,
        Instant createdAt,
        List<String> areaCodes,
        String fileName,
        long fileSize,
        FileSniffer.Format format,
        String encoding,
        ImportState state,
        boolean cancelRequested,
        Integer headerRow,
        List<String> headers,
        List<String> mapping,
        String communityCode,
        long rowsRead,
        long rowsValid,
        long rowsInvalid,
        long rowsUpdate,
        long bytesRead,
        Instant phaseStartedAt,
        Instant finishedAt,
        String commitMode,
        long rowsCommitted,
        long committedThroughRow, // the last row of the file a valid-rows commit has written (0: none)
        String errorCode,
        String errorDetail,
        String sheet, // the workbook's sheet read (null: a CSV, or not opened yet)
        List<String> otherSheets, // the workbook's other sheets that hold something
        long rowsUpdated) { // of rowsCommitted, those that updated people already registered

    /** The uploader, as the background job acts for them. */
    Actor uploader() {
        return new Actor(createdBy, createdRoles, AreaScope.of(areaCodes));
    }
}
