package org.communityhub.registry.place;

/**
 * A division as the API shows it.
 *
 * @param level 1 省, 2 地, 3 县, 4 乡镇/街道, 5 社区/村
 */
public record DivisionView(String code, String name, int level, String parentCode) {}
