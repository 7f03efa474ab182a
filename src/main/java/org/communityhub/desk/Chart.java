package org.communityhub.desk;

import java.util.ArrayList;
import java.util.List;

/**
 * A bar chart drawn by the server as inline SVG, and the table of the same numbers. Geometry is
 * worked out here, in whole pixels of the drawing's own coordinates (it scales with the page);
 * colours come from the stylesheet's classes, so the page needs no inline style.
 *
 * @param id the element id of the drawing; the table's is {@code id + "-table"}
 * @param title what the chart shows, read out by screen readers as the image's name
 * @param description the chart's numbers in one sentence, for screen readers
 */
public record Chart(
        String id,
        String title,
        String description,
        int width,
        int height,
        List<Bar> bars,
        List<Text> texts,
        List<Line> lines,
        List<Key> legend,
        Table table) {

    /** A bar; {@code tip} is shown on hover. */
    public record Bar(int x, int y, int width, int height, String css, String tip) {}

    /** A text at a point; {@code anchor} is start, middle or end. */
    public record Text(int x, int y, String anchor, String css, String text, String full) {}

    public record Line(int x1, int y1, int x2, int y2) {}

    /** A colour of the legend and what it stands for. */
    public record Key(String css, String text) {}

    /** The numbers: a heading row, then rows whose first cell names the row. */
    public record Table(String caption, List<String> head, List<List<String>> rows, List<String> foot) {}

    /** Colour classes of series, in order; the stylesheet defines each. */
    static String series(int i) {
        return "series-" + (i % 8);
    }

    public boolean empty() {
        return table.rows().isEmpty();
    }

    private static final int WIDTH = 640;
    private static final int LABEL = 170;
    private static final int VALUE = 64;
    private static final int BAR = 14;
    private static final int GAP = 10;
    private static final int LABEL_CHARS = 13;

    /** One series of a horizontal bar chart: its name, colour class and a value per category. */
    record Series(String name, String css, List<Long> values) {}

    /**
     * Horizontal bars, one group per category (label on the left, value at the bar's end), each
     * group with a bar per series; all bars share one scale.
     */
    static Chart horizontal(
            String id, String title, String unit, List<String> categories, List<Series> series, Table table) {
        long max = Math.max(
                1,
                series.stream()
                        .flatMap(s -> s.values().stream())
                        .mapToLong(Long::longValue)
                        .max()
                        .orElse(1));
        int plot = WIDTH - LABEL - VALUE;
        int group = series.size() * (BAR + 2) + GAP;
        List<Bar> bars = new ArrayList<>();
        List<Text> texts = new ArrayList<>();
        StringBuilder said = new StringBuilder();
        int y = GAP;
        for (int c = 0; c < categories.size(); c++) {
            String category = categories.get(c);
            int groupTop = y;
            said.append(c == 0 ? "" : "；").append(category);
            for (Series s : series) {
                long value = s.values().get(c);
                int length = (int) Math.round((double) value / max * plot);
                if (value > 0 && length == 0) {
                    length = 1;
                }
                String tip = category + (series.size() > 1 ? " " + s.name() : "") + "：" + value + " " + unit;
                bars.add(new Bar(LABEL, y, length, BAR, s.css(), tip));
                texts.add(new Text(LABEL + length + 4, y + BAR - 3, "start", "value", String.valueOf(value), null));
                said.append(series.size() > 1 ? " " + s.name() : "").append(" ").append(value);
                y += BAR + 2;
            }
            int middle = groupTop + (y - groupTop) / 2 + 4;
            texts.add(new Text(LABEL - 8, middle, "end", "category", shortened(category), category));
            y += GAP - 2;
        }
        List<Line> lines = List.of(new Line(LABEL, GAP / 2, LABEL, Math.max(y - GAP / 2, GAP)));
        List<Key> legend = series.size() > 1
                ? series.stream().map(s -> new Key(s.css(), s.name())).toList()
                : List.of();
        return new Chart(
                id,
                title,
                title + "（" + unit + "）：" + said,
                WIDTH,
                Math.max(y + GAP / 2, 2 * GAP),
                bars,
                texts,
                lines,
                legend,
                table);
    }

    private static final int HEIGHT = 240;
    private static final int TOP = 22;
    private static final int BOTTOM = 28;
    private static final int LEFT = 12;

    /**
     * Columns stacked from series, one column per period (labelled below, its total above); each
     * series keeps its colour in every column.
     */
    static Chart stacked(String id, String title, String unit, List<String> periods, List<Series> series, Table table) {
        long[] totals = new long[periods.size()];
        for (Series s : series) {
            for (int p = 0; p < periods.size(); p++) {
                totals[p] += s.values().get(p);
            }
        }
        long max = Math.max(1, java.util.Arrays.stream(totals).max().orElse(1));
        int plot = HEIGHT - TOP - BOTTOM;
        int slot = (WIDTH - 2 * LEFT) / periods.size();
        int column = slot * 3 / 5;
        int base = HEIGHT - BOTTOM;
        List<Bar> bars = new ArrayList<>();
        List<Text> texts = new ArrayList<>();
        StringBuilder said = new StringBuilder();
        for (int p = 0; p < periods.size(); p++) {
            int x = LEFT + p * slot + (slot - column) / 2;
            long below = 0;
            for (Series s : series) {
                long value = s.values().get(p);
                if (value == 0) {
                    continue;
                }
                int bottom = base - (int) Math.round((double) below / max * plot);
                below += value;
                int top = base - (int) Math.round((double) below / max * plot);
                bars.add(new Bar(
                        x,
                        top,
                        column,
                        Math.max(1, bottom - top),
                        s.css(),
                        periods.get(p) + " " + s.name() + "：" + value + " " + unit));
            }
            int top = base - (int) Math.round((double) totals[p] / max * plot);
            int middle = x + column / 2;
            texts.add(new Text(middle, top - 6, "middle", "value", String.valueOf(totals[p]), null));
            texts.add(new Text(middle, base + 18, "middle", "category", periods.get(p), null));
            said.append(p == 0 ? "" : "；").append(periods.get(p)).append(" ").append(totals[p]);
        }
        List<Line> lines = List.of(new Line(LEFT, base, WIDTH - LEFT, base));
        List<Key> legend = series.stream().map(s -> new Key(s.css(), s.name())).toList();
        return new Chart(
                id, title, title + "（" + unit + "，合计）：" + said, WIDTH, HEIGHT, bars, texts, lines, legend, table);
    }

    private static String shortened(String label) {
        return label.length() <= LABEL_CHARS ? label : label.substring(0, LABEL_CHARS - 1) + "…";
    }
}
