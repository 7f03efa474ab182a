package org.communityhub.registry.statistics;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communityhub.access.Actor;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.common.error.ProblemException;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Statistics of the register, community by community, as the forms that come down ask for them
 * (户籍人口数, 80岁以上老人, 党员（含预备党员）, 低保户数 …): each figure with its definition.
 */
@Path("/api/v1/statistics")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Statistics", description = "统计表：按社区统计户籍人口、高龄老人、党员、低保户等，指标可由本区补充")
@RolesAllowed({Roles.WORKER, Roles.SUPERVISOR})
public class StatisticsResource {

    /** An indicator as the catalogue has it; {@code withheld}: the reader may not see what it counts. */
    public record IndicatorView(
            String name, List<String> synonyms, String counts, String definition, boolean withheld) {}

    /** The figures of the communities asked for, and their totals. */
    public record StatisticsView(
            LocalDate asOf,
            List<IndicatorView> indicators,
            List<Statistics.CommunityFigures> communities,
            Map<String, Long> total) {}

    private static final int MAX_COMMUNITIES = 2_000;

    private final Statistics statistics;
    private final Indicators indicators;
    private final CurrentActor current;
    private final Clock clock;

    StatisticsResource(Statistics statistics, Indicators indicators, CurrentActor current, Clock clock) {
        this.statistics = statistics;
        this.indicators = indicators;
        this.current = current;
        this.clock = clock;
    }

    @GET
    @Path("indicators")
    @Operation(summary = "The indicators statistics forms are filled with, with their definitions")
    public List<IndicatorView> indicators() {
        Actor actor = current.get();
        return indicators.current().indicators().stream()
                .map(i -> view(actor, i))
                .toList();
    }

    @GET
    @Operation(
            summary = "Figures per community of a division in the caller's area, as of a date",
            description = "division: a division code (street, district …) in the caller's area; by default the"
                    + " caller's own area. indicator: names or synonyms, repeated; by default all."
                    + " asOf: yyyy-MM-dd, not in the future; by default today.")
    public StatisticsView figures(
            @QueryParam("division") String division,
            @QueryParam("indicator") List<String> asked,
            @QueryParam("asOf") String asOfText) {
        Actor actor = current.get();
        LocalDate today = LocalDate.now(clock);
        LocalDate asOf = today;
        if (asOfText != null && !asOfText.isBlank()) {
            try {
                asOf = LocalDate.parse(asOfText.strip());
            } catch (DateTimeParseException e) {
                throw ProblemException.invalid("asOf", "invalid-date", "统计日期应写作 yyyy-MM-dd，例如 " + today);
            }
            if (asOf.isAfter(today)) {
                throw ProblemException.invalid("asOf", "date-in-future", "统计日期不能晚于今天（" + today + "）。");
            }
        }
        Indicators.Catalogue catalogue = indicators.current();
        List<Indicator> chosen = new ArrayList<>();
        if (asked == null || asked.isEmpty()) {
            chosen.addAll(catalogue.indicators());
        } else {
            for (String name : asked) {
                Indicator i = catalogue
                        .forHeader(name)
                        .orElseThrow(() -> ProblemException.invalid(
                                "indicator",
                                "unknown-indicator",
                                "没有指标“" + name + "”。可用的指标："
                                        + String.join(
                                                "、",
                                                catalogue.indicators().stream()
                                                        .map(Indicator::name)
                                                        .toList())));
                if (!chosen.contains(i)) {
                    chosen.add(i);
                }
            }
        }
        List<String> communities = communities(actor, division);
        List<Statistics.CommunityFigures> rows = statistics.count(actor, communities, chosen, asOf);
        Map<String, Long> total = new LinkedHashMap<>();
        for (Indicator i : chosen) {
            boolean seen = statistics.maySee(actor, i);
            total.put(
                    i.name(),
                    seen
                            ? rows.stream()
                                    .mapToLong(r -> r.figures().get(i.name()))
                                    .sum()
                            : null);
        }
        return new StatisticsView(asOf, chosen.stream().map(i -> view(actor, i)).toList(), rows, total);
    }

    private List<String> communities(Actor actor, String division) {
        String code = division == null ? "" : division.strip();
        if (!code.isEmpty() && !code.matches("[0-9]{2,12}")) {
            throw ProblemException.invalid("division", "invalid-division", "区划代码应为 2 到 12 位数字。");
        }
        if (code.isEmpty()) {
            if (actor.scope().isEverywhere()) {
                throw ProblemException.invalid("division", "required", "请给出要统计的区划代码（街道、区县或社区），例如 division=110105001。");
            }
            List<String> all = new ArrayList<>();
            actor.scope().codes().forEach(c -> all.addAll(statistics.communitiesUnder(actor, c)));
            return limited(all.stream().distinct().sorted().toList());
        }
        boolean inArea = actor.covers(code) || actor.scope().codes().stream().anyMatch(c -> c.startsWith(code));
        if (!inArea) {
            throw ProblemException.forbidden("out-of-scope", "区划 " + code + " 不在您的管辖范围内。");
        }
        List<String> found = statistics.communitiesUnder(actor, code);
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

    private IndicatorView view(Actor actor, Indicator i) {
        return new IndicatorView(
                i.name(),
                i.synonyms(),
                i.unit() == Indicator.Unit.HOUSEHOLDS ? "households" : "residents",
                i.definition(),
                !statistics.maySee(actor, i));
    }
}
