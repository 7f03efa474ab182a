package org.communityhub.intake.imports;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * What a committed import did, for the people who must finish the job: how many people it
 * registered and updated, how many rows it left and why, and the households that have no head now.
 *
 * @param left rows of the file not imported ({@code rowsRead - rowsCommitted})
 * @param leftByReason the rows left, by what the check or the commit said of them; a row refused
 *     for two reasons counts under both, so the counts may add up to more than {@code left}
 * @param householdsWithoutHead households of the people this import registered or changed that have
 *     no head (户主) in the registry now (the first 50, by community and number)
 * @param householdsWithoutHeadTotal how many such households there are in all
 * @param committedFrom when the commit began; with {@code committedTo}, the period the registry's
 *     history is asked about (it records who registered a person and when, not through which import)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ImportSummary(
        long registered,
        long updated,
        long left,
        List<LeftRows> leftByReason,
        List<HouseholdWithoutHead> householdsWithoutHead,
        long householdsWithoutHeadTotal,
        Instant committedFrom,
        Instant committedTo) {

    /**
     * Rows left for one reason: the finding's code, a Chinese description, how many rows, and (for
     * the check's findings) one of the messages as an example.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LeftRows(String code, String reason, long rows, String example) {}

    /** A household without a head: its page is {@code /households/{id}}. */
    public record HouseholdWithoutHead(UUID id, String householdNumber, String communityCode, String communityName) {}
}
