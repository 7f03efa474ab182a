package org.communityhub.intake.export;

import java.nio.charset.Charset;
import java.util.List;
import java.util.Set;
import org.communityhub.adapter.definition.AdapterDefinition;

/**
 * What an export's file looks like and how its rows are made.
 *
 * @param definition what the record mapper maps each resident with: the platform's own, or one made
 *     for a column set
 * @param concernedOnly whether only residents the definition selects get a row (a platform's
 *     template: what the platform would receive)
 * @param columns the header, the definition's field names in its order
 * @param blanked columns left empty for this reader: a restricted tag they may not see
 * @param loggedFields the fields the access log names for the export
 * @param sheetName the workbook's sheet
 * @param title a title row above the header (the platform's file has one), or null
 * @param fileStem the downloaded file's name before the date, in Chinese
 * @param asciiFileStem the same for programs that take no Chinese file name
 * @param resource how the access log names what was exported (the fields it lists apart): {@code
 *     adapter=youth-league}, {@code columns}
 * @param csvCharset the encoding of the file as CSV: the platform's, for its template (GB18030 where
 *     its import takes that), else UTF-8
 */
public record ExportTemplate(
        AdapterDefinition definition,
        boolean concernedOnly,
        List<String> columns,
        Set<String> blanked,
        List<String> loggedFields,
        String sheetName,
        String title,
        String fileStem,
        String asciiFileStem,
        String resource,
        Charset csvCharset) {

    public ExportTemplate {
        columns = List.copyOf(columns);
        blanked = Set.copyOf(blanked);
        loggedFields = List.copyOf(loggedFields);
    }
}
