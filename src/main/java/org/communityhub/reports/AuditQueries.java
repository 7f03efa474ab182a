package org.communityhub.reports;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.AreaScope;
import org.communityhub.access.ScopeSql;
import org.communityhub.access.TagVisibility;
import org.communityhub.adapter.Adapters;
import org.communityhub.common.database.Jdbc;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;

/**
 * Reads the sharing ledger, the access log and the alerts for auditors and for a person's
 * disclosure history. Residents appear by id only; platform messages were masked when stored.
 * Everything is limited to residents of the reader's area.
 */
@ApplicationScoped
public class AuditQueries {

    /** Filters of the ledger and the access log; null means any. */
    public record Filter(String adapterId, String username, UUID residentId, String action, Instant from, Instant to) {}

    private static final String LEDGER_COLUMNS = "e.id, e.shipment_id, e.adapter_id, e.definition_version,"
            + " e.definition_hash, e.legal_basis, e.resident_id, e.resident_version, e.operation, e.fields, e.tags,"
            + " e.payload_hash, e.request_key, e.sent_at, e.result, e.message, e.answered_at";

    private final Jdbc jdbc;
    private final TagVisibility tagVisibility;
    private final Adapters adapters;

    AuditQueries(Jdbc jdbc, TagVisibility tagVisibility, Adapters adapters) {
        this.jdbc = jdbc;
        this.tagVisibility = tagVisibility;
        this.adapters = adapters;
    }

    /**
     * The fields of a ledger entry the reader may be told of: not those of the platform that may
     * carry a tag the reader may not see (whether such a field carried a value would tell the tag).
     * A platform whose definition is gone keeps its fields (its tags are checked by value).
     */
    private List<String> visibleFields(
            Actor reader, Map<String, Set<String>> hiddenByAdapter, String adapterId, List<String> fields) {
        Set<String> hidden = hiddenByAdapter.computeIfAbsent(
                adapterId,
                id -> adapters.find(id)
                        .map(d -> d.fieldsDisclosing(t -> !tagVisibility.canSee(reader, t)))
                        .orElse(Set.of()));
        return hidden.isEmpty()
                ? fields
                : fields.stream().filter(f -> !hidden.contains(f)).toList();
    }

    /**
     * A person's disclosure history, newest first (the caller has checked the person is in scope),
     * with only the tags the reader may see.
     */
    public Page<Disclosure> disclosures(Actor reader, UUID residentId, PageRequest page) {
        Map<String, Set<String>> hidden = new HashMap<>();
        Query q = new Query("from sharing_ledger_entries e where e.resident_id = ?").param(residentId);
        return page(
                q,
                "select e.adapter_id, e.definition_version, e.legal_basis, e.operation, e.resident_version, e.fields,"
                        + " e.tags, e.sent_at, e.result, e.answered_at",
                "e.id desc",
                page,
                rs -> new Disclosure(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getInt(5),
                        visibleFields(reader, hidden, rs.getString(1), Jdbc.texts(rs.getArray(6))),
                        tagVisibility.visible(reader, Jdbc.texts(rs.getArray(7))),
                        instant(rs, 8),
                        rs.getString(9),
                        instant(rs, 10)));
    }

    /** The ledger for residents of the reader's area, with only the tags the reader may see. */
    public Page<LedgerEntry> ledger(Actor reader, Filter filter, PageRequest page) {
        Map<String, Set<String>> hidden = new HashMap<>();
        Query q = new Query("from sharing_ledger_entries e where " + residentInScope(reader.scope(), "e.resident_id"))
                .when(filter.adapterId(), "e.adapter_id = ?")
                .when(filter.residentId(), "e.resident_id = ?")
                .when(filter.from(), "e.sent_at >= ?")
                .when(filter.to(), "e.sent_at < ?");
        return page(
                q,
                "select " + LEDGER_COLUMNS,
                "e.id desc",
                page,
                rs -> new LedgerEntry(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getObject(7, UUID.class),
                        rs.getInt(8),
                        rs.getString(9),
                        visibleFields(reader, hidden, rs.getString(3), Jdbc.texts(rs.getArray(10))),
                        tagVisibility.visible(reader, Jdbc.texts(rs.getArray(11))),
                        rs.getString(12),
                        rs.getString(13),
                        instant(rs, 14),
                        rs.getString(15),
                        rs.getString(16),
                        instant(rs, 17)));
    }

    public Page<AccessEntry> accessLog(AreaScope scope, Filter filter, PageRequest page) {
        String inScope = scope.isEverywhere()
                ? "true"
                : "exists (select 1 from unnest(a.resident_ids) x join resident r on r.id = x where "
                        + ScopeSql.condition(scope, "r.community_code") + ")";
        // Of a row that names residents of several areas, an auditor sees those of their own.
        String residents = scope.isEverywhere()
                ? "a.resident_ids"
                : "array(select x from unnest(a.resident_ids) x join resident r on r.id = x where "
                        + ScopeSql.condition(scope, "r.community_code") + ")";
        Query q = new Query("from access_log a where " + inScope)
                .when(filter.username(), "a.username = ?")
                .when(filter.residentId(), "a.resident_ids @> array[?::uuid]")
                .when(filter.action(), "a.action = ?")
                .when(filter.from(), "a.at >= ?")
                .when(filter.to(), "a.at < ?");
        return page(
                q,
                "select a.id, a.at, a.username, a.roles, a.client_address, a.action, a.resource, " + residents + ","
                        + " a.fields, a.purpose, a.purpose_note",
                "a.id desc",
                page,
                rs -> new AccessEntry(
                        rs.getLong(1),
                        instant(rs, 2),
                        rs.getString(3),
                        Jdbc.texts(rs.getArray(4)),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        uuids(rs.getArray(8)),
                        Jdbc.texts(rs.getArray(9)),
                        rs.getString(10),
                        rs.getString(11)));
    }

    /** Alerts raised by accesses to residents of the reader's area. */
    public Page<AccessAlert> alerts(AreaScope scope, Filter filter, PageRequest page) {
        String inScope = scope.isEverywhere()
                ? "true"
                : "exists (select 1 from access_log a, unnest(a.resident_ids) x join resident r on r.id = x"
                        + " where a.id = l.access_id and " + ScopeSql.condition(scope, "r.community_code") + ")";
        Query q = new Query("from audit_alert l where " + inScope)
                .when(filter.username(), "l.username = ?")
                .when(filter.from(), "l.raised_at >= ?")
                .when(filter.to(), "l.raised_at < ?");
        return page(
                q,
                "select l.id, l.raised_at, l.username, l.kind, l.day, l.residents, l.usual, l.access_id",
                "l.id desc",
                page,
                rs -> new AccessAlert(
                        rs.getLong(1),
                        instant(rs, 2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getDate(5).toLocalDate(),
                        rs.getInt(6),
                        rs.getBigDecimal(7),
                        rs.getObject(8, Long.class)));
    }

    /**
     * Every field and tag that left for a platform outside the allow-list of the definition version
     * it was sent under. Empty when the hub works as it should.
     */
    public List<OverSharing> overSharing() {
        String fields = "select s.id, s.adapter_id, s.definition_version, s.definition_hash, f, s.records, s.sent_at"
                + " from sharing_shipment s"
                + " left join adapter_definition_version d on d.definition_hash = s.definition_hash"
                + " cross join lateral (select distinct f from unnest(s.upsert_fields || s.remove_fields) f) u"
                + " where d.definition_hash is null or not (u.f = any(d.fields))";
        String tags = "select s.id, s.adapter_id, s.definition_version, s.definition_hash, 'tag:' || t,"
                + " count(*)::int, s.sent_at"
                + " from sharing_ledger l join sharing_shipment s on s.id = l.shipment_id"
                + " left join adapter_definition_version d on d.definition_hash = s.definition_hash"
                + " cross join lateral unnest(l.tags_sent) t"
                + " where l.tags_sent is not null and (d.definition_hash is null or not (t = any(d.tags)))"
                + " group by s.id, t";
        return list(
                new Query(fields + " union all " + tags + " order by 1, 5"),
                rs -> new OverSharing(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getInt(6),
                        instant(rs, 7)));
    }

    /**
     * The condition on a row {@code e} of {@code sharing_ledger_entries} that makes it an entry
     * saved: a resident's record the platform accepted (or was given in a file) whose content
     * differs from what that platform last held of the resident, by the payload hash the ledger
     * keeps for every record. A resync or a repeat of the same content is not an entry, nor is a
     * removal; a record sent again after a removal is. The home page's figure and chart both count it.
     */
    public static final String ENTRY_SAVED = """
            (e.result in ('ACCEPTED', 'EXPORTED') and e.operation = 'UPSERT'
              and e.payload_hash is distinct from (
                  -- what the platform held before: the last record it took, none after a removal
                  select case when p.operation = 'UPSERT' then p.payload_hash end
                  from sharing_ledger_entries p
                  where p.resident_id = e.resident_id and p.adapter_id = e.adapter_id
                    and p.id < e.id and p.result in ('ACCEPTED', 'EXPORTED')
                  order by p.id desc limit 1))""";

    /**
     * Entries the platforms took in {@code month} for the area's residents, platform by platform:
     * the entries nobody had to type into those platforms by hand ({@link #ENTRY_SAVED}).
     */
    public Map<String, Long> entriesSaved(AreaScope scope, YearMonth month, ZoneId zone) {
        Instant from = month.atDay(1).atStartOfDay(zone).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        Map<String, Long> saved = new LinkedHashMap<>();
        list(
                        new Query("select e.adapter_id, count(*) from sharing_ledger_entries e"
                                        + " where e.sent_at >= ? and e.sent_at < ? and " + ENTRY_SAVED + " and "
                                        + residentInScope(scope, "e.resident_id") + " group by 1 order by 1")
                                .param(Timestamp.from(from))
                                .param(Timestamp.from(to)),
                        rs -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> saved.put(e.getKey(), e.getValue()));
        return saved;
    }

    /** What left the hub in {@code month} (in the hub's time zone), platform by platform. */
    public SharingReport report(AreaScope scope, YearMonth month, ZoneId zone) {
        Instant from = month.atDay(1).atStartOfDay(zone).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        String where = " from sharing_ledger_entries e where e.sent_at >= ? and e.sent_at < ? and "
                + residentInScope(scope, "e.resident_id");
        Map<String, List<SharingReport.Count>> fields = counts(
                "select e.adapter_id, f, count(*)" + where.replace(" where ", ", unnest(e.fields) f where ")
                        + " group by 1, 2 order by 1, 3 desc, 2",
                from,
                to);
        Map<String, List<SharingReport.Count>> tags = counts(
                "select e.adapter_id, t, count(*)" + where.replace(" where ", ", unnest(e.tags) t where ")
                        + " group by 1, 2 order by 1, 3 desc, 2",
                from,
                to);
        List<SharingReport.Platform> platforms = list(
                new Query("select e.adapter_id, array_agg(distinct e.legal_basis), count(distinct e.resident_id),"
                                + " count(*), count(*) filter (where e.operation = 'REMOVE'),"
                                + " count(*) filter (where e.result = 'ACCEPTED'),"
                                + " count(*) filter (where e.result = 'REJECTED'),"
                                + " count(*) filter (where e.result = 'FAILED'),"
                                + " count(*) filter (where e.result = 'EXPORTED'),"
                                + " count(*) filter (where e.result = 'SENT')"
                                + where + " group by 1 order by 1")
                        .param(Timestamp.from(from))
                        .param(Timestamp.from(to)),
                rs -> new SharingReport.Platform(
                        rs.getString(1),
                        Jdbc.texts(rs.getArray(2)),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getLong(6),
                        rs.getLong(7),
                        rs.getLong(8),
                        rs.getLong(9),
                        rs.getLong(10),
                        fields.getOrDefault(rs.getString(1), List.of()),
                        tags.getOrDefault(rs.getString(1), List.of())));
        return new SharingReport(month.toString(), platforms);
    }

    private Map<String, List<SharingReport.Count>> counts(String sql, Instant from, Instant to) {
        Map<String, List<SharingReport.Count>> counts = new LinkedHashMap<>();
        list(
                new Query(sql).param(Timestamp.from(from)).param(Timestamp.from(to)),
                rs -> counts.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new SharingReport.Count(rs.getString(2), rs.getLong(3))));
        return counts;
    }

    /**
     * A condition true when the resident whose id is in {@code column} lives inside {@code scope}:
     * how the ledger's and the home page's counts keep to the reader's area.
     */
    public static String residentInScope(AreaScope scope, String column) {
        return scope.isEverywhere()
                ? "true"
                : "exists (select 1 from resident r where r.id = " + column + " and "
                        + ScopeSql.condition(scope, "r.community_code") + ")";
    }

    // ---- plumbing ------------------------------------------------------------------------------

    /** A FROM … WHERE clause with its parameters; conditions are added only for filters given. */
    private static final class Query {
        private final StringBuilder sql;
        private final List<Object> params = new ArrayList<>();

        Query(String sql) {
            this.sql = new StringBuilder(sql);
        }

        Query param(Object value) {
            params.add(value);
            return this;
        }

        Query when(Object value, String condition) {
            if (value != null) {
                sql.append(" and ").append(condition);
                params.add(value instanceof Instant i ? Timestamp.from(i) : value);
            }
            return this;
        }
    }

    private <T> Page<T> page(Query q, String select, String order, PageRequest page, Jdbc.RowReader<T> reader) {
        Query rows = new Query(select + " " + q.sql + " order by " + order + " limit ? offset ?");
        q.params.forEach(rows::param);
        rows.param(page.size()).param(page.offset());
        List<T> items = list(rows, reader);
        Query count = new Query("select count(*) " + q.sql);
        q.params.forEach(count::param);
        long total = list(count, rs -> rs.getLong(1)).get(0);
        return new Page<>(items, total, page.page(), page.size());
    }

    private <T> List<T> list(Query q, Jdbc.RowReader<T> reader) {
        return jdbc.query(
                q.sql.toString(),
                ps -> {
                    for (int i = 0; i < q.params.size(); i++) {
                        ps.setObject(i + 1, q.params.get(i));
                    }
                },
                reader);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static List<UUID> uuids(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((UUID[]) array.getArray());
    }
}
