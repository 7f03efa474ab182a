package org.communityhub.intake.imports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.CellType;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.dhatim.fastexcel.reader.Sheet;

/**
 * The rows of one sheet of an XLSX upload, the first unless another is named (the other sheets
 * that hold something are named, see {@link #sheetsNotRead}), streamed (fastexcel-reader: StAX over the zip
 * entry, no DTD or external entity support). The archive is checked by {@link ZipGuard} first.
 * Cells stored as numbers keep their raw text (so {@code 1.10105E+17} stays what it is) and are
 * marked numeric.
 */
final class XlsxRowSource implements RowSource {

    /** Rows of another sheet looked at to tell whether it holds anything. */
    private static final int ROWS_LOOKED_AT = 50;

    private final ReadableWorkbook workbook;
    private final Stream<Row> stream;
    private final Iterator<Row> rows;
    private final ImportSettings limits;
    private final long declaredRows;
    private final long size;
    private final List<String> sheetsNotRead;
    private final String sheetName;
    private long lastRow;

    /** The sheet named {@code sheetName} (null: the first) of the workbook in {@code file}. */
    XlsxRowSource(Path file, ImportSettings limits, String sheetName) {
        this.limits = limits;
        long declared = ZipGuard.check(file, limits);
        this.size = file.toFile().length();
        Sheet sheet;
        try {
            this.workbook = new ReadableWorkbook(file.toFile());
            sheet = sheetName == null
                    ? workbook.getFirstSheet()
                    : workbook.findSheet(sheetName).orElse(null);
        } catch (IOException | RuntimeException e) {
            throw damaged();
        }
        if (sheet == null) {
            close(workbook);
            throw new RejectedFileException("no-such-sheet", "工作簿中没有名为“" + sheetName + "”的工作表。");
        }
        this.sheetName = sheet.getName();
        // The rows a sheet declares are those of the workbook's first worksheet part: the first sheet's.
        this.declaredRows = sheet.getIndex() == 0 ? declared : 0;
        try {
            this.sheetsNotRead = workbook.getSheets()
                    .filter(s -> s.getIndex() != sheet.getIndex())
                    .filter(XlsxRowSource::holdsSomething)
                    .map(Sheet::getName)
                    .toList();
            this.stream = sheet.openStream();
            this.rows = stream.iterator();
        } catch (IOException | RuntimeException e) {
            close(workbook);
            throw damaged();
        }
    }

    @Override
    public String sheet() {
        return sheetName;
    }

    private static void close(ReadableWorkbook workbook) {
        try {
            workbook.close();
        } catch (IOException e) {
            // refused already: the reason given is the one that counts
        }
    }

    /**
     * Whether a sheet has a cell with text among its first rows: Excel's empty Sheet2 and Sheet3,
     * and sheets with formatting only, do not count; a sheet that cannot be read counts.
     */
    private static boolean holdsSomething(Sheet sheet) {
        try (Stream<Row> rows = sheet.openStream()) {
            return rows.limit(ROWS_LOOKED_AT)
                    .anyMatch(r -> r.stream()
                            .anyMatch(c -> c != null
                                    && c.getType() != CellType.EMPTY
                                    && c.getText() != null
                                    && !c.getText().isBlank()));
        } catch (IOException | RuntimeException e) {
            return true; // unreadable, and not read anyway: named rather than refusing the file
        }
    }

    @Override
    public List<String> sheetsNotRead() {
        return sheetsNotRead;
    }

    /** Whether dates count from 1904 (old Mac workbooks) rather than 1900. */
    boolean date1904() {
        return workbook.isDate1904();
    }

    @Override
    public SheetRow next() {
        Row row;
        try {
            if (!rows.hasNext()) {
                return null;
            }
            row = rows.next();
        } catch (RuntimeException e) {
            throw damaged();
        }
        // Empty cells far to the right (formatting applied to whole rows) do not count; a value beyond
        // the last column allowed does.
        int count = 0;
        for (int c = row.getCellCount() - 1; c >= 0; c--) {
            Cell cell = row.getCell(c);
            if (cell != null
                    && cell.getType() != CellType.EMPTY
                    && cell.getText() != null
                    && !cell.getText().isEmpty()) {
                count = c + 1;
                break;
            }
        }
        if (count > limits.maxColumns()) {
            throw new RejectedFileException(
                    "too-many-columns",
                    "第 " + row.getRowNum() + " 行的第 " + count + " 列有内容，超过上限 " + limits.maxColumns() + " 列：文件已拒收。");
        }
        List<String> cells = new ArrayList<>(count);
        boolean[] numeric = new boolean[count];
        for (int c = 0; c < count; c++) {
            Cell cell = row.getCell(c);
            String text = null;
            if (cell != null && cell.getType() != CellType.EMPTY) {
                if (cell.getType() == CellType.NUMBER) {
                    numeric[c] = true;
                    text = cell.getRawValue();
                } else if (cell.getType() == CellType.FORMULA) {
                    text = cell.getRawValue(); // the value Excel saved with the formula; never evaluated
                } else {
                    text = cell.getText();
                }
                if (text != null && text.length() > limits.maxCellChars()) {
                    throw new RejectedFileException(
                            "cell-too-long",
                            "第 " + row.getRowNum() + " 行有一个单元格超过 " + limits.maxCellChars() + " 个字符：文件已拒收。");
                }
            }
            cells.add(text);
        }
        lastRow = row.getRowNum();
        return new SheetRow(row.getRowNum(), cells, numeric);
    }

    @Override
    public long position() {
        // The sheet is read through the inflater, so how far is estimated from the rows the sheet
        // declares it has (unknown, -1, when it declares none).
        if (declaredRows <= 0) {
            return -1;
        }
        return Math.min(size, Math.round((double) size * lastRow / declaredRows));
    }

    @Override
    public String encoding() {
        return null;
    }

    @Override
    public void close() {
        try {
            stream.close();
            workbook.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RejectedFileException damaged() {
        return new RejectedFileException("damaged-xlsx", "工作簿内容不完整或已损坏，无法读取：请在 Excel 中重新保存后上传。");
    }
}
