package org.communityhub.intake.imports;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.Set;
import org.communityhub.reference.identity.IdNumberRelation;

/**
 * The people met so far in a file, to tell a row that is probably the same person as an earlier
 * row under another ID number: the same sound of the name and the same birth date, and ID numbers
 * one typo apart (a digit of the first 17 changed, or two adjacent ones swapped) or a number on
 * one side only (then not of a different sex). Rows with the same number are {@link SeenIdNumbers}'
 * business; a namesake born the same day under a number many digits away is another person.
 *
 * <p>Each row is kept as 64 bits of the SHA-256 of its name key and birth date, 64 bits of that of
 * its ID number (0: none), its row and its sex, 21 bytes in a table kept at most two thirds full: a
 * million-row file needs some 42 MB, and no name or number is kept in clear. Numbers one typo
 * away are compared through the hashes of the ~170 neighbours of a number, worked out only when an
 * earlier row shares its name key and birth date.
 */
final class SeenPeople {

    /** The earliest row probably of the same person, and whether both rows have an ID number. */
    record Earlier(long row, boolean bothNumbered) {}

    private long[] keys = new long[1 << 12];
    private long[] numbers = new long[1 << 12];
    private int[] rows = new int[1 << 12];
    private byte[] sexes = new byte[1 << 12];
    private int size;
    private final Sha64 hash = new Sha64();

    /**
     * Records the person on {@code row} (sex "1", "2" or null; {@code idNumber} canonical, or null)
     * and answers the earliest row before it that is probably the same person, or null.
     */
    Earlier record(String nameKey, LocalDate birthDate, String sex, String idNumber, long row) {
        if (row > Integer.MAX_VALUE) {
            return null; // no file the hub takes has that many rows
        }
        long key = hash.of(nameKey + '|' + birthDate);
        long number = idNumber == null ? 0 : hash.of(idNumber);
        byte sexCode = sex == null ? 0 : (byte) ("1".equals(sex) ? 1 : "2".equals(sex) ? 2 : 0);
        Set<Long> neighbours = null;
        Earlier earlier = null;
        int mask = keys.length - 1;
        int i = slot(key, mask);
        for (; rows[i] != 0; i = (i + 1) & mask) {
            if (keys[i] != key || (earlier != null && earlier.row() < rows[i])) {
                continue;
            }
            if (number == 0 || numbers[i] == 0) {
                boolean sexesDiffer = sexCode != 0 && sexes[i] != 0 && sexCode != sexes[i];
                if (!sexesDiffer) {
                    earlier = new Earlier(rows[i], false);
                }
            } else {
                if (neighbours == null) {
                    neighbours = neighbourHashes(idNumber);
                }
                if (neighbours.contains(numbers[i])) {
                    earlier = new Earlier(rows[i], true);
                }
            }
        }
        keys[i] = key;
        numbers[i] = number;
        rows[i] = (int) row;
        sexes[i] = sexCode;
        if (++size * 3 > keys.length * 2) {
            grow();
        }
        return earlier;
    }

    /**
     * The earliest row recorded so far with this name key and birth date whose ID number is one of
     * {@code candidates} (hashed as {@link #hashOf}, sorted), or 0: the row a damaged number's
     * candidates point to. Records nothing.
     */
    long earliestNumbered(String nameKey, LocalDate birthDate, long[] candidates) {
        long key = hash.of(nameKey + '|' + birthDate);
        int mask = keys.length - 1;
        long earliest = 0;
        for (int i = slot(key, mask); rows[i] != 0; i = (i + 1) & mask) {
            if (keys[i] == key
                    && numbers[i] != 0
                    && java.util.Arrays.binarySearch(candidates, numbers[i]) >= 0
                    && (earliest == 0 || rows[i] < earliest)) {
                earliest = rows[i];
            }
        }
        return earliest;
    }

    /** The hash an ID number is remembered by. */
    long hashOf(String idNumber) {
        return hash.of(idNumber);
    }

    private Set<Long> neighbourHashes(String idNumber) {
        Set<Long> hashes = new HashSet<>();
        for (String neighbour : IdNumberRelation.neighbours(idNumber)) {
            hashes.add(hash.of(neighbour));
        }
        return hashes;
    }

    private static int slot(long key, int mask) {
        return (int) (key ^ (key >>> 32)) & mask;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldNumbers = numbers;
        int[] oldRows = rows;
        byte[] oldSexes = sexes;
        int capacity = oldKeys.length * 2;
        keys = new long[capacity];
        numbers = new long[capacity];
        rows = new int[capacity];
        sexes = new byte[capacity];
        int mask = capacity - 1;
        // Re-inserted in their old table's order: rows of one key keep their order within its cluster.
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldRows[j] != 0) {
                int i = slot(oldKeys[j], mask);
                while (rows[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                numbers[i] = oldNumbers[j];
                rows[i] = oldRows[j];
                sexes[i] = oldSexes[j];
            }
        }
    }
}
