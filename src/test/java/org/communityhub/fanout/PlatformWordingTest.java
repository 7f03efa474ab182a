package org.communityhub.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How the platform pages word schedules, ages and transports. */
class PlatformWordingTest {

    @Test
    void commonSchedulesAreWrittenInWords() {
        assertThat(PlatformPage.Wording.schedule(null)).isEqualTo("有变化即发送");
        assertThat(PlatformPage.Wording.schedule("* * * * *")).isEqualTo("每分钟");
        assertThat(PlatformPage.Wording.schedule("*/15 * * * *")).isEqualTo("每 15 分钟");
        assertThat(PlatformPage.Wording.schedule("0 1 * * *")).isEqualTo("每天 01:00");
        assertThat(PlatformPage.Wording.schedule("0 4 * * 1")).isEqualTo("每周一 04:00");
        assertThat(PlatformPage.Wording.schedule("30 5 1 * *")).isEqualTo("每月 1 日 05:30");
        assertThat(PlatformPage.Wording.schedule("0 6 1 1,4,7,10 *")).isEqualTo("1、4、7、10 月的 1 日 06:00");
    }

    @Test
    void anUnusualScheduleIsShownAsItIsWritten() {
        assertThat(PlatformPage.Wording.schedule("0 8-18 * * 1-5")).isEqualTo("0 8-18 * * 1-5");
        assertThat(PlatformPage.Wording.schedule("0 1 * *")).isEqualTo("0 1 * *");
    }

    @Test
    void waitingTimesAreRoundedToWhatMatters() {
        assertThat(PlatformPage.Wording.age(null)).isEqualTo("—");
        assertThat(PlatformPage.Wording.age(42L)).isEqualTo("42 秒");
        assertThat(PlatformPage.Wording.age(3 * 60L + 5)).isEqualTo("3 分钟");
        assertThat(PlatformPage.Wording.age(2 * 3600L)).isEqualTo("2 小时");
        assertThat(PlatformPage.Wording.age(2 * 3600L + 5 * 60)).isEqualTo("2 小时 5 分钟");
        assertThat(PlatformPage.Wording.age(28 * 3600L)).isEqualTo("1 天 4 小时");
    }

    @Test
    void transportsAreNamedAndCustomOnesSaySo() {
        assertThat(PlatformPage.Wording.transport("xlsx-file")).isEqualTo("Excel 导入文件");
        assertThat(PlatformPage.Wording.transport("recording")).isEqualTo("自定义传输（recording）");
    }
}
