package org.communityhub.adapter.transport;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communityhub.adapter.definition.AdapterDefinition;
import org.communityhub.adapter.definition.TransportSettings;
import org.communityhub.common.database.DataDirectory;
import org.communityhub.common.spreadsheet.Cells;

/**
 * The platform's import template as CSV: a header row of field names, one row per record, CRLF.
 * {@code encoding: UTF-8} (the default; written with a byte-order mark, which Excel on Chinese
 * Windows needs to read it as UTF-8), {@code GB18030}, or {@code GBK} for importers that take
 * nothing else. A record with a character its encoding cannot write is refused with a message
 * naming the field, never written with a '?' in its place. Text that looks like a formula is
 * neutralised. {@code filesPer}: one file for the platform (default), or one per street or
 * community.
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
    public List<TransportSettings.Problem> problems(TransportSettings settings) {
        List<TransportSettings.Problem> problems = new ArrayList<>(FileExports.checkCommon(settings, ".csv"));
        settings.text("encoding").ifPresent(e -> {
            if (!AdapterDefinition.FILE_ENCODINGS.contains(e)) {
                problems.add(new TransportSettings.Problem(
                        "encoding",
                        "encoding 只能是 " + String.join("、", AdapterDefinition.FILE_ENCODINGS) + "，现为“" + e + "”"));
            }
        });
        problems.addAll(FileExports.unknownSettings(settings, List.of("fileName", "filesPer", "encoding")));
        return problems;
    }

    @Override
    public ShipmentOutcome deliver(Shipment shipment) throws TransportFailure {
        Charset charset = shipment.definition().fileCharset();
        List<String> columns = shipment.definition().fieldNames();
        Map<String, RecordOutcome> outcomes = new LinkedHashMap<>();
        Map<String, List<String>> rows = new LinkedHashMap<>();
        List<OutboundRecord> written = new ArrayList<>();
        CharsetEncoder check = charset.newEncoder();
        for (OutboundRecord r : shipment.records()) {
            List<String> cells = new ArrayList<>(columns.size());
            String refusal = null;
            for (String c : columns) {
                String cell = Cells.neutralise(r.fields().get(c));
                if (refusal == null && !check.canEncode(cell)) {
                    refusal = unencodable(c, cell, charset, check);
                }
                cells.add(cell);
            }
            if (refusal != null) {
                // Written as '?' the value would be wrong in the platform without anyone knowing.
                outcomes.put(r.key(), RecordOutcome.rejected(refusal));
            } else {
                rows.put(r.key(), cells);
                written.add(r);
                outcomes.put(r.key(), new RecordOutcome(RecordOutcome.Result.EXPORTED, null));
            }
        }
        if (rows.isEmpty()) {
            return new ShipmentOutcome(outcomes, null);
        }
        List<ShipmentOutcome.WrittenFile> files =
                FileExports.write(data, clock, shipment, written, ".csv", (target, in) -> {
                    CharsetEncoder strict = charset.newEncoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT);
                    try (BufferedWriter out =
                            new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(target), strict))) {
                        if (charset.equals(StandardCharsets.UTF_8)) {
                            out.write('\uFEFF');
                        }
                        line(out, columns);
                        for (OutboundRecord r : in) {
                            line(out, rows.get(r.key()));
                        }
                    }
                });
        return new ShipmentOutcome(outcomes, files.get(0).path().toString(), files);
    }

    /** Which field holds a character the file's encoding cannot write, and which character. */
    private static String unencodable(String field, String cell, Charset charset, CharsetEncoder check) {
        int at = 0;
        while (at < cell.length()) {
            int cp = cell.codePointAt(at);
            String ch = new String(Character.toChars(cp));
            if (!check.canEncode(ch)) {
                return "“" + field + "”中的字符“" + ch + "”（U+" + String.format("%04X", cp) + "）无法用 " + charset.name()
                        + " 编码写入该平台的文件，此记录未写入；请与平台确认该字的写法，或请平台改收 GB18030 编码的文件";
            }
            at += Character.charCount(cp);
        }
        return "“" + field + "”含有 " + charset.name() + " 编码无法表示的字符，此记录未写入";
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
