package org.communityhub.registry.place;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communityhub.access.Actor;
import org.communityhub.access.CurrentActor;
import org.communityhub.access.Roles;
import org.communityhub.common.error.FieldError;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;
import org.communityhub.reference.place.DivisionCode;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

/**
 * 社区: the administrator's page for the communities (社区/村) of their area: the list with each one's
 * street, a form to add one by its 12-digit statistical code, and the import of a statistical code
 * list. The same {@link DivisionService} as {@code /api/v1/divisions}.
 */
@Path("/communities")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.ADMIN)
public class CommunityPage {

    private static final java.util.regex.Pattern LINE = java.util.regex.Pattern.compile("line\\[\\d+]");

    /** The add form as typed, with a message per field that needs fixing, or what was added. */
    public record AddForm(String code, String name, Map<String, String> errors, String added) {

        static AddForm blank() {
            return new AddForm("", "", Map.of(), null);
        }

        public String error(String field) {
            return errors.get(field);
        }
    }

    /** What a code list's import did, or every problem of the file (nothing was changed then). */
    public record ImportOutcome(DivisionService.ImportResult result, String problem, List<String> lines) {}

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(Page<DivisionService.Community> communities, String q, AddForm form);

        static native TemplateInstance list$add(AddForm form);

        static native TemplateInstance street(String code, String street);

        static native TemplateInstance imported(ImportOutcome outcome);
    }

    private final DivisionService divisions;
    private final CurrentActor current;

    CommunityPage(DivisionService divisions, CurrentActor current) {
        this.divisions = divisions;
        this.current = current;
    }

    @GET
    public TemplateInstance list(@QueryParam("q") String q, @QueryParam("page") String page) {
        String query = q == null ? "" : q.strip();
        return Templates.list(
                divisions.communities(current.get().scope(), query, PageRequest.of(page, "50")),
                query,
                AddForm.blank());
    }

    /** The street a code being typed belongs to (its first 9 digits), for the add form. */
    @GET
    @Path("street")
    public TemplateInstance street(@QueryParam("code") String code) {
        String c = code == null ? "" : code.strip();
        String street = c.matches("[0-9]{9,12}")
                ? divisions
                        .find(DivisionCode.streetOf(c))
                        .map(DivisionView::name)
                        .orElse(null)
                : null;
        return Templates.street(c, street);
    }

    /** Adds a community; on success the list is shown filtered to it. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response add(@FormParam("code") String code, @FormParam("name") String name) {
        AddForm typed = new AddForm(code == null ? "" : code.strip(), name == null ? "" : name.strip(), Map.of(), null);
        Actor actor = current.get();
        Map<String, String> errors = new LinkedHashMap<>();
        try {
            if (DivisionCode.isCommunity(typed.code()) && !actor.covers(typed.code())) {
                errors.put("code", "该社区不在您的管辖范围内。");
            } else {
                String street = typed.code().length() >= DivisionCode.STREET_LENGTH
                        ? DivisionCode.streetOf(typed.code())
                        : typed.code();
                if (!typed.code().isEmpty() && !DivisionCode.isCommunity(typed.code())) {
                    errors.put("code", "社区（村）代码应为 12 位数字（统计用区划代码）。");
                } else {
                    DivisionView added = divisions
                            .addCommunities(List.of(new NewDivision(typed.code(), typed.name(), street)))
                            .get(0);
                    return Response.ok()
                            .header(
                                    "HX-Redirect",
                                    "/communities?q=" + URLEncoder.encode(added.code(), StandardCharsets.UTF_8))
                            .build();
                }
            }
        } catch (ProblemException e) {
            if (e.status() != 422 && e.status() != 409) {
                throw e;
            }
            if (e.errors().isEmpty()) {
                errors.put("code", e.getMessage());
            }
            for (FieldError error : e.errors()) {
                String field = error.field().replaceFirst("^communities\\[\\d+]\\.", "");
                errors.merge(field.equals("parentCode") ? "code" : field, error.message(), (a, b) -> a + " " + b);
            }
        }
        return Response.ok(Templates.list$add(new AddForm(typed.code(), typed.name(), errors, null)))
                .build();
    }

    /** Imports a statistical code list (CSV: code,name,streetCode): all or nothing. */
    @POST
    @Path("import")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public TemplateInstance importList(@RestForm("file") FileUpload file) {
        if (file == null || file.uploadedFile() == null || file.size() == 0) {
            return Templates.imported(new ImportOutcome(null, "请选择要导入的 CSV 文件。", List.of()));
        }
        try (InputStream in = Files.newInputStream(file.uploadedFile())) {
            return Templates.imported(new ImportOutcome(divisions.importCommunities(in), null, List.of()));
        } catch (ProblemException e) {
            if (e.status() != 422) {
                throw e;
            }
            List<String> lines = e.errors().stream()
                    .map(f -> LINE.matcher(f.field()).lookingAt()
                            ? "第 " + f.field().replaceAll("^line\\[(\\d+)].*", "$1") + " 行：" + f.message()
                            : f.message())
                    .toList();
            return Templates.imported(new ImportOutcome(
                    null, lines.isEmpty() ? e.getMessage() : "文件有 " + lines.size() + " 处问题，没有导入任何一行：", lines));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
