package org.communityhub.adapter.transport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.OutputStream;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communityhub.adapter.definition.TransportSettings;
import org.communityhub.common.database.DataDirectory;
import org.communityhub.common.spreadsheet.Cells;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * The platform's import template as an XLSX file: an optional title row ({@code title}), a header
 * row of the platform's field names, one row per record. Every cell is text (an ID number written as
 * a number would lose digits), a string cell that never runs as a formula, so its value is written
 * as it is (a basement room {@code -1} stays {@code -1}).
 *
 * <p>Settings: {@code fileName}, {@code filesPer} (platform, street or community), {@code sheet}
 * (default the adapter's name), {@code title}.
 */
@ApplicationScoped
@Named("xlsx-file")
public class XlsxFileTransport implements DeliveryTransport {

    private final DataDirectory data;
    private final Clock clock;

    XlsxFileTransport(DataDirectory data, Clock clock) {
        this.data = data;
        this.clock = clock;
    }

    @Override
    public List<TransportSettings.Problem> problems(TransportSettings settings) {
        List<TransportSettings.Problem> problems = new ArrayList<>(FileExports.checkCommon(settings, ".xlsx"));
        settings.text("sheet").ifPresent(sheet -> {
            if (sheet.length() > 31 || sheet.matches(".*[\\\\/?*\\[\\]:].*")) {
                problems.add(new TransportSettings.Problem("sheet", "sheet（工作表名）最多 31 个字符，且不能含 \\ / ? * [ ] :"));
            }
        });
        problems.addAll(FileExports.unknownSettings(settings, List.of("fileName", "filesPer", "sheet", "title")));
        return problems;
    }

    @Override
    public ShipmentOutcome deliver(Shipment shipment) throws TransportFailure {
        TransportSettings settings = shipment.definition().transport();
        List<String> columns = shipment.definition().fieldNames();
        List<ShipmentOutcome.WrittenFile> files =
                FileExports.write(data, clock, shipment, shipment.records(), ".xlsx", (target, records) -> {
                    try (OutputStream out = Files.newOutputStream(target)) {
                        Workbook workbook = new Workbook(out, "Community Data Hub", "1.0");
                        Worksheet sheet = workbook.newWorksheet(settings.text("sheet")
                                .orElse(shipment.definition().name()));
                        int row = 0;
                        if (settings.text("title").isPresent()) {
                            sheet.value(row, 0, settings.text("title").get());
                            sheet.style(row, 0).bold().set();
                            row++;
                        }
                        for (int c = 0; c < columns.size(); c++) {
                            sheet.value(row, c, columns.get(c));
                            sheet.style(row, c).bold().fillColor("DDEBF7").set();
                            sheet.width(c, Math.max(10, columns.get(c).length() * 2.5));
                        }
                        row++;
                        for (OutboundRecord r : records) {
                            for (int c = 0; c < columns.size(); c++) {
                                sheet.value(row, c, Cells.text(r.fields().get(columns.get(c))));
                            }
                            row++;
                        }
                        workbook.finish();
                    }
                });
        Map<String, RecordOutcome> outcomes = new LinkedHashMap<>();
        shipment.records().forEach(r -> outcomes.put(r.key(), new RecordOutcome(RecordOutcome.Result.EXPORTED, null)));
        return new ShipmentOutcome(outcomes, files.get(0).path().toString(), files);
    }
}
