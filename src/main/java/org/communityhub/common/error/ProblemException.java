package org.communityhub.common.error;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A failure the client can act on. Carries everything the problem+json response needs; thrown by
 * services, turned into a response by {@link ProblemMappers}. Messages never contain personal data.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String code;
    private final String title;
    private final List<FieldError> errors;
    private final Map<String, Object> extensions;

    public ProblemException(int status, String code, String title, String detail) {
        this(status, code, title, detail, List.of(), Map.of());
    }

    public ProblemException(
            int status,
            String code,
            String title,
            String detail,
            List<FieldError> errors,
            Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.extensions = new LinkedHashMap<>(extensions);
    }

    /** 404: the thing does not exist, or lies outside the caller's area (we do not tell which). */
    public static ProblemException notFound(String what) {
        return new ProblemException(404, "not-found", "Not Found", "未找到该" + what + "，或它不在您的管辖范围内。");
    }

    /** 422: the request is well-formed JSON but its content breaks the rules. */
    public static ProblemException invalid(List<FieldError> errors) {
        return new ProblemException(
                422,
                "validation-failed",
                "Unprocessable Content",
                "提交的数据有 " + errors.size() + " 处问题，请按提示修改后重新提交。",
                errors,
                Map.of());
    }

    /** 422 for a single field. */
    public static ProblemException invalid(String field, String code, String message) {
        return invalid(List.of(new FieldError(field, code, message)));
    }

    /** 409: the request conflicts with the current state of the registry. */
    public static ProblemException conflict(String code, String detail) {
        return new ProblemException(409, code, "Conflict", detail);
    }

    public static ProblemException forbidden(String code, String detail) {
        return new ProblemException(403, code, "Forbidden", detail);
    }

    public static ProblemException badRequest(String code, String detail) {
        return new ProblemException(400, code, "Bad Request", detail);
    }

    /** A request body the endpoint needs; an empty body gets a 400 instead of reaching a service. */
    public static <T> T requireBody(T body) {
        if (body == null) {
            throw badRequest("missing-body", "请求体为空：请提交一个 JSON 对象。");
        }
        return body;
    }

    public ProblemException with(String name, Object value) {
        extensions.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public Problem toProblem() {
        return new Problem(
                Problem.typeFor(code),
                title,
                status,
                code,
                getMessage(),
                errors.isEmpty() ? null : errors,
                extensions.isEmpty() ? null : extensions);
    }
}
