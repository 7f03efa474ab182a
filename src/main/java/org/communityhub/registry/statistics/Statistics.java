package org.communityhub.registry.statistics;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.communityhub.access.Actor;
import org.communityhub.access.ScopeSql;
import org.communityhub.access.TagVisibility;
import org.communityhub.common.database.Jdbc;
import org.communityhub.common.error.ProblemException;

/**
 * Figures of the register per community, as of a date, for statistics forms: residents on the
 * register that day (registered by its end, and neither moved out nor dead by then) who meet an
 * indicator's conditions, or the households with at least one of them. One query for all
 * indicators and communities. Ages are counted on the date; residence type, tags and membership
 * are the residents' present ones (the register keeps their history as changes, not as states
 * to count from).
 */
@ApplicationScoped
public class Statistics {

    /** A community's figures, by indicator name; null where the reader may not see what it counts. */
    public record CommunityFigures(String code, String name, Map<String, Long> figures) {}

    private static final int MAX_COMMUNITIES = 2_000;

    private final Jdbc jdbc;
    private final TagVisibility tags;
    private final Clock clock;

    Statistics(Jdbc jdbc, TagVisibility tags, Clock clock) {
        this.jdbc = jdbc;
        this.tags = tags;
        this.clock = clock;
    }

    /** The statistics date a request gives (yyyy-MM-dd, not in the future), today when it gives none. */
    public LocalDate asOf(String text) {
        LocalDate today = LocalDate.now(clock);
        if (text == null || text.isBlank()) {
            return today;
        }
        LocalDate asOf;
        try {
            asOf = LocalDate.parse(text.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw ProblemException.invalid("asOf", "invalid-date", "统计日期应写作 yyyy-MM-dd，例如 " + today);
        }
        if (asOf.isAfter(today)) {
            throw ProblemException.invalid("asOf", "date-in-future", "统计日期不能晚于今天（" + today + "）。");
        }
        return asOf;
    }

    /** The indicators' totals over these rows, by name; null where the actor may not see what it counts. */
    public Map<String, Long> totals(Actor actor, List<CommunityFigures> rows, List<Indicator> indicators) {
        Map<String, Long> totals = new java.util.LinkedHashMap<>();
        for (Indicator i : indicators) {
            totals.put(
                    i.name(),
                    maySee(actor, i)
                            ? rows.stream()
                                    .mapToLong(r -> r.figures().get(i.name()))
                                    .sum()
                            : null);
        }
        return totals;
    }

    /** Whether the actor may see what the indicator counts (a restricted tag is counted only for those who may see it). */
    public boolean maySee(Actor actor, Indicator indicator) {
        return indicator.conditions().stream()
                .noneMatch(c -> c instanceof Indicator.Tag t && !tags.canSee(actor, t.code()));
    }

    /**
     * Each community of {@code communities} (codes the caller has checked are in the actor's area),
     * in their order, with the indicators' figures as of the end of {@code asOf}.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<CommunityFigures> count(
            Actor actor, List<String> communities, List<Indicator> indicators, LocalDate asOf) {
        List<Indicator> counted =
                indicators.stream().filter(i -> maySee(actor, i)).toList();
        List<Object> params = new ArrayList<>();
        StringBuilder select = new StringBuilder("select r.community_code");
        for (Indicator i : counted) {
            String counts = counts(i, asOf, params);
            select.append(
                    i.unit() == Indicator.Unit.HOUSEHOLDS
                            ? ", count(distinct r.household_id) filter (where " + counts + ")"
                            : ", count(*) filter (where " + counts + ")");
        }
        select.append(" from resident r where ")
                .append(onTheRegister(actor, communities, asOf, params))
                .append(" group by r.community_code");
        Map<String, long[]> byCommunity = new HashMap<>();
        jdbc.query(select.toString(), (c, ps) -> bind(c, ps, params), rs -> {
            long[] figures = new long[counted.size()];
            for (int k = 0; k < figures.length; k++) {
                figures[k] = rs.getLong(k + 2);
            }
            byCommunity.put(rs.getString(1), figures);
            return null;
        });
        Map<String, String> names = names(communities);
        List<CommunityFigures> rows = new ArrayList<>(communities.size());
        for (String code : communities) {
            long[] figures = byCommunity.getOrDefault(code, new long[counted.size()]);
            Map<String, Long> row = new java.util.LinkedHashMap<>();
            for (Indicator i : indicators) {
                int k = counted.indexOf(i);
                row.put(i.name(), k < 0 ? null : figures[k]);
            }
            rows.add(new CommunityFigures(code, names.get(code), row));
        }
        return rows;
    }

    /**
     * The communities a division names that the actor's area covers, in code order: without a
     * division, the actor's own area (a user whose area is everywhere must name one). Refused
     * (422, 403) for a code that is not one, outside the area, or has no community registered.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> communities(Actor actor, String division) {
        String code = division == null ? "" : division.strip();
        if (!code.isEmpty() && !code.matches("[0-9]{2,12}")) {
            throw ProblemException.invalid("division", "invalid-division", "区划代码应为 2 到 12 位数字。");
        }
        if (code.isEmpty()) {
            if (actor.scope().isEverywhere()) {
                throw ProblemException.invalid("division", "required", "请给出要统计的区划代码（街道、区县或社区），例如 division=110105001。");
            }
            List<String> all = new ArrayList<>();
            actor.scope().codes().forEach(c -> all.addAll(communitiesUnder(actor, c)));
            return limited(all.stream().distinct().sorted().toList());
        }
        boolean inArea = actor.covers(code) || actor.scope().codes().stream().anyMatch(c -> c.startsWith(code));
        if (!inArea) {
            throw ProblemException.forbidden("out-of-scope", "区划 " + code + " 不在您的管辖范围内。");
        }
        List<String> found = communitiesUnder(actor, code);
        if (found.isEmpty()) {
            throw ProblemException.invalid("division", "unknown-division", "区划 " + code + " 下没有登记的社区。");
        }
        return limited(found);
    }

    private static List<String> limited(List<String> communities) {
        if (communities.size() > MAX_COMMUNITIES) {
            throw ProblemException.invalid(
                    "division", "too-many-communities", "一次最多统计 " + MAX_COMMUNITIES + " 个社区，请选小一些的区划。");
        }
        return communities;
    }

    /** The communities (level 5 divisions) under a division, in code order. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<String> communitiesUnder(Actor actor, String divisionCode) {
        return jdbc.query(
                "select code from division where level = 5 and code like ? and "
                        + ScopeSql.condition(actor.scope(), "code") + " order by code",
                (c, ps) -> ps.setString(1, divisionCode + "%"),
                rs -> rs.getString(1));
    }

    private Map<String, String> names(List<String> communities) {
        Map<String, String> names = new HashMap<>();
        jdbc.query(
                "select code, name from division where code = any(?)",
                (c, ps) -> ps.setArray(1, c.createArrayOf("varchar", communities.toArray())),
                rs -> names.put(rs.getString(1), rs.getString(2)));
        return names;
    }

    /**
     * The rule a figure is counted by, as SQL over {@code r} (resident): the residents of the
     * community on the register on {@code asOf} who meet the indicator's conditions; for a
     * households indicator, those of them in a household (the figure counts their distinct
     * households). The list of the residents behind a figure selects by this rule, so that it
     * finds exactly whom the figure counts. The caller has checked that the actor may see what
     * the indicator counts.
     */
    Rule rule(Actor actor, String community, Indicator indicator, LocalDate asOf) {
        List<Object> params = new ArrayList<>();
        String where =
                onTheRegister(actor, List.of(community), asOf, params) + " and " + counts(indicator, asOf, params);
        return new Rule(where, params);
    }

    /**
     * Whether a resident on the register counts towards the indicator, as SQL over {@code r}: they
     * meet its conditions, and for a households indicator are in a household (whose distinct
     * count is the figure).
     */
    private static String counts(Indicator indicator, LocalDate asOf, List<Object> params) {
        String condition = condition(indicator, asOf, params);
        return indicator.unit() == Indicator.Unit.HOUSEHOLDS
                ? "r.household_id is not null and " + condition
                : condition;
    }

    /** A condition over {@code r} (resident) and the values it binds, in order. */
    record Rule(String where, List<Object> params) {

        Rule {
            params = List.copyOf(params);
        }
    }

    /** Binds {@code params} in order; a {@code String[]} as an SQL array of varchar. */
    static void bind(java.sql.Connection c, java.sql.PreparedStatement ps, List<Object> params)
            throws java.sql.SQLException {
        for (int p = 0; p < params.size(); p++) {
            Object v = params.get(p);
            if (v instanceof String[] codes) {
                ps.setArray(p + 1, c.createArrayOf("varchar", codes));
            } else {
                ps.setObject(p + 1, v);
            }
        }
    }

    /**
     * Residents of these communities in the actor's area on the register at the end of {@code
     * asOf}: registered by then, and neither moved out nor dead by then (a move or death dated
     * that day takes them off). SQL over {@code r}, its values appended to {@code params}.
     */
    private String onTheRegister(Actor actor, List<String> communities, LocalDate asOf, List<Object> params) {
        params.add(communities.toArray(String[]::new));
        params.add(Timestamp.from(asOf.plusDays(1).atStartOfDay(clock.getZone()).toInstant()));
        params.add(Date.valueOf(asOf));
        return """
                r.community_code = any(?)
                  and %s
                  and r.created_at < ?
                  and (r.status = 'ACTIVE' or r.status_date > ?)""".formatted(ScopeSql.condition(actor.scope(), "r.community_code"));
    }

    /** An indicator's conditions as SQL over {@code r} (resident), its values bound in {@code params}. */
    private static String condition(Indicator indicator, LocalDate asOf, List<Object> params) {
        List<String> parts = new ArrayList<>();
        parts.add("true");
        for (Indicator.Condition c : indicator.conditions()) {
            if (c instanceof Indicator.ResidenceType t) {
                parts.add("r.residence_type = ?");
                params.add(t.code());
            } else if (c instanceof Indicator.Sex sex) {
                parts.add("r.sex = ?");
                params.add(sex.code());
            } else if (c instanceof Indicator.AgeAtLeast age) {
                parts.add("r.birth_date <= ?");
                params.add(Date.valueOf(age.bornOnOrBefore(asOf)));
            } else if (c instanceof Indicator.AgeBelow age) {
                parts.add("r.birth_date > ?");
                params.add(Date.valueOf(age.bornAfter(asOf)));
            } else if (c instanceof Indicator.Tag tag) {
                parts.add("r.tags @> array[?::varchar]");
                params.add(tag.code());
            } else if (c instanceof Indicator.PartyMember party && party.status() == null) {
                parts.add("exists (select 1 from party_membership p where p.resident_id = r.id)");
            } else if (c instanceof Indicator.PartyMember party) {
                parts.add("exists (select 1 from party_membership p where p.resident_id = r.id and p.status = ?)");
                params.add(party.status());
            } else if (c instanceof Indicator.LeagueMember) {
                parts.add("exists (select 1 from league_membership l where l.resident_id = r.id)");
            } else {
                throw new IllegalStateException("An indicator condition without SQL: " + c);
            }
        }
        return String.join(" and ", parts);
    }
}
