package org.communityhub.intake.imports;

import java.util.List;

/**
 * One row of an uploaded sheet as read: its number as the spreadsheet shows it (1-based), the text
 * of each cell and, for XLSX, which cells were stored as numbers (an ID number stored as a number
 * has lost digits; a date stored as a number is an Excel serial date).
 */
record SheetRow(long number, List<String> cells, boolean[] numeric) {

    String cell(int column) {
        return column < cells.size() ? cells.get(column) : null;
    }

    boolean isNumeric(int column) {
        return numeric != null && column < numeric.length && numeric[column];
    }

    boolean isBlank() {
        return cells.stream().allMatch(c -> c == null || c.isBlank());
    }

    @Override
    public String toString() {
        return "SheetRow[" + number + ", content withheld]";
    }
}
