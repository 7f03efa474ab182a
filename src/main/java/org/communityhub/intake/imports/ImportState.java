package org.communityhub.intake.imports;

/** Where an import stands. */
public enum ImportState {
    /** The file is being read and checked. */
    PARSING,
    /** Checked: findings can be read, the mapping corrected, and the rows committed. */
    READY,
    /** Rows are being written to the registry. */
    COMMITTING,
    COMMITTED,
    CANCELLED,
    /** The file was refused or could not be read; the error says why. */
    FAILED
}
