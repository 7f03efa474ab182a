package org.communityhub.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.communityhub.common.error.Problem;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * Pages answer in HTML, also when something goes wrong: a problem (the same ones the API answers
 * with problem+json) becomes an error page, or for an htmx request a message in the page's notice
 * area; a request that needs signing in is sent to the sign-in page, which returns to it after.
 * Pages are never cached: they show personal data, often on shared office computers.
 */
public class PageResponses {

    /** The form sign-in's cookie naming where to go after signing in (quarkus.http.auth.form.location-cookie). */
    private static final String RETURN_COOKIE = "quarkus-redirect-location";

    /** Where the sign-in form posts (quarkus.http.auth.form.post-location). */
    private static final String SIGN_IN_POST = "/j_security_check";

    @CheckedTemplate(basePath = "web")
    static class Templates {
        static native TemplateInstance error(Problem problem);

        static native TemplateInstance notice(Problem problem);
    }

    @ServerResponseFilter
    public void asPage(ContainerRequestContext request, ContainerResponseContext response) {
        if (!Pages.isPage(request.getUriInfo().getPath())) {
            return;
        }
        response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
        if (!(response.getEntity() instanceof Problem problem)) {
            return;
        }
        boolean htmx = request.getHeaderString("HX-Request") != null;
        if (problem.status() == 401) {
            signIn(request, response, htmx);
            return;
        }
        if (htmx) {
            response.getHeaders().putSingle("HX-Retarget", "#flash");
            response.getHeaders().putSingle("HX-Reswap", "innerHTML");
            response.setEntity(Templates.notice(problem).render(), null, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
        } else {
            response.setEntity(Templates.error(problem).render(), null, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"));
        }
    }

    private static void signIn(ContainerRequestContext request, ContainerResponseContext response, boolean htmx) {
        response.getHeaders().remove(HttpHeaders.WWW_AUTHENTICATE);
        if (htmx) {
            // The page the request came from is where the user returns to.
            response.setStatus(200);
            response.getHeaders().putSingle("HX-Redirect", "/login");
            response.setEntity("", null, MediaType.TEXT_HTML_TYPE);
            return;
        }
        response.setStatus(Response.Status.SEE_OTHER.getStatusCode());
        // A refused sign-in (wrong password, disabled user, too many tries) comes back to the form, saying so.
        boolean refused = request.getUriInfo().getPath().equals(SIGN_IN_POST);
        response.getHeaders().putSingle(HttpHeaders.LOCATION, URI.create(refused ? "/login?error=1" : "/login"));
        if ("GET".equals(request.getMethod()) && !refused) {
            NewCookie back = new NewCookie.Builder(RETURN_COOKIE)
                    .value(request.getUriInfo().getRequestUri().toString())
                    .path("/")
                    .httpOnly(true)
                    .sameSite(NewCookie.SameSite.STRICT)
                    .build();
            response.getHeaders().add(HttpHeaders.SET_COOKIE, back);
        }
        response.setEntity(null);
    }
}
