package org.communityhub.intake.collect;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a community's returned form held, as the hub read it.
 *
 * @param rowsRead rows below the header that hold something
 * @param rowsAnswered rows of residents of the community with an answer in a column to fill: kept
 * @param rowsAdded rows without a key that name a person (a name or an ID number in a prefilled
 *     column): added by the community, offered as registrations in {@code checkImportId}; their row
 *     numbers in {@code rowsAddedAt}
 * @param rowsNotMatched rows whose key names no resident of the community (the key typed over, a
 *     row copied twice) and rows without a key that name nobody: their row numbers in
 *     {@code rowsNotMatchedAt}; nothing of them is kept
 * @param proposedUpdates prefilled values the community changed: never applied as they come; those
 *     the import takes ({@code offered}) are in {@code checkImportId}
 * @param checkImportId the import that checks the changed values and the added rows by the import's
 *     rules, for the worker to commit (updates applied); null when there is nothing to offer
 */
public record ReturnView(
        UUID id,
        String communityCode,
        String returnedBy,
        Instant returnedAt,
        int rowsRead,
        int rowsAnswered,
        int rowsAdded,
        List<Integer> rowsAddedAt,
        int rowsNotMatched,
        List<Integer> rowsNotMatchedAt,
        List<ProposedUpdate> proposedUpdates,
        UUID checkImportId) {

    public ReturnView {
        rowsAddedAt = List.copyOf(rowsAddedAt);
        rowsNotMatchedAt = List.copyOf(rowsNotMatchedAt);
        proposedUpdates = List.copyOf(proposedUpdates);
    }

    ReturnView withCheckImport(UUID importId) {
        return with(proposedUpdates, importId);
    }

    /** The same, nothing offered: the import of the changes could not be made. */
    ReturnView withoutOffers() {
        return with(
                proposedUpdates.stream()
                        .map(u -> new ProposedUpdate(
                                u.row(),
                                u.residentId(),
                                u.column(),
                                u.header(),
                                u.field(),
                                u.registered(),
                                u.value(),
                                false))
                        .toList(),
                null);
    }

    private ReturnView with(List<ProposedUpdate> updates, UUID importId) {
        return new ReturnView(
                id,
                communityCode,
                returnedBy,
                returnedAt,
                rowsRead,
                rowsAnswered,
                rowsAdded,
                rowsAddedAt,
                rowsNotMatched,
                rowsNotMatchedAt,
                updates,
                importId);
    }

    /** Changed values offered through the import. */
    public long offeredUpdates() {
        return proposedUpdates.stream().filter(ProposedUpdate::offered).count();
    }

    /**
     * A value the community wrote over what the registry holds.
     *
     * @param row the row of the returned file (1-based)
     * @param registered what the registry holds, as the form writes it (ID numbers and phones masked,
     *     as pages show them); empty when it holds nothing
     * @param value what the file says now
     * @param offered whether it goes to the registry through the import's checks; not for values the
     *     import does not take (an age, an address written whole, a household's size, the ID number
     *     or the community, which are corrected on the resident's page) or for a resident without an
     *     ID number, by which the import would find them
     */
    public record ProposedUpdate(
            int row,
            UUID residentId,
            int column,
            String header,
            String field,
            String registered,
            String value,
            boolean offered) {

        ProposedUpdate notOffered() {
            return new ProposedUpdate(row, residentId, column, header, field, registered, value, false);
        }
    }
}
