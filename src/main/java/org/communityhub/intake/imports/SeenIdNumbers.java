package org.communityhub.intake.imports;

import java.util.Arrays;

/**
 * The ID numbers met so far in a file, each as 64 bits of its SHA-256 with the row it was first
 * on: an open-addressing table of primitives, about 12 bytes a number, so a million-row file needs
 * some 24 MB and no number is kept in clear. (Two numbers sharing 64 bits of hash, about one chance
 * in 10^7 in a million-row file, would be reported as a duplicate: a false alarm, never a loss.)
 */
final class SeenIdNumbers {

    private long[] keys = new long[1 << 12];
    private long[] rows = new long[1 << 12];
    private int size;
    private final Sha64 hash = new Sha64();

    /** Records the number on {@code row}; returns the row it was first seen on, or 0 if new. */
    long firstRow(String idNumber, long row) {
        long key = hash.of(idNumber);
        int mask = keys.length - 1;
        for (int i = (int) (key ^ (key >>> 32)) & mask; ; i = (i + 1) & mask) {
            if (rows[i] == 0) {
                keys[i] = key;
                rows[i] = row;
                if (++size * 2 > keys.length) {
                    grow();
                }
                return 0;
            }
            if (keys[i] == key) {
                return rows[i];
            }
        }
    }

    /** The row the number was first seen on, or 0; records nothing. */
    long rowOf(String idNumber) {
        long key = hash.of(idNumber);
        int mask = keys.length - 1;
        for (int i = (int) (key ^ (key >>> 32)) & mask; rows[i] != 0; i = (i + 1) & mask) {
            if (keys[i] == key) {
                return rows[i];
            }
        }
        return 0;
    }

    /** The hash a number is remembered by. */
    long hashOf(String idNumber) {
        return hash.of(idNumber);
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldRows = rows;
        keys = new long[oldKeys.length * 2];
        rows = new long[oldKeys.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldRows[j] != 0) {
                int i = (int) (oldKeys[j] ^ (oldKeys[j] >>> 32)) & mask;
                while (rows[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = oldKeys[j];
                rows[i] = oldRows[j];
            }
        }
        Arrays.fill(oldKeys, 0);
    }
}
