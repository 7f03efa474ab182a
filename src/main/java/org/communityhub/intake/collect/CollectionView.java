package org.communityhub.intake.collect;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A collection as the API shows it.
 *
 * @param selection whom the form is for, in the selection syntax (a tag by its code)
 * @param selectionText the same in Chinese
 * @param format XLSX or CSV: the filled forms come in the format of the form sent
 * @param headerRow the form's header row (1-based); the rows above it are its title rows
 * @param communities per community of the scope, how far it has come
 * @param status open, or closed: no more downloads, saves on the page or returns (the summary stays)
 * @param closedAt when it was closed (null while open), {@code closedBy} by whom
 * @param answersDeletedAt when its answers were last deleted (null if never), {@code
 *     answersDeletedBy} by whom (a user, or system:retention for the retention period)
 * @param reopenedAt when it was last opened again after a close (null if never), {@code
 *     reopenedBy} by whom
 */
public record CollectionView(
        UUID id,
        String title,
        String selection,
        String selectionText,
        LocalDate dueDate,
        String fileName,
        String format,
        String sheet,
        int headerRow,
        List<ColumnView> columns,
        List<CommunityView> communities,
        String createdBy,
        Instant createdAt,
        int version,
        String status,
        Instant closedAt,
        String closedBy,
        Instant answersDeletedAt,
        String answersDeletedBy,
        Instant reopenedAt,
        String reopenedBy) {

    /** Forms are downloaded, filled and returned. */
    public static final String OPEN = "open";
    /** Closed: nothing more is downloaded, saved or returned; the summary stays. */
    public static final String CLOSED = "closed";

    /** Filled from the registry. */
    public static final String PREFILLED = "prefilled";
    /** Filled in by the community. */
    public static final String TO_FILL = "to-fill";

    /**
     * A column of the form.
     *
     * @param column 1-based
     * @param field the field of the resident field catalogue that fills it, or null
     * @param label the field's Chinese label, or null
     * @param kind prefilled or to-fill
     */
    public record ColumnView(int column, String header, String field, String label, String kind) {}

    /**
     * A community of the collection's scope, and how far it has come.
     *
     * @param status open (nothing returned yet) or returned (its filled form came back at least once)
     * @param formsDownloaded how often its filled form was downloaded
     * @param returns how often its filled form was sent back
     * @param rowsAnswered residents with an answer kept in a column to fill
     */
    public record CommunityView(
            String communityCode,
            String communityName,
            String status,
            int formsDownloaded,
            Instant lastDownloadAt,
            int returns,
            Instant lastReturnAt,
            int rowsAnswered) {}
}
