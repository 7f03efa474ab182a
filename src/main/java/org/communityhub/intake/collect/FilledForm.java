package org.communityhub.intake.collect;

import java.util.List;
import java.util.UUID;
import org.communityhub.adapter.definition.AdapterDefinition;
import org.communityhub.intake.imports.FormFile;

/**
 * A community's form, checked and logged, ready to be written.
 *
 * @param communities whose residents get rows: one community's form, or every community's for the summary
 * @param answers whether the columns to fill hold the answers the communities gave (the summary) or stay empty
 * @param form the form as it was sent: title rows, header, layout
 * @param columns the collection's columns, in the form's order
 * @param definition what the export's mapping fills the prefilled columns with (field names c1, c2 …)
 * @param residents who get a row, in order: exactly those the access log names
 * @param identifiers whether ID numbers or phones are filled (they are decrypted only then)
 */
record FilledForm(
        UUID collectionId,
        List<String> communities,
        boolean answers,
        FormFile form,
        List<CollectionRecord.Column> columns,
        AdapterDefinition definition,
        List<UUID> residents,
        boolean identifiers,
        String fileName,
        String asciiFileName) {

    FilledForm {
        communities = List.copyOf(communities);
        columns = List.copyOf(columns);
        residents = List.copyOf(residents);
    }

    /** Rows in the filled form (title and header rows not counted). */
    static final String ROWS = "X-Export-Rows";

    static final String XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    String mediaType() {
        return form.xlsx() ? XLSX_TYPE : "text/csv; charset=UTF-8";
    }
}
