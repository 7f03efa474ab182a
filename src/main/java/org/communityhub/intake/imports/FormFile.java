package org.communityhub.intake.imports;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.communityhub.reference.code.Vocabulary;

/**
 * A form someone wants filled (a collection's 摸排表 or 填报表), read with the import's readers and
 * found the way an import finds a ledger's header: within the first {@value Sheets#HEADER_SEARCH_ROWS}
 * rows, the row naming the most fields the vocabulary knows (at least two), in the first sheet that
 * has one. What the form looks like above its header is kept (title rows, and for a workbook the
 * column widths and merged cells), so that the filled form can look like the one sent; rows below
 * the header (an example, old answers) are not.
 *
 * @param xlsx whether the form is a workbook (else a CSV)
 * @param sheet the workbook's sheet the form is on; null for a CSV
 * @param headerRow the header row, 1-based
 * @param headers the header cells as written (stripped), blanks at the end left out
 * @param titleRows the rows above the header that hold something, with their numbers
 * @param widths a workbook's column widths (0-based column, in characters), where it sets them
 * @param merges a workbook's merged cells above the header
 */
public record FormFile(
        boolean xlsx,
        String sheet,
        int headerRow,
        List<String> headers,
        List<TitleRow> titleRows,
        Map<Integer, Double> widths,
        List<Merge> merges) {

    /** A row above the header: its number (1-based) and its cells' text. */
    public record TitleRow(int number, List<String> cells) {
        public TitleRow {
            cells = java.util.Collections.unmodifiableList(new ArrayList<>(cells));
        }
    }

    /** Merged cells, 0-based and inclusive. */
    public record Merge(int firstRow, int firstColumn, int lastRow, int lastColumn) {}

    public FormFile {
        headers = List.copyOf(headers);
        titleRows = List.copyOf(titleRows);
        widths = Map.copyOf(widths);
        merges = List.copyOf(merges);
    }

    /**
     * Reads a form; a file that is not what its name says, damaged or hostile, or has no header row,
     * is refused ({@link RejectedFileException}, with the import's codes and Chinese messages).
     */
    public static FormFile read(Path file, String fileName, ImportSettings limits, Vocabulary.Snapshot words) {
        FileSniffer.Format format = FileSniffer.detect(file, fileName);
        RowSource source = Sheets.open(format, file, limits, null);
        try {
            List<SheetRow> above = new ArrayList<>();
            SheetRow header = findHeader(source, words, above);
            if (header == null) {
                for (String other : source.sheetsNotRead()) {
                    source.close();
                    source = Sheets.open(format, file, limits, other);
                    above.clear();
                    header = findHeader(source, words, above);
                    if (header != null) {
                        break;
                    }
                }
            }
            if (header == null) {
                throw new RejectedFileException(
                        "no-header-row",
                        "在前 " + Sheets.HEADER_SEARCH_ROWS + " 行中没有找到表头行（表头应至少有两列是系统认识的列名，如“姓名”“公民身份号码”“年龄”）：请检查文件。");
            }
            List<String> headers = new ArrayList<>(Sheets.texts(header));
            while (!headers.isEmpty() && headers.get(headers.size() - 1).isEmpty()) {
                headers.remove(headers.size() - 1);
            }
            List<TitleRow> titles = new ArrayList<>();
            for (SheetRow r : above) {
                if (!r.isBlank()) {
                    List<String> cells = new ArrayList<>();
                    r.cells().forEach(c -> cells.add(c == null ? "" : c));
                    titles.add(new TitleRow((int) r.number(), cells));
                }
            }
            int headerRow = (int) header.number();
            return laidOut(format, file, source.sheet(), headerRow, headers, titles);
        } finally {
            source.close();
        }
    }

    /**
     * Reads a form again as it was read when it came: its header in row {@code headerRow} of the
     * sheet named (null for a CSV), whatever the vocabulary says today.
     */
    public static FormFile readAt(Path file, String fileName, ImportSettings limits, String sheet, int headerRow) {
        FileSniffer.Format format = FileSniffer.detect(file, fileName);
        try (RowSource source = Sheets.open(format, file, limits, sheet)) {
            List<TitleRow> titles = new ArrayList<>();
            List<String> headers = List.of();
            for (SheetRow r = source.next(); r != null && r.number() <= headerRow; r = source.next()) {
                if (r.number() == headerRow) {
                    headers = new ArrayList<>(Sheets.texts(r));
                } else if (!r.isBlank()) {
                    List<String> cells = new ArrayList<>();
                    r.cells().forEach(c -> cells.add(c == null ? "" : c));
                    titles.add(new TitleRow((int) r.number(), cells));
                }
            }
            return laidOut(format, file, source.sheet(), headerRow, headers, titles);
        }
    }

    /**
     * A filled form sent back: the row among the first {@value Sheets#HEADER_SEARCH_ROWS} holding
     * {@code keyHeader} (full-width and ASCII forms alike) is its header, every row below it that
     * holds something is an answer.
     *
     * @param keyColumn the column (0-based) of the key
     */
    public record Returned(int headerRow, List<String> headers, int keyColumn, List<TitleRow> rows) {
        public Returned {
            headers = List.copyOf(headers);
            rows = List.copyOf(rows);
        }
    }

    /**
     * Reads a form sent back, in the first sheet of a workbook; refused ({@link RejectedFileException})
     * when it is no XLSX or CSV, has no key column, or more than {@code maxRows} rows below the header.
     */
    public static Returned readReturned(
            Path file, String fileName, ImportSettings limits, String keyHeader, int maxRows) {
        FileSniffer.Format format = FileSniffer.detect(file, fileName);
        String key = java.text.Normalizer.normalize(keyHeader, java.text.Normalizer.Form.NFKC);
        try (RowSource source = Sheets.open(format, file, limits, null)) {
            SheetRow header = null;
            int keyColumn = -1;
            for (int i = 0; i < Sheets.HEADER_SEARCH_ROWS && header == null; i++) {
                SheetRow r = source.next();
                if (r == null) {
                    break;
                }
                List<String> texts = Sheets.texts(r);
                for (int c = 0; c < texts.size(); c++) {
                    if (java.text.Normalizer.normalize(texts.get(c), java.text.Normalizer.Form.NFKC)
                            .equals(key)) {
                        header = r;
                        keyColumn = c;
                        break;
                    }
                }
            }
            if (header == null) {
                throw new RejectedFileException("no-key-column", "没有找到“" + keyHeader + "”列：请上传从本系统下载、填好的表格，不要删去这一列。");
            }
            List<TitleRow> rows = new ArrayList<>();
            for (SheetRow r = source.next(); r != null; r = source.next()) {
                if (r.isBlank()) {
                    continue;
                }
                if (rows.size() >= maxRows) {
                    throw new RejectedFileException("too-many-rows", "表格超过 " + maxRows + " 行：不像是本系统下载的填报表。");
                }
                List<String> cells = new ArrayList<>();
                r.cells().forEach(c -> cells.add(c == null ? "" : c.strip()));
                rows.add(new TitleRow((int) r.number(), cells));
            }
            return new Returned((int) header.number(), Sheets.texts(header), keyColumn, rows);
        }
    }

    /** A form read with the rows under its header (a statistics form's communities). */
    public record Table(FormFile form, List<TitleRow> rows) {}

    /**
     * Reads a form whose header is the row, among the first {@value Sheets#HEADER_SEARCH_ROWS}, for
     * which {@code recognised} counts the most known headers (at least two), with its rows below the
     * header (at most {@code maxRows}, blank ones left out). Refused as {@link #read} refuses.
     */
    public static Table readTable(
            Path file,
            String fileName,
            ImportSettings limits,
            java.util.function.ToLongFunction<List<String>> recognised,
            String missingHeader,
            int maxRows) {
        FileSniffer.Format format = FileSniffer.detect(file, fileName);
        try (RowSource source = Sheets.open(format, file, limits, null)) {
            List<SheetRow> above = new ArrayList<>();
            List<SheetRow> below = new ArrayList<>();
            SheetRow header = Sheets.findHeader(source, recognised, above, below);
            if (header == null) {
                throw new RejectedFileException("no-header-row", missingHeader);
            }
            List<TitleRow> rows = new ArrayList<>();
            for (SheetRow r : below) {
                addRow(rows, r, maxRows);
            }
            for (SheetRow r = source.next(); r != null; r = source.next()) {
                addRow(rows, r, maxRows);
            }
            List<TitleRow> titles = new ArrayList<>();
            above.stream().filter(r -> !r.isBlank()).forEach(r -> titles.add(row(r)));
            int headerRow = (int) header.number();
            List<String> headers = new ArrayList<>(Sheets.texts(header));
            while (!headers.isEmpty() && headers.get(headers.size() - 1).isEmpty()) {
                headers.remove(headers.size() - 1);
            }
            return new Table(laidOut(format, file, source.sheet(), headerRow, headers, titles), rows);
        }
    }

    private static void addRow(List<TitleRow> rows, SheetRow r, int maxRows) {
        if (r.isBlank()) {
            return;
        }
        if (rows.size() >= maxRows) {
            throw new RejectedFileException("too-many-rows", "表格超过 " + maxRows + " 行：请只留下表头和要填的行。");
        }
        rows.add(row(r));
    }

    private static TitleRow row(SheetRow r) {
        List<String> cells = new ArrayList<>();
        r.cells().forEach(c -> cells.add(c == null ? "" : c.strip()));
        return new TitleRow((int) r.number(), cells);
    }

    private static SheetRow findHeader(RowSource source, Vocabulary.Snapshot words, List<SheetRow> above) {
        return Sheets.findHeader(
                source,
                headers -> headers.stream()
                        .filter(h -> words.fieldFor(h).isPresent())
                        .count(),
                above,
                new ArrayList<>());
    }

    /** The form with the column widths and merged cells of its sheet, when it is a workbook. */
    private static FormFile laidOut(
            FileSniffer.Format format,
            Path file,
            String sheet,
            int headerRow,
            List<String> headers,
            List<TitleRow> titles) {
        XlsxLayout layout =
                format == FileSniffer.Format.XLSX ? XlsxLayout.read(file, sheet, headerRow) : XlsxLayout.NONE;
        return new FormFile(
                format == FileSniffer.Format.XLSX, sheet, headerRow, headers, titles, layout.widths(), layout.merges());
    }
}
