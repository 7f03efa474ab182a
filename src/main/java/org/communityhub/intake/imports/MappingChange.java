package org.communityhub.intake.imports;

import java.util.List;

/**
 * A corrected column mapping: for each column (1-based) the field it fills, or null to leave the
 * column out. Columns not listed keep their mapping. Saved for the next file with the same headers.
 */
public record MappingChange(List<ColumnField> columns) {

    public record ColumnField(Integer column, String field) {}
}
