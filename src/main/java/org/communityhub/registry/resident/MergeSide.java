package org.communityhub.registry.resident;

/** Which of the two records a merged field takes its value from. */
public enum MergeSide {
    /** The record that survives the merge. */
    SURVIVOR,
    /** The record merged away. */
    MERGED
}
