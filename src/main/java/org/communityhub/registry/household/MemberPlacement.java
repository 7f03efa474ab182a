package org.communityhub.registry.household;

/** A member's relation to the head of the household (GB/T 4761; 02 is the head, 户主). */
public record MemberPlacement(String relationToHead) {}
