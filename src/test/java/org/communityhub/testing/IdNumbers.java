package org.communityhub.testing;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.communityhub.reference.identity.IdNumber;

/**
 * Synthetic identity numbers with correct check characters. Each call gives a number no other call
 * in this JVM gives, so tests never collide on the registry's uniqueness of ID numbers.
 */
public final class IdNumbers {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    /** Districts of several provinces: 500 numbers of one birth date and sex each, before a repeat. */
    private static final String[] REGIONS = {
        "110101", "110102", "110105", "110106", "110108", "110114", "310101", "310104", "310105", "310110",
        "440103", "440104", "440305", "440306", "510104", "510107", "330102", "330106", "420102", "420106",
        "320102", "320106", "370102", "370202", "610102", "610113", "500103", "500106", "120101", "120104"
    };

    private static final Set<String> ISSUED = ConcurrentHashMap.newKeySet();

    private IdNumbers() {}

    /** A new number for someone born on {@code birth}, sex "1" (male) or "2" (female). */
    public static String of(LocalDate birth, String sex) {
        for (int tries = 0; tries < 500 * REGIONS.length; tries++) {
            String number = next(birth, sex);
            // A number ending in 000 needs confirming against the document; tests that want one say so.
            if (!number.endsWith("000") && ISSUED.add(number)) {
                return number;
            }
        }
        throw new IllegalStateException("Every synthetic number of " + birth + " and sex " + sex + " is given out");
    }

    /** Every number {@link #of} and {@link #any} gave in this JVM: none may be found in clear where it is stored. */
    public static List<String> issued() {
        return List.copyOf(ISSUED);
    }

    private static String next(LocalDate birth, String sex) {
        int n = SEQUENCE.getAndIncrement();
        String region = REGIONS[(n / 500) % REGIONS.length];
        // The three sequence digits: two counting, the last one's parity carrying the sex.
        int s = n % 500;
        int last = (s % 5) * 2 + ("1".equals(sex) ? 1 : 0);
        return withCheck(
                region + birth.format(DateTimeFormatter.BASIC_ISO_DATE) + String.format("%02d%d", s / 5, last));
    }

    /** A new number for some synthetic adult. */
    public static String any() {
        int n = SEQUENCE.get();
        return of(LocalDate.of(1950 + n % 50, 1 + n % 12, 1 + n % 28), n % 2 == 0 ? "1" : "2");
    }

    /**
     * {@code number} with the digit at {@code index} (0-based, one of the first 16: not the sex
     * digit) one higher, and the check character made to fit: a valid number one typo away, as a
     * number mistyped in another ledger is.
     */
    public static String oneDigitOff(String number, int index) {
        if (index < 0 || index > 15) {
            throw new IllegalArgumentException("Not a digit a typo is made in here: " + index);
        }
        for (int step = 1; step < 10; step++) {
            char digit = (char) ('0' + (number.charAt(index) - '0' + step) % 10);
            String typo = withCheck(number.substring(0, index) + digit + number.substring(index + 1, 17));
            if (!typo.endsWith("000")) { // such a number needs confirming against the document
                return typo;
            }
        }
        throw new IllegalArgumentException("No typo at " + index + " gives a number that does not end in 000");
    }

    /**
     * {@code number} with the digits at {@code index} and {@code index + 1} (0-based, of the first
     * 17) swapped and its check character kept: a number whose check fails, as a transposition
     * typed into a ledger leaves it. The two digits must differ.
     */
    public static String transposed(String number, int index) {
        if (index < 0 || index > 15 || number.charAt(index) == number.charAt(index + 1)) {
            throw new IllegalArgumentException("No transposition of two different digits at " + index);
        }
        char[] c = number.toCharArray();
        char t = c[index];
        c[index] = c[index + 1];
        c[index + 1] = t;
        return new String(c);
    }

    /**
     * {@code number} with the digit at {@code index} (0-based, of the first 17) one higher and its
     * check character kept: a number whose check fails, as a digit mistyped into a ledger leaves it.
     */
    public static String mistyped(String number, int index) {
        if (index < 0 || index > 16) {
            throw new IllegalArgumentException("Not one of the first 17 digits: " + index);
        }
        char digit = (char) ('0' + (number.charAt(index) - '0' + 1) % 10);
        return number.substring(0, index) + digit + number.substring(index + 1);
    }

    /** {@code number} without the digit at {@code index}: 17 characters, a digit lost. */
    public static String withoutDigit(String number, int index) {
        return number.substring(0, index) + number.substring(index + 1);
    }

    public static String withCheck(String first17) {
        return first17 + IdNumber.checkCharacter(first17);
    }
}
