package org.communityhub.matching;

import java.time.LocalDate;
import java.time.YearMonth;
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
        // Day and month read the other way round; a day above 12 cannot be a month.
        if (date.getDayOfMonth() <= 12
                && date.getMonthValue()
                        <= YearMonth.of(date.getYear(), date.getDayOfMonth()).lengthOfMonth()) {
            out.add(LocalDate.of(date.getYear(), date.getDayOfMonth(), date.getMonthValue()));
        }
        return List.copyOf(out);
    }

    /**
     * Adds the date the digits spell, when it is a real one (nobody was born on 1980-02-30). Checked
     * without an exception: about half of a date's neighbours are not real dates, and a duplicate
     * scan asks for the neighbours of every resident.
     */
    private static void add(Set<LocalDate> out, char[] yyyyMMdd) {
        int year = number(yyyyMMdd, 0, 4);
        int month = number(yyyyMMdd, 4, 6);
        int day = number(yyyyMMdd, 6, 8);
        if (month >= 1
                && month <= 12
                && day >= 1
                && day <= YearMonth.of(year, month).lengthOfMonth()) {
            out.add(LocalDate.of(year, month, day));
        }
    }

    private static int number(char[] digits, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            n = n * 10 + (digits[i] - '0');
        }
        return n;
    }

    /** yyyyMMdd, built by hand: a duplicate scan asks for it many times per resident. */
    private static String digits(LocalDate date) {
        int n = date.getYear() * 10_000 + date.getMonthValue() * 100 + date.getDayOfMonth();
        char[] d = new char[8];
        for (int i = 7; i >= 0; i--) {
            d[i] = (char) ('0' + n % 10);
            n /= 10;
        }
        return new String(d);
    }
}
