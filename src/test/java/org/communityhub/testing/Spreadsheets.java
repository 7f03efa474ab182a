package org.communityhub.testing;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;

/** Reads XLSX files the hub wrote, as a spreadsheet program would show them. */
public final class Spreadsheets {

    private Spreadsheets() {}

    /** The rows of the first sheet, each as the text of its cells. */
    public static List<List<String>> rows(Path file) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file);
                ReadableWorkbook workbook = new ReadableWorkbook(in);
                Stream<Row> sheet = workbook.getFirstSheet().openStream()) {
            sheet.forEach(r -> {
                List<String> cells = new ArrayList<>();
                for (int c = 0; c < r.getCellCount(); c++) {
                    cells.add(Optional.ofNullable(r.getCellText(c)).orElse(""));
                }
                rows.add(cells);
            });
        }
        return rows;
    }

    /** The cells of every sheet that a spreadsheet program would evaluate, as "sheet!row:column". */
    public static List<String> formulaCells(Path file) throws Exception {
        List<String> formulas = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file);
                ReadableWorkbook workbook = new ReadableWorkbook(in)) {
            for (Sheet s : workbook.getSheets().toList()) {
                try (Stream<Row> rows = s.openStream()) {
                    rows.forEach(r -> r.stream()
                            .filter(c -> c != null && c.getType() == CellType.FORMULA)
                            .forEach(c -> formulas.add(s.getName() + "!" + c.getAddress())));
                }
            }
        }
        return formulas;
    }
}
