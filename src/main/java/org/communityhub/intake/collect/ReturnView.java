package org.communityhub.intake.collect;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a community's returned form held, as the hub read it.
 *
 * @param rowsRead rows below the header that hold something
 * @param rowsAnswered rows of residents of the community with an answer in a column to fill: kept
 * @param rowsNotMatched rows whose key names no resident of the community (added by hand, or the key
 *     changed): their row numbers in {@code rowsNotMatchedAt}; registering them is not built yet
 * @param proposedUpdates prefilled values the community changed: offered, never applied
 */
public record ReturnView(
        UUID id,
        String communityCode,
        String returnedBy,
        Instant returnedAt,
        int rowsRead,
        int rowsAnswered,
        int rowsNotMatched,
        List<Integer> rowsNotMatchedAt,
        List<ProposedUpdate> proposedUpdates) {

    /**
     * A value the community wrote over what the registry holds.
     *
     * @param row the row of the returned file (1-based)
     * @param registered what the registry holds, as the form writes it (ID numbers and phones masked,
     *     as pages show them); empty when it holds nothing
     * @param value what the file says now
     */
    public record ProposedUpdate(
            int row, UUID residentId, int column, String header, String field, String registered, String value) {}
}
