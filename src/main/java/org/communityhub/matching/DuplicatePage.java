package org.communityhub.matching;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.communityhub.access.AreaScope;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.ids.Ids;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.registry.place.DivisionNames;
import org.communityhub.web.Pager;

/**
 * 疑似重复: the street's review queue of probable pairs, best first, each with both residents (ID
 * numbers masked), the score and the reasons, and the decision (same person, different people) or
 * the comparison that leads to a merge; through the same service and rules as the API.
 */
@Path("/duplicates")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.SUPERVISOR)
public class DuplicatePage {

    /** One page of the queue, with the status it lists, and the areas a scan may be started for. */
    public record Queue(Page<DuplicatePairView> pairs, PairStatus status, Pager pager, List<Area> areas) {}

    /** An area the supervisor may scan: its code and name. */
    public record Area(String code, String name) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(Queue queue);

        static native TemplateInstance row(DuplicatePairView pair);

        static native TemplateInstance scan(DuplicateScanView scan, String problem);
    }

    private final DuplicateService duplicates;
    private final DuplicateScans scans;
    private final DivisionNames divisions;
    private final CurrentActor current;

    DuplicatePage(DuplicateService duplicates, DuplicateScans scans, DivisionNames divisions, CurrentActor current) {
        this.duplicates = duplicates;
        this.scans = scans;
        this.divisions = divisions;
        this.current = current;
    }

    @GET
    public TemplateInstance list(@QueryParam("status") String status, @QueryParam("page") String page) {
        PairStatus asked = PairStatus.fromQuery(status);
        Page<DuplicatePairView> pairs = duplicates.list(current.get(), asked, PageRequest.of(page, "20"));
        List<Area> areas = current.get().scope().codes().stream()
                .map(code -> new Area(code, AreaScope.EVERYWHERE.equals(code) ? "全部辖区" : divisions.name(code)))
                .toList();
        return Templates.list(
                new Queue(pairs, asked, Pager.of("/duplicates", Map.of("status", asked.query()), pairs), areas));
    }

    /** Takes back a decision; the row comes back open, to be decided anew. */
    @POST
    @Path("{id}/reopen")
    public TemplateInstance reopen(@PathParam("id") String id) {
        UUID pairId = Ids.parse(id).orElseThrow(() -> ProblemException.notFound("疑似重复"));
        return Templates.row(duplicates.reopen(current.get(), pairId));
    }

    /** Starts a scan of one of the supervisor's areas; the answer follows it until it is done. */
    @POST
    @Path("scans")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance startScan(@FormParam("scope") String scope) {
        try {
            return Templates.scan(scans.start(current.get(), new DuplicateScanRequest(scope)), null);
        } catch (ProblemException e) {
            if (e.status() >= 500) {
                throw e;
            }
            String why = e.errors() == null || e.errors().isEmpty()
                    ? e.getMessage()
                    : e.errors().get(0).message();
            return Templates.scan(null, why);
        }
    }

    /** Where a scan stands, for the page that started it. */
    @GET
    @Path("scans/{id}")
    public TemplateInstance scan(@PathParam("id") String id) {
        UUID scanId = Ids.parse(id).orElseThrow(() -> ProblemException.notFound("查重任务"));
        return Templates.scan(
                scans.find(current.get(), scanId).orElseThrow(() -> ProblemException.notFound("查重任务")), null);
    }

    /**
     * Decides a pair and answers its row as decided; a refusal (decided already, by someone else)
     * comes back as the pages' notice.
     */
    @POST
    @Path("{id}/decision")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance decide(@PathParam("id") String id, @FormParam("decision") String decision) {
        UUID pairId = Ids.parse(id).orElseThrow(() -> ProblemException.notFound("疑似重复"));
        return Templates.row(duplicates.decide(current.get(), pairId, new DuplicateDecision(decision)));
    }
}
