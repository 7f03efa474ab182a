package org.communityhub.intake.imports;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import org.communityhub.common.spreadsheet.Cells;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * The result file of an import: the upload's rows as they were, with one more column saying what
 * the check found in each row (empty when nothing). CSV uploads get a UTF-8 CSV (with a byte-order
 * mark, which Excel needs to read it as UTF-8), XLSX uploads a workbook. Written streaming, row by
 * row alongside the findings; in CSV, cells that a spreadsheet would run as formulas are
 * neutralised (an XLSX string cell never runs).
 */
@ApplicationScoped
class ResultFiles {

    static final String RESULT_HEADER = "导入检查结果";

    /** A written result file and the name to download it as. */
    record Result(Path file, String fileName, String contentType) {}

    private final ImportRepository repository;
    private final ImportFiles files;
    private final ImportSettings settings;

    ResultFiles(ImportRepository repository, ImportFiles files, ImportSettings settings) {
        this.repository = repository;
        this.files = files;
        this.settings = settings;
    }

    Result write(ImportJob job) {
        Path target = files.result(job.id());
        boolean xlsx = job.format() == FileSniffer.Format.XLSX;
        String base = job.fileName().replaceFirst("\\.[^.]*$", "");
        try (RowSource source = Sheets.open(job.format(), files.upload(job.id()), settings, job.sheet());
                OutputStream out = Files.newOutputStream(target)) {
            Findings findings = new Findings(job.id());
            if (xlsx) {
                Workbook workbook = new Workbook(out, "Community Data Hub", "1.0");
                Worksheet sheet = workbook.newWorksheet("导入结果");
                int r = 0;
                for (SheetRow row = source.next(); row != null; row = source.next()) {
                    List<String> cells = cells(row, job, findings);
                    for (int c = 0; c < cells.size(); c++) {
                        sheet.value(r, c, Cells.text(cells.get(c)));
                    }
                    if (++r % 1000 == 0) {
                        sheet.flush();
                    }
                }
                workbook.finish();
            } else {
                Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                w.write('\uFEFF');
                for (SheetRow row = source.next(); row != null; row = source.next()) {
                    List<String> cells = cells(row, job, findings);
                    for (int c = 0; c < cells.size(); c++) {
                        if (c > 0) {
                            w.write(',');
                        }
                        w.write(csv(Cells.neutralise(cells.get(c))));
                    }
                    w.write("\r\n");
                }
                w.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Result(
                target,
                base + "-导入结果" + (xlsx ? ".xlsx" : ".csv"),
                xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=UTF-8");
    }

    private static List<String> cells(SheetRow row, ImportJob job, Findings findings) {
        List<String> cells = new ArrayList<>();
        for (String c : row.cells()) {
            cells.add(c == null ? "" : c);
        }
        int width = job.headers().size();
        while (cells.size() < width) {
            cells.add("");
        }
        if (row.number() == job.headerRow()) {
            cells.add(RESULT_HEADER);
        } else if (row.number() > job.headerRow()) {
            cells.add(findings.describe(row.number()));
        }
        return cells;
    }

    private static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    /** The findings, read in row order a chunk at a time alongside the rows. */
    private final class Findings {
        private final UUID id;
        private final Deque<ImportFinding> buffer = new ArrayDeque<>();
        private long readUpTo;
        private boolean exhausted;

        Findings(UUID id) {
            this.id = id;
        }

        String describe(long row) {
            while (!exhausted && (buffer.isEmpty() || buffer.peekLast().row() < row)) {
                List<ImportFinding> next = repository.findingsAfter(id, readUpTo, 2000);
                if (next.isEmpty()) {
                    exhausted = true;
                } else {
                    buffer.addAll(next);
                    readUpTo = next.get(next.size() - 1).row();
                }
            }
            while (!buffer.isEmpty() && buffer.peekFirst().row() < row) {
                buffer.pollFirst();
            }
            StringBuilder text = new StringBuilder();
            while (!buffer.isEmpty() && buffer.peekFirst().row() == row) {
                ImportFinding f = buffer.pollFirst();
                if (text.length() > 0) {
                    text.append('；');
                }
                text.append(f.severity() == ImportFinding.Severity.ERROR ? "错误" : "提示");
                if (f.columnName() != null) {
                    text.append("［").append(f.columnName()).append("］");
                }
                text.append(f.message());
            }
            return text.toString();
        }
    }
}
