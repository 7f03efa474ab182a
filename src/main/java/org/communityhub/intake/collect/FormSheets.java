package org.communityhub.intake.collect;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.communityhub.intake.export.SheetWriter;
import org.communityhub.intake.imports.FormFile;
import org.dhatim.fastexcel.Worksheet;

/**
 * A form written back as it came, down to its header: the title rows in their places, and in a
 * workbook the merged title cells and the column widths it had. The collection forms and the
 * statistics forms write their rows after it.
 */
final class FormSheets {

    private FormSheets() {}

    /** A workbook sheet's rows above and at the header; the rows that follow start at {@code form.headerRow()}. */
    static void xlsxTop(Worksheet sheet, FormFile form, List<String> headers) {
        for (FormFile.TitleRow title : form.titleRows()) {
            for (int c = 0; c < title.cells().size(); c++) {
                if (!title.cells().get(c).isEmpty()) {
                    sheet.inlineString(title.number() - 1, c, title.cells().get(c));
                    sheet.style(title.number() - 1, c).bold().set();
                }
            }
        }
        for (FormFile.Merge m : form.merges()) {
            sheet.range(m.firstRow(), m.firstColumn(), m.lastRow(), m.lastColumn())
                    .merge();
        }
        for (int c = 0; c < headers.size(); c++) {
            sheet.inlineString(form.headerRow() - 1, c, headers.get(c));
            sheet.style(form.headerRow() - 1, c).bold().fillColor("DDEBF7").set();
            Double width = form.widths().get(c);
            sheet.width(c, width != null ? width : Math.max(10, headers.get(c).length() * 2.5));
        }
    }

    /** A CSV's lines above and at the header (UTF-8 with a byte-order mark, as an export's CSV). */
    static void csvTop(SheetWriter.Csv csv, FormFile form, List<String> headers) throws IOException {
        Map<Integer, List<String>> titles = new HashMap<>();
        form.titleRows().forEach(t -> titles.put(t.number(), t.cells()));
        for (int r = 1; r < form.headerRow(); r++) {
            List<String> cells = titles.getOrDefault(r, List.of());
            if (r == 1) {
                csv.header(cells);
            } else {
                csv.row(cells);
            }
        }
        if (form.headerRow() == 1) {
            csv.header(headers);
        } else {
            csv.row(headers);
        }
    }
}
