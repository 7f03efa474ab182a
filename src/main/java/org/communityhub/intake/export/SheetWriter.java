package org.communityhub.intake.export;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.communityhub.common.spreadsheet.Cells;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * Writes an export's rows as they come, holding only a batch of them: every value is text. An XLSX
 * string cell is never evaluated, so it is written as it is; in CSV, text a spreadsheet would take
 * for a formula is neutralised ({@link Cells#neutralise}).
 */
public interface SheetWriter extends Closeable {

    /** Rows written before a workbook's rows so far go out to the stream. */
    int XLSX_FLUSH_ROWS = 1_000;

    void header(List<String> columns) throws IOException;

    void row(List<?> values) throws IOException;

    static SheetWriter open(ExportFormat format, OutputStream out, ExportTemplate template) {
        return format == ExportFormat.CSV
                ? new Csv(out, template.csvCharset())
                : new Xlsx(out, template.sheetName(), template.title());
    }

    /**
     * A workbook written with fastexcel, streaming: cells are inline strings (no shared-string table
     * growing with the file) and rows are flushed every {@link #XLSX_FLUSH_ROWS}.
     */
    final class Xlsx implements SheetWriter {

        private final Workbook workbook;
        private final Worksheet sheet;
        private final String title;
        private int row;

        Xlsx(OutputStream out, String sheetName, String title) {
            this.workbook = new Workbook(out, "Community Data Hub", "1.0");
            this.sheet = workbook.newWorksheet(sheetName);
            this.title = title;
        }

        @Override
        public void header(List<String> columns) {
            if (title != null) {
                sheet.inlineString(row, 0, title);
                sheet.style(row, 0).bold().set();
                row++;
            }
            for (int c = 0; c < columns.size(); c++) {
                sheet.inlineString(row, c, columns.get(c));
                sheet.style(row, c).bold().fillColor("DDEBF7").set();
                sheet.width(c, Math.max(10, columns.get(c).length() * 2.5));
            }
            row++;
        }

        @Override
        public void row(List<?> values) throws IOException {
            for (int c = 0; c < values.size(); c++) {
                sheet.inlineString(row, c, Cells.text(values.get(c)));
            }
            row++;
            if (row % XLSX_FLUSH_ROWS == 0) {
                sheet.flush();
            }
        }

        @Override
        public void close() throws IOException {
            workbook.finish();
        }
    }

    /**
     * CSV as Excel on Chinese Windows reads it: UTF-8 with a byte-order mark (or GB18030, where a
     * platform's import takes that), CRLF, quoted where needed. The first row goes through {@link
     * #header}, which writes the byte-order mark before it.
     */
    final class Csv implements SheetWriter {

        private final BufferedWriter out;
        private final boolean byteOrderMark;

        public Csv(OutputStream out, Charset charset) {
            this.out = new BufferedWriter(new OutputStreamWriter(out, charset), 64 * 1024);
            this.byteOrderMark = charset.equals(StandardCharsets.UTF_8);
        }

        @Override
        public void header(List<String> columns) throws IOException {
            if (byteOrderMark) {
                out.write('\uFEFF');
            }
            row(columns);
        }

        @Override
        public void row(List<?> values) throws IOException {
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                String cell = Cells.neutralise(values.get(i));
                if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
                    out.write('"');
                    out.write(cell.replace("\"", "\"\""));
                    out.write('"');
                } else {
                    out.write(cell);
                }
            }
            out.write("\r\n");
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
