package org.communityhub.desk;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.YearMonth;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communityhub.access.Actor;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.audit.AuditQueries;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.fanout.PlatformHealth;
import org.communityhub.fanout.SyncService;
import org.communityhub.fanout.TaskService;
import org.communityhub.fanout.TaskView;
import org.communityhub.registry.household.HouseholdService;
import org.communityhub.registry.league.LeagueMemberQuery;
import org.communityhub.registry.league.LeagueMembershipService;
import org.communityhub.registry.resident.ResidentQuery;
import org.communityhub.registry.resident.ResidentService;
import org.communityhub.registry.resident.ResidentStatus;

/**
 * 工作台: what a worker sees first. Their residents, what needs doing (records platforms refused,
 * league members past 28, households without a head), how each platform stands, and the entries
 * the hub saved them this month: records the platforms took that nobody had to type in by hand.
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
            String month) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance home(Desk desk);
    }

    private final CurrentActor current;
    private final ResidentService residents;
    private final TaskService tasks;
    private final LeagueMembershipService league;
    private final HouseholdService households;
    private final SyncService sync;
    private final AuditQueries audit;
    private final Clock clock;

    HomePage(
            CurrentActor current,
            ResidentService residents,
            TaskService tasks,
            LeagueMembershipService league,
            HouseholdService households,
            SyncService sync,
            AuditQueries audit,
            Clock clock) {
        this.current = current;
        this.residents = residents;
        this.tasks = tasks;
        this.league = league;
        this.households = households;
        this.sync = sync;
        this.audit = audit;
        this.clock = clock;
    }

    @GET
    public TemplateInstance home() {
        Actor actor = current.get();
        if (!actor.roles().contains(Roles.WORKER) && !actor.roles().contains(Roles.SUPERVISOR)) {
            return Templates.home(null);
        }
        YearMonth month = YearMonth.now(clock);
        Page<TaskView> open = tasks.list(actor, true, null, new PageRequest(0, 10));
        List<PlatformHealth> platforms = sync.health(actor);
        Map<String, Long> saved = new LinkedHashMap<>();
        audit.entriesSaved(actor.scope(), month, clock.getZone())
                .forEach((adapterId, records) -> saved.put(nameOf(adapterId, platforms), records));
        return Templates.home(new Desk(
                residents.count(actor, active()),
                open.total(),
                open.items(),
                league.count(actor, new LeagueMemberQuery(null, null, true)),
                households.countHeadless(actor),
                platforms,
                saved.values().stream().mapToLong(Long::longValue).sum(),
                saved,
                month.getYear() + "年" + month.getMonthValue() + "月"));
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
