package org.communityhub.registry.statistics;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communityhub.access.Actor;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.registry.place.DivisionNames;
import org.communityhub.web.Pager;

/**
 * 统计: the figures of the caller's area (or of a division in it) as of a date, each a link to the
 * residents behind it; a figure over a restricted tag the caller may not see reads 无权查看, with no
 * link. The same figures and lists as the API's, counted by the same rule.
 */
@Path("/statistics")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.WORKER, Roles.SUPERVISOR})
public class StatisticsPage {

    /** A figure of the table: null where withheld; {@code link} to the residents behind it, or null. */
    public record Cell(Long figure, String link) {}

    /** A community's row. */
    public record Row(String code, String name, List<Cell> cells) {}

    /**
     * The figures page: the division and date as given; {@code rows} empty and {@code needsDivision}
     * when the caller's area is everywhere and no division was named.
     */
    public record Figures(
            String division,
            LocalDate asOf,
            LocalDate today,
            boolean needsDivision,
            List<StatisticsResource.IndicatorView> indicators,
            List<Row> rows,
            List<Long> totals) {}

    /** The residents behind one figure. */
    public record Behind(
            String community,
            String communityName,
            LocalDate asOf,
            Indicator indicator,
            boolean households,
            Page<FigureResidents.Counted> page,
            Pager pager,
            String back) {

        /** What the list counts: 户 or 人. */
        public String unit() {
            return households ? "户" : "人";
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance figures(Figures figures);

        static native TemplateInstance residents(Behind behind);
    }

    private final Statistics statistics;
    private final Indicators indicators;
    private final FigureResidents figureResidents;
    private final DivisionNames names;
    private final CurrentActor current;

    StatisticsPage(
            Statistics statistics,
            Indicators indicators,
            FigureResidents figureResidents,
            DivisionNames names,
            CurrentActor current) {
        this.statistics = statistics;
        this.indicators = indicators;
        this.figureResidents = figureResidents;
        this.names = names;
        this.current = current;
    }

    @GET
    public TemplateInstance figures(@QueryParam("division") String division, @QueryParam("asOf") String asOfText) {
        Actor actor = current.get();
        LocalDate asOf = statistics.asOf(asOfText);
        LocalDate today = statistics.asOf(null);
        String code = division == null ? "" : division.strip();
        List<Indicator> all = indicators.current().indicators();
        List<StatisticsResource.IndicatorView> views = all.stream()
                .map(i -> StatisticsResource.view(statistics, actor, i))
                .toList();
        if (code.isEmpty() && actor.scope().isEverywhere()) {
            return Templates.figures(new Figures(code, asOf, today, true, views, List.of(), List.of()));
        }
        List<Statistics.CommunityFigures> counted =
                statistics.count(actor, statistics.communities(actor, code), all, asOf);
        Map<String, Long> totals = statistics.totals(actor, counted, all);
        List<Row> rows = counted.stream()
                .map(c -> new Row(
                        c.code(),
                        c.name(),
                        all.stream()
                                .map(i -> {
                                    Long figure = c.figures().get(i.name());
                                    return new Cell(figure, figure == null ? null : link(c.code(), i, asOf, code));
                                })
                                .toList()))
                .toList();
        return Templates.figures(new Figures(
                code,
                asOf,
                today,
                false,
                views,
                rows,
                all.stream().map(i -> totals.get(i.name())).toList()));
    }

    @GET
    @Path("residents")
    public TemplateInstance residents(
            @QueryParam("community") String community,
            @QueryParam("indicator") String indicator,
            @QueryParam("asOf") String asOfText,
            @QueryParam("division") String division,
            @QueryParam("page") String page) {
        Actor actor = current.get();
        LocalDate asOf = statistics.asOf(asOfText);
        PageRequest paging = PageRequest.of(page, null);
        Indicator chosen = indicators.current().named(indicator);
        Page<FigureResidents.Counted> found = figureResidents.list(actor, community, chosen, asOf, paging);
        String code = community.strip();
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("community", code);
        filters.put("indicator", chosen.name());
        filters.put("asOf", asOf.toString());
        // The division the figures were shown for, only to lead back to them.
        String from = division == null || !division.strip().matches("[0-9]{2,12}") ? null : division.strip();
        filters.put("division", from);
        return Templates.residents(new Behind(
                code,
                names.placeName(code),
                asOf,
                chosen,
                chosen.unit() == Indicator.Unit.HOUSEHOLDS,
                found,
                Pager.of("/statistics/residents", filters, found),
                new Pager("/statistics", orderedOf("division", from, "asOf", asOf.toString()), 0, 0, 1).link(0)));
    }

    /** The address of the residents behind a figure; {@code division}, when given, leads back to the figures. */
    private static String link(String community, Indicator indicator, LocalDate asOf, String division) {
        return new Pager(
                        "/statistics/residents",
                        orderedOf(
                                "community",
                                community,
                                "indicator",
                                indicator.name(),
                                "asOf",
                                asOf.toString(),
                                "division",
                                division),
                        0,
                        0,
                        1)
                .link(0);
    }

    private static Map<String, String> orderedOf(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int k = 0; k < pairs.length; k += 2) {
            map.put(pairs[k], pairs[k + 1]);
        }
        return map;
    }
}
