package org.communityhub.intake.imports;

import io.quarkus.narayana.jta.QuarkusTransaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.Reveal;
import org.communityhub.access.RevealRules;
import org.communityhub.access.Roles;
import org.communityhub.audit.AccessLog;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.ids.Ids;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.common.text.Text;
import org.communityhub.registry.resident.IdNumberHolders;

/**
 * Spreadsheet imports (台账导入): upload, the check's findings, mapping corrections, commit, cancel,
 * and the result file. An import is seen by its uploader, and by supervisors whose area covers the
 * uploader's. Reading and committing run in the background ({@link ImportJobs}).
 */
@jakarta.enterprise.context.ApplicationScoped
public class ImportService {

    private final ImportRepository repository;
    private final ImportFindingRepository findingRepository;
    private final ImportFiles files;
    private final ImportJobs jobs;
    private final ResultFiles results;
    private final AccessLog accessLog;
    private final RevealRules revealRules;
    private final IdNumberHolders residents;
    private final ImportSummaries summaries;
    private final Clock clock;

    ImportService(
            ImportRepository repository,
            ImportFindingRepository findingRepository,
            ImportFiles files,
            ImportJobs jobs,
            ResultFiles results,
            AccessLog accessLog,
            RevealRules revealRules,
            IdNumberHolders residents,
            ImportSummaries summaries,
            Clock clock) {
        this.repository = repository;
        this.findingRepository = findingRepository;
        this.files = files;
        this.jobs = jobs;
        this.results = results;
        this.accessLog = accessLog;
        this.revealRules = revealRules;
        this.residents = residents;
        this.summaries = summaries;
        this.clock = clock;
    }

    /**
     * Takes an uploaded file: what it is is decided from its content (a file that is not what its
     * name says is refused at once, 422), it is stored in the data directory, and the check starts
     * in the background.
     */
    public ImportView upload(Actor actor, String sentFileName, Path uploaded) {
        // A file name is not data: invisible characters (a right-to-left override) are dropped from it.
        String fileName = Text.withoutInvisible(sentFileName);
        String name = fileName == null || fileName.isBlank()
                ? "upload"
                : Path.of(fileName).getFileName().toString();
        if (name.length() > 255) {
            name = name.substring(name.length() - 255);
        }
        FileSniffer.Format format;
        long size;
        try {
            format = FileSniffer.detect(uploaded, name);
            size = Files.size(uploaded);
        } catch (RejectedFileException e) {
            throw ProblemException.invalid("file", e.code(), e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        UUID id = Ids.newId();
        repository.insert(
                id,
                actor.username(),
                actor.roles(),
                List.copyOf(actor.scope().codes()),
                name,
                size,
                format,
                clock.instant());
        try {
            files.store(id, uploaded);
        } catch (RuntimeException e) {
            repository.finish(id, ImportState.FAILED, "upload-not-stored", "上传的文件未能保存，请重新上传。", clock.instant());
            throw e;
        }
        jobs.start(id);
        return view(require(actor, id), null);
    }

    /** One import, with a page of its findings (filtered by severity or row when given). */
    public ImportView get(Actor actor, UUID id, String severity, Long row, PageRequest page) {
        return get(actor, id, severity, row, null, page);
    }

    /**
     * One import, with a page of its findings (filtered by severity, row or kind when given) and
     * all its findings by kind.
     */
    public ImportView get(Actor actor, UUID id, String severity, Long row, String code, PageRequest page) {
        ImportJob job = require(actor, id);
        String sev = severity == null ? null : severity.strip().toUpperCase(java.util.Locale.ROOT);
        if (sev != null && !sev.equals("ERROR") && !sev.equals("WARNING")) {
            throw ProblemException.invalid("severity", "unknown-value", "severity 应为 ERROR 或 WARNING。");
        }
        String kind = code == null || code.isBlank() ? null : code.strip();
        List<ImportFinding> items = findingRepository.findings(id, sev, row, kind, page.offset(), page.size());
        Page<ImportFinding> findings =
                new Page<>(items, findingRepository.countFindings(id, sev, row, kind), page.page(), page.size());
        ImportView view = view(job, findings, findingRepository.findingKinds(id));
        return job.state() == ImportState.COMMITTED ? view.withSummary(summaries.of(actor, job)) : view;
    }

    /**
     * The people a committed import registered, a page at a time: those its uploader registered
     * while its commit ran, as the registry's history records them.
     */
    public Page<org.communityhub.registry.household.ChangesByUser.RegisteredPerson> registered(
            Actor actor, UUID id, PageRequest page) {
        return summaries.registered(actor, require(actor, id), page);
    }

    /** The actor's recent imports (a supervisor's: also those of their area). */
    public List<ImportView> recent(Actor actor) {
        List<ImportJob> jobs =
                actor.hasRole(Roles.SUPERVISOR) ? repository.recent(200) : repository.recentBy(actor.username(), 50);
        return jobs.stream()
                .filter(j -> visible(actor, j))
                .limit(50)
                .map(j -> view(j, null))
                .toList();
    }

    /**
     * Corrects the mapping of columns to fields, remembers it for files with the same headers, and
     * checks the file again with it.
     */
    public ImportView changeMapping(Actor actor, UUID id, MappingChange change) {
        ImportJob job = require(actor, id);
        if (job.state() != ImportState.READY) {
            throw ProblemException.conflict("not-ready", "只有检查完毕（READY）的导入才能修改列对应关系。");
        }
        if (change == null || change.columns() == null) {
            throw ProblemException.badRequest("missing-body", "请求体为空：请提交 {columns: [{column, field}]}。");
        }
        List<String> mapping = new ArrayList<>(job.mapping());
        FieldErrors errors = new FieldErrors();
        for (int i = 0; i < change.columns().size(); i++) {
            MappingChange.ColumnField c = change.columns().get(i);
            if (c == null || c.column() == null || c.column() < 1 || c.column() > mapping.size()) {
                errors.add("columns[" + i + "].column", "unknown-column", "列号应在 1 到 " + mapping.size() + " 之间。");
                continue;
            }
            String field =
                    c.field() == null || c.field().isBlank() ? null : c.field().strip();
            if (field != null && ImportField.byKey(field).isEmpty()) {
                errors.add("columns[" + i + "].field", "unknown-field", "没有这个字段；可用字段见导入页的字段列表。");
                continue;
            }
            mapping.set(c.column() - 1, field);
        }
        Set<String> seen = new HashSet<>();
        for (String f : mapping) {
            if (f != null && !seen.add(f)) {
                errors.add("columns", "field-twice", "字段 " + f + " 对应了不止一列：每个字段只能来自一列。");
            }
        }
        errors.throwIfAny();
        ColumnMapping corrected = ImportJobs.fromKeys(job.headers(), mapping);
        repository.rememberMapping(corrected.headerKey(), mapping, actor.username(), clock.instant());
        checkAgain(id, () -> repository.mapping(id, mapping), "只有检查完毕（READY）的导入才能修改列对应关系。");
        return view(require(actor, id), null);
    }

    /**
     * Reads another sheet of the workbook instead, one of those that hold something: its header row
     * is found and its rows checked again, from the start (one import reads one sheet).
     */
    public ImportView chooseSheet(Actor actor, UUID id, SheetChoice choice) {
        ImportJob job = require(actor, id);
        if (job.state() != ImportState.READY) {
            throw ProblemException.conflict("not-ready", "只有检查完毕（READY）的导入才能改选工作表。");
        }
        String sheet =
                choice == null || choice.sheet() == null ? null : choice.sheet().strip();
        if (sheet == null || sheet.isEmpty()) {
            throw ProblemException.badRequest("missing-body", "请求体为空：请提交 {sheet: 工作表名}。");
        }
        if (sheet.equals(job.sheet())) {
            return view(job, null);
        }
        if (job.otherSheets() == null || !job.otherSheets().contains(sheet)) {
            FieldErrors errors = new FieldErrors();
            errors.add(
                    "sheet",
                    "unknown-sheet",
                    job.otherSheets() == null || job.otherSheets().isEmpty()
                            ? "这个文件没有其他有内容的工作表。"
                            : "工作簿中有内容的其他工作表是：“" + String.join("”“", job.otherSheets()) + "”。");
            errors.throwIfAny();
        }
        checkAgain(id, () -> repository.sheet(id, sheet), "只有检查完毕（READY）的导入才能改选工作表。");
        return view(require(actor, id), null);
    }

    /**
     * Checks a READY import again as it is, for its uploader or their supervisor: after the
     * district's vocabulary or the registry's communities changed, without uploading it again.
     */
    public ImportView checkAgain(Actor actor, UUID id) {
        require(actor, id);
        checkAgainAsItIs(id);
        return view(require(actor, id), null);
    }

    /**
     * Checks a READY import again as it is (its sheet, its mapping): what it depends on outside the
     * file changed (communities added to the registry). Refused (409) when it is no longer READY.
     */
    void checkAgainAsItIs(UUID id) {
        checkAgain(id, () -> {}, "只有检查完毕（READY）的导入才能重新检查。");
    }

    /**
     * Changes what the check reads and starts it again: the change and the import's return to
     * PARSING in one transaction, so that an import no longer READY (a commit begun meanwhile) is
     * left as it is; refused with {@code notReady} then.
     */
    void checkAgain(UUID id, Runnable change, String notReady) {
        boolean restarted = QuarkusTransaction.requiringNew().call(() -> {
            if (!repository.transition(id, ImportState.READY, ImportState.PARSING, null, false, clock.instant())) {
                return false;
            }
            change.run();
            return true;
        });
        if (!restarted) {
            throw ProblemException.conflict("not-ready", notReady);
        }
        jobs.start(id);
    }

    /**
     * Commits the rows: {@code all-or-nothing} writes every row in one transaction or none (refused
     * while any row has an error); {@code valid-rows} writes the rows without errors, in batches.
     * Rows of residents already registered update them only with {@code applyUpdates}.
     */
    public ImportView commit(Actor actor, UUID id, String mode, boolean applyUpdates) {
        ImportJob job = require(actor, id);
        String commitMode;
        if ("valid-rows".equals(mode)) {
            commitMode = "VALID_ROWS";
        } else if ("all-or-nothing".equals(mode)) {
            commitMode = "ALL_OR_NOTHING";
        } else {
            throw ProblemException.invalid(
                    "mode", "unknown-mode", "mode 应为 valid-rows（只提交无错误的行）或 all-or-nothing（全部提交或全部不提交）。");
        }
        if (job.state() != ImportState.READY) {
            throw ProblemException.conflict("not-ready", "只有检查完毕（READY）的导入才能提交；当前状态：" + job.state() + "。");
        }
        if (commitMode.equals("ALL_OR_NOTHING") && job.rowsInvalid() > 0) {
            throw ProblemException.conflict(
                            "rows-with-errors", "有 " + job.rowsInvalid() + " 行有错误，不能“全部提交”：请修改文件后重新导入，或选择只提交无错误的行。")
                    .with("rowsWithErrors", job.rowsInvalid());
        }
        if (commitMode.equals("ALL_OR_NOTHING") && job.committedThroughRow() > 0) {
            throw ProblemException.conflict(
                            "partly-committed",
                            "此前的提交已写入 " + job.rowsCommitted() + " 行，不能再“全部提交”：请选择只提交无错误的行，将从已写入的行之后继续。")
                    .with("rowsCommitted", job.rowsCommitted());
        }
        if (!files.exists(id)) {
            throw ProblemException.conflict("upload-gone", "上传的文件已不在服务器上，请重新导入。");
        }
        if (!repository.transition(
                id, ImportState.READY, ImportState.COMMITTING, commitMode, applyUpdates, clock.instant())) {
            throw ProblemException.conflict("not-ready", "该导入的状态刚刚改变，请刷新后重试。");
        }
        jobs.start(id);
        return view(require(actor, id), null);
    }

    /**
     * The worker's answers to the check's questions (a row whose damaged ID number is probably that
     * of a registered resident, or of the person on another row): accepted, the row is committed as
     * an update of that resident (their registered number kept) or merged into the other row (not
     * registered on its own); declined, it stays refused. Only while the import is READY; all
     * answers or none are recorded.
     */
    public ImportView decide(Actor actor, UUID id, ImportDecisions body) {
        ImportJob job = require(actor, id);
        boolean rows =
                body != null && body.decisions() != null && !body.decisions().isEmpty();
        boolean all = body != null && body.all() != null;
        if (rows && all) {
            throw ProblemException.badRequest(
                    "decisions-and-all", "请只提交一种：按行决定 {decisions: [{row, accept}]}，或按类别一并决定 {all: {code, accept}}。");
        }
        if (all) {
            return decideAll(actor, job, body.all());
        }
        if (!rows) {
            throw ProblemException.badRequest(
                    "missing-body", "请求体为空：请提交 {decisions: [{row, accept}]}，或 {all: {code, accept}}。");
        }
        FieldErrors errors = new FieldErrors();
        for (int i = 0; i < body.decisions().size(); i++) {
            ImportDecisions.Decision d = body.decisions().get(i);
            if (d == null || d.row() == null) {
                errors.add("decisions[" + i + "].row", "required", "请给出行号（表格中的行号）。");
            } else if (d.accept() == null) {
                errors.add("decisions[" + i + "].accept", "required", "请给出 accept：true（采纳）或 false（不采纳）。");
            }
        }
        errors.throwIfAny();
        boolean done = QuarkusTransaction.requiringNew().call(() -> {
            ImportJob now = repository.lockReady(id);
            if (now == null) {
                return false;
            }
            FieldErrors unknown = new FieldErrors();
            for (int i = 0; i < body.decisions().size(); i++) {
                ImportDecisions.Decision d = body.decisions().get(i);
                if (!findingRepository.decide(id, d.row(), d.accept(), actor.username(), clock.instant())) {
                    unknown.add("decisions[" + i + "].row", "no-question", "第 " + d.row() + " 行没有待决定的建议。");
                }
            }
            unknown.throwIfAny(); // and nothing is recorded
            findingRepository.recount(id);
            return true;
        });
        if (!done) {
            throw ProblemException.conflict("not-ready", "只有检查完毕（READY）的导入才能决定建议；当前状态：" + job.state() + "。");
        }
        return view(require(actor, id), null);
    }

    /**
     * The same answer to every question of one kind (code) not answered yet: the questions answered
     * one by one keep their answers. Refused when the import asks no question of that kind, or none
     * is left to answer.
     */
    private ImportView decideAll(Actor actor, ImportJob job, ImportDecisions.All all) {
        UUID id = job.id();
        FieldErrors errors = new FieldErrors();
        String code = all.code() == null ? null : all.code().strip();
        if (code == null || code.isEmpty()) {
            errors.add("all.code", "required", "请给出要一并决定的建议类别（findingKinds 中的 code）。");
        }
        if (all.accept() == null) {
            errors.add("all.accept", "required", "请给出 accept：true（全部采纳）或 false（全部不采纳）。");
        }
        errors.throwIfAny();
        Integer answered = QuarkusTransaction.requiringNew().call(() -> {
            if (repository.lockReady(id) == null) {
                return null;
            }
            if (!findingRepository.asks(id, code)) {
                throw ProblemException.invalid("all.code", "no-such-question", "本次导入没有这一类需要决定的建议。");
            }
            int n = findingRepository.decideAll(id, code, all.accept(), actor.username(), clock.instant());
            if (n == 0) {
                throw ProblemException.invalid("all.code", "no-pending-question", "这一类建议都已决定过；要改某一行，请按行决定。");
            }
            findingRepository.recount(id);
            return n;
        });
        if (answered == null) {
            throw ProblemException.conflict("not-ready", "只有检查完毕（READY）的导入才能决定建议；当前状态：" + job.state() + "。");
        }
        return view(require(actor, id), null);
    }

    /** Cancels an import: one being read or committed stops at its next batch; the upload is dropped. */
    public ImportView cancel(Actor actor, UUID id) {
        ImportJob job = require(actor, id);
        switch (job.state()) {
            case READY, FAILED -> {
                if (repository.transition(id, job.state(), ImportState.CANCELLED, null, false, clock.instant())) {
                    files.delete(id);
                }
            }
            case PARSING, COMMITTING -> repository.requestCancel(id);
            default -> throw ProblemException.conflict("already-finished", "该导入已经结束（" + job.state() + "），不能取消。");
        }
        return view(require(actor, id), null);
    }

    /**
     * The result file: the upload's rows with a column saying what the check found in each. It is
     * an export like any other: a purpose is required; ID numbers and phones are masked unless
     * {@code reveal} names them (and the actor may reveal); the access log names every registered
     * resident whose row it holds, so the area's auditors see it. If the log cannot be written,
     * there is no file.
     */
    public ResultFiles.Result result(Actor actor, UUID id, String reveal, String purpose, String purposeNote) {
        ImportJob job = require(actor, id);
        Reveal shown = revealRules.checkFile(actor, reveal, purpose, purposeNote);
        if (job.state() == ImportState.PARSING || job.headerRow() == null || !files.exists(id)) {
            throw ProblemException.conflict("no-result", "结果文件要等检查完毕后才有；已取消或被拒收的导入没有结果文件。");
        }
        ResultFiles.Result result = results.write(job, shown);
        try {
            List<UUID> named = residents.holdersToName(actor, result.idNumbers());
            accessLog.record(
                    actor,
                    AccessLog.Action.EXPORT,
                    "GET /api/v1/imports/{id}/result",
                    named,
                    shown.asShown(result.fields()),
                    new Reveal(Set.of(), shown.purpose(), shown.note()));
        } catch (RuntimeException e) {
            deleteQuietly(result.file());
            throw e;
        }
        return result;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The next result file of the import overwrites it.
        }
    }

    ImportJob require(Actor actor, UUID id) {
        return repository.find(id).filter(j -> visible(actor, j)).orElseThrow(() -> ProblemException.notFound("导入"));
    }

    /** The uploader, and supervisors whose area covers all of the uploader's. */
    static boolean visible(Actor actor, ImportJob job) {
        if (job.createdBy().equals(actor.username())) {
            return true;
        }
        if (!actor.hasRole(Roles.SUPERVISOR) || job.areaCodes().isEmpty()) {
            return false;
        }
        return job.areaCodes().stream()
                .allMatch(c -> actor.scope().isEverywhere() || (!"*".equals(c) && actor.covers(c)));
    }

    ImportView view(ImportJob job, Page<ImportFinding> findings) {
        return view(job, findings, null);
    }

    private ImportView view(ImportJob job, Page<ImportFinding> findings, List<FindingKind> kinds) {
        List<ImportView.Column> columns = null;
        if (job.headers() != null && job.mapping() != null) {
            columns = new ArrayList<>();
            for (int i = 0; i < job.headers().size(); i++) {
                String key = i < job.mapping().size() ? job.mapping().get(i) : null;
                columns.add(new ImportView.Column(
                        i + 1,
                        job.headers().get(i),
                        key,
                        key == null
                                ? null
                                : ImportField.byKey(key).map(ImportField::label).orElse(null)));
            }
        }
        return new ImportView(
                job.id(),
                job.state(),
                job.fileName(),
                job.format().name(),
                job.encoding(),
                job.sheet(),
                job.otherSheets(),
                job.createdBy(),
                job.createdAt(),
                job.headerRow(),
                columns,
                progress(job),
                job.commitMode() == null
                        ? null
                        : job.commitMode().equals("VALID_ROWS") ? "valid-rows" : "all-or-nothing",
                job.commitMode() == null ? null : repository.appliesUpdates(job.id()),
                job.errorCode() == null ? null : new ImportView.Problem(job.errorCode(), job.errorDetail()),
                findings,
                kinds,
                null);
    }

    private ImportView.Progress progress(ImportJob job) {
        Instant now = clock.instant();
        Instant end =
                job.finishedAt() != null && job.state() != ImportState.PARSING && job.state() != ImportState.COMMITTING
                        ? job.finishedAt()
                        : now;
        double seconds = job.phaseStartedAt() == null
                ? 0
                : Math.max(0.001, Duration.between(job.phaseStartedAt(), end).toMillis() / 1000.0);
        Double rate = null;
        Long left = null;
        Integer percent = null;
        if (job.state() == ImportState.PARSING) {
            rate = seconds > 0 ? round(job.rowsRead() / seconds) : null;
            if (job.bytesRead() > 0 && job.fileSize() > 0) {
                double fraction = Math.min(1.0, (double) job.bytesRead() / job.fileSize());
                percent = (int) Math.floor(fraction * 100);
                left = Math.round(seconds * (1 - fraction) / fraction);
            }
        } else if (job.state() == ImportState.COMMITTING) {
            rate = seconds > 0 ? round(job.rowsCommitted() / seconds) : null;
            long target = job.rowsValid();
            if (target > 0) {
                double fraction = Math.min(1.0, (double) job.rowsCommitted() / target);
                percent = (int) Math.floor(fraction * 100);
                left = rate == null || rate == 0 ? null : Math.round((target - job.rowsCommitted()) / rate);
            }
        } else if (job.state() == ImportState.READY || job.state() == ImportState.COMMITTED) {
            percent = 100;
            left = 0L;
            rate = seconds > 0
                    ? round((job.state() == ImportState.COMMITTED ? job.rowsCommitted() : job.rowsRead()) / seconds)
                    : null;
        }
        return new ImportView.Progress(
                job.rowsRead(),
                job.rowsValid(),
                job.rowsInvalid(),
                job.rowsUpdate(),
                job.rowsCommitted(),
                job.rowsCommitted() - job.rowsUpdated(),
                job.rowsUpdated(),
                job.state() == ImportState.READY ? findingRepository.pendingDecisions(job.id()) : 0,
                checked(job.state()) ? findingRepository.decisionsNeeded(job.id()) : null,
                rate,
                left,
                percent);
    }

    /** Whether the check of the import's file is complete, so that its findings are all there. */
    private static boolean checked(ImportState state) {
        return state == ImportState.READY || state == ImportState.COMMITTING || state == ImportState.COMMITTED;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
