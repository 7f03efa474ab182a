package org.communityhub.intake.imports;

import java.util.Map;

/**
 * Corrected cells of one row of an upload: by column, given as its number (1-based) or its header
 * as the file has it, the value to read instead of the file's; null gives the file's value back.
 */
public record RowCorrection(Map<String, String> cells) {}
