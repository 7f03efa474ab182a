package org.communityhub.desk;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communityhub.access.Actor;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.adapter.Adapters;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.fanout.PlatformHealth;
import org.communityhub.fanout.SyncService;
import org.communityhub.fanout.TaskService;
import org.communityhub.fanout.TaskView;
import org.communityhub.intake.collect.CollectionService;
import org.communityhub.registry.household.HouseholdService;
import org.communityhub.registry.league.LeagueMemberQuery;
import org.communityhub.registry.league.LeagueMembershipService;
import org.communityhub.registry.place.DivisionNames;
import org.communityhub.registry.resident.ResidentQueries;
import org.communityhub.registry.resident.ResidentQuery;
import org.communityhub.registry.resident.ResidentStatus;
import org.communityhub.reports.AuditQueries;

/**
 * 工作台: what a worker sees first. Their residents, what needs doing (records platforms refused,
 * league members past 28, households without a head), how each platform stands, and the entries
 * the hub saved them this month: records the platforms took that nobody had to type in by hand.
 * A street supervisor, an auditor and the administrators also see charts of their area, each with
 * its numbers as a table.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
@Authenticated
public class HomePage {

    /** What the worker's part of the page shows. */
    public record Desk(
            long residents,
            long openTasks,
            List<TaskView> tasks,
            long overAgeLeagueMembers,
            long headlessHouseholds,
            List<PlatformHealth> platforms,
            long entriesSaved,
            Map<String, Long> savedByPlatform,
            Map<String, Long> cellsByCollection,
            String month) {}

    /** How many communities the residents chart draws; the rest are one bar, the table lists all. */
    static final int COMMUNITY_BARS = 12;

    /** How many months the entries chart covers, this one included. */
    static final int MONTHS = 6;

    /** The period of the deliveries chart, ending now. */
    static final int OUTCOME_DAYS = 90;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(Desk desk, List<Chart> charts);
    }

    private final CurrentActor current;
    private final ResidentQueries residents;
    private final TaskService tasks;
    private final LeagueMembershipService league;
    private final HouseholdService households;
    private final SyncService sync;
    private final AuditQueries audit;
    private final DeskFigures figures;
    private final Adapters adapters;
    private final DivisionNames divisions;
    private final CollectionService collections;
    private final Clock clock;

    HomePage(
            CurrentActor current,
            ResidentQueries residents,
            TaskService tasks,
            LeagueMembershipService league,
            HouseholdService households,
            SyncService sync,
            AuditQueries audit,
            DeskFigures figures,
            Adapters adapters,
            DivisionNames divisions,
            CollectionService collections,
            Clock clock) {
        this.current = current;
        this.residents = residents;
        this.tasks = tasks;
        this.league = league;
        this.households = households;
        this.sync = sync;
        this.audit = audit;
        this.figures = figures;
        this.adapters = adapters;
        this.divisions = divisions;
        this.collections = collections;
        this.clock = clock;
    }

    @GET
    public TemplateInstance home() {
        Actor actor = current.get();
        List<Chart> charts = chartsFor(actor);
        if (!actor.roles().contains(Roles.WORKER) && !actor.roles().contains(Roles.SUPERVISOR)) {
            return Templates.home(null, charts);
        }
        YearMonth month = YearMonth.now(clock);
        Page<TaskView> open = tasks.list(actor, true, null, new PageRequest(0, 10));
        List<PlatformHealth> platforms = sync.health(actor);
        Map<String, Long> saved = new LinkedHashMap<>();
        audit.entriesSaved(actor.scope(), month, clock.getZone())
                .forEach((adapterId, records) -> saved.put(nameOf(adapterId, platforms), records));
        // Collections' forms: each value the hub filled in is one a worker did not type.
        Map<String, Long> cells = collections.cellsFilled(actor, month, clock.getZone());
        return Templates.home(
                new Desk(
                        residents.count(actor, active()),
                        open.total(),
                        open.items(),
                        league.count(actor, new LeagueMemberQuery(null, null, true)),
                        households.countHeadless(actor),
                        platforms,
                        saved.values().stream().mapToLong(Long::longValue).sum()
                                + cells.values().stream()
                                        .mapToLong(Long::longValue)
                                        .sum(),
                        saved,
                        cells,
                        month.getYear() + "年" + month.getMonthValue() + "月"),
                charts);
    }

    /**
     * The charts of a street supervisor and of district IT (auditors, administrators): entries
     * saved per platform and month, what platforms took and refused lately, residents by
     * community. A community worker's page has none.
     */
    private List<Chart> chartsFor(Actor actor) {
        boolean overseer = actor.roles().stream()
                .anyMatch(r -> r.equals(Roles.SUPERVISOR)
                        || r.equals(Roles.AUDITOR)
                        || r.equals(Roles.ADMIN)
                        || r.equals(Roles.ADAPTER_ADMIN));
        if (!overseer) {
            return List.of();
        }
        return List.of(entriesChart(actor), outcomesChart(actor), residentsChart(actor));
    }

    private Chart entriesChart(Actor actor) {
        YearMonth now = YearMonth.now(clock);
        List<YearMonth> months = new ArrayList<>();
        for (int i = MONTHS - 1; i >= 0; i--) {
            months.add(now.minusMonths(i));
        }
        Map<String, long[]> taken = figures.takenByMonth(actor.scope(), months, clock.getZone());
        List<String> platforms = platformOrder(taken.keySet());
        List<Chart.Series> series = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        long[] totals = new long[months.size()];
        for (int i = 0; i < platforms.size(); i++) {
            long[] counts = taken.get(platforms.get(i));
            String name = platformName(platforms.get(i));
            series.add(new Chart.Series(
                    name, Chart.series(i), Arrays.stream(counts).boxed().toList()));
            List<String> row = new ArrayList<>();
            row.add(name);
            for (int m = 0; m < counts.length; m++) {
                row.add(String.valueOf(counts[m]));
                totals[m] += counts[m];
            }
            rows.add(row);
        }
        List<String> head = new ArrayList<>();
        head.add("平台");
        months.forEach(m -> head.add(m.getYear() + "年" + m.getMonthValue() + "月"));
        List<String> foot = new ArrayList<>();
        foot.add("合计");
        Arrays.stream(totals).forEach(t -> foot.add(String.valueOf(t)));
        String first = head.get(1);
        String title = "各平台每月节省的录入（" + first + "至" + head.get(head.size() - 1) + "，内容有变化的记录才计）";
        return Chart.stacked(
                "chart-entries",
                title,
                "条",
                months.stream().map(m -> m.getMonthValue() + "月").toList(),
                series,
                new Chart.Table(title, head, rows, foot));
    }

    private Chart outcomesChart(Actor actor) {
        Instant to = clock.instant();
        Map<String, DeskFigures.Outcomes> outcomes =
                figures.outcomes(actor.scope(), to.minus(OUTCOME_DAYS, ChronoUnit.DAYS), to);
        List<String> platforms = platformOrder(outcomes.keySet());
        List<String> names = platforms.stream().map(this::platformName).toList();
        List<Long> taken = platforms.stream().map(p -> outcomes.get(p).taken()).toList();
        List<Long> refused =
                platforms.stream().map(p -> outcomes.get(p).refused()).toList();
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < platforms.size(); i++) {
            rows.add(List.of(names.get(i), String.valueOf(taken.get(i)), String.valueOf(refused.get(i))));
        }
        String title = "近" + OUTCOME_DAYS + "天各平台接收与退回的记录";
        return Chart.horizontal(
                "chart-outcomes",
                title,
                "条",
                names,
                List.of(new Chart.Series("已接收", "taken", taken), new Chart.Series("被退回", "refused", refused)),
                new Chart.Table(
                        title,
                        List.of("平台", "已接收", "被退回"),
                        rows,
                        List.of(
                                "合计",
                                String.valueOf(taken.stream()
                                        .mapToLong(Long::longValue)
                                        .sum()),
                                String.valueOf(refused.stream()
                                        .mapToLong(Long::longValue)
                                        .sum()))));
    }

    private Chart residentsChart(Actor actor) {
        List<DeskFigures.CommunityCount> counts = figures.residentsByCommunity(actor.scope());
        List<List<String>> rows = new ArrayList<>();
        for (DeskFigures.CommunityCount c : counts) {
            rows.add(List.of(communityName(c), String.valueOf(c.residents())));
        }
        List<String> labels = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        for (int i = 0; i < counts.size(); i++) {
            if (i < COMMUNITY_BARS || counts.size() == COMMUNITY_BARS + 1) {
                labels.add(communityName(counts.get(i)));
                values.add(counts.get(i).residents());
            }
        }
        if (counts.size() > COMMUNITY_BARS + 1) {
            labels.add("其余 " + (counts.size() - COMMUNITY_BARS) + " 个社区");
            values.add(counts.subList(COMMUNITY_BARS, counts.size()).stream()
                    .mapToLong(DeskFigures.CommunityCount::residents)
                    .sum());
        }
        long total =
                counts.stream().mapToLong(DeskFigures.CommunityCount::residents).sum();
        String title = "各社区在册居民";
        return Chart.horizontal(
                "chart-residents",
                title,
                "人",
                labels,
                List.of(new Chart.Series("在册居民", "series-0", values)),
                new Chart.Table(title, List.of("社区", "在册居民"), rows, List.of("合计", String.valueOf(total))));
    }

    private String communityName(DeskFigures.CommunityCount c) {
        String name = divisions.placeName(c.code());
        return name != null ? name : c.name();
    }

    /** Platforms in the order the hub runs them; those whose definition is gone come last. */
    private List<String> platformOrder(java.util.Collection<String> ids) {
        List<String> order = new ArrayList<>();
        adapters.all().stream().map(d -> d.id()).filter(ids::contains).forEach(order::add);
        ids.stream().filter(id -> !order.contains(id)).sorted().forEach(order::add);
        return order;
    }

    /** A platform's Chinese name, as its definition gives it. */
    private String platformName(String adapterId) {
        return adapters.find(adapterId).map(d -> d.name()).orElse(adapterId);
    }

    private static String nameOf(String adapterId, List<PlatformHealth> platforms) {
        return platforms.stream()
                .filter(p -> p.adapterId().equals(adapterId))
                .map(PlatformHealth::name)
                .findFirst()
                .orElse(adapterId);
    }

    private static ResidentQuery active() {
        return new ResidentQuery(
                null, null, null, null, null, null, null, ResidentStatus.ACTIVE, null, null, null, null);
    }
}
