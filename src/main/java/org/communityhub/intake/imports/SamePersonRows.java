package org.communityhub.intake.imports;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The rows of a file that are one person, as the check linked them and the worker decided: each
 * group is registered once, on its earliest row without an error (its committed row), with the
 * values of the rows that take part merged ({@link SamePerson}); its other rows are not written
 * on their own.
 *
 * <p>Linked: a row with the ID number of an earlier row ({@code duplicate-in-file}); a row whose
 * damaged number the worker accepted as another row's person ({@code damaged-id-number-in-file});
 * a row without a number (or beside one without) the worker accepted as another row's person
 * ({@code probable-duplicate-in-file}). Taking part in the merge: the committed row, copies without
 * an error unless the worker declined (or has not yet answered) the question on their differing
 * values ({@code same-person-values-differ}), and the accepted rows. A copy with an error of its
 * own gives nothing: its person is registered from the row without one.
 */
final class SamePersonRows {

    /** A finding linking a row to another row of the file. */
    record Link(long row, long otherRow, String code, String decision) {}

    /** The committed row of each group, by group, and the rows that take part in its merge. */
    private final Map<Long, long[]> merging = new TreeMap<>();

    private final long[] notWritten;

    private SamePersonRows(Map<Long, long[]> merging, long[] notWritten) {
        this.merging.putAll(merging);
        this.notWritten = notWritten;
    }

    static SamePersonRows of(List<Link> links, long[] errorRows) {
        Map<Long, Long> parent = new HashMap<>();
        TreeSet<Long> giving = new TreeSet<>();
        TreeSet<Long> withheld = new TreeSet<>();
        for (Link l : links) {
            switch (l.code()) {
                case ImportJobs.DUPLICATE_IN_FILE -> {
                    union(parent, l.row(), l.otherRow());
                    giving.add(l.otherRow());
                    if (!isError(errorRows, l.row())) {
                        giving.add(l.row());
                    }
                }
                case ImportJobs.DAMAGED_ID_IN_FILE, ImportJobs.PROBABLE_DUPLICATE_IN_FILE -> {
                    if ("ACCEPTED".equalsIgnoreCase(l.decision())) {
                        union(parent, l.row(), l.otherRow());
                        giving.add(l.row());
                        giving.add(l.otherRow());
                    }
                }
                case ImportJobs.VALUES_DIFFER -> {
                    if (!"ACCEPTED".equalsIgnoreCase(l.decision())) {
                        withheld.add(l.row());
                    }
                }
                default -> {
                    // not a link between rows
                }
            }
        }
        Map<Long, TreeSet<Long>> groups = new TreeMap<>();
        for (Long row : parent.keySet()) {
            groups.computeIfAbsent(find(parent, row), k -> new TreeSet<>()).add(row);
        }
        Map<Long, long[]> merging = new TreeMap<>();
        List<Long> notWritten = new ArrayList<>();
        for (TreeSet<Long> members : groups.values()) {
            Long committed = members.stream()
                    .filter(r -> !isError(errorRows, r))
                    .findFirst()
                    .orElse(null);
            if (committed == null) {
                continue; // every row refused: nothing of this person is written
            }
            List<Long> takingPart = new ArrayList<>();
            for (Long r : members) {
                if (!r.equals(committed)) {
                    notWritten.add(r);
                }
                if (r.equals(committed) || (giving.contains(r) && !withheld.contains(r))) {
                    takingPart.add(r);
                }
            }
            merging.put(
                    committed, takingPart.stream().mapToLong(Long::longValue).toArray());
        }
        return new SamePersonRows(
                merging, notWritten.stream().mapToLong(Long::longValue).sorted().toArray());
    }

    /** The rows written as part of another row's person, sorted: a commit skips them. */
    long[] notWritten() {
        return notWritten;
    }

    /** The committed row of each group that merges more than one row, with the rows merged (it among them). */
    Map<Long, long[]> merging() {
        Map<Long, long[]> more = new TreeMap<>();
        merging.forEach((row, rows) -> {
            if (rows.length > 1) {
                more.put(row, rows);
            }
        });
        return more;
    }

    /** Every row whose values a commit needs to merge, sorted. */
    long[] rowsToRead() {
        return merging().values().stream()
                .flatMapToLong(Arrays::stream)
                .sorted()
                .distinct()
                .toArray();
    }

    private static boolean isError(long[] errorRows, long row) {
        return Arrays.binarySearch(errorRows, row) >= 0;
    }

    private static void union(Map<Long, Long> parent, long a, long b) {
        long ra = find(parent, a);
        long rb = find(parent, b);
        if (ra != rb) {
            parent.put(Math.max(ra, rb), Math.min(ra, rb));
        }
    }

    private static long find(Map<Long, Long> parent, long row) {
        parent.putIfAbsent(row, row);
        long root = row;
        while (parent.get(root) != root) {
            root = parent.get(root);
        }
        long at = row;
        while (at != root) {
            long next = parent.get(at);
            parent.put(at, root);
            at = next;
        }
        return root;
    }
}
