package org.communityhub.intake.imports;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.Reveal;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.error.ProblemException;

/**
 * Correcting an import in place: one row of the upload shown as the check reads it (ID numbers
 * and phones masked) with what the check found in it, and cells of it corrected without uploading
 * the file again, after which the whole file is checked again.
 */
@ApplicationScoped
public class ImportCorrections {

    private final ImportService imports;
    private final ImportFindingRepository findingRepository;
    private final ImportFiles files;
    private final ImportSettings settings;
    private final Clock clock;

    ImportCorrections(
            ImportService imports,
            ImportFindingRepository findingRepository,
            ImportFiles files,
            ImportSettings settings,
            Clock clock) {
        this.imports = imports;
        this.findingRepository = findingRepository;
        this.files = files;
        this.settings = settings;
        this.clock = clock;
    }

    /** The most cells of one import a worker may correct (each is read into memory whenever the file is). */
    static final int MAX_CORRECTED_CELLS = 10_000;

    /**
     * One row of the upload as the check reads it, for correcting it: its cells (ID numbers and
     * phones masked) and what the check found in it. Not found (404) above the header row or
     * beyond the file's last row.
     */
    public ImportRow row(Actor actor, UUID id, long row) {
        ImportJob job = imports.require(actor, id);
        SheetRow read = readRow(job, row);
        CellCorrections corrections = files.corrections(id);
        java.util.Map<Integer, String> corrected = corrections.of(job.sheet(), row);
        int idColumn = job.mapping().indexOf(Reveal.ID_NUMBER);
        int phoneColumn = job.mapping().indexOf(Reveal.PHONE);
        List<ImportRow.Cell> cells = new ArrayList<>();
        for (int c = 0; c < job.headers().size(); c++) {
            String key = c < job.mapping().size() ? job.mapping().get(c) : null;
            String value = read.cell(c) == null ? "" : read.cell(c);
            String shown;
            if (c == idColumn) {
                shown = value.isBlank()
                        ? value
                        : org.communityhub.reference.identity.Masking.maskIdNumber(value.strip());
            } else if (c == phoneColumn) {
                shown = value.isBlank() ? value : org.communityhub.reference.identity.Masking.maskPhone(value.strip());
            } else {
                shown = org.communityhub.reference.identity.Masking.maskIdentifiersIn(value);
            }
            cells.add(new ImportRow.Cell(
                    c + 1,
                    job.headers().get(c),
                    key,
                    key == null
                            ? null
                            : ImportField.byKey(key).map(ImportField::label).orElse(null),
                    shown,
                    !shown.equals(value),
                    corrected.containsKey(c)));
        }
        return new ImportRow(row, cells, findingRepository.findings(id, null, row, null, 0, 200));
    }

    /**
     * Corrects cells of one row of the upload without uploading it again: the corrections are
     * stored encrypted (they are personal data, as the upload is) and laid over the file's rows
     * wherever it is read, and the file is checked again, as after a change of the mapping (the
     * comparisons between rows need the whole file), the answers to its questions kept. A
     * corrected value goes through every check a value of the file goes through. Only while the
     * import is READY.
     */
    public ImportView correct(Actor actor, UUID id, long row, RowCorrection body) {
        ImportJob job = imports.require(actor, id);
        if (job.state() != ImportState.READY) {
            throw ProblemException.conflict("not-ready", "只有检查完毕（READY）的导入才能改正单元格；当前状态：" + job.state() + "。");
        }
        if (body == null || body.cells() == null || body.cells().isEmpty()) {
            throw ProblemException.badRequest("missing-body", "请求体为空：请提交 {cells: {列号或表头: 改正后的值}}。");
        }
        java.util.Map<Integer, String> cells = new java.util.HashMap<>();
        List<org.communityhub.common.error.FieldError> unknown = new ArrayList<>();
        FieldErrors invalid = new FieldErrors();
        for (java.util.Map.Entry<String, String> cell : body.cells().entrySet()) {
            Integer column = column(job.headers(), cell.getKey());
            String field = "cells." + cell.getKey();
            if (column == null) {
                unknown.add(new org.communityhub.common.error.FieldError(
                        field,
                        "unknown-column",
                        "没有这一列：请用列号（1 到 " + job.headers().size() + "）或表中的表头（只出现一次的）指明。"));
                continue;
            }
            if (cells.containsKey(column)) {
                invalid.add(field, "column-twice", "第 " + (column + 1) + " 列给了不止一个值。");
                continue;
            }
            String value = cell.getValue();
            if (value != null && value.length() > settings.maxCellChars()) {
                invalid.add(field, "too-long", "值过长：一个单元格最多 " + settings.maxCellChars() + " 个字符。");
                continue;
            }
            cells.put(column, value);
        }
        if (!unknown.isEmpty()) {
            throw new ProblemException(
                    400,
                    "unknown-column",
                    "Bad Request",
                    "请求中有 " + unknown.size() + " 列不在表中。",
                    unknown,
                    java.util.Map.of());
        }
        invalid.throwIfAny();
        readRow(job, row); // 404 when the file has no such row
        if (findingRepository.correctedCells(id) + cells.size() > MAX_CORRECTED_CELLS) {
            throw ProblemException.conflict(
                    "too-many-corrections", "一次导入最多改正 " + MAX_CORRECTED_CELLS + " 个单元格：改正较多时，请改好文件后重新上传。");
        }
        imports.checkAgain(
                id,
                () -> files.correct(id, job.sheet(), row, cells, actor.username(), clock.instant()),
                "只有检查完毕（READY）的导入才能改正单元格。");
        return imports.view(imports.require(actor, id), null);
    }

    /** The column (0-based) a request names by its number (1-based) or its header; null when none, or several. */
    static Integer column(List<String> headers, String given) {
        if (given == null || given.isBlank()) {
            return null;
        }
        String name = given.strip();
        if (name.chars().allMatch(Character::isDigit) && name.length() <= 6) {
            int n = Integer.parseInt(name);
            return n >= 1 && n <= headers.size() ? n - 1 : null;
        }
        Integer found = null;
        for (int c = 0; c < headers.size(); c++) {
            if (headers.get(c) != null && headers.get(c).strip().equals(name)) {
                if (found != null) {
                    return null; // two columns with this header: say which by number
                }
                found = c;
            }
        }
        return found;
    }

    /**
     * A data row of the upload as the check reads it (corrections over it), read from the file
     * (up to that row: a file read as far as its 10,000th row takes well under a second).
     */
    private SheetRow readRow(ImportJob job, long row) {
        if (job.headerRow() == null || job.headers() == null || job.mapping() == null || !files.exists(job.id())) {
            throw ProblemException.conflict("no-rows", "这次导入还没有可读的行（检查未完成，或已取消、被拒收）。");
        }
        if (row > job.headerRow()) {
            try (RowSource source = Sheets.open(
                    job.format(), files.upload(job.id()), settings, job.sheet(), files.corrections(job.id()))) {
                for (SheetRow r = source.next(); r != null && r.number() <= row; r = source.next()) {
                    if (r.number() == row) {
                        return r;
                    }
                }
            } catch (RejectedFileException e) {
                throw ProblemException.conflict("upload-unreadable", "上传的文件已不能读取，请重新导入。");
            }
        }
        throw new ProblemException(
                404, "no-such-row", "Not Found", "表中没有第 " + row + " 行数据（表头在第 " + job.headerRow() + " 行）。");
    }
}
