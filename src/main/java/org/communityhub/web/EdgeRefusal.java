package org.communityhub.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.communityhub.common.error.FieldError;
import org.communityhub.common.error.Problem;

/**
 * The answer of a check that refuses a request before it reaches the hub's endpoints: problem+json
 * for the API, a notice in the page's notice area for the pages (htmx puts it there).
 */
final class EdgeRefusal {

    private EdgeRefusal() {}

    static void refuse(RoutingContext context, ObjectMapper json, int status, String code, String detail) {
        refuse(context, json, status, code, detail, null);
    }

    static void refuse(
            RoutingContext context, ObjectMapper json, int status, String code, String detail, FieldError field) {
        HttpServerResponse response = context.response();
        response.putHeader("Cache-Control", "no-store");
        if (Pages.isPage(context.normalizedPath())) {
            response.setStatusCode(status)
                    .putHeader("Content-Type", "text/html; charset=UTF-8")
                    .putHeader("HX-Retarget", "#flash")
                    .putHeader("HX-Reswap", "innerHTML")
                    .end("<p class=\"notice error\">" + detail + "</p>");
            return;
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(body(json, status, code, detail, field));
    }

    static String body(ObjectMapper json, int status, String code, String detail, FieldError field) {
        try {
            return json.writeValueAsString(new Problem(
                    Problem.typeFor(code),
                    title(status),
                    status,
                    code,
                    detail,
                    field == null ? null : List.of(field),
                    null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A problem that cannot be written as JSON", e);
        }
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 403 -> "Forbidden";
            case 411 -> "Length Required";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 422 -> "Unprocessable Content";
            case 431 -> "Request Header Fields Too Large";
            case 503 -> "Service Unavailable";
            default -> "Error";
        };
    }
}
