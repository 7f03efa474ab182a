package org.communityhub.registry.party;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communityhub.access.Actor;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.common.paging.Filters;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.registry.place.DivisionNames;
import org.communityhub.registry.place.DivisionService;
import org.communityhub.registry.place.DivisionView;
import org.communityhub.web.Pager;

/**
 * 党员名册: the party members of the worker's area, with the filters of the API's list. Flags are
 * written 1 / 0 in the address (true / false work too), as links from other pages use them.
 */
@Path("/party-members")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.WORKER, Roles.SUPERVISOR})
public class PartyMemberPage {

    /** How many communities the filter offers before the user types a code instead. */
    private static final int COMMUNITY_CHOICES = 200;

    /** A line of the list, with the community's name. */
    public record Row(PartyMemberItem member, String community) {}

    /**
     * The list and its filters as given; {@code communities} is null when the user types a
     * community code instead of choosing one.
     */
    public record Listing(Page<Row> page, Pager pager, Map<String, String> filters, List<DivisionView> communities) {

        public String filter(String name) {
            String value = filters.get(name);
            return value == null ? "" : value;
        }

        public boolean is(String name, String value) {
            return value.equals(filters.get(name));
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(Listing listing);
    }

    private final CurrentActor current;
    private final PartyMembershipService memberships;
    private final DivisionService divisions;
    private final DivisionNames names;

    PartyMemberPage(
            CurrentActor current, PartyMembershipService memberships, DivisionService divisions, DivisionNames names) {
        this.current = current;
        this.memberships = memberships;
        this.divisions = divisions;
        this.names = names;
    }

    @GET
    public TemplateInstance list(
            @QueryParam("communityCode") String communityCode,
            @QueryParam("q") String q,
            @QueryParam("status") String status,
            @QueryParam("category") String category,
            @QueryParam("reportedToCommunity") String reportedToCommunity,
            @QueryParam("lostContact") String lostContact,
            @QueryParam("page") String page) {
        Actor actor = current.get();
        FieldErrors errors = new FieldErrors();
        PageRequest paging = PageRequest.of(page, null);
        PartyMemberQuery query = new PartyMemberQuery(
                Filters.division(communityCode, "communityCode", errors),
                Filters.text(q),
                Filters.oneOf(PartyMemberStatus.class, status, "status", "党员状态应为正式党员或预备党员。", errors),
                Filters.text(category),
                Filters.flag(reportedToCommunity, "reportedToCommunity", errors),
                Filters.flag(lostContact, "lostContact", errors));
        errors.throwIfAny();
        Page<Row> found =
                memberships.list(actor, query, paging).map(m -> new Row(m, names.placeName(m.communityCode())));
        Map<String, String> filters = new LinkedHashMap<>();
        filters.put("communityCode", query.divisionCode());
        filters.put("q", query.nameContains());
        filters.put("status", query.status() == null ? null : query.status().name());
        filters.put("category", query.category());
        filters.put("reportedToCommunity", flag(query.reportedToCommunity()));
        filters.put("lostContact", flag(query.lostContact()));
        return Templates.list(new Listing(
                found,
                Pager.of("/party-members", filters, found),
                filters,
                divisions.communitiesIn(actor.scope(), COMMUNITY_CHOICES).orElse(null)));
    }

    private static String flag(Boolean value) {
        return value == null ? null : value ? "1" : "0";
    }
}
