package org.communityhub.testing;

import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Dates as the hub sees them: it judges "today" in the communities' zone (Asia/Shanghai), which is
 * a day ahead of a machine on UTC for eight hours of every day.
 */
public final class HubDates {

    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    private HubDates() {}

    public static LocalDate today() {
        return LocalDate.now(ZONE);
    }
}
