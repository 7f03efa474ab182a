package org.communityhub.intake.imports;

/** The sheet of a workbook an import is to read instead: one of its {@code otherSheets}, by name. */
public record SheetChoice(String sheet) {}
