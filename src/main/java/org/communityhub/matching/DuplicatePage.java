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
import java.util.Map;
import java.util.UUID;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.ids.Ids;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
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

    /** One page of the queue, with the status it lists. */
    public record Queue(Page<DuplicatePairView> pairs, PairStatus status, Pager pager) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(Queue queue);

        static native TemplateInstance row(DuplicatePairView pair);
    }

    private final DuplicateService duplicates;
    private final CurrentActor current;

    DuplicatePage(DuplicateService duplicates, CurrentActor current) {
        this.duplicates = duplicates;
        this.current = current;
    }

    @GET
    public TemplateInstance list(@QueryParam("status") String status, @QueryParam("page") String page) {
        PairStatus asked = PairStatus.fromQuery(status);
        Page<DuplicatePairView> pairs = duplicates.list(current.get(), asked, PageRequest.of(page, "20"));
        return Templates.list(new Queue(pairs, asked, Pager.of("/duplicates", Map.of("status", asked.query()), pairs)));
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
