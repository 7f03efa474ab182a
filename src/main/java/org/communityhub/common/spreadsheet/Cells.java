package org.communityhub.common.spreadsheet;

/** Values as spreadsheet cells. */
public final class Cells {

    private Cells() {}

    /**
     * Text that a spreadsheet would take for a formula (starting with = + - @, a tab or a carriage
     * return) gets a leading apostrophe, so opening the file never runs it (OWASP: CSV injection).
     */
    public static String neutralise(Object value) {
        if (value == null) {
            return "";
        }
        String s = value.toString();
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            return "'" + s;
        }
        return s;
    }
}
