package org.communityhub.testing;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Synthetic mainland mobile numbers (1390xxxxxxx, a block no test writes by hand). Each call gives
 * a number no other call in this JVM gives.
 */
public final class Phones {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Queue<String> ISSUED = new ConcurrentLinkedQueue<>();

    private Phones() {}

    public static String any() {
        String phone = String.format("1390%07d", SEQUENCE.getAndIncrement() % 10_000_000);
        ISSUED.add(phone);
        return phone;
    }

    /** Every number {@link #any} gave in this JVM. */
    public static List<String> issued() {
        return List.copyOf(ISSUED);
    }
}
