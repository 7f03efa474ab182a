package org.communityhub.reports;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.communityhub.audit.AccessLog;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.ids.Ids;
import org.communityhub.common.paging.Filters;

/**
 * The auditor's filters as typed in a query string, shared by the JSON API and the pages so that
 * both accept and refuse the same values with the same messages. Field names are the API's query
 * parameters.
 */
final class AuditFilters {

    static final List<String> ACTIONS =
            List.of(AccessLog.Action.values()).stream().map(Enum::name).toList();

    private AuditFilters() {}

    /**
     * The filter of the ledger, the access log or the alerts; from and to are days (yyyy-MM-dd,
     * inclusive) in the hub's zone. Throws a 422 naming every bad value.
     */
    static AuditQueries.Filter parse(
            String adapter, String user, String resident, String action, String from, String to, ZoneId zone) {
        FieldErrors errors = new FieldErrors();
        UUID residentId = residentId(resident, "resident", errors);
        String actionName = Filters.text(action);
        if (actionName != null && !ACTIONS.contains(actionName)) {
            errors.add("action", "unknown-action", "访问类型应为 " + String.join("、", ACTIONS) + " 之一。");
        }
        Instant fromInstant = day(from, "from", 0, zone, errors);
        Instant toInstant = day(to, "to", 1, zone, errors);
        errors.throwIfAny();
        return new AuditQueries.Filter(
                Filters.text(adapter), Filters.text(user), residentId, actionName, fromInstant, toInstant);
    }

    /** A resident's id, or null when not given (an error is added when it is not an id). */
    static UUID residentId(String raw, String field, FieldErrors errors) {
        if (Filters.text(raw) == null) {
            return null;
        }
        UUID id = Ids.parse(raw.strip()).orElse(null);
        if (id == null) {
            errors.add(field, "invalid-format", "居民 id 格式不正确。");
        }
        return id;
    }

    /** A month (yyyy-MM); {@code fallback} when not given, or when it is not a month (an error is added then). */
    static YearMonth month(String raw, YearMonth fallback, FieldErrors errors) {
        String text = Filters.text(raw);
        if (text == null) {
            return fallback;
        }
        try {
            return YearMonth.parse(text);
        } catch (DateTimeParseException e) {
            errors.add("month", "invalid-format", "月份应为 yyyy-MM，如 2026-11。");
            return fallback;
        }
    }

    /** The start of a day (plus {@code days}) in the hub's zone; null when not given. */
    private static Instant day(String raw, String field, int days, ZoneId zone, FieldErrors errors) {
        String text = Filters.text(raw);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text).plusDays(days).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(field, "invalid-format", "日期应为 yyyy-MM-dd。");
            return null;
        }
    }
}
