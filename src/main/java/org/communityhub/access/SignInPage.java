package org.communityhub.access;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * 登录 and 退出 for the pages. The form posts to Quarkus' form sign-in ({@code j_security_check}),
 * which checks the password with the built-in users, sets the encrypted session cookie, and
 * returns to the page the user first asked for. Where the district's OIDC server is configured, its
 * sign-in ({@link PageTokenSignIn}) begins the same kind of session.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
@PermitAll
public class SignInPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance signIn(
                boolean failed, String problem, String problemCode, boolean oidc, boolean form);

        static native TemplateInstance signedIn();
    }

    private final SecurityIdentity identity;
    private final UserService users;
    private final PageTokenSignIn tokenSignIn;
    private final CurrentVertxRequest request;
    private final String sessionCookie;

    SignInPage(
            SecurityIdentity identity,
            UserService users,
            PageTokenSignIn tokenSignIn,
            CurrentVertxRequest request,
            @ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
                    String sessionCookie) {
        this.identity = identity;
        this.users = users;
        this.tokenSignIn = tokenSignIn;
        this.request = request;
        this.sessionCookie = sessionCookie;
    }

    /**
     * The sign-in page: the built-in form and, where the district's OIDC server is configured, its
     * button beside it. With {@code HUB_OIDC_PAGES=only} the form is shown only after its link is
     * followed ({@code ?local=1}), for admin and the other built-in accounts.
     */
    @GET
    @Path("login")
    public Response signIn(@QueryParam("error") String error, @QueryParam("local") String local) {
        if (error == null && signedIn()) {
            return Response.seeOther(URI.create("/")).build();
        }
        boolean form = !tokenSignIn.formOnRequest() || local != null || error != null;
        return Response.ok(Templates.signIn(error != null, null, null, tokenSignIn.offered(), form))
                .build();
    }

    /** 使用统一身份认证登录: on to the OIDC server's login page. */
    @GET
    @Path("sign-in/oidc")
    public Response signInWithServer(@Context UriInfo uri) {
        if (!tokenSignIn.offered()) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        try {
            return Response.seeOther(tokenSignIn.begin(request.getCurrent(), uri.getBaseUri()))
                    .header("Cache-Control", "no-store")
                    .build();
        } catch (PageTokenSignIn.Refusal refusal) {
            return refused(refusal);
        }
    }

    /**
     * Back from the OIDC server. On success the page continues to the start page by itself: the
     * browser arrived here from another site, and a same-site session cookie set now is sent only
     * with a request this page makes.
     */
    @GET
    @Path("sign-in/oidc/callback")
    public Response signInWithServerDone(
            @Context UriInfo uri,
            @QueryParam("code") String code,
            @QueryParam("state") String state,
            @QueryParam("error") String error) {
        if (!tokenSignIn.offered()) {
            return Response.status(Response.Status.NOT_FOUND).build();
        }
        try {
            tokenSignIn.finish(request.getCurrent(), uri.getBaseUri(), code, state, error);
            return Response.ok(Templates.signedIn())
                    .header("Cache-Control", "no-store")
                    .build();
        } catch (PageTokenSignIn.Refusal refusal) {
            return refused(refusal);
        }
    }

    private Response refused(PageTokenSignIn.Refusal refusal) {
        return Response.status(refusal.status)
                .entity(Templates.signIn(false, refusal.getMessage(), refusal.code, true, !tokenSignIn.formOnRequest()))
                .header("Cache-Control", "no-store")
                .build();
    }

    /**
     * Ends the session: the user's session generation is raised, so this session and every other
     * of the user (another browser, a copied cookie) end on every replica; the cookies are dropped,
     * and the browser is sent to the sign-in page.
     */
    @POST
    @Path("logout")
    public Response signOut(@Context UriInfo uri, @CookieParam(PageTokenSignIn.ID_TOKEN_COOKIE) String idToken) {
        String next = "/login";
        if (signedIn()) {
            String username = identity.getPrincipal().getName();
            if (TokenIdentityAugmentor.isTokenUser(username)) {
                users.endTokenSessions(username);
                // Kept by the OIDC server: its session there ends too, where it offers that.
                next = tokenSignIn
                        .endSession(idToken, uri.getBaseUri())
                        .map(URI::toString)
                        .orElse(next);
            } else {
                users.endSessions(username);
            }
        }
        boolean https = "https".equals(uri.getRequestUri().getScheme());
        Response.ResponseBuilder response = Response.ok().header("HX-Redirect", next);
        for (String setCookie : SessionTickets.dropped(sessionCookie, https)) {
            response.header(HttpHeaders.SET_COOKIE, setCookie);
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
