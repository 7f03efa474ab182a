package org.communityhub.web;

import io.quarkus.qute.TemplateExtension;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.eclipse.microprofile.config.ConfigProvider;

/** How the pages write times and dates: the communities' local time, to the minute. */
@TemplateExtension
public final class Formats {

    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static volatile ZoneId zone;

    private Formats() {}

    /** {@code instant.shown}: e.g. 2026-11-23 14:05 in the hub's time zone; empty for none. */
    static String shown(Instant instant) {
        return instant == null ? "" : MINUTE.format(instant.atZone(zone()));
    }

    /** {@code date.shown}: e.g. 2026-11-23; empty for none. */
    static String shown(LocalDate date) {
        return date == null ? "" : date.toString();
    }

    /** {@code name.htmlId}: a form field's name as an element id and CSS selector (dots become dashes). */
    static String htmlId(String name) {
        return name.replace('.', '-');
    }

    /** {@code text.urlEncoded}: for a value inside a link's query. */
    public static String urlEncoded(String text) {
        return text == null ? "" : java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static ZoneId zone() {
        ZoneId z = zone;
        if (z == null) {
            z = ConfigProvider.getConfig()
                    .getOptionalValue("hub.time.zone", ZoneId.class)
                    .orElse(ZoneId.of("Asia/Shanghai"));
            zone = z;
        }
        return z;
    }
}
