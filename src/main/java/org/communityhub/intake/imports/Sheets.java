package org.communityhub.intake.imports;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;
import org.communityhub.reference.code.Vocabulary;

/** Opens an upload and finds its header row. */
final class Sheets {

    /** How many rows from the top the header row is looked for in (title rows come first). */
    static final int HEADER_SEARCH_ROWS = 30;

    private Sheets() {}

    /** The upload's rows: of the sheet named {@code sheet} of a workbook (null: its first sheet), or of a CSV. */
    static RowSource open(FileSniffer.Format format, Path file, ImportSettings limits, String sheet) {
        return format == FileSniffer.Format.XLSX
                ? new XlsxRowSource(file, limits, sheet)
                : new CsvRowSource(file, limits);
    }

    /** The upload's rows as {@link #open(FileSniffer.Format, Path, ImportSettings, String)}, with the worker's corrections over them. */
    static RowSource open(
            FileSniffer.Format format, Path file, ImportSettings limits, String sheet, CellCorrections corrections) {
        return corrections.over(open(format, file, limits, sheet));
    }

    /** An upload opened at its header row: the rows read past the header wait in {@code pending}. */
    record Ledger(RowSource source, SheetRow header, List<SheetRow> pending) {}

    /**
     * The upload opened at its header row: in the sheet named {@code sheet}, or (null) in the first
     * sheet that has one, the first sheet of a workbook coming first (a 填表说明 sheet before the
     * ledger is passed over). Refused when none has a header row.
     */
    static Ledger openLedger(
            FileSniffer.Format format, Path file, ImportSettings limits, String sheet, Vocabulary.Snapshot vocabulary) {
        return openLedger(format, file, limits, sheet, vocabulary, CellCorrections.NONE);
    }

    /** The upload opened at its header row, as above, with the worker's corrections over its rows. */
    static Ledger openLedger(
            FileSniffer.Format format,
            Path file,
            ImportSettings limits,
            String sheet,
            Vocabulary.Snapshot vocabulary,
            CellCorrections corrections) {
        RowSource source = open(format, file, limits, sheet, corrections);
        try {
            List<SheetRow> pending = new ArrayList<>();
            SheetRow header = findHeader(source, vocabulary, pending);
            if (header == null && sheet == null) {
                for (String other : source.sheetsNotRead()) {
                    source.close();
                    source = open(format, file, limits, other, corrections);
                    header = findHeader(source, vocabulary, pending);
                    if (header != null) {
                        break;
                    }
                }
            }
            if (header == null) {
                boolean everySheet = source.sheet() != null && sheet == null;
                throw new RejectedFileException(
                        "no-header-row",
                        "在前 " + HEADER_SEARCH_ROWS + " 行中没有找到表头行（应含有“姓名”“身份证号”“性别”等列名）"
                                + (everySheet ? "，工作簿中哪一张工作表都没有" : "")
                                + "：请检查文件。");
            }
            return new Ledger(source, header, pending);
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
    }

    static boolean date1904(RowSource source) {
        if (source instanceof CellCorrections.Corrected corrected) {
            return date1904(corrected.file());
        }
        return source instanceof XlsxRowSource x && x.date1904();
    }

    /** The header row: among the first rows, the one whose cells name the most fields an import fills (at least two). */
    static SheetRow findHeader(RowSource source, Vocabulary.Snapshot vocabulary, List<SheetRow> before) {
        return findHeader(
                source,
                headers -> ColumnMapping.bySynonyms(headers, vocabulary).recognised(),
                new ArrayList<>(),
                before);
    }

    /**
     * The header row: among the first rows, the one for which {@code recognised} counts the most
     * known headers (at least two); the rows above it (title rows) go into {@code above}, the rows
     * read past it into {@code before}.
     */
    static SheetRow findHeader(
            RowSource source, ToLongFunction<List<String>> recognised, List<SheetRow> above, List<SheetRow> before) {
        SheetRow best = null;
        long bestCount = 1;
        List<SheetRow> seen = new ArrayList<>();
        for (int i = 0; i < HEADER_SEARCH_ROWS; i++) {
            SheetRow row = source.next();
            if (row == null) {
                break;
            }
            seen.add(row);
            long count = recognised.applyAsLong(texts(row));
            if (count > bestCount) {
                best = row;
                bestCount = count;
            }
        }
        if (best != null) {
            for (SheetRow r : seen) {
                if (r.number() > best.number()) {
                    before.add(r); // rows read past the header: data, handed back to the caller
                } else if (r.number() < best.number()) {
                    above.add(r);
                }
            }
        }
        return best;
    }

    static List<String> texts(SheetRow row) {
        List<String> texts = new ArrayList<>();
        for (String c : row.cells()) {
            texts.add(c == null ? "" : c.strip());
        }
        return texts;
    }
}
