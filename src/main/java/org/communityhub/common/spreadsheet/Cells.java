package org.communityhub.common.spreadsheet;

import java.util.regex.Pattern;

/** Values as spreadsheet cells. */
public final class Cells {

    /** A plain number, signed or not: a spreadsheet reads it as that number, never as a formula. */
    private static final Pattern PLAIN_NUMBER = Pattern.compile("[+-]?[0-9]+(\\.[0-9]+)?");

    private Cells() {}

    /**
     * A value for a CSV cell. Text that a spreadsheet would take for a formula (starting with = + -
     * @, a tab or a carriage return) gets a leading apostrophe, so opening the file never runs it
     * (OWASP: CSV injection). A plain number such as a basement room {@code -1} is left as it is:
     * read as a formula it is only itself.
     */
    public static String neutralise(Object value) {
        String s = text(value);
        if (!s.isEmpty()
                && "=+-@\t\r".indexOf(s.charAt(0)) >= 0
                && !PLAIN_NUMBER.matcher(s).matches()) {
            return "'" + s;
        }
        return s;
    }

    /**
     * A value for an XLSX string cell, as it is: a string cell is never evaluated (only a formula
     * cell is), so the apostrophe CSV needs would only corrupt the data sent to a platform.
     */
    public static String text(Object value) {
        return value == null ? "" : value.toString();
    }
}
