package org.communityhub.intake.imports;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.communityhub.access.Reveal;
import org.communityhub.common.http.Attachments;
import org.communityhub.common.spreadsheet.Cells;
import org.communityhub.reference.identity.IdNumber;
import org.communityhub.reference.identity.InvalidIdNumberException;
import org.communityhub.reference.identity.Masking;
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

    /**
     * A written result file and the name to download it as.
     *
     * @param idNumbers the ID numbers of the file's rows that the registry's rule accepts, to name
     *     their residents in the access log
     * @param fields the registry fields the file's columns carry
     */
    record Result(Path file, String fileName, String contentType, Collection<IdNumber> idNumbers, List<String> fields) {

        /** The file as a download, for the API and the page alike: named in Chinese, never cached. */
        Response download() {
            return Response.ok(file.toFile(), contentType)
                    .header(HttpHeaders.CONTENT_DISPOSITION, Attachments.contentDisposition(fileName, "result"))
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .build();
        }
    }

    private final ImportFindingRepository findingRepository;
    private final ImportFiles files;
    private final ImportSettings settings;
    private final Clock clock;

    ResultFiles(ImportFindingRepository findingRepository, ImportFiles files, ImportSettings settings, Clock clock) {
        this.findingRepository = findingRepository;
        this.files = files;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Writes the result file of a checked import. ID numbers and phones are masked, in their
     * columns and wherever else a cell holds one, unless {@code shown} reveals them.
     */
    Result write(ImportJob job, Reveal shown) {
        Path target = files.result(job.id());
        boolean xlsx = job.format() == FileSniffer.Format.XLSX;
        String base = job.fileName().replaceFirst("\\.[^.]*$", "");
        Map<String, IdNumber> idNumbers = new HashMap<>();
        LocalDate today = LocalDate.now(clock);
        int idColumn = column(job, Reveal.ID_NUMBER);
        CellCorrections corrections = files.corrections(job.id());
        try (RowSource source = Sheets.open(job.format(), files.upload(job.id()), settings, job.sheet(), corrections);
                OutputStream out = Files.newOutputStream(target)) {
            Findings findings = new Findings(job.id(), corrections, job);
            CellMask mask = new CellMask(job, shown);
            if (xlsx) {
                Workbook workbook = new Workbook(out, "Community Data Hub", "1.0");
                Worksheet sheet = workbook.newWorksheet("导入结果");
                int r = 0;
                for (SheetRow row = source.next(); row != null; row = source.next()) {
                    collect(row, job, idColumn, today, idNumbers);
                    List<String> cells = mask.apply(row, cells(row, job, findings));
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
                    collect(row, job, idColumn, today, idNumbers);
                    List<String> cells = mask.apply(row, cells(row, job, findings));
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
        List<String> fields = job.mapping() == null
                ? List.of()
                : job.mapping().stream().filter(f -> f != null).distinct().toList();
        return new Result(
                target,
                base + "-导入结果" + (xlsx ? ".xlsx" : ".csv"),
                xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=UTF-8",
                idNumbers.values(),
                fields);
    }

    /** The column mapped to {@code field}, or -1. */
    private static int column(ImportJob job, String field) {
        return job.mapping() == null ? -1 : job.mapping().indexOf(field);
    }

    /** The row's ID number, when its column holds one the registry's rule accepts. */
    private static void collect(
            SheetRow row, ImportJob job, int idColumn, LocalDate today, Map<String, IdNumber> idNumbers) {
        if (idColumn < 0 || row.number() <= job.headerRow()) {
            return;
        }
        String raw = row.cell(idColumn);
        if (raw == null || raw.isBlank()) {
            return;
        }
        try {
            IdNumber number = IdNumber.parse(raw, today);
            idNumbers.putIfAbsent(number.value(), number);
        } catch (InvalidIdNumberException e) {
            // Not a number the registry could hold: no resident to name.
        }
    }

    /**
     * Masks a data row's identifiers: the ID-number and phone columns whole, and any ID number or
     * mobile number standing in another cell, unless the download reveals them.
     */
    private static final class CellMask {
        private final long headerRow;
        private final int idColumn;
        private final int phoneColumn;
        private final boolean ids;
        private final boolean phones;

        CellMask(ImportJob job, Reveal shown) {
            this.headerRow = job.headerRow();
            this.idColumn = column(job, Reveal.ID_NUMBER);
            this.phoneColumn = column(job, Reveal.PHONE);
            this.ids = shown.shows(Reveal.ID_NUMBER);
            this.phones = shown.shows(Reveal.PHONE);
        }

        List<String> apply(SheetRow row, List<String> cells) {
            if (row.number() <= headerRow || (ids && phones)) {
                return cells;
            }
            int original = row.cells().size();
            for (int c = 0; c < Math.min(original, cells.size()); c++) {
                String v = cells.get(c);
                if (v.isEmpty()) {
                    continue;
                }
                if (c == idColumn) {
                    v = ids ? v : Masking.maskIdNumber(v.strip());
                } else if (c == phoneColumn) {
                    v = phones ? v : Masking.maskPhone(v.strip());
                } else {
                    // Another cell may hold a second number (户主身份证号, a note): masked, both kinds.
                    v = Masking.maskIdentifiersIn(v);
                }
                cells.set(c, v);
            }
            return cells;
        }
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
        private final CellCorrections corrections;
        private final ImportJob job;
        private final Deque<ImportFinding> buffer = new ArrayDeque<>();
        private long readUpTo;
        private boolean exhausted;

        Findings(UUID id, CellCorrections corrections, ImportJob job) {
            this.id = id;
            this.corrections = corrections;
            this.job = job;
        }

        String describe(long row) {
            String found = found(row);
            Map<Integer, String> corrected = corrections.of(job.sheet(), row);
            if (corrected.isEmpty()) {
                return found;
            }
            String columns = corrected.keySet().stream()
                    .sorted()
                    .map(c -> c < job.headers().size() && !job.headers().get(c).isBlank()
                            ? "“" + job.headers().get(c) + "”"
                            : "第 " + (c + 1) + " 列")
                    .collect(java.util.stream.Collectors.joining("、"));
            return "本行已在导入页改正：" + columns + (found.isEmpty() ? "" : "；" + found);
        }

        private String found(long row) {
            while (!exhausted && (buffer.isEmpty() || buffer.peekLast().row() < row)) {
                List<ImportFinding> next = findingRepository.findingsAfter(id, readUpTo, 2000);
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
