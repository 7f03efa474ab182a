package org.communityhub.registry.household;

/**
 * A new head (户主) for a household, with the relation the former head takes to the new one
 * (e.g. 10 配偶, 50 父母).
 */
public record HeadChange(String residentId, String formerHeadRelation) {}
