package org.communityhub.access;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * 登录 and 退出 for the pages. The form posts to Quarkus' form sign-in ({@code j_security_check}),
 * which checks the password with the built-in users, sets the encrypted session cookie, and
 * returns to the page the user first asked for.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
@PermitAll
public class SignInPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signIn(boolean failed);
    }

    private final SecurityIdentity identity;
    private final String sessionCookie;

    SignInPage(
            SecurityIdentity identity,
            @ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
                    String sessionCookie) {
        this.identity = identity;
        this.sessionCookie = sessionCookie;
    }

    @GET
    @Path("login")
    public Response signIn(@QueryParam("error") String error) {
        if (!identity.isAnonymous() && error == null) {
            return Response.seeOther(URI.create("/")).build();
        }
        return Response.ok(Templates.signIn(error != null)).build();
    }

    /** Ends the session: the cookie is dropped, and the browser is sent to the sign-in page. */
    @POST
    @Path("logout")
    public Response signOut() {
        NewCookie gone = new NewCookie.Builder(sessionCookie)
                .value("")
                .path("/")
                .maxAge(0)
                .httpOnly(true)
                .build();
        return Response.ok().cookie(gone).header("HX-Redirect", "/login").build();
    }
}
