package org.communityhub.intake.imports;

import java.util.List;

/**
 * The worker's answers to the check's questions, one per row: {@code accept} true takes the
 * suggestion (the row is that registered resident, or the person of the other row it names),
 * false leaves the row refused.
 */
public record ImportDecisions(List<Decision> decisions) {

    /** The answer for one row of the file (its number as the spreadsheet shows it). */
    public record Decision(Long row, Boolean accept) {}
}
