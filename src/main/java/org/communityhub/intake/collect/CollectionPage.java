package org.communityhub.intake.collect;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.communityhub.access.Actor;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.ids.Ids;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.intake.imports.MappingChange;
import org.communityhub.reference.code.ResidentFields;
import org.communityhub.registry.place.DivisionService;
import org.communityhub.registry.place.DivisionView;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * 填报: the collections a user may see; a supervisor sends a form and corrects its mapping, sees
 * each community's progress and downloads the summary; a worker downloads their community's form
 * filled, or fills the rest row by row on the page. Everything goes through the services the API
 * uses ({@link CollectionService}, {@link CollectionForms}, {@link CollectionFill}).
 */
@Path("/collections")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.WORKER, Roles.SUPERVISOR})
public class CollectionPage {

    /** The most collections the list shows; the API pages through them all. */
    private static final int LISTED = 200;
    /** The communities offered on the new collection's form; a larger area types the codes. */
    private static final int COMMUNITIES = 500;

    /** A collection in the list: returned communities, residents answered, the caller's own communities. */
    public record Listed(CollectionView view, long returned, long answered, List<CollectionView.CommunityView> mine) {}

    /** A field a column can be filled from, for the mapping form. */
    public record FieldOption(String key, String label) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<Listed> collections, boolean supervisor);

        static native TemplateInstance create(List<DivisionView> communities);

        static native TemplateInstance detail(
                CollectionView view, List<String> covered, boolean gather, List<FieldOption> fields);

        static native TemplateInstance fill(CollectionFill.Sheet sheet, CollectionView view);

        static native TemplateInstance returned(
                CollectionView view, CollectionView.CommunityView community, List<String> covered, ReturnView result);

        static native TemplateInstance saved(
                CollectionFill.Row row, UUID viewId, String community, int saved, int total);
    }

    private final CollectionService collections;
    private final CollectionForms forms;
    private final CollectionFill fill;
    private final ReturnedForms returns;
    private final DivisionService divisions;
    private final CurrentActor current;

    CollectionPage(
            CollectionService collections,
            CollectionForms forms,
            CollectionFill fill,
            ReturnedForms returns,
            DivisionService divisions,
            CurrentActor current) {
        this.collections = collections;
        this.forms = forms;
        this.fill = fill;
        this.returns = returns;
        this.divisions = divisions;
        this.current = current;
    }

    @GET
    public TemplateInstance list() {
        Actor actor = current.get();
        List<Listed> listed = collections.list(actor, PageRequest.of("0", String.valueOf(LISTED))).items().stream()
                .map(v -> new Listed(
                        v,
                        v.communities().stream().filter(m -> m.returns() > 0).count(),
                        v.communities().stream()
                                .mapToLong(CollectionView.CommunityView::rowsAnswered)
                                .sum(),
                        v.communities().stream()
                                .filter(m -> actor.covers(m.communityCode()))
                                .toList()))
                .toList();
        return Templates.list(listed, actor.hasRole(Roles.SUPERVISOR));
    }

    @GET
    @Path("new")
    @RolesAllowed(Roles.SUPERVISOR)
    public TemplateInstance create() {
        return Templates.create(
                divisions.communitiesIn(current.get().scope(), COMMUNITIES).orElse(List.of()));
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed(Roles.SUPERVISOR)
    public Response create(
            @RestForm("file") FileUpload file,
            @RestForm("title") String title,
            @RestForm("scope") List<String> scope,
            @RestForm("selection") String selection,
            @RestForm("dueDate") String dueDate) {
        CollectionView view = collections.create(
                current.get(),
                new CollectionService.NewCollection(
                        file == null ? null : file.fileName(),
                        file == null || file.size() == 0 ? null : file.uploadedFile(),
                        title,
                        scope == null ? null : String.join(",", scope),
                        selection,
                        dueDate));
        return Response.ok().header("HX-Redirect", "/collections/" + view.id()).build();
    }

    @GET
    @Path("{id}")
    public TemplateInstance detail(@PathParam("id") String id) {
        Actor actor = current.get();
        UUID collection = collectionId(id);
        CollectionRecord c = collections.require(actor, collection);
        List<FieldOption> fields = new java.util.ArrayList<>(ResidentFields.all().stream()
                .filter(FormFields::fillable)
                .map(f -> new FieldOption(f.name(), f.label()))
                .toList());
        collections.tagFields().forEach(f -> fields.add(new FieldOption(f, collections.label(f))));
        return Templates.detail(
                collections.view(c),
                c.communityCodes().stream().filter(actor::covers).toList(),
                collections.mayGather(actor, c),
                fields);
    }

    /** One column's field, or none: to fill (社区填写). */
    @POST
    @Path("{id}/mapping")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed(Roles.SUPERVISOR)
    public Response mapping(@PathParam("id") String id, MultivaluedMap<String, String> form) {
        Integer column = null;
        try {
            column = form == null || form.getFirst("column") == null
                    ? null
                    : Integer.valueOf(form.getFirst("column").strip());
        } catch (NumberFormatException e) {
            // refused below as an unknown column
        }
        String field = form == null ? null : form.getFirst("field");
        CollectionView view = collections.changeMapping(
                current.get(),
                collectionId(id),
                new MappingChange(List.of(new MappingChange.ColumnField(column == null ? 0 : column, field))));
        return Response.ok().header("HX-Redirect", "/collections/" + view.id()).build();
    }

    /** 关闭填报: as the API's close; back to the collection's page. */
    @POST
    @Path("{id}/close")
    @RolesAllowed(Roles.SUPERVISOR)
    public Response close(@PathParam("id") String id) {
        CollectionView view = collections.close(current.get(), collectionId(id));
        return Response.ok().header("HX-Redirect", "/collections/" + view.id()).build();
    }

    /** 重新开启填报: as the API's reopen; back to the collection's page. */
    @POST
    @Path("{id}/reopen")
    @RolesAllowed(Roles.SUPERVISOR)
    public Response reopen(@PathParam("id") String id) {
        CollectionView view = collections.reopen(current.get(), collectionId(id));
        return Response.ok().header("HX-Redirect", "/collections/" + view.id()).build();
    }

    /** 删除填报内容: as the API's deletion of the answers; back to the collection's page. */
    @DELETE
    @Path("{id}/answers")
    @RolesAllowed(Roles.SUPERVISOR)
    public Response deleteAnswers(@PathParam("id") String id) {
        CollectionService.AnswersDeleted deleted = collections.deleteAnswers(current.get(), collectionId(id));
        return Response.ok()
                .header("HX-Redirect", "/collections/" + deleted.collectionId())
                .build();
    }

    @GET
    @Path("{id}/forms/{communityCode}")
    @Produces({FilledForm.XLSX_TYPE, "text/csv", MediaType.TEXT_HTML})
    public Response form(
            @PathParam("id") String id,
            @PathParam("communityCode") String community,
            @QueryParam("purpose") String purpose,
            @QueryParam("purposeNote") String purposeNote) {
        Actor actor = current.get();
        return forms.download(actor, forms.prepare(actor, collectionId(id), community, purpose, purposeNote));
    }

    @GET
    @Path("{id}/summary")
    @Produces({FilledForm.XLSX_TYPE, "text/csv", MediaType.TEXT_HTML})
    @RolesAllowed(Roles.SUPERVISOR)
    public Response summary(
            @PathParam("id") String id,
            @QueryParam("purpose") String purpose,
            @QueryParam("purposeNote") String purposeNote) {
        Actor actor = current.get();
        return forms.download(actor, forms.prepareSummary(actor, collectionId(id), purpose, purposeNote));
    }

    /**
     * A community's filled form sent back from the page (交回填好的表格), as the API takes it: what
     * the hub read (rows, answered, not matched, the changes it proposes), and the community's
     * progress updated. A refusal comes back as the page's notice.
     */
    @POST
    @Path("{id}/returns")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public TemplateInstance returned(
            @PathParam("id") String id,
            @RestForm("communityCode") String communityCode,
            @RestForm("file") FileUpload file) {
        Actor actor = current.get();
        UUID collection = collectionId(id);
        String community = communityCode == null ? null : communityCode.strip();
        ReturnView result = returns.receive(
                actor,
                collection,
                community,
                file == null ? null : file.fileName(),
                file == null || file.size() == 0 ? null : file.uploadedFile());
        CollectionRecord c = collections.require(actor, collection);
        CollectionView view = collections.view(c);
        CollectionView.CommunityView progress = view.communities().stream()
                .filter(m -> m.communityCode().equals(result.communityCode()))
                .findFirst()
                .orElseThrow();
        return Templates.returned(
                view,
                progress,
                c.communityCodes().stream().filter(actor::covers).toList(),
                result);
    }

    @GET
    @Path("{id}/fill/{communityCode}")
    public TemplateInstance fill(
            @PathParam("id") String id,
            @PathParam("communityCode") String community,
            @QueryParam("page") String page,
            @QueryParam("open") String open) {
        CollectionFill.Sheet sheet =
                fill.sheet(current.get(), collectionId(id), community, pageNumber(page), "true".equals(open));
        return Templates.fill(sheet, sheet.view());
    }

    /** A page number as a link gives it, counted from 1; anything else is the first page. */
    private static int pageNumber(String page) {
        try {
            return page == null ? 0 : Integer.parseInt(page.strip()) - 1;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** A row saved: its inputs c1, c2 … by column number. */
    @POST
    @Path("{id}/fill/{communityCode}/{residentId}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance save(
            @PathParam("id") String id,
            @PathParam("communityCode") String community,
            @PathParam("residentId") String residentId,
            MultivaluedMap<String, String> form) {
        UUID resident = Ids.parse(residentId).orElseThrow(() -> ProblemException.notFound("这张表中的居民"));
        Map<Integer, String> typed = new HashMap<>();
        if (form != null) {
            form.forEach((name, values) -> {
                if (name.matches("c[0-9]{1,4}") && !values.isEmpty()) {
                    typed.put(Integer.valueOf(name.substring(1)), values.get(0));
                }
            });
        }
        UUID collection = collectionId(id);
        CollectionFill.Saved saved = fill.save(current.get(), collection, community, resident, typed);
        return Templates.saved(saved.row(), collection, community, saved.saved(), saved.total());
    }

    private static UUID collectionId(String id) {
        return Ids.parse(id).orElseThrow(() -> ProblemException.notFound("填报"));
    }
}
