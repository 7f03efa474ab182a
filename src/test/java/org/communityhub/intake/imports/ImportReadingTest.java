package org.communityhub.intake.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.communityhub.reference.code.CodeTables;
import org.communityhub.reference.code.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How ledgers' cells are read: dates, codes by name, encodings, headers under title rows. */
class ImportReadingTest {

    @TempDir
    Path dir;

    @Test
    void datesInTheFormsLedgersUse() {
        assertThat(date("1990年1月2日")).contains(LocalDate.of(1990, 1, 2));
        assertThat(date("1990年01月02日")).contains(LocalDate.of(1990, 1, 2));
        assertThat(date("1990/1/2")).contains(LocalDate.of(1990, 1, 2));
        assertThat(date("1990.1.2")).contains(LocalDate.of(1990, 1, 2));
        assertThat(date("1990-01-02")).contains(LocalDate.of(1990, 1, 2));
        assertThat(date("1990-01-02 00:00:00")).contains(LocalDate.of(1990, 1, 2));
        assertThat(date("19900102")).contains(LocalDate.of(1990, 1, 2));
        assertThat(date("１９９０年１月２日")).contains(LocalDate.of(1990, 1, 2)); // full-width digits
        // Ambiguous or impossible: reported, never guessed.
        assertThat(date("1/2/1990")).isEmpty();
        assertThat(date("1990年13月2日")).isEmpty();
        assertThat(date("1990-02-30")).isEmpty();
        assertThat(date("九零年")).isEmpty();
    }

    @Test
    void theSheetsOfAWorkbookThatAreNotReadAreNamedUnlessTheyAreEmpty() throws Exception {
        Map<String, List<List<Object>>> sheets = new LinkedHashMap<>();
        sheets.put("1号楼", List.of(List.of("姓名", "身份证号"), List.of("甲某", "110105197001010011")));
        sheets.put("Sheet2", List.of()); // the empty sheets Excel adds
        sheets.put("格式", List.of(List.of("", " "))); // cells without text
        sheets.put("2号楼", List.of(List.of(), List.of("姓名", "身份证号"), List.of("乙某", "110105198001010022")));
        Path file = Files.write(dir.resolve("workbook.xlsx"), LedgerFiles.xlsx(sheets));
        try (RowSource source = Sheets.open(FileSniffer.Format.XLSX, file, HostileFilesTest.LIMITS, null)) {
            assertThat(source.sheetsNotRead()).containsExactly("2号楼");
            assertThat(source.next().cells()).containsExactly("姓名", "身份证号");
        }
        try (RowSource source = Sheets.open(FileSniffer.Format.XLSX, file, HostileFilesTest.LIMITS, "2号楼")) {
            assertThat(source.sheet()).isEqualTo("2号楼");
            assertThat(source.sheetsNotRead()).containsExactly("1号楼");
            SheetRow header = source.next();
            assertThat(header.number()).as("its own row number").isEqualTo(2);
            assertThat(header.cells()).containsExactly("姓名", "身份证号");
        }
        assertThatThrownBy(() -> Sheets.open(FileSniffer.Format.XLSX, file, HostileFilesTest.LIMITS, "3号楼"))
                .isInstanceOfSatisfying(
                        RejectedFileException.class, e -> assertThat(e.code()).isEqualTo("no-such-sheet"));
        Path single = Files.write(dir.resolve("single.xlsx"), LedgerFiles.xlsx(List.of(List.of("姓名"))));
        try (RowSource source = Sheets.open(FileSniffer.Format.XLSX, single, HostileFilesTest.LIMITS, null)) {
            assertThat(source.sheetsNotRead()).isEmpty();
        }
    }

    @Test
    void excelSerialDates() {
        assertThat(ImportDates.parse("25569", true, false)).contains(LocalDate.of(1970, 1, 1));
        assertThat(ImportDates.parse("32874", true, false)).contains(LocalDate.of(1990, 1, 1));
        assertThat(ImportDates.parse("29280.75", true, false)).contains(LocalDate.of(1980, 2, 29));
        assertThat(ImportDates.parse("1", true, false)).contains(LocalDate.of(1900, 1, 1));
        assertThat(ImportDates.parse("61", true, false)).contains(LocalDate.of(1900, 3, 1));
        assertThat(ImportDates.parse("60", true, false)).isEmpty(); // Excel's 29 February 1900
        assertThat(ImportDates.parse("0", true, true)).isEmpty();
        assertThat(ImportDates.parse("24107", true, true)).contains(LocalDate.of(1970, 1, 1)); // 1904 date system
    }

    @Test
    void codedCellsTakeNamesAsWellAsCodes() {
        Vocabulary.Snapshot values = new Vocabulary(new CodeTables(), dir).current();
        assertThat(values.code(CodeTables.ETHNICITY, "汉族")).contains("01");
        assertThat(values.code(CodeTables.ETHNICITY, "汉")).contains("01");
        assertThat(values.code(CodeTables.ETHNICITY, "01")).contains("01");
        assertThat(values.code(CodeTables.ETHNICITY, "1")).contains("01"); // the leading zero a spreadsheet dropped
        assertThat(values.code(CodeTables.ETHNICITY, "火星族")).isEmpty();
        assertThat(values.code(CodeTables.SEX, "男")).contains("1");
        assertThat(values.code(CodeTables.SEX, "女性")).contains("2");
        assertThat(values.code(CodeTables.SEX, "1")).contains("1");
        assertThat(values.code(CodeTables.POLITICAL_STATUS, "党员")).contains("01");
        assertThat(values.code(CodeTables.POLITICAL_STATUS, "中共预备党员")).contains("02");
        assertThat(values.code(CodeTables.RELATION_TO_HEAD, "户主")).contains("02");
        assertThat(values.code(CodeTables.RELATION_TO_HEAD, "配偶")).contains("10");
        assertThat(values.code(CodeTables.RESIDENCE_TYPE, "流动人口")).contains("2");
    }

    @Test
    void headersAreMatchedBySynonymsKeptAsData() {
        Vocabulary.Snapshot words = new Vocabulary(new CodeTables(), dir).current();
        assertThat(words.fieldFor("公民身份号码").flatMap(ImportField::of)).contains(ImportField.ID_NUMBER);
        assertThat(words.fieldFor("身份证号码（必填）").flatMap(ImportField::of)).contains(ImportField.ID_NUMBER);
        assertThat(words.fieldFor(" 证件号码* ").flatMap(ImportField::of)).contains(ImportField.ID_NUMBER);
        assertThat(words.fieldFor("手机号").flatMap(ImportField::of)).contains(ImportField.PHONE);
        assertThat(words.fieldFor("门牌号").flatMap(ImportField::of)).contains(ImportField.ROOM);
        assertThat(words.fieldFor("与户主关系").flatMap(ImportField::of)).contains(ImportField.RELATION_TO_HEAD);
        assertThat(words.fieldFor("入团日期").flatMap(ImportField::of)).contains(ImportField.LEAGUE_JOINED_ON);
        assertThat(words.fieldFor("备注")).isEmpty();
    }

    @Test
    void theEncodingIsDetected() {
        byte[] text = "姓名,身份证号\n张三,1\n".getBytes(StandardCharsets.UTF_8);
        assertThat(TextEncoding.detect(LedgerFiles.write(dir, "a.csv", text)).label())
                .isEqualTo("UTF-8");
        byte[] bom = LedgerFiles.csv(List.of(List.of("姓名")), StandardCharsets.UTF_8, true);
        assertThat(TextEncoding.detect(LedgerFiles.write(dir, "b.csv", bom)).label())
                .isEqualTo("UTF-8-BOM");
        byte[] gbk = "姓名,身份证号\n张三,1\n".getBytes(TextEncoding.GB18030);
        assertThat(TextEncoding.detect(LedgerFiles.write(dir, "c.csv", gbk)).label())
                .isEqualTo("GB18030");
    }

    @Test
    void theHeaderRowIsFoundUnderTitleRows() {
        byte[] csv = LedgerFiles.csv(
                List.of(
                        List.of("XX社区居民花名册"),
                        List.of("填表日期：2026年1月", "", ""),
                        List.of("序号", "姓名", "身份证号码", "性别"),
                        List.of("1", "张三", "x", "男")),
                TextEncoding.GB18030,
                false);
        Path file = LedgerFiles.write(dir, "titled.csv", csv);
        try (RowSource source = Sheets.open(FileSniffer.Format.CSV, file, HostileFilesTest.LIMITS, null)) {
            List<SheetRow> after = new ArrayList<>();
            SheetRow header = Sheets.findHeader(source, new Vocabulary(new CodeTables(), dir).current(), after);
            assertThat(header.number()).isEqualTo(3);
            assertThat(after).extracting(SheetRow::number).containsExactly(4L);
        }
    }

    @Test
    void anXlsxsProgressComesFromTheRowsItsSheetDeclares() {
        StringBuilder rows = new StringBuilder("<dimension ref=\"A1:B100\"/><sheetData>");
        for (int r = 1; r <= 100; r++) {
            rows.append("<row r=\"")
                    .append(r)
                    .append("\">")
                    .append(LedgerFiles.cell("A" + r, "姓名"))
                    .append("</row>");
        }
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet"
                + " xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" + rows
                + "</sheetData></worksheet>";
        Path file = LedgerFiles.write(dir, "declared.xlsx", LedgerFiles.rawXlsx(xml));
        try (RowSource source = Sheets.open(FileSniffer.Format.XLSX, file, HostileFilesTest.LIMITS, null)) {
            for (int i = 0; i < 50; i++) {
                source.next();
            }
            assertThat((double) source.position() / file.toFile().length())
                    .isCloseTo(0.5, org.assertj.core.data.Offset.offset(0.01));
        }
    }

    private static Optional<LocalDate> date(String text) {
        return ImportDates.parse(text, false, false);
    }
}
