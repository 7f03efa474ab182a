package org.communityhub.intake.imports;

import io.quarkus.narayana.jta.QuarkusTransaction;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.communityhub.access.Actor;
import org.communityhub.common.background.Lane;
import org.communityhub.common.history.FieldChange;
import org.communityhub.matching.DuplicateService;
import org.communityhub.reference.identity.IdNumber;
import org.communityhub.reference.identity.PersonName;
import org.communityhub.registry.place.Address;
import org.communityhub.registry.resident.EditResident;
import org.communityhub.registry.resident.IdNumberHolders;
import org.communityhub.registry.resident.MatchFacts;
import org.communityhub.registry.resident.RegisterResident;
import org.communityhub.registry.resident.RegistrationWarning;
import org.communityhub.registry.resident.ResidentRequest;

/**
 * The check of one file: each row interpreted and judged by the registry's rules, compared with
 * the rows before it and with the registry; the counts, the ID numbers seen, the households met.
 * What is one problem of the whole file (a column missing or not mapped, communities not in the
 * registry, names cleaned of invisible characters) is said once, on the header row, not on every
 * row it touches.
 */
final class ImportCheck {

    /** A batch at least this large is checked on two threads (below it, handing half over costs more than it saves). */
    static final int PARALLEL_CHECK_ROWS = 200;
    /** The most community codes, or row numbers, a summary on the header row lists. */
    private static final int MAX_LISTED = 20;

    private final ImportFindingRepository findingRepository;
    private final RegisterResident registrations;
    private final EditResident edits;
    private final IdNumberHolders holderLookups;
    private final DuplicateService duplicates;
    private final Lane helper;
    private final long headerRow;
    /** Rows per community code the registry does not have. */
    private final Map<String, Long> unknownCommunities = new LinkedHashMap<>();
    /** Rows whose names were cleaned of invisible characters or padding spaces. */
    private final List<Long> cleanedNames = new ArrayList<>();

    private long cleanedNameCount;

    final UUID id;
    final Actor actor;
    final RowInterpreter interpreter;
    final LocalDate today;
    final SeenIdNumbers seen = new SeenIdNumbers();
    final SeenPeople seenPeople = new SeenPeople();
    private final DamagedRows damagedRows;

    /**
     * Rows refused for a value other than their ID number, by the hash of that number, until a row
     * without an error gives the same number: its person is then registered from that row.
     */
    private final Map<Long, Long> refusedNumbers = new HashMap<>();
    /** Rows without an error that repeat an earlier row's ID number, with that row: [row, first row]. */
    private final List<long[]> copies = new ArrayList<>();

    /** Per household (community and 户号): the row of its head (0: none yet), and its first row. */
    final Map<String, long[]> householdRows = new HashMap<>();

    long seq;
    long read;
    long valid;
    long invalid;
    long update;

    ImportCheck(
            ImportFindingRepository findingRepository,
            RegisterResident registrations,
            EditResident edits,
            IdNumberHolders holderLookups,
            DuplicateService duplicates,
            Lane helper,
            UUID id,
            Actor actor,
            RowInterpreter interpreter,
            LocalDate today,
            long seq,
            long headerRow) {
        this.findingRepository = findingRepository;
        this.registrations = registrations;
        this.edits = edits;
        this.holderLookups = holderLookups;
        this.duplicates = duplicates;
        this.helper = helper;
        this.headerRow = headerRow;
        this.id = id;
        this.actor = actor;
        this.interpreter = interpreter;
        this.today = today;
        this.seq = seq;
        this.damagedRows = new DamagedRows(holderLookups, edits, actor, interpreter, today, seenPeople);
    }

    /**
     * Checks a batch of rows: each by the registry's rules and against the rows before it, then
     * the ID numbers of the whole batch looked up in the registry at once.
     */
    void rows(List<SheetRow> rows, List<Checked> checked) {
        List<List<ImportFinding>> foundOfRows = new ArrayList<>(rows.size());
        List<RowInterpreter.Interpreted> interpreted = new ArrayList<>(rows.size());
        IdNumber[] lookUp = new IdNumber[rows.size()];
        MatchFacts[] people = new MatchFacts[rows.size()];
        DamagedRows.Row[] damaged = new DamagedRows.Row[rows.size()];
        List<ImportFinding> linksOfEarlierRows = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Checked c = checked.get(i);
            lookUp[i] = inFile(rows.get(i), c.idNumber(), c.found(), linksOfEarlierRows);
            if (isCopy(c.found())) {
                // Its person is an earlier row's: neither looked up nor compared on its own.
            } else if (!ImportFinding.anyError(c.found())) {
                people[i] = c.person();
                sameAsEarlierRow(rows.get(i), people[i], c.found());
                if (people[i] != null && lookUp[i] != null) {
                    linksOfEarlierRows.addAll(damagedRows.linkedBy(rows.get(i).number(), people[i], lookUp[i]));
                }
            } else if (c.damaged() != null) {
                damaged[i] = damagedRows.remember(rows.get(i), c.damaged());
            }
            interpreted.add(c.interpreted());
            foundOfRows.add(c.found());
        }
        damagedRows.link(rows, interpreted, damaged, foundOfRows);
        Map<String, IdNumberHolders.IdNumberHolder> holders = holderLookups.holdersOf(
                actor, Arrays.stream(lookUp).filter(Objects::nonNull).toList());
        List<Integer> newcomers = new ArrayList<>();
        List<Integer> unnumbered = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            List<ImportFinding> found = foundOfRows.get(i);
            IdNumberHolders.IdNumberHolder holder = lookUp[i] == null ? null : holders.get(lookUp[i].value());
            if (holder != null) {
                inRegistry(rows.get(i), interpreted.get(i).request(), holder, found);
            } else if (people[i] != null && interpreted.get(i).request().idNumber() == null) {
                unnumbered.add(i);
            } else if (people[i] != null) {
                newcomers.add(i);
            }
        }
        newcomers.addAll(knownWithoutNumber(rows, interpreted, people, foundOfRows, unnumbered));
        newcomers.sort(null);
        probableDuplicates(rows, people, foundOfRows, newcomers);
        List<ImportFinding> all = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            List<ImportFinding> found = foundOfRows.get(i);
            // A refused row is no member yet, and a second row of one person no second head.
            if (!ImportFinding.anyError(found) && !isCopy(found) && !asksIfSameAsEarlierRow(found)) {
                household(rows.get(i), interpreted.get(i), found);
            }
            tally(rows.get(i), interpreted.get(i), found);
            read++;
            if (ImportFinding.anyError(found)) {
                invalid++;
            } else {
                valid++;
            }
            if (found.stream().anyMatch(f -> "existing-resident".equals(f.code()))) {
                update++;
            }
            all.addAll(found);
        }
        all.addAll(linksOfEarlierRows);
        findingRepository.insertFindings(id, seq, all);
        seq += all.size();
    }

    /**
     * A row interpreted and checked by the registry's rules on its own, before the rows around
     * it are looked at: its ID number when usable, and, when the row has no error, its person as
     * the look-up for probable duplicates compares them (the sound of the name is the costly
     * part of that).
     */
    record Checked(
            RowInterpreter.Interpreted interpreted,
            List<ImportFinding> found,
            IdNumber idNumber,
            MatchFacts person,
            DamagedRows.Damaged damaged) {}

    /**
     * Each row interpreted and checked by the registry's rules, which is most of a check's work
     * and needs nothing of the other rows: the second half of a large batch on another thread,
     * so that a check uses both of a small server's cores; the rows come back in their order.
     * Each half in a transaction of its own (the rules read the divisions), which this thread
     * ends before it waits for the other half: it holds no connection while it waits.
     */
    List<Checked> checkEach(List<SheetRow> rows) {
        if (rows.size() < PARALLEL_CHECK_ROWS) {
            return checkAll(rows);
        }
        int half = rows.size() / 2;
        Future<List<Checked>> second = helper.submit(() -> checkAll(rows.subList(half, rows.size())));
        List<Checked> all;
        try {
            all = new ArrayList<>(checkAll(rows.subList(0, half)));
        } catch (RuntimeException | Error e) {
            second.cancel(true);
            throw e;
        }
        try {
            all.addAll(second.get());
        } catch (InterruptedException e) {
            second.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Import interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
        return all;
    }

    private List<Checked> checkAll(List<SheetRow> rows) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Checked> checked = new ArrayList<>(rows.size());
            for (SheetRow row : rows) {
                RowInterpreter.Interpreted it = interpreter.interpret(row);
                List<ImportFinding> found = new ArrayList<>(it.findings());
                found.addAll(interpreter.place(row, registrations.check(actor, it.request()), it.findings()));
                IdNumber idNumber = usableIdNumber(it.request(), found);
                boolean refused = ImportFinding.anyError(found);
                checked.add(new Checked(
                        it,
                        found,
                        idNumber,
                        refused ? null : person(it.request(), idNumber),
                        refused ? damagedRows.damaged(it.request(), found) : null));
            }
            return checked;
        });
    }

    /** The row's ID number, when it has one the rules did not refuse. */
    private IdNumber usableIdNumber(ResidentRequest request, List<ImportFinding> found) {
        boolean usable = request.idNumber() != null
                && found.stream()
                        .noneMatch(f -> "idNumber".equals(f.field()) && f.severity() == ImportFinding.Severity.ERROR);
        return usable ? IdNumber.parse(request.idNumber(), today) : null;
    }

    /**
     * The row's usable ID number when it is first seen in the file: the number to look up in the
     * registry (a refused row's too, unless an earlier row without an error gives it). A row that repeats the number of an earlier one is the
     * same person: it is merged into that row ({@code duplicate-in-file}), not registered again. A
     * row refused for another value is remembered by its number, and a later row without an error
     * that gives the same number takes its place ({@code onEarlierRows}).
     */
    private IdNumber inFile(
            SheetRow row, IdNumber idNumber, List<ImportFinding> found, List<ImportFinding> onEarlierRows) {
        if (idNumber == null) {
            return null;
        }
        if (ImportFinding.anyError(found)) {
            long first = seen.rowOf(idNumber.value());
            if (first != 0) {
                found.add(copyOf(row.number(), first, true));
                return null;
            }
            refusedNumbers.putIfAbsent(seen.hashOf(idNumber.value()), row.number());
            // Still looked up: the worker who corrects the row learns now that its person is
            // registered (to be updated) or held outside their area (not to be imported).
            return idNumber;
        }
        long first = seen.firstRow(idNumber.value(), row.number());
        if (first != 0) {
            found.add(copyOf(row.number(), first, false));
            copies.add(new long[] {row.number(), first});
            return null;
        }
        if (!refusedNumbers.isEmpty()) {
            Long refused = refusedNumbers.remove(seen.hashOf(idNumber.value()));
            if (refused != null) {
                onEarlierRows.add(copyOf(refused, row.number(), true));
            }
        }
        return idNumber;
    }

    /**
     * The finding on a row with the ID number of {@code other}: the same person. A row without an
     * error is merged with it; a refused row is left out, its person registered from the other.
     */
    private ImportFinding copyOf(long row, long other, boolean refused) {
        String message = refused
                ? "证件号码与第 " + other + " 行相同，是同一人；第 " + other + " 行无误，此人按第 " + other + " 行登记，本行不单独导入，不必为此改正本行。"
                : "证件号码与第 " + other + " 行相同，是同一人：两行合并为一人，只登记一次；一行空缺的值由另一行补上，两行所填不同之处另行列出。";
        ImportFinding f = interpreter.onColumn(
                row, ImportField.ID_NUMBER, ImportJobs.DUPLICATE_IN_FILE, message, ImportFinding.Severity.WARNING);
        return f.linking(other);
    }

    private static boolean isCopy(List<ImportFinding> found) {
        for (ImportFinding f : found) {
            if (ImportJobs.DUPLICATE_IN_FILE.equals(f.code())) {
                return true;
            }
        }
        return false;
    }

    private static boolean asksIfSameAsEarlierRow(List<ImportFinding> found) {
        for (ImportFinding f : found) {
            if (ImportJobs.PROBABLE_DUPLICATE_IN_FILE.equals(f.code()) && f.decision() != null) {
                return true;
            }
        }
        return false;
    }

    /** The rows whose values the differences of copies need, sorted; none when no row repeated another's number. */
    long[] rowsOfCopies() {
        return copies.stream().flatMapToLong(Arrays::stream).sorted().distinct().toArray();
    }

    /**
     * Each person of several rows with one ID number, their values compared: a copy whose values
     * differ from the others' gets one question, naming the fields and the row whose value is taken
     * (merged as {@link SamePerson} chooses); accepted, its values take part in the merge, else
     * they are left out. Written on the rows after the last batch.
     */
    void differencesOfCopies(Map<Long, RowInterpreter.Interpreted> rows) {
        Map<Long, List<Long>> groups = new java.util.TreeMap<>();
        for (long[] c : copies) {
            groups.computeIfAbsent(c[1], k -> new ArrayList<>(List.of(k))).add(c[0]);
        }
        List<ImportFinding> found = new ArrayList<>();
        for (Map.Entry<Long, List<Long>> g : groups.entrySet()) {
            List<SamePerson.Row> members = new ArrayList<>();
            for (long r : g.getValue()) {
                RowInterpreter.Interpreted it = rows.get(r);
                if (it != null) {
                    members.add(new SamePerson.Row(r, it, it.request().idNumber() != null));
                }
            }
            if (members.size() < 2) {
                continue;
            }
            List<SamePerson.Difference> differences = SamePerson.merge(members).differences();
            for (long copy : g.getValue().subList(1, g.getValue().size())) {
                List<SamePerson.Difference> mine = differences.stream()
                        .filter(d -> d.concerns(copy, g.getKey()))
                        .toList();
                if (!mine.isEmpty()) {
                    found.add(valuesDiffer(copy, g.getKey(), mine));
                }
            }
        }
        found.sort((a, b) -> Long.compare(a.row(), b.row()));
        insert(found);
    }

    private ImportFinding valuesDiffer(long row, long first, List<SamePerson.Difference> differences) {
        String taken = differences.stream()
                .map(d -> d.label() + "取" + (d.chosenRow() == row ? "本行" : "第 " + d.chosenRow() + " 行") + "所填")
                .collect(Collectors.joining("，"));
        ImportField column = ImportField.byKey(differences.get(0).field()).orElse(ImportField.NAME);
        return interpreter
                .onColumn(
                        row,
                        column,
                        ImportJobs.VALUES_DIFFER,
                        "与第 " + first + " 行是同一人（证件号码相同），但所填有 " + differences.size() + " 处不同（见 changes）：建议" + taken
                                + "（多数行所填为准，姓名取规范写法，其余以证件号码有效、填写最全的一行为准）。同意请“采纳”：合并为一人，按建议的值登记；“不采纳”：本行所填一概不用，此人按第 "
                                + first + " 行登记。",
                        ImportFinding.Severity.WARNING)
                .naming(
                        null,
                        differences.stream()
                                .map(d -> SamePerson.asChange(d, row))
                                .toList())
                .asking(first);
    }

    /** The row's ID number is held in the registry: an error outside the area, else an update offered. */
    private void inRegistry(
            SheetRow row, ResidentRequest request, IdNumberHolders.IdNumberHolder holder, List<ImportFinding> found) {
        if (!holder.inScope()) {
            found.add(onColumn(
                    row,
                    ImportField.ID_NUMBER,
                    "id-number-held-elsewhere",
                    "该证件号码已登记在您管辖范围以外的居民名下：请与街道核实，本行不能导入。",
                    ImportFinding.Severity.ERROR));
        } else if (!ImportFinding.anyError(found)) {
            List<FieldChange> changes = edits.differences(actor, holder.id(), request, ImportJobs.RESOURCE);
            found.add(existing(row, holder.id(), changes));
        }
    }

    /**
     * Rows without an ID number whose person is registered already, recognised as a ledger brought
     * in before is when it comes again: the same sound of the name, birth date and community, and
     * the same household number or address. Offered as an update, as a row found by its number
     * is; the rest (returned) are compared as newcomers.
     */
    private List<Integer> knownWithoutNumber(
            List<SheetRow> rows,
            List<RowInterpreter.Interpreted> interpreted,
            MatchFacts[] people,
            List<List<ImportFinding>> foundOfRows,
            List<Integer> unnumbered) {
        if (unnumbered.isEmpty()) {
            return List.of();
        }
        List<IdNumberHolders.UnnumberedPerson> asked = new ArrayList<>(unnumbered.size());
        for (int i : unnumbered) {
            ResidentRequest r = interpreted.get(i).request();
            asked.add(new IdNumberHolders.UnnumberedPerson(
                    r.communityCode(),
                    r.name(),
                    people[i].birthDate(),
                    interpreted.get(i).householdNumber(),
                    r.building(),
                    r.unit(),
                    r.room()));
        }
        List<Optional<UUID>> known = holderLookups.sameUnnumbered(actor, asked);
        List<Integer> rest = new ArrayList<>();
        for (int k = 0; k < unnumbered.size(); k++) {
            int i = unnumbered.get(k);
            if (known.get(k).isEmpty()) {
                rest.add(i);
                continue;
            }
            UUID residentId = known.get(k).get();
            List<FieldChange> changes =
                    edits.differences(actor, residentId, interpreted.get(i).request(), ImportJobs.RESOURCE);
            boolean same = changes.isEmpty();
            foundOfRows
                    .get(i)
                    .add(onColumn(
                                    rows.get(i),
                                    ImportField.NAME,
                                    same ? "existing-resident-unchanged" : "existing-resident",
                                    "该居民已登记（没有证件号码，按姓名、出生日期和户号或住址认出）："
                                            + (same
                                                    ? "登记信息与本行一致，提交时跳过本行。"
                                                    : "本行与登记信息有 " + changes.size()
                                                            + " 处不同（见 changes）。提交时选择“更新已登记居民”才会按本行修改，否则跳过本行；不会再登记一次。"),
                                    ImportFinding.Severity.WARNING)
                            .naming(residentId, same ? null : changes));
        }
        return rest;
    }

    /**
     * Rows of people not registered by their ID number who are probably registered all the same
     * (the same name, or one sounding the same, and the same birth date, under another ID number
     * or none): a warning naming the resident, for the worker to look at before committing. The
     * pair goes to the duplicate review queue when the row is committed.
     */
    private void probableDuplicates(
            List<SheetRow> rows, MatchFacts[] people, List<List<ImportFinding>> foundOfRows, List<Integer> newcomers) {
        if (newcomers.isEmpty()) {
            return;
        }
        List<Optional<RegistrationWarning.Candidate>> matches = duplicates.probableMatches(
                actor, newcomers.stream().map(i -> people[i]).toList());
        for (int k = 0; k < newcomers.size(); k++) {
            int i = newcomers.get(k);
            matches.get(k).ifPresent(match -> foundOfRows.get(i).add(probableDuplicate(rows.get(i), match)));
        }
    }

    /**
     * A row probably of the same person as an earlier row of the file under another ID number
     * (one typo away) or none: a warning naming that row. Looked at in the file's order.
     */
    private void sameAsEarlierRow(SheetRow row, MatchFacts person, List<ImportFinding> found) {
        if (person == null) {
            return;
        }
        SeenPeople.Earlier earlier =
                seenPeople.record(person.nameKey(), person.birthDate(), person.sex(), person.idNumber(), row.number());
        if (earlier == null) {
            return;
        }
        if (earlier.bothNumbered()) {
            found.add(onColumn(
                    row,
                    ImportField.NAME,
                    ImportJobs.PROBABLE_DUPLICATE_IN_FILE,
                    "可能与第 " + earlier.row() + " 行是同一人（姓名读音相同，出生日期相同，证件号码只差一位或相邻两位颠倒）：若是同一人，请删去一行，并核对证件号码。",
                    ImportFinding.Severity.WARNING));
            return;
        }
        String other = "第 " + earlier.row() + " 行";
        found.add(onColumn(
                        row,
                        ImportField.NAME,
                        ImportJobs.PROBABLE_DUPLICATE_IN_FILE,
                        "可能与" + other + "是同一人（姓名读音相同，出生日期相同，其中一行没有证件号码）。是同一人请“采纳”：本行并入" + other
                                + "，合并为一人登记，空缺的值互相补上；不是同一人请“不采纳”：两行分别登记，这一对列入“疑似重复”待确认。",
                        ImportFinding.Severity.WARNING)
                .asking(earlier.row()));
    }

    /** The row's person as a comparison sees them; null without a name or a birth date to compare by. */
    private MatchFacts person(ResidentRequest request, IdNumber idNumber) {
        String name = request.name() == null ? "" : PersonName.normalise(request.name());
        String nameKey = name.isEmpty() ? "" : PersonName.soundKey(name);
        LocalDate birth = idNumber != null ? idNumber.birthDate() : null;
        if (request.birthDate() != null) {
            try {
                birth = LocalDate.parse(request.birthDate());
            } catch (DateTimeParseException e) {
                // refused by the rules already, or derived from the ID number above
            }
        }
        if (nameKey.isEmpty() || birth == null) {
            return null;
        }
        return new MatchFacts(
                null,
                name,
                nameKey,
                birth,
                request.sex(),
                idNumber == null ? null : idNumber.value(),
                null,
                new Address(request.communityCode(), request.building(), request.unit(), request.room()));
    }

    private ImportFinding probableDuplicate(SheetRow row, RegistrationWarning.Candidate match) {
        String reasons = match.reasons().stream()
                .map(RegistrationWarning.Reason::message)
                .collect(Collectors.joining("；"));
        return onColumn(
                        row,
                        ImportField.NAME,
                        ImportJobs.PROBABLE_DUPLICATE,
                        "登记簿中已有一位居民可能与本行是同一人（" + reasons + "）：请先核对。若是同一人，请改正本行的证件号码或删去本行；若不是，照常提交，这一对会列入“疑似重复”待确认。",
                        ImportFinding.Severity.WARNING)
                .naming(match.id(), null);
    }

    private void household(SheetRow row, RowInterpreter.Interpreted it, List<ImportFinding> found) {
        if (it.householdNumber() == null || it.relationToHead() == null) {
            return;
        }
        String key = it.request().communityCode() + "\u0000" + it.householdNumber();
        long[] rows = householdRows.computeIfAbsent(key, k -> new long[] {0, row.number()});
        if ("02".equals(it.relationToHead())) {
            if (rows[0] != 0) {
                found.add(onColumn(
                        row,
                        ImportField.RELATION_TO_HEAD,
                        "second-household-head",
                        "该户在第 " + rows[0] + " 行已有户主：一户只能有一位户主。",
                        ImportFinding.Severity.ERROR));
            } else {
                rows[0] = row.number();
            }
        }
    }

    /** Sheets of the workbook this import does not read: a warning on the header row, naming them. */
    void sheetsNotRead(SheetRow header, String sheet, List<String> names) {
        if (names.isEmpty()) {
            return;
        }
        ImportFinding f = new ImportFinding(
                header.number(),
                null,
                null,
                null,
                "sheets-not-read",
                "工作簿中除本次导入的工作表“" + sheet + "”外，还有 " + names.size() + " 个工作表有内容：“"
                        + String.join("”“", names)
                        + "”。一次导入只读一个工作表，其余工作表的行不会导入：可在本页改选工作表重新检查，每个工作表各导入一次。",
                ImportFinding.Severity.WARNING,
                null,
                null);
        findingRepository.insertFindings(id, seq, List.of(f));
        seq++;
    }

    /**
     * What is wrong with the file's columns, said once on the header row before any row: a column
     * for the community or the ID number missing (the rows would go to the uploader's community;
     * people without numbers are hard to reconcile later), columns the hub does not import.
     */
    void columns(ColumnMapping mapping, String defaultCommunity) {
        List<ImportFinding> found = new ArrayList<>();
        if (!mapping.has(ImportField.COMMUNITY_CODE)) {
            found.add(fileFinding(
                    "communityCode",
                    defaultCommunity == null ? "no-community-column" : "community-from-uploader",
                    defaultCommunity == null
                            ? "表中没有社区列（如“社区代码”“所属社区”），您的管辖范围又不止一个社区，各行无法确定所属社区："
                                    + "请在“列对应”中指定社区列，或在表中加一列社区代码（12 位）或社区名称后重新上传。"
                            : "表中没有社区列：全部行将登记到您所在的社区（" + defaultCommunity + "）。如表中有其他社区的居民，请加一列社区代码或社区名称。",
                    defaultCommunity == null ? ImportFinding.Severity.ERROR : ImportFinding.Severity.WARNING));
        }
        if (!mapping.has(ImportField.ID_NUMBER)) {
            found.add(fileFinding(
                    "idNumber",
                    "no-id-number-column",
                    "表中没有证件号码列（如“身份证号”“公民身份号码”）：没有证件号码的居民日后难以与其他登记核对和去重。"
                            + "如原表有这一列，请在“列对应”中指定；确实没有的，提交前请核对姓名、出生日期和住址。",
                    ImportFinding.Severity.WARNING));
        }
        if (!mapping.has(ImportField.NAME)) {
            found.add(fileFinding("name", "no-name-column", "表中没有姓名列：请在“列对应”中指定姓名所在的列。", ImportFinding.Severity.ERROR));
        }
        List<String> unmapped = new ArrayList<>();
        for (int c = 0; c < mapping.headers().size(); c++) {
            String h = mapping.header(c);
            if (mapping.fields().get(c) == null && h != null && !h.isBlank()) {
                unmapped.add(h.length() > MAX_LISTED ? h.substring(0, MAX_LISTED) + "…" : h);
            }
        }
        if (!unmapped.isEmpty()) {
            found.add(fileFinding(
                    null,
                    "columns-not-imported",
                    "以下 " + unmapped.size() + " 列没有对应的登记项目，不会导入：“"
                            + String.join("”“", unmapped.subList(0, Math.min(unmapped.size(), MAX_LISTED)))
                            + "”" + (unmapped.size() > MAX_LISTED ? " 等" : "")
                            + "。如其中有应导入的内容，请在“列对应”中指定；如是本区常用的列名，可请管理员把它加入词汇表。",
                    ImportFinding.Severity.WARNING));
        }
        insert(found);
    }

    /** What the rows showed of the whole file, said once on the header row after the last row. */
    void summaries() {
        List<ImportFinding> found = new ArrayList<>();
        if (!unknownCommunities.isEmpty()) {
            long rows = unknownCommunities.values().stream()
                    .mapToLong(Long::longValue)
                    .sum();
            String listed = unknownCommunities.entrySet().stream()
                    .limit(MAX_LISTED)
                    .map(e -> e.getKey() + "（" + e.getValue() + " 行）")
                    .collect(Collectors.joining("、"));
            found.add(fileFinding(
                    "communityCode",
                    "communities-not-registered",
                    "表中 " + rows + " 行的社区不在登记簿中，共 " + unknownCommunities.size() + " 个：" + listed
                            + (unknownCommunities.size() > MAX_LISTED ? " 等" : "")
                            + "。这些行要在管理员添加这些社区（12 位统计用区划代码）之后才能导入：添加后请重新检查本文件。",
                    ImportFinding.Severity.ERROR));
        }
        if (cleanedNameCount > 0) {
            found.add(fileFinding(
                    "name",
                    "names-cleaned",
                    cleanedNameCount + " 行的姓名中有不可见字符（如零宽空格、不换行空格）或用来对齐的空格，导入时已去掉，姓名本身无误（第 "
                            + cleanedNames.stream().map(String::valueOf).collect(Collectors.joining("、"))
                            + (cleanedNameCount > cleanedNames.size() ? " 等" : "")
                            + " 行）。",
                    ImportFinding.Severity.WARNING));
        }
        insert(found);
    }

    /** Counts a row toward the file's summaries. */
    private void tally(SheetRow row, RowInterpreter.Interpreted it, List<ImportFinding> found) {
        if (it.nameCleaned()) {
            cleanedNameCount++;
            if (cleanedNames.size() < MAX_LISTED) {
                cleanedNames.add(row.number());
            }
        }
        String community = it.request().communityCode();
        if (community != null && found.stream().anyMatch(f -> "unknown-community".equals(f.code()))) {
            String shown = community.length() > MAX_LISTED ? community.substring(0, MAX_LISTED) + "…" : community;
            unknownCommunities.merge(shown, 1L, Long::sum);
        }
    }

    private ImportFinding fileFinding(String field, String code, String message, ImportFinding.Severity severity) {
        return new ImportFinding(headerRow, null, null, field, code, message, severity, null, null);
    }

    private void insert(List<ImportFinding> found) {
        if (!found.isEmpty()) {
            findingRepository.insertFindings(id, seq, found);
            seq += found.size();
        }
    }

    /** Households of the file none of whose rows is the head: a warning on each one's first row. */
    void householdsWithoutHead() {
        List<ImportFinding> found = new ArrayList<>();
        for (long[] rows : householdRows.values()) {
            if (rows[0] == 0) {
                found.add(new ImportFinding(
                        rows[1],
                        null,
                        null,
                        ImportField.HOUSEHOLD_NUMBER.key(),
                        "household-without-head",
                        "该户在表中没有户主（与户主关系为“户主”的一行）：如该户已在系统中登记，成员将加入原户；否则提交后该户没有户主，请补上。",
                        ImportFinding.Severity.WARNING,
                        null,
                        null));
            }
        }
        found.sort((a, b) -> Long.compare(a.row(), b.row()));
        findingRepository.insertFindings(id, seq, found);
        seq += found.size();
    }

    private ImportFinding existing(SheetRow row, UUID residentId, List<FieldChange> changes) {
        boolean same = changes.isEmpty();
        ImportFinding f = onColumn(
                row,
                ImportField.ID_NUMBER,
                same ? "existing-resident-unchanged" : "existing-resident",
                same
                        ? "该居民已登记，登记信息与本行一致：提交时跳过本行。"
                        : "该居民已登记：本行与登记信息有 " + changes.size() + " 处不同（见 changes）。提交时选择“更新已登记居民”才会按本行修改，否则跳过本行。",
                ImportFinding.Severity.WARNING);
        return f.naming(residentId, same ? null : changes);
    }

    private ImportFinding onColumn(
            SheetRow row, ImportField field, String code, String message, ImportFinding.Severity severity) {
        return interpreter.onColumn(row, field, code, message, severity);
    }
}
