package org.communityhub.intake.imports;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.communityhub.access.Actor;
import org.communityhub.access.Reveal;
import org.communityhub.common.background.Lane;
import org.communityhub.common.error.ExpectedVersion;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.matching.DuplicateService;
import org.communityhub.registry.household.HouseholdRequest;
import org.communityhub.registry.household.HouseholdService;
import org.communityhub.registry.household.MemberPlacement;
import org.communityhub.registry.resident.EditResident;
import org.communityhub.registry.resident.RegisterBatch;
import org.communityhub.registry.resident.RegisterResident;
import org.communityhub.registry.resident.ResidentQueries;
import org.communityhub.registry.resident.ResidentRequest;
import org.communityhub.registry.resident.ResidentView;
import org.jboss.logging.Logger;

/**
 * Commits a checked import's rows (COMMITTING → COMMITTED) for {@link ImportJobs}, which runs it:
 * the rows the check refused and the copies of a person written on another row left out, the rest
 * written batch by batch through the registry's services — new residents set-based, residents
 * already registered updated one by one when asked — so history, the platforms' outbox and the
 * access log happen as for a row typed in. {@code valid-rows} writes each batch in its own
 * transaction and records how far the file is written; {@code all-or-nothing} writes the file in
 * one. A batch the database refuses as a whole is written again row by row, which names the row.
 */
@ApplicationScoped
class ImportCommitter {

    private static final Logger LOG = Logger.getLogger(ImportCommitter.class);

    /**
     * What a commit borrows from the job's runner: the upload's rows interpreted as the check
     * interpreted them, the claim renewed between batches (a cancellation noticed there), and the
     * threads that prepare the next batch.
     */
    interface Runner {
        RowInterpreter interpreter(ImportJob job, boolean date1904);

        Map<Long, RowInterpreter.Interpreted> rowsOf(
                ImportJob job, String sheet, RowInterpreter interpreter, long[] numbers);

        void between(UUID id);

        Lane preparers();
    }

    private final ImportRepository repository;
    private final ImportFindingRepository findingRepository;
    private final ImportFiles files;
    private final ImportSettings settings;
    private final RegisterBatch batches;
    private final EditResident edits;
    private final RegisterResident registrations;
    private final ResidentQueries queries;
    private final HouseholdService households;
    private final DuplicateService duplicates;
    private final Clock clock;
    private final EntityManager entities;

    ImportCommitter(
            ImportRepository repository,
            ImportFindingRepository findingRepository,
            ImportFiles files,
            ImportSettings settings,
            RegisterBatch batches,
            EditResident edits,
            RegisterResident registrations,
            ResidentQueries queries,
            HouseholdService households,
            DuplicateService duplicates,
            Clock clock,
            EntityManager entities) {
        this.repository = repository;
        this.findingRepository = findingRepository;
        this.files = files;
        this.settings = settings;
        this.batches = batches;
        this.edits = edits;
        this.registrations = registrations;
        this.queries = queries;
        this.households = households;
        this.duplicates = duplicates;
        this.clock = clock;
        this.entities = entities;
    }

    void commit(ImportJob job, Runner runner) {
        UUID id = job.id();
        Actor actor = job.uploader();
        long[] refused = findingRepository.errorRows(id);
        SamePersonRows samePerson = SamePersonRows.of(findingRepository.sameRowLinks(id), refused);
        // Neither a refused row nor a row of a person written on another row is written on its own.
        long[] errorRows = LongStream.concat(Arrays.stream(refused), Arrays.stream(samePerson.notWritten()))
                .sorted()
                .distinct()
                .toArray();
        Map<Long, ImportFindingRepository.Existing> existing = findingRepository.existingRows(id);
        boolean applyUpdates = repository.appliesUpdates(id);
        boolean allOrNothing = "ALL_OR_NOTHING".equals(job.commitMode());
        Commit commit = new Commit(
                actor,
                applyUpdates,
                findingRepository.rowsWith(id, ImportJobs.PROBABLE_DUPLICATE, ImportJobs.PROBABLE_DUPLICATE_IN_FILE),
                merged(job, samePerson, refused, runner));
        if (allOrNothing) {
            try {
                commitAllOrNothing(runner, job, commit, errorRows, existing);
            } catch (BatchFailed e) {
                // The set-based write does not say which row the database refused: once more, one
                // row at a time, which names it.
                commit.reset();
                commit.oneByOne = true;
                try {
                    commitAllOrNothing(runner, job, commit, errorRows, existing);
                } catch (RowFailed f) {
                    commitFailed(id, f);
                    return;
                }
            } catch (RowFailed e) {
                commitFailed(id, e);
                return;
            }
        } else {
            // A commit taken up again after its process stopped goes on after the rows it wrote.
            commit.done = job.rowsCommitted();
            commit.updated = job.rowsUpdated();
            inBatches(
                    runner,
                    job,
                    errorRows,
                    job.committedThroughRow(),
                    (rows, interpreter) -> commit.prepare(rows, interpreter, existing),
                    batch -> commitBatch(id, commit, existing, batch));
        }
        repository.committed(id, commit.done, commit.updated);
        repository.finish(id, ImportState.COMMITTED, null, null, clock.instant());
    }

    /**
     * Each person of several rows, as the row it is written on will write them: their rows read
     * again from the upload (only they) and merged.
     */
    private Map<Long, RowInterpreter.Interpreted> merged(
            ImportJob job, SamePersonRows samePerson, long[] refused, Runner runner) {
        Map<Long, long[]> groups = samePerson.merging();
        if (groups.isEmpty()) {
            return Map.of();
        }
        Map<Long, RowInterpreter.Interpreted> rows = runner.rowsOf(job, job.sheet(), null, samePerson.rowsToRead());
        Map<Long, RowInterpreter.Interpreted> merged = new HashMap<>();
        groups.forEach((committed, members) -> {
            List<SamePerson.Row> of = new ArrayList<>();
            for (long r : members) {
                RowInterpreter.Interpreted it = rows.get(r);
                if (it != null) {
                    boolean usable =
                            Arrays.binarySearch(refused, r) < 0 && it.request().idNumber() != null;
                    of.add(new SamePerson.Row(r, it, usable));
                }
            }
            if (of.size() > 1) {
                merged.put(committed, SamePerson.merge(of).it());
            }
        });
        return merged;
    }

    /** Every committable row of the file in one transaction, written batch by batch. */
    private void commitAllOrNothing(
            Runner runner,
            ImportJob job,
            Commit commit,
            long[] errorRows,
            Map<Long, ImportFindingRepository.Existing> existing) {
        QuarkusTransaction.requiringNew().timeout(6 * 3600).run(() -> {
            repository.importBatchSettings();
            inBatches(
                    runner,
                    job,
                    errorRows,
                    0,
                    (rows, interpreter) -> commit.prepare(rows, interpreter, existing),
                    batch -> {
                        commit.rows(batch, existing);
                        long done = commit.done;
                        long updated = commit.updated;
                        QuarkusTransaction.requiringNew().run(() -> {
                            repository.importBatchSettings();
                            repository.committed(job.id(), done, updated);
                        });
                    });
        });
    }

    /** A batch of a file's rows, as read, with what was prepared for it beforehand. */
    record Batch(List<SheetRow> rows, RowInterpreter interpreter, Commit.Prepared prepared) {}

    /** What is prepared for one batch of a file's rows before it is written (nothing written). */
    @FunctionalInterface
    private interface BatchPreparation {
        Commit.Prepared prepare(List<SheetRow> rows, RowInterpreter interpreter);
    }

    /** What is done with one batch of a file's rows. */
    @FunctionalInterface
    private interface BatchWork {
        void commit(Batch batch);
    }

    /** What the reading side hands on: a batch, the end of the file, or why it stopped. */
    private record Handed(Batch batch, Throwable failure) {
        static final Handed END = new Handed(null, null);
    }

    /**
     * The file's committable rows after row {@code after}, read again from the upload and handed on
     * a batch at a time, in the file's order; between batches the claim is renewed and a cancellation
     * noticed. The next batch is read and prepared (checked and encrypted, which is most of the hub's
     * own work) on another thread while this one writes the current one: one batch is held ready at
     * most, so the heap holds three batches at a time whatever the file's size. Writing, and all it
     * decides (the order, the fallback row by row, how far the file is written, the one transaction
     * of an all-or-nothing commit), stays on this thread; the preparation writes nothing. A failure
     * of the reading side (a file that can no longer be read) surfaces here after the batches before
     * it are written, as it did when reading and writing took turns.
     */
    private void inBatches(
            Runner runner, ImportJob job, long[] errorRows, long after, BatchPreparation preparation, BatchWork work) {
        BlockingQueue<Handed> ready = new ArrayBlockingQueue<>(1);
        AtomicBoolean stop = new AtomicBoolean();
        Future<?> reading =
                runner.preparers().submit(() -> read(runner, job, errorRows, after, preparation, ready, stop));
        try {
            while (true) {
                Handed next = ready.poll(200, TimeUnit.MILLISECONDS);
                if (next == null) {
                    if (reading.isDone() && ready.isEmpty()) {
                        throw new IllegalStateException("Reading the import's file stopped without a word");
                    }
                    continue;
                }
                if (next.failure() instanceof RuntimeException e) {
                    throw e;
                }
                if (next.failure() instanceof Error e) {
                    throw e;
                }
                if (next.batch() == null) {
                    return;
                }
                work.commit(next.batch());
                runner.between(job.id());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Import interrupted", e);
        } finally {
            stop.set(true);
            ready.clear(); // a batch waiting to be handed on is dropped; the reading side then ends
            try {
                reading.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // already handed on as a failure, or the writing side stopped first
            } catch (CancellationException e) {
                // the hub began to stop before the reading side began
            }
        }
    }

    /** The reading side of {@link #inBatches}: batches read, prepared and handed on until the end or a stop. */
    private void read(
            Runner runner,
            ImportJob job,
            long[] errorRows,
            long after,
            BatchPreparation preparation,
            BlockingQueue<Handed> ready,
            AtomicBoolean stop) {
        Handed last = Handed.END;
        try (RowSource source =
                Sheets.open(job.format(), files.upload(job.id()), settings, job.sheet(), files.corrections(job.id()))) {
            RowInterpreter interpreter = runner.interpreter(job, Sheets.date1904(source));
            List<SheetRow> batch = new ArrayList<>();
            for (SheetRow row = source.next(); !stop.get(); row = source.next()) {
                if (row != null && row.number() > after && committable(job, errorRows, row)) {
                    batch.add(row);
                }
                if (batch.size() >= settings.batchSize() || (row == null && !batch.isEmpty())) {
                    List<SheetRow> rows = List.copyOf(batch);
                    batch.clear();
                    if (!hand(
                            ready,
                            stop,
                            new Handed(new Batch(rows, interpreter, preparation.prepare(rows, interpreter)), null))) {
                        return;
                    }
                }
                if (row == null) {
                    break;
                }
            }
        } catch (RuntimeException | Error e) {
            last = new Handed(null, e);
        }
        hand(ready, stop, last);
    }

    /** Hands one item on, waiting while the writing side is busy; false when it stopped. */
    private static boolean hand(BlockingQueue<Handed> ready, AtomicBoolean stop, Handed item) {
        try {
            while (!stop.get()) {
                if (ready.offer(item, 200, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void commitFailed(UUID id, RowFailed e) {
        repository.committed(id, 0, 0);
        repository.finish(
                id,
                ImportState.READY,
                "commit-failed",
                "提交未完成，没有写入任何记录：第 " + e.row + " 行：" + e.getMessage(),
                clock.instant());
    }

    /** A row of the file that is neither the header nor above it, nor blank, nor refused by the check. */
    private static boolean committable(ImportJob job, long[] errorRows, SheetRow row) {
        return row.number() > job.headerRow() && !row.isBlank() && Arrays.binarySearch(errorRows, row.number()) < 0;
    }

    /**
     * A batch in one transaction, which also records how far the file is written; if it fails, the
     * batch again row by row, each failure noted.
     */
    private void commitBatch(
            UUID id, Commit commit, Map<Long, ImportFindingRepository.Existing> existing, Batch batch) {
        List<SheetRow> rows = batch.rows();
        RowInterpreter interpreter = batch.interpreter();
        long before = commit.done;
        long updatedBefore = commit.updated;
        long last = rows.get(rows.size() - 1).number();
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                repository.importBatchSettings();
                commit.rows(batch, existing);
                repository.committedThrough(id, last, commit.done, commit.updated);
            });
        } catch (RowFailed | BatchFailed e) {
            commit.done = before;
            commit.updated = updatedBefore;
            commit.forgetHouseholds();
            for (SheetRow row : rows) {
                try {
                    QuarkusTransaction.requiringNew().run(() -> {
                        commit.row(row, commit.interpret(interpreter, row), existing.get(row.number()));
                        repository.committedThrough(id, row.number(), commit.done, commit.updated);
                    });
                } catch (RowFailed f) {
                    commit.forgetHouseholds();
                    // The refusal and how far the file is written go together: a commit taken up
                    // again neither loses the finding nor repeats it.
                    QuarkusTransaction.requiringNew().run(() -> {
                        findingRepository.insertFindings(
                                id,
                                findingRepository.nextSeq(id),
                                List.of(ImportFinding.error(
                                        row.number(), null, null, null, "commit-failed", "提交时被拒：" + f.getMessage())));
                        repository.committedThrough(id, row.number(), commit.done, commit.updated);
                    });
                }
            }
        }
    }

    /** Committing the rows of one import. */
    private final class Commit {
        final Actor actor;
        final boolean applyUpdates;
        /** Households met so far, by community and 户号 ({@link HouseholdService#key}). */
        final Map<String, UUID> households = new HashMap<>();
        /** Households of this import the rules refused to create, with why. */
        final Map<String, ProblemException> refusedHouseholds = new HashMap<>();

        /** Households created in the batch being committed: new, so no version to move on. */
        final Set<UUID> createdNow = new HashSet<>();
        /**
         * Rows the check found probably registered, or probably on an earlier row, under another ID
         * number (sorted): their pairs are queued when they are registered.
         */
        final long[] probableDuplicateRows;
        /** The rows each person of several rows is written on, with that person's merged values. */
        final Map<Long, RowInterpreter.Interpreted> merged;
        /** Rows registered one at a time (to find the row a batch's write failed on), not as a set. */
        boolean oneByOne;

        long done;
        /** Of {@link #done}, the rows that updated people already registered. */
        long updated;

        Commit(
                Actor actor,
                boolean applyUpdates,
                long[] probableDuplicateRows,
                Map<Long, RowInterpreter.Interpreted> merged) {
            this.actor = actor;
            this.applyUpdates = applyUpdates;
            this.probableDuplicateRows = probableDuplicateRows;
            this.merged = merged;
        }

        /** The row as it is written: interpreted, or the merged values of its person's rows. */
        RowInterpreter.Interpreted interpret(RowInterpreter interpreter, SheetRow row) {
            RowInterpreter.Interpreted person = merged.get(row.number());
            return person != null ? person : interpreter.interpret(row);
        }

        /** A row just registered as {@code residentId}: its probable pairs into the review queue, in its transaction. */
        private void registered(SheetRow row, UUID residentId) {
            if (Arrays.binarySearch(probableDuplicateRows, row.number()) >= 0) {
                entities.flush(); // a resident registered one by one is read back by the comparison
                duplicates.offerPairsOf(actor, residentId);
            }
        }

        void reset() {
            done = 0;
            updated = 0;
            forgetHouseholds();
        }

        /** The households created in a transaction that rolled back are gone. */
        void forgetHouseholds() {
            households.clear();
            refusedHouseholds.clear();
            createdNow.clear();
        }

        /**
         * What a batch's rows will be written with, worked out before the batch's transaction and
         * beside the writing of the batch before it: each row interpreted, and the new residents
         * checked and encrypted by the registry. Nothing when the rows are written one by one.
         */
        record Prepared(
                List<RowInterpreter.Interpreted> interpreted, List<RegisterBatch.PreparedRegistration> registrations) {}

        Prepared prepare(
                List<SheetRow> rows, RowInterpreter interpreter, Map<Long, ImportFindingRepository.Existing> existing) {
            if (oneByOne) {
                return null;
            }
            List<RowInterpreter.Interpreted> interpreted = new ArrayList<>(rows.size());
            List<ResidentRequest> requests = new ArrayList<>();
            List<String> relations = new ArrayList<>();
            for (SheetRow row : rows) {
                RowInterpreter.Interpreted it = interpret(interpreter, row);
                interpreted.add(it);
                if (existing.get(row.number()) == null) {
                    requests.add(it.request());
                    relations.add(
                            it.householdNumber() != null && it.relationToHead() != null ? it.relationToHead() : null);
                }
            }
            return new Prepared(interpreted, batches.prepareAll(actor, requests, relations));
        }

        /**
         * A batch: updates of registered residents one by one (they are few), new residents in one
         * set-based registration, which refuses a row (RowFailed) or fails as a whole (BatchFailed).
         */
        void rows(Batch batch, Map<Long, ImportFindingRepository.Existing> existing) {
            List<SheetRow> rows = batch.rows();
            if (oneByOne || batch.prepared() == null) {
                for (SheetRow row : rows) {
                    row(row, interpret(batch.interpreter(), row), existing.get(row.number()));
                }
                return;
            }
            createdNow.clear();
            householdsOf(batch.prepared().interpreted());
            List<RegisterBatch.PreparedRegistration> registrations = new ArrayList<>();
            List<RegisterBatch.HouseholdPlace> places = new ArrayList<>();
            List<SheetRow> registered = new ArrayList<>();
            Set<UUID> joined = new HashSet<>();
            int next = 0;
            for (int k = 0; k < rows.size(); k++) {
                SheetRow row = rows.get(k);
                RowInterpreter.Interpreted it = batch.prepared().interpreted().get(k);
                ImportFindingRepository.Existing holder = existing.get(row.number());
                if (holder != null) {
                    row(row, it, holder);
                    continue;
                }
                RegisterBatch.PreparedRegistration registration =
                        batch.prepared().registrations().get(next++);
                RegisterBatch.HouseholdPlace place = null;
                if (it.householdNumber() != null && it.relationToHead() != null) {
                    UUID household;
                    try {
                        household = household(it);
                    } catch (ProblemException e) {
                        throw new RowFailed(row.number(), e.getMessage());
                    }
                    place = new RegisterBatch.HouseholdPlace(household, it.householdNumber(), it.relationToHead());
                    if (!createdNow.contains(household)) {
                        joined.add(household); // a household its members join moves on, as when placed one by one
                    }
                }
                registrations.add(registration);
                places.add(place);
                registered.add(row);
            }
            List<RegisterBatch.Registration> results;
            try {
                results = batches.registerAll(actor, registrations, places);
                ImportCommitter.this.households.membersJoined(actor, joined);
                entities.flush(); // the memberships, which the database checks too
            } catch (RuntimeException e) {
                String state = sqlState(e);
                if (state == null || !state.startsWith("23")) {
                    throw e; // not a rule of the data: a fault, which the job reports
                }
                LOG.infof("Import batch refused by the database (SQL state %s): committing its rows one by one", state);
                throw new BatchFailed(e);
            }
            for (int i = 0; i < results.size(); i++) {
                ProblemException refusal = results.get(i).refusal();
                if (refusal != null) {
                    throw new RowFailed(registered.get(i).number(), refusal.getMessage());
                }
            }
            for (int i = 0; i < results.size(); i++) {
                registered(registered.get(i), results.get(i).id());
            }
            done += registered.size();
            entities.clear();
        }

        void row(SheetRow row, RowInterpreter.Interpreted it, ImportFindingRepository.Existing existing) {
            try {
                UUID residentId;
                if (existing != null) {
                    if (!existing.changed() || !(applyUpdates || existing.accepted())) {
                        return;
                    }
                    // A damaged number accepted as this resident's: their registered number stays.
                    residentId = update(
                            existing.residentId(),
                            existing.accepted() ? DamagedRows.withoutIdNumber(it.request()) : it.request());
                } else {
                    residentId = registrations.registerReturningId(actor, it.request());
                    registered(row, residentId);
                }
                if (it.householdNumber() != null && it.relationToHead() != null) {
                    ImportCommitter.this.households.placeMember(
                            actor, household(it), residentId, new MemberPlacement(it.relationToHead()));
                }
                // Written and let go every 50 rows: a session holding a whole batch would compare
                // every entity it holds at each flush, and a batch would cost the square of its size.
                done++;
                if (existing != null) {
                    updated++;
                }
                if (done % 50 == 0) {
                    entities.flush();
                    entities.clear();
                }
            } catch (ProblemException e) {
                throw new RowFailed(row.number(), e.getMessage());
            }
        }

        private UUID update(UUID residentId, ResidentRequest row) {
            ResidentView now = queries.get(actor, residentId, Reveal.NONE);
            ResidentRequest merged = new ResidentRequest(
                    or(row.name(), now.name()),
                    row.idNumber(),
                    null,
                    or(row.sex(), now.sex()),
                    or(
                            row.birthDate(),
                            now.birthDate() == null ? null : now.birthDate().toString()),
                    or(row.ethnicity(), now.ethnicity()),
                    or(row.politicalStatus(), now.politicalStatus()),
                    or(row.education(), now.education()),
                    or(row.maritalStatus(), now.maritalStatus()),
                    row.phone(),
                    or(row.residenceType(), now.residenceType()),
                    or(row.communityCode(), now.communityCode()),
                    or(row.building(), now.building()),
                    or(row.unit(), now.unit()),
                    or(row.room(), now.room()),
                    row.tags() == null ? now.tags() : row.tags(),
                    row.partyMembership(),
                    row.leagueMembership());
            edits.update(actor, residentId, merged, ExpectedVersion.of(now.version()));
            return residentId;
        }

        /**
         * The households a batch's rows name that this import has not met yet, found in the
         * registry or created, all at once: one look-up and one write a batch, not a few a household.
         */
        private void householdsOf(List<RowInterpreter.Interpreted> interpreted) {
            Map<String, HouseholdRequest> wanted = new LinkedHashMap<>();
            for (RowInterpreter.Interpreted it : interpreted) {
                if (it.householdNumber() == null || it.relationToHead() == null) {
                    continue;
                }
                ResidentRequest r = it.request();
                String key = HouseholdService.key(r.communityCode(), it.householdNumber());
                if (!households.containsKey(key) && !refusedHouseholds.containsKey(key)) {
                    wanted.putIfAbsent(
                            key,
                            new HouseholdRequest(
                                    it.householdNumber(),
                                    it.householdType(),
                                    r.communityCode(),
                                    r.building(),
                                    r.unit(),
                                    r.room()));
                }
            }
            if (wanted.isEmpty()) {
                return;
            }
            ImportCommitter.this
                    .households
                    .findOrCreateAll(actor, List.copyOf(wanted.values()))
                    .forEach((key, f) -> {
                        if (f.refusal() != null) {
                            refusedHouseholds.put(key, f.refusal());
                        } else {
                            households.put(key, f.id());
                            if (f.created()) {
                                createdNow.add(f.id());
                            }
                        }
                    });
        }

        /** The row's household: met before in this import, registered before it, or created now. */
        private UUID household(RowInterpreter.Interpreted it) {
            ResidentRequest r = it.request();
            String key = HouseholdService.key(r.communityCode(), it.householdNumber());
            ProblemException refused = refusedHouseholds.get(key);
            if (refused != null) {
                throw refused;
            }
            UUID household = households.get(key);
            if (household == null) {
                household = registered(r.communityCode(), it.householdNumber());
                if (household == null) {
                    household = ImportCommitter.this
                            .households
                            .create(
                                    actor,
                                    new HouseholdRequest(
                                            it.householdNumber(),
                                            it.householdType(),
                                            r.communityCode(),
                                            r.building(),
                                            r.unit(),
                                            r.room()))
                            .id();
                    createdNow.add(household);
                }
                households.put(key, household);
            }
            return household;
        }

        private UUID registered(String community, String number) {
            return ImportCommitter.this
                    .households
                    .search(actor, community, number, null, PageRequest.of("0", "200"))
                    .items()
                    .stream()
                    .filter(h -> number.equals(h.householdNumber()) && community.equals(h.communityCode()))
                    .map(h -> h.id())
                    .findFirst()
                    .orElse(null);
        }
    }

    private static String or(String given, String current) {
        return given == null ? current : given;
    }

    /** A row the registry refused at commit. */
    static final class RowFailed extends RuntimeException {
        final long row;

        RowFailed(long row, String message) {
            super(message, null, false, false);
            this.row = row;
        }
    }

    /** The SQL state of the database error behind a failure, if there is one. */
    private static String sqlState(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }

    /** A batch's set-based write failed in the database (a constraint), without naming its row. */
    static final class BatchFailed extends RuntimeException {
        BatchFailed(RuntimeException cause) {
            super(null, cause, false, false);
        }
    }
}
