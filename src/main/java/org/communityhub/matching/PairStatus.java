package org.communityhub.matching;

/** Where a probable pair stands: open in the review queue, or decided (and never offered again). */
public enum PairStatus {
    OPEN,
    SAME_PERSON,
    DIFFERENT_PEOPLE
}
