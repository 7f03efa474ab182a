package org.communityhub.intake.imports;

import java.util.List;

/**
 * The worker's answers to the check's questions: one per row ({@code decisions}; {@code accept}
 * true takes the suggestion, the row is that registered resident or the person of the other row
 * it names; false leaves the row refused), or one for every question of a kind not answered yet
 * ({@code all}). One of the two.
 */
public record ImportDecisions(List<Decision> decisions, All all) {

    public ImportDecisions(List<Decision> decisions) {
        this(decisions, null);
    }

    /** The answer for one row of the file (its number as the spreadsheet shows it). */
    public record Decision(Long row, Boolean accept) {}

    /** The same answer for every pending question of one kind (its {@code code}, as in {@code findingKinds}). */
    public record All(String code, Boolean accept) {}
}
