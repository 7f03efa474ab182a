package org.communityhub.registry.resident;

/** What happened to a resident, as their history records it. */
public enum HistoryAction {
    REGISTERED,
    UPDATED,
    MOVED_OUT,
    DECEASED,
    /** Back on the register: moved back, or a recorded death corrected. */
    REACTIVATED,
    PARTY_MEMBERSHIP_SET,
    PARTY_MEMBERSHIP_ENDED,
    LEAGUE_MEMBERSHIP_SET,
    LEAGUE_MEMBERSHIP_ENDED,
    JOINED_HOUSEHOLD,
    LEFT_HOUSEHOLD,
    HOUSEHOLD_RELATION_CHANGED,
    MOVED_WITH_HOUSEHOLD,
    /** The household's number or type changed: the members' records change with it. */
    HOUSEHOLD_CHANGED,
    /** This record was merged into another record of the same person. */
    MERGED_INTO,
    /** Another record of the same person was merged into this one. */
    MERGED_FROM,
    /** A merge was undone: the record is back as it was before it. */
    MERGE_UNDONE,
    /** The registration was made in error and is void. */
    VOIDED;

    /** The action that records a change to {@code status}. */
    static HistoryAction statusChangedTo(ResidentStatus status) {
        return switch (status) {
            case ACTIVE -> REACTIVATED;
            case MOVED_OUT -> MOVED_OUT;
            case DECEASED -> DECEASED;
            case MERGED -> MERGED_INTO;
            case VOIDED -> VOIDED;
        };
    }
}
