package org.communityhub.registry.place;

/** A division read from a file, with the line it came from. */
record DivisionRow(String code, String name, String parentCode, int line) {}
