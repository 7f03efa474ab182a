package org.communityhub.intake.collect;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.communityhub.access.Actor;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.spreadsheet.Cells;
import org.communityhub.intake.export.SheetWriter;
import org.communityhub.intake.imports.FormFile;
import org.communityhub.intake.imports.ImportSettings;
import org.communityhub.intake.imports.RejectedFileException;
import org.communityhub.reference.code.Vocabulary;
import org.communityhub.registry.statistics.Indicator;
import org.communityhub.registry.statistics.Indicators;
import org.communityhub.registry.statistics.Statistics;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * A statistics form (统计表) filled from the register: a form whose rows are communities and whose
 * columns are counts (户籍人口数, 80岁以上老人, 低保户数 …), in the layout it came in. Its header is
 * the row naming the most indicators; its community column the first other column that names a
 * place (社区, 村, 居委会, 单位, 名称 …), else the first. A row is filled when its community cell gives
 * a community of the caller's area by its 12-digit code or its name (社区居委会, 居委会, 社区, 村委会 …
 * may be left off); a row of 合计/总计/小计 gets the totals of the rows filled; other rows are left as
 * they are and named. A form with no rows gets one per community of the area, and a total. Under the
 * table, each indicator's definition and the statistics date.
 */
@ApplicationScoped
public class StatisticsForms {

    /** A row the hub could not place: its number in the file and what its place cell says. */
    public record NotMatched(int row, String place) {}

    /** A filled form, ready to be written; rows the hub could not place are named. */
    public record Filled(
            FormFile form,
            List<List<Object>> rows,
            List<NotMatched> notMatched,
            List<Indicator> indicators,
            LocalDate asOf,
            String fileName,
            String asciiFileName) {

        /** The numbers of the rows not placed, as the API lists them. */
        public List<Integer> rowsNotMatched() {
            return notMatched.stream().map(NotMatched::row).toList();
        }

        public String mediaType() {
            return form.xlsx() ? FilledForm.XLSX_TYPE : "text/csv; charset=UTF-8";
        }
    }

    static final String WITHHELD = "无权查看";
    private static final int MAX_ROWS = 5_000;
    private static final Pattern PLACE_HEADER = Pattern.compile(".*(社区|村|居委|单位|名称|地区|街道|区划|小区).*");
    private static final Pattern TOTAL = Pattern.compile("(合计|总计|小计|全街道?|全镇|全区|汇总|总数)");
    private static final Pattern PLACE_SUFFIX = Pattern.compile("(社区居民委员会|居民委员会|社区居委会|居委会|社区|村民委员会|村委会|村)$");

    private final Indicators indicators;
    private final Statistics statistics;
    private final ImportSettings limits;

    StatisticsForms(Indicators indicators, Statistics statistics, ImportSettings limits) {
        this.indicators = indicators;
        this.statistics = statistics;
        this.limits = limits;
    }

    /** Reads the form and fills it for the communities of {@code division} (or the caller's area) as of {@code asOf}. */
    public Filled fill(Actor actor, Path file, String fileName, String division, LocalDate asOf) {
        Indicators.Catalogue catalogue = indicators.current();
        FormFile.Table table;
        try {
            table = read(file, fileName, catalogue);
        } catch (RejectedFileException e) {
            throw ProblemException.invalid("file", e.code(), e.getMessage());
        }
        FormFile form = table.form();
        List<String> headers = form.headers();
        Columns columns = columns(catalogue, headers);
        Indicator[] byColumn = columns.byColumn();
        List<Indicator> asked = columns.asked();
        int place = columns.place();
        if (asked.isEmpty()) {
            throw ProblemException.invalid(
                    "file", "no-indicator", "表头中没有系统认识的指标：请用 GET /api/v1/statistics/indicators 中的名称。");
        }
        if (place < 0) {
            place = byColumn[0] == null ? 0 : -1;
        }
        List<String> communities = statistics.communities(actor, division);
        List<Statistics.CommunityFigures> figures = statistics.count(actor, communities, asked, asOf);
        Map<String, Statistics.CommunityFigures> byKey = new HashMap<>();
        for (Statistics.CommunityFigures f : figures) {
            byKey.put(f.code(), f);
            if (f.name() != null) {
                byKey.putIfAbsent(placeKey(f.name()), f);
            }
        }
        List<List<Object>> rows = new ArrayList<>();
        List<NotMatched> notMatched = new ArrayList<>();
        List<Statistics.CommunityFigures> filled = new ArrayList<>();
        List<List<Object>> totalRows = new ArrayList<>();
        if (table.rows().isEmpty()) {
            int column = Math.max(place, 0);
            for (Statistics.CommunityFigures f : figures) {
                List<Object> row = blank(headers.size());
                row.set(column, f.name() == null ? f.code() : f.name());
                fillRow(row, byColumn, f.figures());
                rows.add(row);
                filled.add(f);
            }
            List<Object> total = blank(headers.size());
            total.set(column, "合计");
            rows.add(total);
            totalRows.add(total);
        } else {
            for (FormFile.TitleRow r : table.rows()) {
                List<Object> row = new ArrayList<>(r.cells());
                while (row.size() < headers.size()) {
                    row.add("");
                }
                String cell =
                        place < 0 || place >= r.cells().size() ? "" : r.cells().get(place);
                Statistics.CommunityFigures f = byKey.get(cell.strip());
                if (f == null) {
                    f = byKey.get(placeKey(cell));
                }
                if (f != null) {
                    fillRow(row, byColumn, f.figures());
                    filled.add(f);
                } else if (TOTAL.matcher(placeKey(cell)).find()) {
                    totalRows.add(row);
                } else {
                    notMatched.add(new NotMatched(r.number(), cell.strip()));
                }
                rows.add(row);
            }
        }
        Map<String, Long> totals = statistics.totals(actor, filled, asked);
        totalRows.forEach(row -> fillRow(row, byColumn, totals));
        String stem = fileName.replaceAll("\\.[A-Za-z]{3,4}$", "").replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "_");
        String extension = form.xlsx() ? ".xlsx" : ".csv";
        return new Filled(
                form,
                rows,
                notMatched,
                asked,
                asOf,
                stem + "（" + asOf + "）" + extension,
                "statistics-" + asOf + extension);
    }

    /**
     * The indicators a form sent as a collection names, when it is rather a statistics form: its
     * header (read as {@link #fill} reads it) names a place column and at least two indicators, and
     * at most one other column the registry knows of a resident ({@code words}). Empty for any
     * other form, and for a file {@link #fill} would refuse.
     */
    public Optional<List<Indicator>> recognise(Path file, String fileName, Vocabulary.Snapshot words) {
        Indicators.Catalogue catalogue = indicators.current();
        FormFile form;
        try {
            form = read(file, fileName, catalogue).form();
        } catch (RejectedFileException e) {
            return Optional.empty();
        }
        List<String> headers = form.headers();
        Columns columns = columns(catalogue, headers);
        if (columns.place() < 0 || columns.asked().size() < 2) {
            return Optional.empty();
        }
        // A column of names or ID numbers makes it a form of residents, whatever else it asks
        // (党员, 残疾人, 低保对象 are counts in a statistics form and yes/no columns in a resident's row).
        boolean ofResidents = headers.stream()
                .map(words::fieldFor)
                .flatMap(java.util.Optional::stream)
                .anyMatch(f -> f.name().equals("name") || f.name().equals("idNumber"));
        if (ofResidents) {
            return Optional.empty();
        }
        long residentFields = 0;
        for (int c = 0; c < headers.size(); c++) {
            if (c != columns.place()
                    && columns.byColumn()[c] == null
                    && words.fieldFor(headers.get(c)).isPresent()) {
                residentFields++;
            }
        }
        return residentFields <= 1 ? Optional.of(columns.asked()) : Optional.empty();
    }

    /** A form's header as read: the indicator of each column (or null), the indicators asked, the place column (or -1). */
    private record Columns(Indicator[] byColumn, List<Indicator> asked, int place) {}

    private FormFile.Table read(Path file, String fileName, Indicators.Catalogue catalogue) {
        return FormFile.readTable(
                file,
                fileName,
                limits,
                headers -> headers.stream()
                                .filter(h -> catalogue.forHeader(h).isPresent())
                                .count()
                        + (headers.stream().anyMatch(h -> isPlace(catalogue, h)) ? 1 : 0),
                "没有找到统计表的表头行：表头应至少有一列是系统认识的指标（如“户籍人口数”“80岁以上老人”“低保户数”），"
                        + "另有一列社区名称。可用的指标见 GET /api/v1/statistics/indicators。",
                MAX_ROWS);
    }

    private static Columns columns(Indicators.Catalogue catalogue, List<String> headers) {
        Indicator[] byColumn = new Indicator[headers.size()];
        List<Indicator> asked = new ArrayList<>();
        int place = -1;
        for (int c = 0; c < headers.size(); c++) {
            byColumn[c] = catalogue.forHeader(headers.get(c)).orElse(null);
            if (byColumn[c] != null && !asked.contains(byColumn[c])) {
                asked.add(byColumn[c]);
            } else if (byColumn[c] == null && place < 0 && isPlace(catalogue, headers.get(c))) {
                place = c;
            }
        }
        return new Columns(byColumn, asked, place);
    }

    /** Writes the filled form: its title rows, header and rows, then the definitions. */
    public void write(Filled filled, OutputStream out) throws IOException {
        List<List<Object>> notes = new ArrayList<>();
        notes.add(List.of());
        notes.add(List.of("统计日期：" + filled.asOf() + "；按社区数据中心的登记数据统计，口径如下。"));
        for (Indicator i : filled.indicators()) {
            notes.add(List.of(i.name() + "：" + i.definition()));
        }
        if (filled.form().xlsx()) {
            writeXlsx(filled, notes, out);
        } else {
            writeCsv(filled, notes, out);
        }
    }

    private static void writeXlsx(Filled filled, List<List<Object>> notes, OutputStream out) throws IOException {
        FormFile form = filled.form();
        Workbook workbook = new Workbook(out, "Community Data Hub", "1.0");
        Worksheet sheet = workbook.newWorksheet(form.sheet() == null ? "Sheet1" : form.sheet());
        FormSheets.xlsxTop(sheet, form, form.headers());
        int r = form.headerRow();
        for (List<Object> row : filled.rows()) {
            for (int c = 0; c < row.size(); c++) {
                Object v = row.get(c);
                if (v instanceof Long n) {
                    sheet.value(r, c, n);
                } else if (v != null && !v.toString().isEmpty()) {
                    sheet.inlineString(r, c, Cells.text(v));
                }
            }
            r++;
        }
        for (List<Object> note : notes) {
            if (!note.isEmpty()) {
                sheet.inlineString(r, 0, note.get(0).toString());
            }
            r++;
        }
        workbook.finish();
    }

    private static void writeCsv(Filled filled, List<List<Object>> notes, OutputStream out) throws IOException {
        FormFile form = filled.form();
        SheetWriter.Csv csv = new SheetWriter.Csv(out, StandardCharsets.UTF_8);
        FormSheets.csvTop(csv, form, form.headers());
        for (List<Object> row : filled.rows()) {
            csv.row(row);
        }
        for (List<Object> note : notes) {
            csv.row(note);
        }
        csv.close();
    }

    private static void fillRow(List<Object> row, Indicator[] byColumn, Map<String, Long> figures) {
        for (int c = 0; c < byColumn.length && c < row.size(); c++) {
            if (byColumn[c] != null) {
                Long figure = figures.get(byColumn[c].name());
                row.set(c, figure == null ? WITHHELD : figure);
            }
        }
    }

    private static List<Object> blank(int size) {
        List<Object> row = new ArrayList<>(size);
        for (int c = 0; c < size; c++) {
            row.add("");
        }
        return row;
    }

    private static boolean isPlace(Indicators.Catalogue catalogue, String header) {
        return catalogue.forHeader(header).isEmpty()
                && PLACE_HEADER.matcher(Vocabulary.headerKey(header)).matches();
    }

    /** A community's name as compared: spaces and its 社区居委会/村委会 … ending left off. */
    private static String placeKey(String name) {
        String key = Vocabulary.headerKey(name);
        String bare = PLACE_SUFFIX.matcher(key).replaceFirst("");
        return bare.isEmpty() ? key : bare;
    }
}
