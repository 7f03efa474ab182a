package org.communityhub.access;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateExtension;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.communityhub.common.error.ExpectedVersion;
import org.communityhub.common.error.FieldError;
import org.communityhub.common.error.ProblemException;
import org.communityhub.common.paging.Page;
import org.communityhub.common.paging.PageRequest;

/**
 * 用户: the system administrator's pages for the built-in users. A list, a form to create a user,
 * and a user's page to change roles, area scope, display name and whether they may sign in, and to
 * set a new password.
 */
@Path("/users")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.ADMIN)
public class UserPage {

    private static final Pattern SEPARATORS = Pattern.compile("[\\s,，、;；]+");

    /**
     * A user form as typed, with the message for each field that needs fixing. Passwords are never
     * written back into the page.
     *
     * @param scope the division codes as typed (separated by spaces or commas)
     * @param version the version the form was opened at; a save based on an older one is refused
     */
    public record UserForm(
            String username,
            String displayName,
            List<String> roles,
            String scope,
            boolean enabled,
            int version,
            Map<String, String> errors,
            String notice,
            String problem) {

        static UserForm blank() {
            return new UserForm("", "", List.of(), "", true, 0, Map.of(), null, null);
        }

        static UserForm of(UserView user) {
            return new UserForm(
                    user.username(),
                    user.displayName() == null ? "" : user.displayName(),
                    user.roles(),
                    String.join(" ", user.scope()),
                    user.enabled(),
                    user.version(),
                    Map.of(),
                    null,
                    null);
        }

        UserForm withErrors(Map<String, String> errors) {
            return new UserForm(username, displayName, roles, scope, enabled, version, errors, null, null);
        }

        UserForm withNotice(String notice) {
            return new UserForm(username, displayName, roles, scope, enabled, version, errors, notice, null);
        }

        UserForm withProblem(String problem) {
            return new UserForm(username, displayName, roles, scope, enabled, version, errors, null, problem);
        }

        public boolean has(String role) {
            return roles.contains(role);
        }

        /** The message for a field, or null when it is fine. */
        public String error(String field) {
            return errors.get(field);
        }
    }

    /** The password form's outcome: messages per field, or what was done. */
    public record PasswordForm(Map<String, String> errors, String notice) {

        static PasswordForm blank() {
            return new PasswordForm(Map.of(), null);
        }

        public String error(String field) {
            return errors.get(field);
        }
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(Page<UserView> users, String created);

        static native TemplateInstance create(UserForm form);

        static native TemplateInstance create$form(UserForm form);

        static native TemplateInstance edit(UserView user, UserForm form, PasswordForm password);

        static native TemplateInstance edit$form(UserView user, UserForm form);

        static native TemplateInstance edit$password(UserView user, PasswordForm password);
    }

    private final UserService users;
    private final CurrentActor current;

    UserPage(UserService users, CurrentActor current) {
        this.users = users;
        this.current = current;
    }

    @GET
    public TemplateInstance list(
            @QueryParam("page") String page, @QueryParam("size") String size, @QueryParam("created") String created) {
        return Templates.list(users.list(PageRequest.of(page, size == null ? "50" : size)), created);
    }

    @GET
    @Path("new")
    public TemplateInstance createForm() {
        return Templates.create(UserForm.blank());
    }

    /** Creates the user; on success the browser goes to the list, which names the new user. */
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response create(
            @FormParam("username") String username,
            @FormParam("displayName") String displayName,
            @FormParam("password") String password,
            @FormParam("confirm") String confirm,
            @FormParam("roles") List<String> roles,
            @FormParam("scope") String scope) {
        UserForm typed = new UserForm(
                username == null ? "" : username.strip(),
                displayName == null ? "" : displayName,
                roles == null ? List.of() : roles,
                scope == null ? "" : scope,
                true,
                0,
                Map.of(),
                null,
                null);
        List<String> codes = codes(typed.scope());
        Map<String, String> errors = new LinkedHashMap<>();
        try {
            NewUser request = new NewUser(typed.username(), typed.displayName(), password, typed.roles(), codes);
            if (!confirmed(password, confirm, errors)) {
                return Response.ok(Templates.create$form(typed.withErrors(errors)))
                        .build();
            }
            UserView created = users.create(current.get(), request);
            return Response.ok()
                    .header(
                            "HX-Redirect",
                            "/users?created=" + URLEncoder.encode(created.username(), StandardCharsets.UTF_8))
                    .build();
        } catch (ProblemException e) {
            if (e.status() == 409 && "duplicate-username".equals(e.code())) {
                errors.put("username", e.getMessage());
            } else if (e.status() == 422) {
                errors.putAll(fieldMessages(e, codes));
            } else {
                throw e;
            }
            confirmed(password, confirm, errors);
            return Response.ok(Templates.create$form(typed.withErrors(errors))).build();
        }
    }

    /** A user's page; under {@code /edit} so that no username can be mistaken for {@code /users/new}. */
    @GET
    @Path("{username}/edit")
    public TemplateInstance edit(@PathParam("username") String username) {
        UserView user = users.get(username);
        return Templates.edit(user, UserForm.of(user), PasswordForm.blank());
    }

    /** Saves roles, scope, display name and enabled, based on the version the form was opened at. */
    @PUT
    @Path("{username}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance update(
            @PathParam("username") String username,
            @FormParam("displayName") String displayName,
            @FormParam("roles") List<String> roles,
            @FormParam("scope") String scope,
            @FormParam("enabled") String enabled,
            @FormParam("version") String version) {
        UserView user = users.get(username);
        int basedOn = parseVersion(version);
        UserForm typed = new UserForm(
                user.username(),
                displayName == null ? "" : displayName,
                roles == null ? List.of() : roles,
                scope == null ? "" : scope,
                enabled != null,
                basedOn,
                Map.of(),
                null,
                null);
        List<String> codes = codes(typed.scope());
        try {
            UserChange change = new UserChange(typed.displayName(), typed.roles(), codes, typed.enabled());
            UserView saved = users.update(current.get(), username, change, ExpectedVersion.of(basedOn));
            return Templates.edit$form(saved, UserForm.of(saved).withNotice("已保存。"));
        } catch (ProblemException e) {
            if (e.status() == 422) {
                return Templates.edit$form(user, typed.withErrors(fieldMessages(e, codes)));
            }
            if (e.status() == 412) {
                // Keep the old version: saving again must not overwrite what the other person saved.
                return Templates.edit$form(
                        user,
                        typed.withProblem("未保存：在您打开此页之后，已有人修改并保存了该用户。您填写的内容仍在下面，" + "但不能覆盖别人的修改：请重新打开此页查看最新内容，再作修改。"));
            }
            if (e.status() == 409) {
                return Templates.edit$form(user, typed.withProblem("未保存：" + e.getMessage()));
            }
            throw e;
        }
    }

    /** The administrator sets a new password (e.g. the user forgot theirs). */
    @PUT
    @Path("{username}/password")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public TemplateInstance resetPassword(
            @PathParam("username") String username,
            @FormParam("password") String password,
            @FormParam("confirm") String confirm) {
        UserView user = users.get(username);
        Map<String, String> errors = new LinkedHashMap<>();
        try {
            PasswordChange change = new PasswordChange(password, null);
            if (!confirmed(password, confirm, errors)) {
                return Templates.edit$password(user, new PasswordForm(errors, null));
            }
            users.changePassword(current.get(), username, change);
        } catch (ProblemException e) {
            if (e.status() != 422) {
                throw e;
            }
            errors.putAll(fieldMessages(e, List.of()));
            confirmed(password, confirm, errors);
            return Templates.edit$password(user, new PasswordForm(errors, null));
        }
        return Templates.edit$password(
                user, new PasswordForm(Map.of(), "已为 " + username + " 设置新密码。请通过安全的方式告知本人，并请其登录后尽快自行修改。"));
    }

    /** Whether the confirmation matches; says so next to the confirmation field when not. */
    private static boolean confirmed(String password, String confirm, Map<String, String> errors) {
        if (password != null && !password.isEmpty() && !password.equals(confirm)) {
            errors.putIfAbsent("confirm", "两次输入的密码不一致，请重新输入。");
            return false;
        }
        return true;
    }

    /**
     * The service's field messages by form field: {@code scope[2]} belongs to the scope field and
     * names the code it is about; the roles' "required" message lists the API's role names, which
     * the form shows as check boxes instead.
     */
    private static Map<String, String> fieldMessages(ProblemException e, List<String> codes) {
        Map<String, String> messages = new LinkedHashMap<>();
        for (FieldError error : e.errors()) {
            String field = error.field();
            String message = error.message();
            int bracket = field.indexOf('[');
            if (bracket > 0) {
                int index = Integer.parseInt(field.substring(bracket + 1, field.length() - 1));
                field = field.substring(0, bracket);
                if (field.equals("scope") && index < codes.size()) {
                    message = codes.get(index) + "：" + message;
                }
            }
            if (field.equals("roles") && "required".equals(error.code())) {
                message = "请至少选择一个角色。";
            }
            messages.merge(field, message, (a, b) -> a.equals(b) ? a : a + " " + b);
        }
        return messages;
    }

    /** Division codes as typed, separated by spaces, commas or 、. */
    static List<String> codes(String scope) {
        if (scope == null || scope.isBlank()) {
            return List.of();
        }
        return Arrays.stream(SEPARATORS.split(scope.strip()))
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static int parseVersion(String version) {
        try {
            return Integer.parseInt(version == null ? "" : version.strip());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("missing-version", "表单缺少版本信息，请重新打开此页。");
        }
    }

    /** {@code users:hasNext(page)}: whether a later page of the list exists. */
    @TemplateExtension(namespace = "users")
    static final class Lists {

        private Lists() {}

        static boolean hasNext(Page<?> page) {
            return (long) (page.page() + 1) * page.size() < page.total();
        }
    }

    /** The roles in the pages' words: {@code roles:name('worker')}, and {@code roles:all} for the choices. */
    @TemplateExtension(namespace = "roles")
    static final class RoleNames {

        private static final Map<String, String> NAMES = Map.of(
                Roles.WORKER, "社区工作者",
                Roles.SUPERVISOR, "街道管理员",
                Roles.AUDITOR, "审计员",
                Roles.ADAPTER_ADMIN, "平台管理员",
                Roles.ADMIN, "系统管理员");

        private RoleNames() {}

        static String name(String role) {
            return NAMES.getOrDefault(role, role);
        }

        static List<String> all() {
            return Roles.ALL;
        }
    }
}
