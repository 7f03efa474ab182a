package org.communityhub.adapter.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.communityhub.adapter.definition.AdapterDefinition;
import org.communityhub.adapter.definition.FieldMapping;
import org.communityhub.adapter.definition.RetryPolicy;
import org.communityhub.adapter.definition.TransportSettings;
import org.communityhub.adapter.mapping.RecordMapper.Operation;
import org.communityhub.common.database.DataDirectory;
import org.communityhub.testing.Spreadsheets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file transports write what office software opens, and nothing it would run. */
class FileTransportsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T02:30:00Z"), ZoneId.of("Asia/Shanghai"));
    private static final String ID = "11010519491231002X";

    @Test
    void anXlsxFileHasTheHeaderTextCellsAndNoLiveFormulas(@TempDir Path dir) throws Exception {
        XlsxFileTransport xlsx = new XlsxFileTransport(new DataDirectory(dir.toString(), false), CLOCK);
        AdapterDefinition d = definition("xlsx-file", Map.of("sheet", "名册", "title", "测试导入模板"));

        ShipmentOutcome outcome = xlsx.deliver(shipment(d));

        assertThat(outcome.records().values()).allMatch(r -> r.result() == RecordOutcome.Result.EXPORTED);
        Path file = Path.of(outcome.location());
        assertThat(file)
                .startsWith(dir.resolve("exports").resolve("sample"))
                .hasFileName("sample_20261123_103000_abcdef12.xlsx");
        List<List<String>> rows = Spreadsheets.rows(file);
        assertThat(rows.get(0)).containsExactly("测试导入模板");
        assertThat(rows.get(1)).containsExactly("姓名", "公民身份号码", "备注");
        // Values as they are (a basement room -1 stays -1), in string cells that never run.
        assertThat(rows.get(2)).containsExactly("张三", ID, "=HYPERLINK(\"http://x\",\"点我\")");
        assertThat(rows.get(3)).containsExactly("李四", "110105199003071239", "+1-2");
        assertThat(rows.get(4)).containsExactly("王五", "110105199003071255", "-1");
        assertThat(Spreadsheets.formulaCells(file)).isEmpty();
        try (Stream<Path> list = Files.list(file.getParent())) {
            assertThat(list).as("no half-written file is left").containsExactly(file);
        }
    }

    @Test
    void aCsvFileIsUtf8WithABomOrGb18030AndQuotesWhatNeedsQuoting(@TempDir Path dir) throws Exception {
        CsvFileTransport csv = new CsvFileTransport(new DataDirectory(dir.toString(), false), CLOCK);

        Path utf8 =
                Path.of(csv.deliver(shipment(definition("csv-file", Map.of()))).location());
        byte[] bytes = Files.readAllBytes(utf8);
        assertThat(bytes).startsWith(0xEF, 0xBB, 0xBF);
        String text = new String(bytes, StandardCharsets.UTF_8).substring(1);
        assertThat(text.split("\r\n"))
                .containsExactly(
                        "姓名,公民身份号码,备注",
                        "张三," + ID + ",\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\"",
                        "李四,110105199003071239,'+1-2",
                        "王五,110105199003071255,-1");

        Path gbk = Path.of(
                csv.deliver(shipment(definition("csv-file", Map.of("encoding", "GB18030", "fileName", "gbk.csv"))))
                        .location());
        assertThat(Files.readString(gbk, Charset.forName("GB18030"))).startsWith("姓名,公民身份号码,备注\r\n张三,");
    }

    @Test
    void aFileWhoseNameIsTakenGetsANumberAndTheEarlierFileIsKept(@TempDir Path dir) throws Exception {
        CsvFileTransport csv = new CsvFileTransport(new DataDirectory(dir.toString(), false), CLOCK);
        AdapterDefinition d = definition("csv-file", Map.of("fileName", "名册.csv"));

        Path first = Path.of(csv.deliver(shipment(d)).location());
        byte[] written = Files.readAllBytes(first);
        Path second = Path.of(csv.deliver(shipment(d)).location());
        Path third = Path.of(csv.deliver(shipment(d)).location());

        assertThat(first).hasFileName("名册.csv");
        assertThat(second).hasFileName("名册-2.csv");
        assertThat(third).hasFileName("名册-3.csv");
        assertThat(Files.readAllBytes(first)).isEqualTo(written);
        try (Stream<Path> list = Files.list(first.getParent())) {
            assertThat(list).containsExactlyInAnyOrder(first, second, third);
        }
    }

    @Test
    void settingsAreChecked() {
        XlsxFileTransport xlsx = new XlsxFileTransport(new DataDirectory("/tmp", false), CLOCK);
        CsvFileTransport csv = new CsvFileTransport(new DataDirectory("/tmp", false), CLOCK);

        assertThat(xlsx.problems(new TransportSettings(
                        "xlsx-file", Map.of("fileName", "../x.xlsx", "sheet", "a/b", "colour", "red"), 1)))
                .extracting(TransportSettings.Problem::setting)
                .containsExactlyInAnyOrder("fileName", "sheet", "colour");
        assertThat(csv.problems(new TransportSettings("csv-file", Map.of("encoding", "Big5"), 1)))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("UTF-8、GB18030、GBK"));
        assertThat(csv.problems(new TransportSettings("csv-file", Map.of("encoding", "GBK"), 1)))
                .isEmpty();
    }

    @Test
    void aGbkFileIsStrictlyGbkAndARecordItCannotHoldIsRefusedNotQuestionMarked(@TempDir Path dir) throws Exception {
        CsvFileTransport csv = new CsvFileTransport(new DataDirectory(dir.toString(), false), CLOCK);
        AdapterDefinition d = definition("csv-file", Map.of("encoding", "GBK", "fileName", "gbk.csv"));
        // 𠮷 (U+20BB7) is in GB18030 but not in GBK; 镕 (U+9555) is in both.
        OutboundRecord outside = record("王𠮷", "", "");
        OutboundRecord inside = record("朱镕", "", "备注");

        ShipmentOutcome outcome = csv.deliver(new Shipment(d, "abcdef1234567890", List.of(outside, inside)));

        assertThat(outcome.records().get(outside.key()).result()).isEqualTo(RecordOutcome.Result.REJECTED);
        assertThat(outcome.records().get(outside.key()).message())
                .contains("“姓名”中的字符“𠮷”")
                .contains("GBK");
        assertThat(outcome.records().get(inside.key()).result()).isEqualTo(RecordOutcome.Result.EXPORTED);
        byte[] bytes = Files.readAllBytes(Path.of(outcome.location()));
        assertThat(new String(bytes, Charset.forName("GBK"))).isEqualTo("姓名,公民身份号码,备注\r\n朱镕,,备注\r\n");
        assertThat(bytes).as("nothing replaced by '?'").doesNotContain((byte) '?');
    }

    @Test
    void filesPerCommunityWritesEachCommunitysRecordsIntoItsOwnFolder(@TempDir Path dir) throws Exception {
        CsvFileTransport csv = new CsvFileTransport(new DataDirectory(dir.toString(), false), CLOCK);
        AdapterDefinition d =
                definition("csv-file", Map.of("filesPer", "community", "fileName", "名册_{area}_{date}.csv"));
        OutboundRecord a1 = inCommunity(record("张三", ID, "甲"), "110105001401");
        OutboundRecord b1 = inCommunity(record("李四", "110105199003071239", "乙"), "110105001402");
        OutboundRecord a2 = inCommunity(record("王五", "110105199003071255", "甲"), "110105001401");

        ShipmentOutcome outcome = csv.deliver(new Shipment(d, "abcdef1234567890", List.of(a1, b1, a2)));

        assertThat(outcome.files()).hasSize(2);
        ShipmentOutcome.WrittenFile first = outcome.files().get(0);
        assertThat(first.areaCode()).isEqualTo("110105001401");
        assertThat(first.recordKeys()).containsExactly(a1.key(), a2.key());
        assertThat(first.path()).isEqualTo(dir.resolve("exports/sample/110105001401/名册_110105001401_20261123.csv"));
        assertThat(Files.readString(first.path())).contains("张三").contains("王五").doesNotContain("李四");
        ShipmentOutcome.WrittenFile second = outcome.files().get(1);
        assertThat(second.areaCode()).isEqualTo("110105001402");
        assertThat(Files.readString(second.path())).contains("李四").doesNotContain("张三");

        // By street, the two communities of street 110105001 share one file.
        AdapterDefinition street = definition("csv-file", Map.of("filesPer", "street"));
        ShipmentOutcome byStreet = csv.deliver(new Shipment(street, "bcdef12345678901", List.of(a1, b1, a2)));
        assertThat(byStreet.files()).singleElement().satisfies(f -> {
            assertThat(f.areaCode()).isEqualTo("110105001");
            assertThat(f.recordKeys()).hasSize(3);
        });
    }

    @Test
    void filesPerTakesOnlyItsThreeValues() {
        CsvFileTransport csv = new CsvFileTransport(new DataDirectory("target/unused", false), CLOCK);
        assertThat(csv.problems(new TransportSettings("csv-file", Map.of("filesPer", "district"), 1)))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.setting()).isEqualTo("filesPer");
                    assertThat(p.message())
                            .contains("street")
                            .contains("community")
                            .contains("district");
                });
        assertThat(csv.problems(new TransportSettings("csv-file", Map.of("filesPer", "street"), 1)))
                .isEmpty();
    }

    private static OutboundRecord inCommunity(OutboundRecord r, String community) {
        return new OutboundRecord(r.key(), r.residentId(), r.version(), r.operation(), r.fields(), community);
    }

    private static Shipment shipment(AdapterDefinition d) {
        return new Shipment(
                d,
                "abcdef1234567890",
                List.of(
                        record("张三", ID, "=HYPERLINK(\"http://x\",\"点我\")"),
                        record("李四", "110105199003071239", "+1-2"),
                        record("王五", "110105199003071255", "-1")));
    }

    private static OutboundRecord record(String name, String id, String note) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("姓名", name);
        fields.put("公民身份号码", id);
        fields.put("备注", note);
        return new OutboundRecord("sample:" + name, UUID.randomUUID(), 0, Operation.UPSERT, fields);
    }

    private static AdapterDefinition definition(String transport, Map<String, Object> settings) {
        List<FieldMapping> fields = Stream.of("姓名", "公民身份号码", "备注")
                .map(n -> new FieldMapping(
                        n, new FieldMapping.Constant(""), null, null, false, java.util.Set.of(), ",", 1))
                .toList();
        return new AdapterDefinition(
                "sample",
                "示例",
                "1",
                "hash",
                "basis",
                "sample/adapter.yaml",
                List.of(),
                fields,
                List.of("姓名"),
                null,
                500,
                0,
                RetryPolicy.DEFAULT,
                new TransportSettings(transport, settings, 1));
    }
}
