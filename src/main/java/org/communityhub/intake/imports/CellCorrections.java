package org.communityhub.intake.imports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The cells of an upload a worker corrected on the import page, by sheet (a CSV's is {@code ""}),
 * row (as the spreadsheet numbers it) and column (0-based): laid over the file's rows wherever
 * they are read, so that the check, the commit and the result file all see the corrected value.
 * A corrected value is read as text typed in (never as a number cell) and goes through every
 * check a value of the file goes through.
 */
record CellCorrections(Map<String, Map<Long, Map<Integer, String>>> bySheet) {

    static final CellCorrections NONE = new CellCorrections(Map.of());

    /** How a CSV's rows are filed: it has no sheets. */
    static final String NO_SHEET = "";

    static String sheetKey(String sheet) {
        return sheet == null ? NO_SHEET : sheet;
    }

    boolean isEmpty() {
        return bySheet.isEmpty();
    }

    /** The corrected cells of one row of a sheet (empty: none). */
    Map<Integer, String> of(String sheet, long row) {
        return bySheet.getOrDefault(sheetKey(sheet), Map.of()).getOrDefault(row, Map.of());
    }

    /** {@code source} with these corrections over its rows; the source itself when there are none. */
    RowSource over(RowSource source) {
        return isEmpty() ? source : new Corrected(source, this);
    }

    /** The row with its corrected cells in place of the file's; the row itself when none is corrected. */
    static SheetRow apply(SheetRow row, Map<Integer, String> cells) {
        if (row == null || cells.isEmpty()) {
            return row;
        }
        int width = Math.max(
                row.cells().size(),
                cells.keySet().stream().mapToInt(c -> c + 1).max().orElse(0));
        List<String> values = new ArrayList<>(width);
        boolean[] numeric = new boolean[width];
        for (int c = 0; c < width; c++) {
            String corrected = cells.get(c);
            values.add(corrected != null ? corrected : row.cell(c));
            numeric[c] = corrected == null && row.isNumeric(c);
        }
        return new SheetRow(row.number(), values, numeric);
    }

    /** A file's rows with the corrections laid over them; everything else as the file says. */
    static final class Corrected implements RowSource {
        private final RowSource file;
        private final CellCorrections corrections;

        Corrected(RowSource file, CellCorrections corrections) {
            this.file = file;
            this.corrections = corrections;
        }

        /** The file's own rows, as read. */
        RowSource file() {
            return file;
        }

        @Override
        public SheetRow next() {
            SheetRow row = file.next();
            return row == null ? null : apply(row, corrections.of(file.sheet(), row.number()));
        }

        @Override
        public long position() {
            return file.position();
        }

        @Override
        public String encoding() {
            return file.encoding();
        }

        @Override
        public String sheet() {
            return file.sheet();
        }

        @Override
        public List<String> sheetsNotRead() {
            return file.sheetsNotRead();
        }

        @Override
        public void close() {
            file.close();
        }
    }
}
