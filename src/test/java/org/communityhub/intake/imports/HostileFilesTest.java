package org.communityhub.intake.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.communityhub.testing.NeedsNoHub;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken uploads, generated: each is refused as a whole with a Chinese message that
 * says what is wrong, before anything of it reaches the registry, and without exhausting memory.
 */
@NeedsNoHub
class HostileFilesTest {

    @TempDir
    Path dir;

    static final ImportSettings LIMITS = new Limits(4L << 30);

    @Test
    void aZipBombIsRefusedBeforeAnyXmlIsParsed() {
        Path bomb = LedgerFiles.write(dir, "bomb.xlsx", LedgerFiles.zipBomb("xl/worksheets/sheet1.xml", 64L << 20));
        assertThat(bomb.toFile().length()).isLessThan(1 << 20);
        assertRefused(bomb, "zip-bomb", "压缩炸弹");
    }

    @Test
    void anArchiveInflatingBeyondTheTotalLimitIsRefused() {
        // Moderately compressible parts (ratio below the limit) whose sum exceeds the total limit.
        byte[] noise = new byte[4 << 20];
        new java.util.Random(7).nextBytes(noise);
        Path big = LedgerFiles.write(dir, "big.xlsx", LedgerFiles.rawXlsx(noise));
        assertThatThrownBy(() -> ZipGuard.check(big, new Limits(2L << 20)))
                .isInstanceOf(RejectedFileException.class)
                .hasFieldOrPropertyWithValue("code", "zip-too-large");
    }

    @Test
    void xmlExternalEntitiesAreNeverResolved() throws Exception {
        Path secret = LedgerFiles.write(dir, "secret.txt", "TOP-SECRET-CONTENT".getBytes(StandardCharsets.UTF_8));
        String xxe = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM \""
                + secret.toUri() + "\">]>\n"
                + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>"
                + "<row r=\"1\">" + LedgerFiles.cell("A1", "姓名") + LedgerFiles.cell("B1", "&xxe;") + "</row>"
                + "</sheetData></worksheet>";
        Path file = LedgerFiles.write(dir, "xxe.xlsx", LedgerFiles.rawXlsx(xxe));
        // The hub refuses any document type declaration before parsing.
        assertRefused(file, "xml-doctype", "DTD");
        // And the reader's own StAX factory (Aalto, DTD support off) does not resolve the entity either.
        List<String> texts = new ArrayList<>();
        try (ReadableWorkbook wb = new ReadableWorkbook(file.toFile());
                Stream<Row> rows = wb.getFirstSheet().openStream()) {
            rows.forEach(r -> r.forEach(c -> texts.add(c == null ? null : c.getText())));
        } catch (Exception e) {
            texts.add(String.valueOf(e.getMessage()));
        }
        assertThat(String.join("|", texts.stream().map(String::valueOf).toList()))
                .doesNotContain("TOP-SECRET");
    }

    @Test
    void aDoctypeInUtf16IsFoundToo() {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><!DOCTYPE x [<!ENTITY a \"b\">]><worksheet/>";
        Path file = LedgerFiles.write(dir, "xxe16.xlsx", LedgerFiles.rawXlsx(xml.getBytes(StandardCharsets.UTF_16LE)));
        assertRefused(file, "xml-doctype", "DTD");
    }

    @Test
    void aFileThatIsNotWhatItsNameSaysIsRefused() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D};
        assertSniffRefused(LedgerFiles.write(dir, "photo.csv", png), "photo.csv", "not-csv");
        assertSniffRefused(
                LedgerFiles.write(dir, "text.xlsx", "姓名,身份证号\n".getBytes(StandardCharsets.UTF_8)),
                "text.xlsx",
                "not-xlsx");
        byte[] xlsx = LedgerFiles.xlsx(List.of(List.of("姓名")));
        assertSniffRefused(LedgerFiles.write(dir, "book.csv", xlsx), "book.csv", "not-csv");
        byte[] ole2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1, 0, 0};
        assertSniffRefused(LedgerFiles.write(dir, "old.xlsx", ole2), "old.xlsx", "legacy-excel");
        assertSniffRefused(LedgerFiles.write(dir, "run.exe", new byte[] {'M', 'Z'}), "run.exe", "unsupported-type");
        assertSniffRefused(LedgerFiles.write(dir, "empty.csv", new byte[0]), "empty.csv", "empty-file");
        byte[] utf16 = "\uFEFF姓名".getBytes(StandardCharsets.UTF_16LE);
        assertSniffRefused(LedgerFiles.write(dir, "u16.csv", utf16), "u16.csv", "utf16-csv");
    }

    @Test
    void aTruncatedWorkbookIsRefused() {
        byte[] whole = LedgerFiles.xlsx(IntStream.range(0, 2000)
                .mapToObj(i -> List.<Object>of("姓名" + i, "身份证号", "男"))
                .toList());
        Path cut = LedgerFiles.write(dir, "cut.xlsx", Arrays.copyOf(whole, whole.length / 2));
        assertRefused(cut, "damaged-xlsx", "不完整");
    }

    @Test
    void aTruncatedCsvIsRefused() {
        Path cut = LedgerFiles.write(dir, "cut.csv", "姓名,身份证号\n张三,\"1101".getBytes(StandardCharsets.UTF_8));
        assertRefused(cut, "truncated-csv", "不完整");
    }

    @Test
    void tensOfThousandsOfColumnsAreRefused() {
        String wide = IntStream.range(0, 40_000).mapToObj(i -> "c" + i).collect(Collectors.joining(","));
        assertRefused(
                LedgerFiles.write(dir, "wide.csv", (wide + "\n").getBytes(StandardCharsets.UTF_8)),
                "too-many-columns",
                "列");
        // In XLSX, one cell far to the right makes a row that wide.
        String row = "<row r=\"1\">" + LedgerFiles.cell("A1", "姓名") + LedgerFiles.cell("BBBB1", "x") + "</row>";
        assertRefused(
                LedgerFiles.write(dir, "wide.xlsx", LedgerFiles.rawXlsx(LedgerFiles.sheet(row))),
                "too-many-columns",
                "列");
    }

    @Test
    void emptyFormattedCellsFarToTheRightAreNoProblem() {
        String row = "<row r=\"1\">" + LedgerFiles.cell("A1", "姓名") + "<c r=\"XFD1\" s=\"1\"/></row>";
        List<SheetRow> rows =
                readAll(LedgerFiles.write(dir, "styled.xlsx", LedgerFiles.rawXlsx(LedgerFiles.sheet(row))));
        assertThat(rows.get(0).cells()).containsExactly("姓名");
    }

    @Test
    void aTenMegabyteCellIsRefused() {
        String huge = "长".repeat(10 << 20);
        byte[] csv = ("姓名,备注\n张三," + huge + "\n").getBytes(StandardCharsets.UTF_8);
        assertRefused(LedgerFiles.write(dir, "huge.csv", csv), "cell-too-long", "字符");
        // Random letters, so that the part does not also look like a zip bomb.
        java.util.Random random = new java.util.Random(11);
        StringBuilder text = new StringBuilder(10 << 20);
        while (text.length() < 10 << 20) {
            text.append((char) ('a' + random.nextInt(26)));
        }
        String row =
                "<row r=\"1\">" + LedgerFiles.cell("A1", "姓名") + LedgerFiles.cell("B1", text.toString()) + "</row>";
        assertRefused(
                LedgerFiles.write(dir, "huge.xlsx", LedgerFiles.rawXlsx(LedgerFiles.sheet(row))),
                "cell-too-long",
                "字符");
    }

    @Test
    void invalidBytesInTheEncodingAreRefused() {
        // UTF-8 for its first 64 KB, then a byte UTF-8 never has.
        ByteArrayOutputStream utf8 = new ByteArrayOutputStream();
        byte[] line = "张三,110105199001011234\n".getBytes(StandardCharsets.UTF_8);
        while (utf8.size() < 80_000) {
            utf8.writeBytes(line);
        }
        utf8.writeBytes(new byte[] {'x', (byte) 0xFF, '\n'});
        assertRefused(LedgerFiles.write(dir, "bad-utf8.csv", utf8.toByteArray()), "invalid-encoding", "UTF-8");
        // GBK, with a lead byte followed by a byte no GBK character has.
        byte[] gbk = "姓名,身份证号\n张三,1\n".getBytes(TextEncoding.GB18030);
        byte[] broken = Arrays.copyOf(gbk, gbk.length + 3);
        broken[gbk.length] = (byte) 0xA1;
        broken[gbk.length + 1] = (byte) 0x7F;
        broken[gbk.length + 2] = '\n';
        assertRefused(LedgerFiles.write(dir, "bad-gbk.csv", broken), "invalid-encoding", "GBK");
    }

    @Test
    void aWellFormedLedgerPassesEveryCheck() {
        Path ok =
                LedgerFiles.write(dir, "ok.xlsx", LedgerFiles.xlsx(List.of(List.of("姓名", "身份证号"), List.of("张三", "x"))));
        assertThat(readAll(ok)).hasSize(2);
    }

    private static void assertRefused(Path file, String code, String messagePart) {
        assertThatThrownBy(() -> readAll(file))
                .isInstanceOf(RejectedFileException.class)
                .hasFieldOrPropertyWithValue("code", code)
                .hasMessageContaining(messagePart);
    }

    private static void assertSniffRefused(Path file, String name, String code) {
        assertThatThrownBy(() -> FileSniffer.detect(file, name))
                .isInstanceOf(RejectedFileException.class)
                .hasFieldOrPropertyWithValue("code", code);
    }

    private static List<SheetRow> readAll(Path file) {
        FileSniffer.Format format = FileSniffer.detect(file, file.getFileName().toString());
        List<SheetRow> rows = new ArrayList<>();
        try (RowSource source = Sheets.open(format, file, LIMITS, null)) {
            for (SheetRow r = source.next(); r != null; r = source.next()) {
                rows.add(r);
            }
        }
        return Collections.unmodifiableList(rows);
    }

    /** The default limits, with a chosen total for inflated bytes. */
    record Limits(long maxInflated) implements ImportSettings {
        public int maxColumns() {
            return 300;
        }

        public int maxCellChars() {
            return 32767;
        }

        public long maxInflatedBytes() {
            return maxInflated;
        }

        public int maxCompressionRatio() {
            return 200;
        }

        public int maxZipEntries() {
            return 2000;
        }

        public int batchSize() {
            return 500;
        }

        public int workers() {
            return 1;
        }

        public int leaseSeconds() {
            return 120;
        }

        public int keepFilesDays() {
            return 7;
        }
    }

    static boolean exists(Path p) {
        return Files.exists(p);
    }
}
