package org.communityhub.matching;

/** A decision on a probable pair: {@code SAME_PERSON} or {@code DIFFERENT_PEOPLE}. */
public record DuplicateDecision(String decision) {}
