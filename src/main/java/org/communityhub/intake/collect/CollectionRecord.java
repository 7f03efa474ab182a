package org.communityhub.intake.collect;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * A collection as stored (its form kept apart, encrypted): the form's columns in order, each with
 * the catalogue field that fills it or null (to fill), and the communities it is for; once closed,
 * who closed it and when, and who deleted its answers and when (null while not done); who
 * opened it again after a close, the last time, and when.
 */
record CollectionRecord(
        UUID id,
        String title,
        String selection,
        LocalDate dueDate,
        String fileName,
        boolean xlsx,
        String sheet,
        int headerRow,
        String createdBy,
        Instant createdAt,
        Instant updatedAt,
        int version,
        List<Column> columns,
        List<Community> communities,
        Instant closedAt,
        String closedBy,
        Instant answersDeletedAt,
        String answersDeletedBy,
        Instant reopenedAt,
        String reopenedBy) {

    /** A column of the form: 1-based, its header as written, its field or null. */
    record Column(int number, String header, String field) {}

    /** A community the form is for, and how far it has come. */
    record Community(String code, int formsDownloaded, Instant lastDownloadAt) {}

    CollectionRecord {
        columns = List.copyOf(columns);
        communities = List.copyOf(communities);
    }

    /** Whether it was closed: no more downloads, saves or returns. */
    boolean closed() {
        return closedAt != null;
    }

    List<String> communityCodes() {
        return communities.stream().map(Community::code).toList();
    }
}
