package org.communityhub.registry.league;

/** Filters of the league member list; null means "any". */
public record LeagueMemberQuery(String divisionCode, String nameContains, Boolean overage) {}
