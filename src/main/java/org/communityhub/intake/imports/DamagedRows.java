package org.communityhub.intake.imports;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.communityhub.access.Actor;
import org.communityhub.common.history.FieldChange;
import org.communityhub.reference.identity.DamagedIdNumber;
import org.communityhub.reference.identity.IdNumber;
import org.communityhub.reference.identity.PersonName;
import org.communityhub.registry.resident.EditResident;
import org.communityhub.registry.resident.IdNumberHolders;
import org.communityhub.registry.resident.MatchFacts;
import org.communityhub.registry.resident.ResidentRequest;

/**
 * The rows of one file refused only for a damaged ID number (a check digit that fails, a digit
 * lost or added, cut to 15 digits, two digits swapped), each linked where it can be to the person
 * it probably is: a resident registered under one of the numbers it may have been, or a row of
 * the file with such a number, the same sound of name and birth date, before or after it. One
 * finding each, asking the worker to decide; nothing is guessed.
 */
final class DamagedRows {

    /**
     * A row refused only because its ID number is damaged in a way that leaves a few hundred
     * numbers it may have been: those that agree with the row's birth date and sex (when the row
     * gives them), and the sound of the row's name.
     */
    record Damaged(DamagedIdNumber number, String nameKey, List<IdNumber> candidates) {}

    /** A damaged row of the file, until it is linked to a person (or the file ends). */
    static final class Row {
        final long row;
        final Damaged damaged;
        /** The hashes of its candidates, sorted. */
        final long[] candidates;
        /** The earliest row probably of its person, 0: none yet. */
        long otherRow;
        /** Whether its finding is written (linked to a resident or a row): nothing more is looked for. */
        boolean linked;
        /** Whether its own batch is written: a link found later is a finding of a later batch. */
        boolean batchDone;

        Row(long row, Damaged damaged, long[] candidates) {
            this.row = row;
            this.damaged = damaged;
            this.candidates = candidates;
        }
    }

    private final IdNumberHolders holderLookups;
    private final EditResident edits;
    private final Actor actor;
    private final RowInterpreter interpreter;
    private final LocalDate today;
    private final SeenPeople seenPeople;
    /**
     * Rows refused only for a damaged ID number, by the hash of name key and birth date of each
     * of their candidates: a later row of that person links them.
     */
    private final Map<Long, List<Row>> damagedRows = new HashMap<>();

    DamagedRows(
            IdNumberHolders holderLookups,
            EditResident edits,
            Actor actor,
            RowInterpreter interpreter,
            LocalDate today,
            SeenPeople seenPeople) {
        this.holderLookups = holderLookups;
        this.edits = edits;
        this.actor = actor;
        this.interpreter = interpreter;
        this.today = today;
        this.seenPeople = seenPeople;
    }

    /**
     * The row's damaged ID number and what it may have been, when the number is the row's only
     * problem and its damage one that leaves few candidates; else null.
     */
    Damaged damaged(ResidentRequest request, List<ImportFinding> found) {
        if (request.idNumber() == null
                || request.name() == null
                || found.stream()
                        .anyMatch(f -> f.severity() == ImportFinding.Severity.ERROR && !"idNumber".equals(f.field()))) {
            return null;
        }
        String name = PersonName.normalise(request.name());
        Optional<DamagedIdNumber> number = DamagedIdNumber.of(request.idNumber(), today);
        if (name.isEmpty() || number.isEmpty()) {
            return null;
        }
        LocalDate birth = null;
        if (request.birthDate() != null) {
            try {
                birth = LocalDate.parse(request.birthDate());
            } catch (DateTimeParseException e) {
                return null; // refused on its own account
            }
        }
        LocalDate birthDate = birth;
        String sex = "1".equals(request.sex()) || "2".equals(request.sex()) ? request.sex() : null;
        List<IdNumber> candidates = number.get().candidates().stream()
                .filter(c -> birthDate == null || birthDate.equals(c.birthDate()))
                .filter(c -> sex == null || sex.equals(c.sex()))
                .toList();
        return candidates.isEmpty() ? null : new Damaged(number.get(), PersonName.soundKey(name), candidates);
    }

    /** A damaged row remembered for the rows after it, with the earliest row before it of its person. */
    Row remember(SheetRow row, Damaged d) {
        long[] hashes = new long[d.candidates().size()];
        for (int k = 0; k < hashes.length; k++) {
            hashes[k] = seenPeople.hashOf(d.candidates().get(k).value());
        }
        Arrays.sort(hashes);
        Row damaged = new Row(row.number(), d, hashes);
        Set<LocalDate> births = new HashSet<>();
        for (IdNumber c : d.candidates()) {
            if (births.add(c.birthDate())) {
                damagedRows
                        .computeIfAbsent(personKey(d.nameKey(), c.birthDate()), k -> new ArrayList<>(1))
                        .add(damaged);
                long earlier = seenPeople.earliestNumbered(d.nameKey(), c.birthDate(), hashes);
                if (earlier != 0 && (damaged.otherRow == 0 || earlier < damaged.otherRow)) {
                    damaged.otherRow = earlier;
                }
            }
        }
        return damaged;
    }

    /**
     * A row with a valid number met after damaged rows that may be of its person: each such row
     * not yet linked now has this one as its other row; those of batches already written get
     * their finding now.
     */
    List<ImportFinding> linkedBy(long row, MatchFacts person, IdNumber number) {
        if (damagedRows.isEmpty()) {
            return List.of(); // most files: no hashing for nothing
        }
        List<Row> candidates = damagedRows.get(personKey(person.nameKey(), person.birthDate()));
        if (candidates == null) {
            return List.of();
        }
        long hash = seenPeople.hashOf(number.value());
        List<ImportFinding> found = new ArrayList<>();
        for (Row d : candidates) {
            if (!d.linked && d.otherRow == 0 && Arrays.binarySearch(d.candidates, hash) >= 0) {
                d.otherRow = row;
                if (d.batchDone) {
                    d.linked = true;
                    found.add(sameAsRow(d));
                }
            }
        }
        return found;
    }

    /**
     * The damaged rows of a batch compared with the registry (their candidates in one look-up)
     * and, failing that, linked to a row of the file of their person: one finding each, asking
     * for a decision. A row linked to neither may still be linked by a row after it.
     */
    void link(
            List<SheetRow> rows,
            List<RowInterpreter.Interpreted> interpreted,
            Row[] damaged,
            List<List<ImportFinding>> foundOfRows) {
        List<Integer> at = new ArrayList<>();
        List<IdNumberHolders.DamagedProbe> probes = new ArrayList<>();
        for (int i = 0; i < damaged.length; i++) {
            if (damaged[i] != null) {
                at.add(i);
                probes.add(new IdNumberHolders.DamagedProbe(
                        damaged[i].damaged.nameKey(), damaged[i].damaged.candidates()));
            }
        }
        if (at.isEmpty()) {
            return;
        }
        List<Optional<IdNumberHolders.ProbableHolder>> holders =
                holderLookups.probableHolders(actor, probes, ImportJobs.RESOURCE);
        for (int k = 0; k < at.size(); k++) {
            int i = at.get(k);
            Row d = damaged[i];
            d.batchDone = true;
            if (holders.get(k).isPresent()) {
                d.linked = true;
                foundOfRows
                        .get(i)
                        .add(sameAsResident(
                                rows.get(i),
                                d,
                                interpreted.get(i).request(),
                                holders.get(k).get()));
            } else if (d.otherRow != 0) {
                d.linked = true;
                foundOfRows.get(i).add(sameAsRow(d));
            }
        }
    }

    private ImportFinding sameAsResident(
            SheetRow row, Row d, ResidentRequest request, IdNumberHolders.ProbableHolder holder) {
        List<FieldChange> changes =
                edits.differences(actor, holder.id(), withoutIdNumber(request), ImportJobs.RESOURCE);
        String place = holder.address() == null || holder.address().isEmpty() ? "" : "，" + holder.address();
        return interpreter
                .onColumn(
                        row,
                        ImportField.ID_NUMBER,
                        ImportJobs.DAMAGED_ID_REGISTERED,
                        "本行证件号码" + d.damaged.number().described() + "，不能按此号码登记。可能是已登记的 " + holder.name() + "（"
                                + holder.birthDate() + place + "），该处证件号码为 " + holder.maskedIdNumber()
                                + "（姓名读音相同，证件号码与本行"
                                + d.damaged.number().relation() + "）。是同一人请“采纳”：本行作为对该居民的更新提交，证件号码以登记为准"
                                + (changes.isEmpty() ? "，登记信息与本行一致" : "，本行与登记信息有 " + changes.size() + " 处不同（见 changes）")
                                + "；不是同一人请“不采纳”，并按原件改正本行的证件号码。",
                        ImportFinding.Severity.WARNING)
                .naming(holder.id(), changes)
                .asking(null);
    }

    private ImportFinding sameAsRow(Row d) {
        String other = "第 " + d.otherRow + " 行";
        return interpreter
                .onColumn(
                        d.row,
                        ImportField.ID_NUMBER,
                        ImportJobs.DAMAGED_ID_IN_FILE,
                        "本行证件号码" + d.damaged.number().described() + "，不能按此号码登记。可能与" + other + "是同一人（姓名读音相同，出生日期相同，"
                                + other + "的证件号码与本行" + d.damaged.number().relation() + "）。是同一人请“采纳”：本行并入" + other
                                + "，不单独登记；不是同一人请“不采纳”，并按原件改正本行的证件号码。",
                        ImportFinding.Severity.WARNING)
                .asking(d.otherRow);
    }

    private long personKey(String nameKey, LocalDate birthDate) {
        return seenPeople.hashOf(nameKey + '|' + birthDate);
    }

    /** The row's request without its ID number: the resident's registered number is kept. */
    static ResidentRequest withoutIdNumber(ResidentRequest r) {
        return new ResidentRequest(
                r.name(),
                null,
                null,
                r.sex(),
                r.birthDate(),
                r.ethnicity(),
                r.politicalStatus(),
                r.education(),
                r.maritalStatus(),
                r.phone(),
                r.residenceType(),
                r.communityCode(),
                r.building(),
                r.unit(),
                r.room(),
                r.tags(),
                r.partyMembership(),
                r.leagueMembership());
    }
}
