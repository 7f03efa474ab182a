package org.communityhub.desk;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Reveal;
import org.communityhub.access.Roles;
import org.communityhub.common.error.ExpectedVersion;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.ids.Ids;
import org.communityhub.registry.resident.ChangeResidentStatus;
import org.communityhub.registry.resident.ResidentQueries;
import org.communityhub.registry.resident.ResidentStatus;
import org.communityhub.registry.resident.ResidentView;
import org.communityhub.registry.resident.StatusChange;

/**
 * The form of a resident's page that records a life event: 迁出, 死亡, 作废 (a registration made
 * in error), or back on the register. Answers the 登记变动 part again (htmx) with what was typed
 * and why it was refused, or sends the browser to the resident's page once it is recorded.
 */
@Path("/residents/{id}/status")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.WORKER, Roles.SUPERVISOR})
public class ResidentStatusPage {

    private final CurrentActor current;
    private final ResidentQueries queries;
    private final ChangeResidentStatus statuses;
    private final ResidentLifeEvents lifeEvents;

    ResidentStatusPage(
            CurrentActor current,
            ResidentQueries queries,
            ChangeResidentStatus statuses,
            ResidentLifeEvents lifeEvents) {
        this.current = current;
        this.queries = queries;
        this.statuses = statuses;
        this.lifeEvents = lifeEvents;
    }

    /** Records a life event: 迁出, 死亡, 作废 (a registration made in error), or back on the register. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changeStatus(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        Actor actor = current.get();
        UUID residentId = residentId(id);
        String status = blank(form.getFirst("status"));
        String date = blank(form.getFirst("date"));
        String reason = form.getFirst("reason") == null ? "" : form.getFirst("reason");
        String version = blank(form.getFirst("version"));
        Map<String, String> values = new HashMap<>();
        values.put("date", date == null ? "" : date);
        values.put("reason", reason);
        ResidentStatus target = Arrays.stream(ResidentStatus.values())
                .filter(s -> s.name().equals(status) && s != ResidentStatus.MERGED)
                .findFirst()
                .orElse(null);
        LocalDate when = null;
        Map<String, String> errors = new HashMap<>();
        if (date != null) {
            try {
                when = LocalDate.parse(date);
            } catch (java.time.format.DateTimeParseException e) {
                errors.put("date", "日期应写作 2026-12-01 这样的格式。");
            }
        }
        if (target == null) {
            return fragment(actor, residentId, status, values, errors, "请选择要登记的变动。");
        }
        if (!errors.isEmpty()) {
            return fragment(actor, residentId, status, values, errors, null);
        }
        try {
            statuses.changeStatus(
                    actor,
                    residentId,
                    new StatusChange(target, target == ResidentStatus.VOIDED ? null : when, reason),
                    ExpectedVersion.fromForm(version));
            return Response.ok()
                    .header("HX-Redirect", "/residents/" + residentId + "?event=" + target.name())
                    .build();
        } catch (ProblemException e) {
            if (e.errors() != null && !e.errors().isEmpty()) {
                e.errors().forEach(f -> errors.putIfAbsent(f.field(), f.message()));
                return fragment(actor, residentId, status, values, errors, null);
            }
            if (e.status() == 412) {
                return fragment(actor, residentId, status, values, errors, "这位居民的记录刚被别人修改过，请刷新页面看过最新的记录后再登记。");
            }
            if (e.status() == 409 || e.status() == 403) {
                return fragment(actor, residentId, status, values, errors, e.getMessage());
            }
            throw e;
        }
    }

    private Response fragment(
            Actor actor,
            UUID residentId,
            String open,
            Map<String, String> values,
            Map<String, String> errors,
            String problem) {
        ResidentView resident = queries.get(actor, residentId, Reveal.NONE);
        return Response.ok(ResidentPage.Templates.lifeEvents(
                        lifeEvents.of(actor, resident, open, values, errors, problem)))
                .build();
    }

    private static UUID residentId(String id) {
        return Ids.parse(id).orElseThrow(() -> ProblemException.notFound("居民"));
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
