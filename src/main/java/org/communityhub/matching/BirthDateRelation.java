package org.communityhub.matching;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How two birth dates relate when they might be one person's: equal, or one slip of typing apart
 * (a digit of yyyyMMdd, two adjacent digits swapped, or day and month read the other way round, as
 * 03/02 is in two date formats).
 */
enum BirthDateRelation {
    EQUAL,
    ONE_DIGIT,
    TRANSPOSED,
    DAY_MONTH_SWAPPED,
    DIFFERENT;

    boolean isNear() {
        return this != DIFFERENT;
    }

    static BirthDateRelation of(LocalDate a, LocalDate b) {
        if (a == null || b == null) {
            return DIFFERENT;
        }
        if (a.equals(b)) {
            return EQUAL;
        }
        String x = digits(a);
        String y = digits(b);
        int first = -1;
        int differences = 0;
        for (int i = 0; i < 8; i++) {
            if (x.charAt(i) != y.charAt(i) && differences++ == 0) {
                first = i;
            }
        }
        if (differences == 1) {
            return ONE_DIGIT;
        }
        if (differences == 2
                && first < 7
                && x.charAt(first) == y.charAt(first + 1)
                && x.charAt(first + 1) == y.charAt(first)) {
            return TRANSPOSED;
        }
        if (a.getYear() == b.getYear()
                && a.getMonthValue() == b.getDayOfMonth()
                && a.getDayOfMonth() == b.getMonthValue()) {
            return DAY_MONTH_SWAPPED;
        }
        return DIFFERENT;
    }

    /** The date itself and every real date near it in the sense of {@link #isNear}: the look-up side. */
    static List<LocalDate> nearby(LocalDate date) {
        Set<LocalDate> out = new LinkedHashSet<>();
        out.add(date);
        char[] d = digits(date).toCharArray();
        for (int i = 0; i < 8; i++) {
            char original = d[i];
            for (char c = '0'; c <= '9'; c++) {
                if (c != original) {
                    d[i] = c;
                    add(out, d);
                }
            }
            d[i] = original;
        }
        for (int i = 0; i < 7; i++) {
            char t = d[i];
            d[i] = d[i + 1];
            d[i + 1] = t;
            add(out, d);
            d[i + 1] = d[i];
            d[i] = t;
        }
        try {
            out.add(LocalDate.of(date.getYear(), date.getDayOfMonth(), date.getMonthValue()));
        } catch (DateTimeException e) {
            // a day above 12 cannot be a month: no such twin
        }
        return List.copyOf(out);
    }

    private static void add(Set<LocalDate> out, char[] yyyyMMdd) {
        String s = new String(yyyyMMdd);
        try {
            out.add(LocalDate.of(
                    Integer.parseInt(s.substring(0, 4)),
                    Integer.parseInt(s.substring(4, 6)),
                    Integer.parseInt(s.substring(6, 8))));
        } catch (DateTimeException e) {
            // not a real date: nobody was born on it
        }
    }

    private static String digits(LocalDate date) {
        return "%04d%02d%02d".formatted(date.getYear(), date.getMonthValue(), date.getDayOfMonth());
    }
}
