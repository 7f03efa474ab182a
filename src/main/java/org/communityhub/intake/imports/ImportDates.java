package org.communityhub.intake.imports;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dates as ledgers hold them: Excel serial numbers (days since 1899-12-30, or since 1904-01-01 in
 * workbooks that say so), 1990年1月2日, 1990/1/2, 1990.1.2, 1990-01-02 (with or without a time), and
 * 19900102. Anything else is unreadable: reported, never guessed (1/2/1990 could be either order).
 */
final class ImportDates {

    private static final Pattern SEPARATED = Pattern.compile(
            "^(\\d{4})\\s*[年/.\\-]\\s*(\\d{1,2})\\s*[月/.\\-]\\s*(\\d{1,2})\\s*日?(?:[ T]\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?)?$");
    private static final Pattern COMPACT = Pattern.compile("^(\\d{4})(\\d{2})(\\d{2})$");
    private static final Pattern SERIAL = Pattern.compile("^\\d{1,5}(?:\\.\\d+)?$");
    private static final LocalDate EPOCH_1900 = LocalDate.of(1899, 12, 30);
    private static final LocalDate EPOCH_1904 = LocalDate.of(1904, 1, 1);

    private ImportDates() {}

    /** The date in a cell, or empty when it cannot be read with certainty. */
    static Optional<LocalDate> parse(String raw, boolean numericCell, boolean date1904) {
        if (raw == null) {
            return Optional.empty();
        }
        String s = java.text.Normalizer.normalize(raw, java.text.Normalizer.Form.NFKC)
                .strip();
        try {
            if (SERIAL.matcher(s).matches() || (numericCell && s.matches("^[0-9.E+]+$"))) {
                long days = new BigDecimal(s).longValue();
                if (days < 1 || days > 2958465) {
                    return Optional.empty();
                }
                if (!date1904 && days == 60) {
                    return Optional.empty(); // Excel's 29 February 1900, a day that never was
                }
                if (!date1904 && days < 60) {
                    days++; // before that phantom day, Excel's count is one behind
                }
                return Optional.of((date1904 ? EPOCH_1904 : EPOCH_1900).plusDays(days));
            }
            Matcher m = COMPACT.matcher(s);
            if (!m.matches()) {
                m = SEPARATED.matcher(s);
            }
            if (m.matches()) {
                return Optional.of(LocalDate.of(
                        Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
            }
        } catch (DateTimeException | NumberFormatException | ArithmeticException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
