package org.communityhub.adapter.transport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communityhub.adapter.definition.TransportSettings;
import org.communityhub.common.database.DataDirectory;
import org.communityhub.common.spreadsheet.Cells;

/**
 * The platform's import template as CSV: a header row of field names, one row per record, CRLF.
 * {@code encoding: UTF-8} (the default; written with a byte-order mark, which Excel on Chinese
 * Windows needs to read it as UTF-8) or {@code GB18030} for importers that expect GBK. Text that
 * looks like a formula is neutralised.
 */
@ApplicationScoped
@Named("csv-file")
public class CsvFileTransport implements DeliveryTransport {

    private final DataDirectory data;
    private final Clock clock;

    CsvFileTransport(DataDirectory data, Clock clock) {
        this.data = data;
        this.clock = clock;
    }

    @Override
    public List<String> check(TransportSettings settings) {
        List<String> problems = new ArrayList<>(FileExports.checkFileName(settings, ".csv"));
        settings.text("encoding").ifPresent(e -> {
            if (!List.of("UTF-8", "GB18030").contains(e)) {
                problems.add("encoding is UTF-8 or GB18030");
            }
        });
        for (String key : settings.values().keySet()) {
            if (!List.of("fileName", "encoding").contains(key)) {
                problems.add("unknown setting '" + key + "'");
            }
        }
        return problems;
    }

    @Override
    public ShipmentOutcome deliver(Shipment shipment) throws TransportFailure {
        Charset charset = shipment.definition().fileCharset();
        List<String> columns = shipment.definition().fieldNames();
        Path file = FileExports.write(data, clock, shipment, ".csv", target -> {
            try (BufferedWriter out =
                    new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(target), charset))) {
                if (charset.equals(StandardCharsets.UTF_8)) {
                    out.write('\uFEFF');
                }
                line(out, columns);
                for (OutboundRecord r : shipment.records()) {
                    List<String> cells = new ArrayList<>(columns.size());
                    for (String c : columns) {
                        cells.add(Cells.neutralise(r.fields().get(c)));
                    }
                    line(out, cells);
                }
            }
        });
        Map<String, RecordOutcome> outcomes = new LinkedHashMap<>();
        shipment.records().forEach(r -> outcomes.put(r.key(), new RecordOutcome(RecordOutcome.Result.EXPORTED, null)));
        return new ShipmentOutcome(outcomes, file.toString());
    }

    private static void line(BufferedWriter out, List<String> cells) throws java.io.IOException {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            String cell = cells.get(i);
            if (cell.contains(",") || cell.contains("\"") || cell.contains("\n") || cell.contains("\r")) {
                out.write('"');
                out.write(cell.replace("\"", "\"\""));
                out.write('"');
            } else {
                out.write(cell);
            }
        }
        out.write("\r\n");
    }
}
