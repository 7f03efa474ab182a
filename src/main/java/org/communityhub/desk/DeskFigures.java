package org.communityhub.desk;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communityhub.access.AreaScope;
import org.communityhub.access.ScopeSql;
import org.communityhub.common.database.Jdbc;
import org.communityhub.reports.AuditQueries;

/**
 * The figures behind the home page's charts, each limited to residents of the reader's area: the
 * records platforms took month by month, what platforms took and refused lately, and the residents
 * on the register community by community.
 */
@ApplicationScoped
public class DeskFigures {

    /** What a platform did with the area's records in a period. */
    public record Outcomes(String adapterId, long taken, long refused) {}

    /** Residents on the register (在册) of one community. */
    public record CommunityCount(String code, String name, long residents) {}

    private final Jdbc jdbc;

    DeskFigures(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Entries the platforms took ({@link AuditQueries#ENTRY_SAVED}: new content accepted or given
     * as a file, the home page's figure), per platform and month (in {@code zone}):
     * for each platform an array with one count per month of {@code months}, which are consecutive.
     * Platforms that took nothing in those months are left out.
     */
    public Map<String, long[]> takenByMonth(AreaScope scope, List<YearMonth> months, ZoneId zone) {
        Timestamp[] bounds = new Timestamp[months.size() + 1];
        for (int i = 0; i < months.size(); i++) {
            bounds[i] = Timestamp.from(months.get(i).atDay(1).atStartOfDay(zone).toInstant());
        }
        bounds[months.size()] = Timestamp.from(months.get(months.size() - 1)
                .plusMonths(1)
                .atDay(1)
                .atStartOfDay(zone)
                .toInstant());
        String sql = """
                select e.adapter_id, width_bucket(e.sent_at, ?::timestamptz[]) as month, count(*)
                from sharing_ledger_entries e
                where e.sent_at >= ? and e.sent_at < ? and %s
                  and %s
                group by 1, 2
                order by 1, 2
                """.formatted(AuditQueries.ENTRY_SAVED, AuditQueries.residentInScope(scope, "e.resident_id"));
        Map<String, long[]> taken = new LinkedHashMap<>();
        jdbc.query(
                sql,
                (c, ps) -> {
                    ps.setArray(1, c.createArrayOf("timestamptz", bounds));
                    ps.setTimestamp(2, bounds[0]);
                    ps.setTimestamp(3, bounds[months.size()]);
                },
                rs -> {
                    long[] counts = taken.computeIfAbsent(rs.getString(1), id -> new long[months.size()]);
                    counts[rs.getInt(2) - 1] = rs.getLong(3);
                    return null;
                });
        return taken;
    }

    /**
     * Per platform, the area's records sent in [{@code from}, {@code to}) that the platform took
     * (accepted, or written to its file) and those it refused; platforms that were sent nothing
     * are left out.
     */
    public Map<String, Outcomes> outcomes(AreaScope scope, Instant from, Instant to) {
        String sql = """
                select e.adapter_id,
                       count(*) filter (where e.result in ('ACCEPTED', 'EXPORTED')),
                       count(*) filter (where e.result = 'REJECTED')
                from sharing_ledger_entries e
                where e.sent_at >= ? and e.sent_at < ? and %s
                group by 1
                order by 1
                """.formatted(AuditQueries.residentInScope(scope, "e.resident_id"));
        Map<String, Outcomes> outcomes = new LinkedHashMap<>();
        jdbc.query(
                        sql,
                        ps -> {
                            ps.setTimestamp(1, Timestamp.from(from));
                            ps.setTimestamp(2, Timestamp.from(to));
                        },
                        rs -> new Outcomes(rs.getString(1), rs.getLong(2), rs.getLong(3)))
                .forEach(o -> outcomes.put(o.adapterId(), o));
        return outcomes;
    }

    /** Residents on the register of each community of the area, the most first. */
    public List<CommunityCount> residentsByCommunity(AreaScope scope) {
        String sql = """
                select r.community_code, d.name, count(*)
                from resident r
                join division d on d.code = r.community_code
                where r.status = 'ACTIVE' and %s
                group by 1, 2
                order by 3 desc, 1
                """.formatted(ScopeSql.condition(scope, "r.community_code"));
        return jdbc.query(sql, ps -> {}, rs -> new CommunityCount(rs.getString(1), rs.getString(2), rs.getLong(3)));
    }
}
