package org.communityhub.web;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

/**
 * API answers are not kept by browsers or proxies: lists of residents, a resident, an export carry
 * personal data, and an answer without personal data loses nothing by not being cached. An answer
 * that states its own caching keeps it.
 */
public class ApiResponses {

    @ServerResponseFilter
    public void notStored(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getUriInfo().getPath().startsWith("/api/")
                && !response.getHeaders().containsKey(HttpHeaders.CACHE_CONTROL)) {
            response.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
        }
    }
}
