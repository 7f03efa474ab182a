package org.communityhub.registry.statistics;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.util.ArrayList;
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

    private final Statistics statistics;
    private final Indicators indicators;
    private final CurrentActor current;

    StatisticsResource(Statistics statistics, Indicators indicators, CurrentActor current) {
        this.statistics = statistics;
        this.indicators = indicators;
        this.current = current;
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
        LocalDate asOf = statistics.asOf(asOfText);
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
        List<String> communities = statistics.communities(actor, division);
        List<Statistics.CommunityFigures> rows = statistics.count(actor, communities, chosen, asOf);
        Map<String, Long> total = statistics.totals(actor, rows, chosen);
        return new StatisticsView(asOf, chosen.stream().map(i -> view(actor, i)).toList(), rows, total);
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
