package org.communityhub.intake.imports;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.common.error.FieldError;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.ids.Ids;
import org.communityhub.registry.place.NewDivision;

/**
 * 缺少的社区: the communities an import's rows name that the registry does not have, read from the
 * file. An administrator adds them in one step (names from the ledger where it has them, typed
 * otherwise) and the import is checked again; anyone else who sees the import sees who can.
 */
@Path("/imports/{id}/communities")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.WORKER, Roles.SUPERVISOR, Roles.ADMIN})
public class ImportCommunitiesPage {

    /** The names as typed (by code) and the problems of the last attempt, by code ("" for the whole). */
    public record Typed(Map<String, String> names, Map<String, String> errors, String added) {

        static Typed none() {
            return new Typed(Map.of(), Map.of(), null);
        }

        /** The name typed for a code, or the one the file gives, or empty. */
        public String name(ImportCommunities.Missing m) {
            String typed = names.get(m.code());
            return typed != null ? typed : m.name() == null ? "" : m.name();
        }

        public String error(String code) {
            return errors.get(code);
        }
    }

    @CheckedTemplate(basePath = "ImportPage")
    static class Templates {
        static native TemplateInstance communities(ImportCommunities.MissingCommunities view, Typed typed);
    }

    private final ImportCommunities communities;
    private final CurrentActor current;

    ImportCommunitiesPage(ImportCommunities communities, CurrentActor current) {
        this.communities = communities;
        this.current = current;
    }

    @GET
    public TemplateInstance show(@PathParam("id") String id, @QueryParam("added") String added) {
        Typed typed = new Typed(Map.of(), Map.of(), added != null && added.matches("\\d{1,4}") ? added : null);
        return Templates.communities(communities.missing(current.get(), importId(id)), typed);
    }

    /**
     * Adds the communities with the names given ({@code name.<code>}), all or none; then the browser
     * goes to the import being checked again (or, for an admin who cannot open it, back here).
     */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response add(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        Actor actor = current.get();
        if (!actor.hasRole(Roles.ADMIN)) {
            throw ProblemException.forbidden("admin-only", "只有系统管理员可以添加社区。");
        }
        UUID importId = importId(id);
        ImportCommunities.MissingCommunities view = communities.missing(actor, importId);
        Map<String, String> names = new LinkedHashMap<>();
        List<NewDivision> adding = new ArrayList<>();
        Map<String, String> errors = new LinkedHashMap<>();
        for (ImportCommunities.Missing m : view.missing()) {
            String name = form == null ? null : form.getFirst("name." + m.code());
            names.put(m.code(), name == null ? "" : name.strip());
            if (!m.streetKnown()) {
                continue; // listed with its problem; the others can be added
            }
            try {
                adding.add(new NewDivision(m.code(), name, m.streetCode()));
            } catch (ProblemException e) {
                errors.put(
                        m.code(),
                        e.errors().isEmpty()
                                ? e.getMessage()
                                : e.errors().get(0).message());
            }
        }
        if (errors.isEmpty()) {
            try {
                communities.add(actor, importId, adding);
                String to = view.mayOpenImport()
                        ? "/imports/" + importId
                        : "/imports/" + importId + "/communities?added=" + adding.size();
                return Response.ok().header("HX-Redirect", to).build();
            } catch (ProblemException e) {
                if (e.status() != 422 && e.status() != 409) {
                    throw e;
                }
                if (e.errors().isEmpty()) {
                    errors.put("", e.getMessage());
                }
                for (FieldError f : e.errors()) {
                    int i = f.field().startsWith("communities[")
                            ? Integer.parseInt(f.field().replaceAll("^communities\\[(\\d+)].*", "$1"))
                            : -1;
                    errors.merge(
                            i >= 0 && i < adding.size() ? adding.get(i).code() : "",
                            f.message(),
                            (a, b) -> a + " " + b);
                }
            }
        }
        return Response.ok(Templates.communities(view, new Typed(names, errors, null)))
                .build();
    }

    /**
     * 添加这些社区 on the import page, one click: when the ledger names every missing community and
     * each one's street is in the registry, they are added with those names and the import is
     * checked again; otherwise the browser goes to this page, to type or correct the names.
     */
    @POST
    @Path("from-file")
    public Response addFromFile(@PathParam("id") String id) {
        Actor actor = current.get();
        if (!actor.hasRole(Roles.ADMIN)) {
            throw ProblemException.forbidden("admin-only", "只有系统管理员可以添加社区。");
        }
        UUID importId = importId(id);
        ImportCommunities.MissingCommunities view = communities.missing(actor, importId);
        boolean complete =
                !view.missing().isEmpty() && view.missing().stream().allMatch(m -> m.streetKnown() && m.name() != null);
        if (complete && view.mayAdd()) {
            try {
                communities.add(
                        actor,
                        importId,
                        view.missing().stream()
                                .map(m -> new NewDivision(m.code(), m.name(), m.streetCode()))
                                .toList());
                return Response.ok()
                        .header(
                                "HX-Redirect",
                                view.mayOpenImport()
                                        ? "/imports/" + importId
                                        : "/imports/" + importId + "/communities?added="
                                                + view.missing().size())
                        .build();
            } catch (ProblemException e) {
                if (e.status() != 422 && e.status() != 409) {
                    throw e;
                }
                // A name the registry refuses (too long): shown on the page, to correct.
            }
        }
        return Response.ok()
                .header("HX-Redirect", "/imports/" + importId + "/communities")
                .build();
    }

    private static UUID importId(String id) {
        return Ids.parse(id).orElseThrow(() -> ProblemException.notFound("导入"));
    }
}
