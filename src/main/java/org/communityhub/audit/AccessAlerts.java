package org.communityhub.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.communityhub.common.database.Jdbc;

/**
 * Unusual use of personal data, raised when a reveal or export is logged: a user who has revealed
 * or exported more residents today than {@code daily-residents} and more than {@code factor} times
 * their usual day (the average over the {@code baseline-days} before), or who does so at night.
 * One alert per user, kind and day.
 */
@ApplicationScoped
public class AccessAlerts {

    /** Thresholds of the alerts. */
    @ConfigMapping(prefix = "hub.audit.alerts")
    public interface Settings {
        /** Residents revealed or exported in one day below which no volume alert is raised. */
        @WithDefault("50")
        int dailyResidents();

        /** How many times the user's usual day today must exceed. */
        @WithDefault("3")
        double factor();

        /** Days before today that make up the user's usual day. */
        @WithDefault("30")
        int baselineDays();

        /** Start of the night (local time of the hub's zone). */
        @WithDefault("22:00")
        LocalTime nightStart();

        /** End of the night. */
        @WithDefault("06:00")
        LocalTime nightEnd();
    }

    private static final String COUNTED = "action in ('REVEAL', 'EXPORT')";

    private final Jdbc jdbc;
    private final Settings settings;
    private final ZoneId zone;

    AccessAlerts(Jdbc jdbc, Settings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.zone = clock.getZone();
    }

    /** Checks the user's reveals and exports after access {@code accessId}; call in its transaction. */
    void check(String username, long accessId, Instant at) {
        ZonedDateTime local = at.atZone(zone);
        LocalDate day = local.toLocalDate();
        Instant dayStart = day.atStartOfDay(zone).toInstant();
        Instant dayEnd = day.plusDays(1).atStartOfDay(zone).toInstant();
        Instant baselineStart =
                day.minusDays(settings.baselineDays()).atStartOfDay(zone).toInstant();
        long today = count(
                "select count(distinct r) from access_log, unnest(resident_ids) r" + " where username = ? and "
                        + COUNTED + " and at >= ? and at < ?",
                username,
                Timestamp.from(dayStart),
                Timestamp.from(dayEnd));
        long before = count(
                "select count(*) from (select distinct r, date_trunc('day', timezone(?, at))"
                        + " from access_log, unnest(resident_ids) r"
                        + " where username = ? and " + COUNTED + " and at >= ? and at < ?) d",
                zone.getId(),
                username,
                Timestamp.from(baselineStart),
                Timestamp.from(dayStart));
        BigDecimal usual =
                BigDecimal.valueOf(before).divide(BigDecimal.valueOf(settings.baselineDays()), 1, RoundingMode.HALF_UP);
        if (today > settings.dailyResidents() && today > settings.factor() * usual.doubleValue()) {
            raise("VOLUME", username, day, today, usual, accessId, at);
        }
        if (isNight(local.toLocalTime())) {
            raise("NIGHT", username, day, today, null, accessId, at);
        }
    }

    boolean isNight(LocalTime time) {
        LocalTime start = settings.nightStart();
        LocalTime end = settings.nightEnd();
        return start.isAfter(end)
                ? !time.isBefore(start) || time.isBefore(end)
                : !time.isBefore(start) && time.isBefore(end);
    }

    private long count(String sql, Object... params) {
        return jdbc.query(
                        sql,
                        ps -> {
                            for (int i = 0; i < params.length; i++) {
                                ps.setObject(i + 1, params[i]);
                            }
                        },
                        rs -> rs.getLong(1))
                .get(0);
    }

    private void raise(
            String kind, String username, LocalDate day, long residents, BigDecimal usual, long accessId, Instant at) {
        jdbc.update(
                "insert into audit_alert (raised_at, username, kind, day, residents, usual, access_id)"
                        + " values (?, ?, ?, ?, ?, ?, ?) on conflict (username, kind, day) do nothing",
                (c, ps) -> {
                    ps.setTimestamp(1, Timestamp.from(at));
                    ps.setString(2, username);
                    ps.setString(3, kind);
                    ps.setDate(4, Date.valueOf(day));
                    ps.setLong(5, residents);
                    ps.setBigDecimal(6, usual);
                    ps.setLong(7, accessId);
                });
    }
}
