package org.communityhub.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The geometry of the home page's charts: bars to one scale, labels that fit. */
class ChartTest {

    private static final Chart.Table NO_TABLE = new Chart.Table("", List.of(), List.of(), List.of());

    @Test
    void horizontalBarsShareOneScaleAndAZeroDrawsNothing() {
        Chart chart = Chart.horizontal(
                "c",
                "各社区在册居民",
                "人",
                List.of("甲社区", "乙社区", "丙社区"),
                List.of(new Chart.Series("在册居民", "series-0", List.of(300L, 150L, 0L))),
                NO_TABLE);
        List<Integer> widths = chart.bars().stream().map(Chart.Bar::width).toList();
        assertThat(widths.get(0)).isPositive();
        assertThat(widths.get(1)).isEqualTo(widths.get(0) / 2);
        assertThat(widths.get(2)).isZero();
        assertThat(chart.bars()).allSatisfy(b -> assertThat(b.x() + b.width()).isLessThanOrEqualTo(chart.width()));
        assertThat(chart.description()).isEqualTo("各社区在册居民（人）：甲社区 300；乙社区 150；丙社区 0");
        assertThat(chart.legend()).as("one series needs no legend").isEmpty();
    }

    @Test
    void aLongNameIsShortenedOnTheChartAndWhollyInItsTooltip() {
        Chart chart = Chart.horizontal(
                "c",
                "t",
                "条",
                List.of("区残联残疾人信息动态更新系统平台"),
                List.of(new Chart.Series("已接收", "taken", List.of(5L)), new Chart.Series("被退回", "refused", List.of(1L))),
                NO_TABLE);
        Chart.Text label = chart.texts().stream()
                .filter(t -> t.css().equals("category"))
                .findFirst()
                .orElseThrow();
        assertThat(label.text()).hasSize(13).endsWith("…");
        assertThat(label.full()).isEqualTo("区残联残疾人信息动态更新系统平台");
        assertThat(chart.legend()).extracting(Chart.Key::text).containsExactly("已接收", "被退回");
    }

    @Test
    void stackedColumnsStackTheSeriesAndLabelEachColumnWithItsTotal() {
        Chart chart = Chart.stacked(
                "c",
                "t",
                "条",
                List.of("11月", "12月"),
                List.of(
                        new Chart.Series("民政", "series-0", List.of(10L, 40L)),
                        new Chart.Series("公安", "series-1", List.of(0L, 20L))),
                NO_TABLE);
        assertThat(chart.bars()).hasSize(3);
        Chart.Bar civil = chart.bars().get(1);
        Chart.Bar police = chart.bars().get(2);
        assertThat(police.y() + police.height()).as("公安 sits on 民政").isEqualTo(civil.y());
        assertThat(civil.height()).as("to scale, to the pixel").isCloseTo(2 * police.height(), within(1));
        assertThat(chart.texts()).extracting(Chart.Text::text).contains("10", "60", "11月", "12月");
    }
}
