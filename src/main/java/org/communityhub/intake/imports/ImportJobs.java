package org.communityhub.intake.imports;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.Scheduler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.communityhub.access.Actor;
import org.communityhub.access.TagVisibility;
import org.communityhub.common.background.BackgroundWork;
import org.communityhub.common.background.Lane;
import org.communityhub.common.error.ProblemException;
import org.communityhub.matching.DuplicateService;
import org.communityhub.reference.code.Vocabulary;
import org.communityhub.reference.place.DivisionCode;
import org.communityhub.registry.place.DivisionService;
import org.communityhub.registry.place.DivisionView;
import org.communityhub.registry.resident.EditResident;
import org.communityhub.registry.resident.IdNumberHolders;
import org.communityhub.registry.resident.RegisterResident;
import org.jboss.logging.Logger;

/**
 * Runs imports in the background, apart from any request, so a job goes on when the browser is
 * closed: reading and checking a file (PARSING → READY), and committing its rows (COMMITTING →
 * COMMITTED). A job is claimed with a lease that its worker renews as it goes; a job whose hub
 * process stopped is taken up again by the next process that looks: a check from the start, a
 * valid-rows commit after the last row it wrote, an all-or-nothing commit (which wrote nothing)
 * from the start. The check is {@link ImportCheck}'s, the commit {@link ImportCommitter}'s; this
 * class runs them.
 */
@ApplicationScoped
public class ImportJobs {

    private static final Logger LOG = Logger.getLogger(ImportJobs.class);

    /** How long a stopping hub waits for the import batch in hand. */
    private static final long STOP_PATIENCE_SECONDS = 20;
    /** The most communities of an uploader's area whose names a ledger's community column may give. */
    private static final int MAX_COMMUNITIES_BY_NAME = 5000;

    static final String RESOURCE = "POST /api/v1/imports";
    /** The warning on a row whose person is probably registered already under another ID number or none. */
    static final String PROBABLE_DUPLICATE = "probable-duplicate";
    /** The warning on a row whose person is probably that of an earlier row, under another ID number or none. */
    static final String PROBABLE_DUPLICATE_IN_FILE = "probable-duplicate-in-file";
    /** The question on a row refused for a damaged ID number: is it a resident registered under a number one slip away? */
    static final String DAMAGED_ID_REGISTERED = "damaged-id-number-registered";
    /** The question on a row refused for a damaged ID number: is it the person of another row, with a valid number? */
    static final String DAMAGED_ID_IN_FILE = "damaged-id-number-in-file";
    /** The finding on a row with the ID number of another row: one person, registered once. */
    static final String DUPLICATE_IN_FILE = "duplicate-in-file";
    /** The question on a row of one person with another whose values differ: merge them with the values chosen? */
    static final String VALUES_DIFFER = "same-person-values-differ";

    private final ImportRepository repository;
    private final ImportFindingRepository findingRepository;
    private final ImportFiles files;
    private final ImportSettings settings;
    private final Vocabulary vocabulary;
    private final DivisionService divisions;
    private final TagVisibility tagVisibility;
    private final EditResident edits;
    private final RegisterResident registrations;
    private final IdNumberHolders holderLookups;
    private final DuplicateService duplicates;
    private final Clock clock;
    private final ImportCommitter committer;
    private final Scheduler scheduler;
    private final String worker = "hub-" + UUID.randomUUID();
    /** The jobs' own work, {@code hub.imports.workers} at a time. */
    private final Lane jobs;
    /** Reads and prepares the next batch of a commit while the job's thread writes the current one. */
    private final Lane preparers;
    /**
     * The jobs this process is working on. A job's claim is this process's, so a second start of it
     * here (the look for orphans finding its lease run out while a slow batch is written, or finding
     * it not yet claimed) would pass the claim and run it twice at once: the run that finishes second
     * would find it no longer under way and cancel it.
     */
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();
    /** Set when the process begins to stop: a job failing from then on is left to be taken up again. */
    private volatile boolean stopping;

    ImportJobs(
            ImportRepository repository,
            ImportFindingRepository findingRepository,
            ImportFiles files,
            ImportSettings settings,
            Vocabulary vocabulary,
            DivisionService divisions,
            TagVisibility tagVisibility,
            EditResident edits,
            RegisterResident registrations,
            IdNumberHolders holderLookups,
            DuplicateService duplicates,
            Clock clock,
            ImportCommitter committer,
            Scheduler scheduler,
            BackgroundWork background) {
        this.jobs = background.lane("import", settings.workers());
        this.preparers = background.lane("import-prepare");
        this.repository = repository;
        this.findingRepository = findingRepository;
        this.files = files;
        this.settings = settings;
        this.vocabulary = vocabulary;
        this.divisions = divisions;
        this.tagVisibility = tagVisibility;
        this.edits = edits;
        this.registrations = registrations;
        this.holderLookups = holderLookups;
        this.duplicates = duplicates;
        this.clock = clock;
        this.committer = committer;
        this.scheduler = scheduler;
    }

    /** What a commit borrows from this runner. */
    private final ImportCommitter.Runner runner = new ImportCommitter.Runner() {
        @Override
        public RowInterpreter interpreter(ImportJob job, boolean date1904) {
            return ImportJobs.this.interpreter(job, date1904);
        }

        @Override
        public Map<Long, RowInterpreter.Interpreted> rowsOf(
                ImportJob job, String sheet, RowInterpreter interpreter, long[] numbers) {
            return ImportJobs.this.rowsOf(job, sheet, interpreter, numbers);
        }

        @Override
        public void between(UUID id) {
            ImportJobs.this.between(id);
        }

        @Override
        public Lane preparers() {
            return preparers;
        }
    };

    void onStart(@Observes StartupEvent event) {
        // Jobs whose hub process stopped (or this one, before a restart) are taken up again, by
        // the scheduler that runs the hub's other chores.
        scheduler
                .newJob("import-orphans")
                .setDelayed("2s")
                .setInterval(Math.max(5, settings.leaseSeconds() / 2) + "s")
                .setConcurrentExecution(Scheduled.ConcurrentExecution.SKIP)
                .setSkipPredicate(execution -> stopping)
                .setTask(execution -> takeUpOrphans())
                .schedule();
    }

    /**
     * Stops taking work and waits a while for the batch in hand: a job leaves off between batches,
     * to be taken up again, and its last transaction ends before the database connections close
     * (otherwise it ends against a closed session and the log shows a stack trace at every stop).
     */
    void onStop(@Observes ShutdownEvent event) {
        stopping = true;
        jobs.shutdownNow();
        preparers.shutdownNow();
        if (!jobs.awaitTermination(Duration.ofSeconds(STOP_PATIENCE_SECONDS))) {
            LOG.warnf("An import batch was still running %d s after the stop began", STOP_PATIENCE_SECONDS);
        }
    }

    /** Starts work on a job in PARSING or COMMITTING, in the background. */
    void start(UUID id) {
        jobs.submit(() -> run(id));
    }

    private void takeUpOrphans() {
        try {
            for (UUID orphan : repository.orphans(clock.instant())) {
                if (stopping) {
                    return;
                }
                start(orphan);
            }
            if (stopping) {
                return;
            }
            dropOldUploads();
            files.dropIdleCopies();
        } catch (RuntimeException e) {
            if (stopping) {
                return; // the workers or the database went first: the next start looks again
            }
            LOG.warnf(
                    "Looking for import jobs to take up failed: %s",
                    e.getClass().getSimpleName());
        }
    }

    /** Uploads of imports that ended long enough ago are deleted; imports left unfinished are cancelled. */
    void dropOldUploads() {
        Instant cutoff = clock.instant().minus(java.time.Duration.ofDays(settings.keepFilesDays()));
        for (ImportJob job : repository.endedBefore(cutoff)) {
            if (job.state() == ImportState.READY
                    && repository.transition(
                            job.id(), ImportState.READY, ImportState.CANCELLED, null, false, clock.instant())) {
                repository.finish(
                        job.id(),
                        ImportState.CANCELLED,
                        "expired",
                        "导入检查完毕后 " + settings.keepFilesDays() + " 天未提交，已自动取消，上传的文件已删除。",
                        clock.instant());
            }
            files.delete(job.id());
            repository.uploadDeleted(job.id());
        }
    }

    private void run(UUID id) {
        if (!running.add(id)) {
            return;
        }
        try {
            claimAndRun(id);
        } finally {
            running.remove(id);
        }
    }

    private void claimAndRun(UUID id) {
        Instant now = clock.instant();
        if (!repository.claim(id, worker, now, now.plusSeconds(settings.leaseSeconds()))) {
            return;
        }
        ImportJob job = repository.find(id).orElse(null);
        if (job == null) {
            return;
        }
        try {
            if (job.state() == ImportState.PARSING) {
                parse(job);
            } else if (job.state() == ImportState.COMMITTING) {
                committer.commit(job, runner);
            }
        } catch (Cancelled e) {
            repository.finish(id, ImportState.CANCELLED, null, null, clock.instant());
            files.delete(id);
        } catch (RejectedFileException e) {
            repository.finish(id, ImportState.FAILED, e.code(), e.getMessage(), clock.instant());
            files.delete(id);
        } catch (ProblemException e) {
            // A rule of the registry refused the whole import (e.g. the uploader's look-ups of ID
            // numbers are used up for today): its words say why; a commit can be tried again later.
            repository.finish(
                    id,
                    job.state() == ImportState.COMMITTING ? ImportState.READY : ImportState.FAILED,
                    e.code(),
                    e.getMessage(),
                    clock.instant());
        } catch (RuntimeException e) {
            if (stopping) {
                // Cut short by the stop (an interrupted wait, an executor shut down, a connection
                // closed by the pool): not a fault of the job.
                // Left as it is: its lease runs out and another process (or this one, started
                // again) takes it up, as after a crash.
                LOG.infof("Import %s left to be taken up again: this hub process is stopping", id);
                return;
            }
            // The class and where, never the message: a message could quote a value from the file.
            LOG.errorf(
                    "Import %s failed: %s at %s",
                    id, e.getClass().getName(), org.communityhub.common.error.Causes.where(e));
            long written = repository.find(id).map(ImportJob::rowsCommitted).orElse(0L);
            boolean partly =
                    job.state() == ImportState.COMMITTING && "VALID_ROWS".equals(job.commitMode()) && written > 0;
            repository.finish(
                    id,
                    job.state() == ImportState.COMMITTING ? ImportState.READY : ImportState.FAILED,
                    "internal-error",
                    partly
                            ? "导入时发生内部错误，已停止；此前已提交 " + written + " 行（已写入登记）。再次提交时，将从已写入的行之后继续。请稍后重试，或联系管理员。"
                            : "导入时发生内部错误，已停止；没有完成的提交不会留下记录。请稍后重试，或联系管理员。",
                    clock.instant());
        }
    }

    // ---- Reading and checking ------------------------------------------------------------------

    private void parse(ImportJob job) {
        UUID id = job.id();
        repository.restartParsing(id, clock.instant());
        Actor actor = job.uploader();
        LocalDate today = LocalDate.now(clock);
        Vocabulary.Snapshot words = vocabulary.current();
        Sheets.Ledger ledger =
                Sheets.openLedger(job.format(), files.upload(id), settings, job.sheet(), words, files.corrections(id));
        try (RowSource source = ledger.source()) {
            SheetRow header = ledger.header();
            List<SheetRow> pending = ledger.pending();
            List<String> headers = Sheets.texts(header);
            ColumnMapping mapping = mapping(job, headers, words);
            String community = defaultCommunity(actor);
            repository.header(
                    id,
                    source.encoding(),
                    source.sheet(),
                    source.sheetsNotRead(),
                    (int) header.number(),
                    headers,
                    keys(mapping),
                    community);
            RowInterpreter interpreter = interpreter(mapping, words, actor, community, Sheets.date1904(source));
            ImportCheck check = new ImportCheck(
                    findingRepository,
                    registrations,
                    edits,
                    holderLookups,
                    duplicates,
                    preparers,
                    id,
                    actor,
                    interpreter,
                    today,
                    findingRepository.nextSeq(id),
                    header.number());
            check.sheetsNotRead(header, source.sheet(), source.sheetsNotRead());
            check.columns(mapping, community);
            List<SheetRow> batch = new ArrayList<>();
            int pendingAt = 0;
            while (true) {
                SheetRow row = pendingAt < pending.size() ? pending.get(pendingAt++) : source.next();
                if (row != null && row.isBlank()) {
                    continue;
                }
                if (row != null) {
                    batch.add(row);
                }
                if (batch.size() >= settings.batchSize() || (row == null && !batch.isEmpty())) {
                    List<SheetRow> rows = List.copyOf(batch);
                    batch.clear();
                    long position = source.position();
                    // Checked by the rules before the batch's transaction, which then holds its
                    // connection only for the writes.
                    List<ImportCheck.Checked> checked = check.checkEach(rows);
                    QuarkusTransaction.requiringNew().run(() -> {
                        repository.importBatchSettings();
                        check.rows(rows, checked);
                        repository.progress(id, check.read, check.valid, check.invalid, check.update, position);
                    });
                    between(id);
                }
                if (row == null) {
                    break;
                }
            }
            long[] copies = check.rowsOfCopies();
            if (copies.length > 0) {
                QuarkusTransaction.requiringNew()
                        .run(() -> check.differencesOfCopies(rowsOf(job, source.sheet(), interpreter, copies)));
            }
            check.householdsWithoutHead();
            check.summaries();
            repository.progress(id, check.read, check.valid, check.invalid, check.update, job.fileSize());
            findingRepository.keepDecisions(id);
            repository.finish(id, ImportState.READY, null, null, clock.instant());
        }
    }

    /** The mapping a worker set for these headers on this import, else the one remembered, else the synonyms'. */
    private ColumnMapping mapping(ImportJob job, List<String> headers, Vocabulary.Snapshot words) {
        if (job.mapping() != null && headers.equals(job.headers())) {
            return fromKeys(headers, job.mapping());
        }
        ColumnMapping bySynonyms = ColumnMapping.bySynonyms(headers, words);
        return repository
                .rememberedMapping(bySynonyms.headerKey())
                .filter(m -> m.size() == headers.size())
                .map(m -> fromKeys(headers, m))
                .orElse(bySynonyms);
    }

    static ColumnMapping fromKeys(List<String> headers, List<String> keys) {
        List<ImportField> fields = new ArrayList<>();
        for (int i = 0; i < headers.size(); i++) {
            String key = i < keys.size() ? keys.get(i) : null;
            fields.add(key == null ? null : ImportField.byKey(key).orElse(null));
        }
        return new ColumnMapping(headers, fields);
    }

    static List<String> keys(ColumnMapping mapping) {
        return mapping.fields().stream().map(f -> f == null ? null : f.key()).toList();
    }

    /**
     * The interpreter of a file's rows for its uploader: the vocabulary of the moment, the
     * communities of their area by name, and the tags they may set.
     */
    private RowInterpreter interpreter(
            ColumnMapping mapping, Vocabulary.Snapshot words, Actor actor, String defaultCommunity, boolean date1904) {
        List<DivisionView> communities = mapping.has(ImportField.COMMUNITY_CODE)
                ? QuarkusTransaction.requiringNew()
                        .call(() -> divisions.communitiesIn(actor.scope(), MAX_COMMUNITIES_BY_NAME))
                        .orElse(List.of())
                : List.of();
        return new RowInterpreter(
                mapping,
                words,
                new LedgerCommunities(defaultCommunity, communities),
                date1904,
                tag -> tagVisibility.canSee(actor, tag));
    }

    /** The interpreter of a checked file's rows, by the mapping the check used: as a commit reads them. */
    private RowInterpreter interpreter(ImportJob job, boolean date1904) {
        return interpreter(
                fromKeys(job.headers(), job.mapping()),
                vocabulary.current(),
                job.uploader(),
                job.communityCode(),
                date1904);
    }

    /** The community rows without a community column belong to: the uploader's, when their area is one community. */
    static String defaultCommunity(Actor actor) {
        var codes = actor.scope().codes();
        if (codes.size() == 1) {
            String only = codes.iterator().next();
            return DivisionCode.isCommunity(only) ? only : null;
        }
        return null;
    }

    /**
     * Between batches: the claim renewed, a cancellation noticed. In a transaction of its own, also
     * inside an all-or-nothing commit's one transaction: there the renewal would hold the job's row
     * locked until the end (the next batch's progress, written in a transaction of its own, would
     * wait for it for ever) and other processes would not see the lease renewed.
     */
    private void between(UUID id) {
        Instant now = clock.instant();
        boolean claimed = QuarkusTransaction.requiringNew().call(() -> {
            repository.importBatchSettings();
            return repository.claim(id, worker, now, now.plusSeconds(settings.leaseSeconds()));
        });
        if (!claimed) {
            throw new Cancelled(); // another process took the job over, or it was ended
        }
        if (QuarkusTransaction.requiringNew().call(() -> repository.cancelRequested(id))) {
            throw new Cancelled();
        }
    }

    /**
     * These rows (sorted) of the upload's sheet, read again and interpreted by {@code interpreter},
     * or (null) by the import's mapping as a commit reads it.
     */
    private Map<Long, RowInterpreter.Interpreted> rowsOf(
            ImportJob job, String sheet, RowInterpreter interpreter, long[] numbers) {
        Map<Long, RowInterpreter.Interpreted> found = new HashMap<>();
        try (RowSource source =
                Sheets.open(job.format(), files.upload(job.id()), settings, sheet, files.corrections(job.id()))) {
            if (interpreter == null) {
                interpreter = interpreter(job, Sheets.date1904(source));
            }
            for (SheetRow row = source.next(); row != null && found.size() < numbers.length; row = source.next()) {
                if (Arrays.binarySearch(numbers, row.number()) >= 0) {
                    found.put(row.number(), interpreter.interpret(row));
                }
            }
        }
        return found;
    }

    /** The job was cancelled, or another process took it over. */
    static final class Cancelled extends RuntimeException {
        Cancelled() {
            super(null, null, false, false);
        }
    }
}
