package org.communityhub.testing;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Synthetic mainland mobile numbers (1390xxxxxxx, a block no test writes by hand). Each call gives
 * a number no other call in this JVM gives.
 */
public final class Phones {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Phones() {}

    public static String any() {
        return String.format("1390%07d", SEQUENCE.getAndIncrement() % 10_000_000);
    }
}
