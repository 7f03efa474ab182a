package org.communityhub.access;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
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
    private final UserService users;
    private final String sessionCookie;

    SignInPage(
            SecurityIdentity identity,
            UserService users,
            @ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
                    String sessionCookie) {
        this.identity = identity;
        this.users = users;
        this.sessionCookie = sessionCookie;
    }

    @GET
    @Path("login")
    public Response signIn(@QueryParam("error") String error) {
        if (error == null && signedIn()) {
            return Response.seeOther(URI.create("/")).build();
        }
        return Response.ok(Templates.signIn(error != null)).build();
    }

    /**
     * Ends the session: the user's session generation is raised, so this session and every other
     * of the user (another browser, a copied cookie) end on every replica; the cookies are dropped,
     * and the browser is sent to the sign-in page.
     */
    @POST
    @Path("logout")
    public Response signOut(@Context UriInfo uri) {
        if (signedIn()) {
            users.endSessions(identity.getPrincipal().getName());
        }
        boolean https = "https".equals(uri.getRequestUri().getScheme());
        Response.ResponseBuilder response = Response.ok().header("HX-Redirect", "/login");
        for (String name : new String[] {sessionCookie, SessionTickets.COOKIE}) {
            response.cookie(new NewCookie.Builder(name)
                    .value("")
                    .path("/")
                    .maxAge(0)
                    .httpOnly(true)
                    .secure(https)
                    .sameSite(NewCookie.SameSite.STRICT)
                    .build());
        }
        return response.build();
    }

    /** Whether the request is signed in; an ended session counts as not signed in. */
    private boolean signedIn() {
        try {
            return !identity.isAnonymous();
        } catch (AuthenticationFailedException e) {
            return false;
        }
    }
}
