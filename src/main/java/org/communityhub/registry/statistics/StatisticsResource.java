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
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
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

    /**
     * One page of the residents (or households) behind a community's figure: {@code total} is the
     * figure.
     */
    public record FigureResidentsView(
            LocalDate asOf,
            String community,
            IndicatorView indicator,
            List<FigureResidents.Counted> items,
            long total,
            int page,
            int size) {}

    private final Statistics statistics;
    private final Indicators indicators;
    private final FigureResidents figureResidents;
    private final CurrentActor current;

    StatisticsResource(
            Statistics statistics, Indicators indicators, FigureResidents figureResidents, CurrentActor current) {
        this.statistics = statistics;
        this.indicators = indicators;
        this.figureResidents = figureResidents;
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
                Indicator i = catalogue.named(name);
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

    @GET
    @Path("residents")
    @Operation(
            summary = "The residents behind a community's figure, counted by the figure's own rule",
            description = "community: a community (12 digits) in the caller's area; indicator: a name or synonym;"
                    + " asOf: yyyy-MM-dd, not in the future, by default today. For a residents indicator each item"
                    + " is a resident who counts (with their household, if any); for a households indicator each"
                    + " item is a household that counts, with its members who make it count. total is the"
                    + " figure. ID numbers and phones are masked; the list is in the access log. An indicator"
                    + " over a restricted tag the caller may not see is refused (403 restricted-tag).")
    public FigureResidentsView residents(
            @QueryParam("community") String community,
            @QueryParam("indicator") String indicator,
            @QueryParam("asOf") String asOfText,
            @QueryParam("page") String page,
            @QueryParam("size") String size) {
        Actor actor = current.get();
        LocalDate asOf = statistics.asOf(asOfText);
        PageRequest paging = PageRequest.of(page, size);
        Indicator chosen = indicators.current().named(indicator);
        Page<FigureResidents.Counted> found = figureResidents.list(actor, community, chosen, asOf, paging);
        return new FigureResidentsView(
                asOf, community.strip(), view(actor, chosen), found.items(), found.total(), found.page(), found.size());
    }

    private IndicatorView view(Actor actor, Indicator i) {
        return view(statistics, actor, i);
    }

    /** An indicator as the catalogue has it, marked withheld where the actor may not see what it counts. */
    static IndicatorView view(Statistics statistics, Actor actor, Indicator i) {
        return new IndicatorView(
                i.name(),
                i.synonyms(),
                i.unit() == Indicator.Unit.HOUSEHOLDS ? "households" : "residents",
                i.definition(),
                !statistics.maySee(actor, i));
    }
}
