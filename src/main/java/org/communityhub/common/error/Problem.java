package org.communityhub.common.error;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Map;

/**
 * The body of every error response: RFC 9457 problem details with the hub's extensions {@code
 * code} (stable, machine-readable), a Chinese {@code detail}, and {@code errors} for validation.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"type", "title", "status", "code", "detail", "errors"})
public record Problem(
        String type,
        String title,
        int status,
        String code,
        String detail,
        List<FieldError> errors,
        @com.fasterxml.jackson.annotation.JsonIgnore Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** Problem types are documented per code; the type URI names the code. */
    public static String typeFor(String code) {
        return "https://community-hub.org/problems/" + code;
    }

    @JsonAnyGetter
    public Map<String, Object> extensionMembers() {
        return extensions == null ? Map.of() : extensions;
    }
}
