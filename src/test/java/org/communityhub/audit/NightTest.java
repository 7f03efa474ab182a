package org.communityhub.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** What counts as night for the access alerts. */
class NightTest {

    private static AccessAlerts alerts(String start, String end) {
        AccessAlerts.Settings settings = new AccessAlerts.Settings() {
            @Override
            public int dailyResidents() {
                return 50;
            }

            @Override
            public double factor() {
                return 3;
            }

            @Override
            public int baselineDays() {
                return 30;
            }

            @Override
            public LocalTime nightStart() {
                return LocalTime.parse(start);
            }

            @Override
            public LocalTime nightEnd() {
                return LocalTime.parse(end);
            }
        };
        return new AccessAlerts(null, settings, Clock.system(ZoneId.of("Asia/Shanghai")));
    }

    @Test
    void aNightAcrossMidnightCoversLateEveningAndEarlyMorningOnly() {
        AccessAlerts alerts = alerts("22:00", "06:00");
        assertThat(alerts.isNight(LocalTime.parse("22:00"))).isTrue();
        assertThat(alerts.isNight(LocalTime.parse("23:30"))).isTrue();
        assertThat(alerts.isNight(LocalTime.parse("00:00"))).isTrue();
        assertThat(alerts.isNight(LocalTime.parse("05:59"))).isTrue();
        assertThat(alerts.isNight(LocalTime.parse("06:00"))).isFalse();
        assertThat(alerts.isNight(LocalTime.parse("12:00"))).isFalse();
        assertThat(alerts.isNight(LocalTime.parse("21:59"))).isFalse();
    }

    @Test
    void aWindowWithinOneDayCoversOnlyItself() {
        AccessAlerts alerts = alerts("01:00", "05:00");
        assertThat(alerts.isNight(LocalTime.parse("00:30"))).isFalse();
        assertThat(alerts.isNight(LocalTime.parse("01:00"))).isTrue();
        assertThat(alerts.isNight(LocalTime.parse("04:59"))).isTrue();
        assertThat(alerts.isNight(LocalTime.parse("05:00"))).isFalse();
    }
}
