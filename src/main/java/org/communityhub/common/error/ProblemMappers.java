package org.communityhub.common.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.quarkus.oidc.OIDCException;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpClosedException;
import jakarta.persistence.OptimisticLockException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.communityhub.common.text.RefusedParameterException;
import org.communityhub.common.text.RefusedTextException;
import org.communityhub.common.text.Text;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.StaleStateException;
import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.core.multipart.MultipartParser;

/**
 * Turns every failure into an {@code application/problem+json} response. Clients never see a
 * stack trace, a class name, SQL, or the values they sent (those may be personal data).
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    /** Database constraints a client can run into, and what to tell them. */
    private static final Map<String, Supplier<ProblemException>> CONSTRAINTS = Map.of(
            "resident_id_number_unique",
            () -> ProblemException.conflict("duplicate-id-number", "该证件号码已登记在另一位居民名下。"),
            "resident_one_head_per_household",
            () -> ProblemException.conflict("household-head-exists", "该户已有户主；一户只能有一位户主。"),
            "household_number_per_community",
            () -> ProblemException.conflict("duplicate-household-number", "本社区已有相同户号的户。"),
            "division_pkey",
            () -> ProblemException.conflict("duplicate-division", "该区划代码已存在。"),
            "app_user_username_key",
            () -> ProblemException.conflict("duplicate-username", "该用户名已被使用。"));

    /** Whether users may also sign in with bearer tokens (OIDC): 401 answers then say so. */
    private final boolean tokenSignIn;

    ProblemMappers(@ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> oidcServer) {
        this.tokenSignIn = oidcServer.filter(url -> !url.isBlank()).isPresent();
    }

    @ServerExceptionMapper
    public Response problem(ProblemException e) {
        return respond(e.toProblem());
    }

    @ServerExceptionMapper
    public Response refusedText(RefusedTextException e) {
        LOG.infof(
                "Request refused: field %s holds %s",
                Text.forLog(path(e)), e.problem().code());
        return respond(ProblemException.invalid(
                        path(e), e.problem().code(), e.problem().message())
                .toProblem());
    }

    @ServerExceptionMapper
    public Response refusedParameter(RefusedParameterException e) {
        LOG.infof(
                "Request refused: field %s holds %s",
                Text.forLog(e.field()), e.problem().code());
        return respond(ProblemException.invalid(
                        e.field(), e.problem().code(), e.problem().message())
                .toProblem());
    }

    @ServerExceptionMapper
    public Response unknownField(UnrecognizedPropertyException e) {
        return respond(ProblemException.invalid(path(e), "unknown-field", "不认识的字段：请检查字段名的拼写。")
                .toProblem());
    }

    @ServerExceptionMapper
    public Response invalidValue(InvalidFormatException e) {
        Class<?> target = e.getTargetType();
        String message;
        if (target != null && (target == LocalDate.class)) {
            message = "日期无效：应为 yyyy-MM-dd 格式的真实日期，例如 1990-01-02。";
        } else if (target != null && (target == OffsetDateTime.class || target == LocalDateTime.class)) {
            message = "时间无效：应为 ISO 8601 格式，例如 2024-05-01T08:30:00+08:00。";
        } else if (target != null && Number.class.isAssignableFrom(box(target))) {
            message = "应为数字。";
        } else if (target != null && target.isEnum()) {
            message = "取值无效：可选值为 " + List.of(target.getEnumConstants()) + "。";
        } else {
            message = "取值的格式不正确。";
        }
        return respond(
                ProblemException.invalid(path(e), "invalid-format", message).toProblem());
    }

    @ServerExceptionMapper
    public Response wrongType(MismatchedInputException e) {
        String field = path(e);
        if (field.isEmpty()) {
            return respond(ProblemException.badRequest("malformed-body", "请求体应为一个 JSON 对象。")
                    .toProblem());
        }
        return respond(ProblemException.invalid(field, "invalid-type", "取值的类型不正确（例如应为文字、数字、列表或对象）。")
                .toProblem());
    }

    @ServerExceptionMapper
    public Response construction(ValueInstantiationException e) {
        if (e.getCause() instanceof ProblemException problem) {
            return problem(problem);
        }
        return respond(
                ProblemException.invalid(path(e), "invalid-value", "取值无效。").toProblem());
    }

    @ServerExceptionMapper
    public Response tooLarge(StreamConstraintsException e) {
        return respond(ProblemException.badRequest("body-too-large", "请求体中的某个值过长或嵌套过深。")
                .toProblem());
    }

    @ServerExceptionMapper
    public Response malformed(JsonProcessingException e) {
        return respond(
                ProblemException.badRequest("malformed-json", "请求体不是有效的 JSON。").toProblem());
    }

    private Response json(JsonProcessingException e) {
        if (e instanceof RefusedTextException t) {
            return refusedText(t);
        }
        if (e instanceof ValueInstantiationException v) {
            return construction(v);
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return unknownField(u);
        }
        if (e instanceof InvalidFormatException f) {
            return invalidValue(f);
        }
        if (e instanceof MismatchedInputException m) {
            return wrongType(m);
        }
        if (e instanceof StreamConstraintsException c) {
            return tooLarge(c);
        }
        return malformed(e);
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e) {
        return respond(new ProblemException(404, "not-found", "Not Found", "请求的地址不存在。").toProblem());
    }

    @ServerExceptionMapper
    public Response notAllowed(NotAllowedException e) {
        Response response = respond(
                new ProblemException(405, "method-not-allowed", "Method Not Allowed", "该地址不支持此请求方法。").toProblem());
        String allow = e.getResponse().getHeaderString(HttpHeaders.ALLOW);
        return allow == null
                ? response
                : Response.fromResponse(response)
                        .header(HttpHeaders.ALLOW, allow)
                        .build();
    }

    @ServerExceptionMapper
    public Response unsupportedType(NotSupportedException e) {
        return respond(new ProblemException(
                        415,
                        "unsupported-media-type",
                        "Unsupported Media Type",
                        "不支持该内容类型；请以 Content-Type: application/json 提交。")
                .toProblem());
    }

    @ServerExceptionMapper
    public Response notAcceptable(NotAcceptableException e) {
        return respond(new ProblemException(
                        406, "not-acceptable", "Not Acceptable", "无法以所要求的格式（Accept）返回；本接口返回 application/json。")
                .toProblem());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, Request request) {
        // The JSON reader wraps some Jackson failures; answer them as precisely as unwrapped ones.
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, request);
        }
        return respond(new ProblemException(
                        status,
                        "http-" + status,
                        Response.Status.fromStatusCode(status) == null
                                ? "Error"
                                : Response.Status.fromStatusCode(status).getReasonPhrase(),
                        "请求无法处理（HTTP " + status + "）。")
                .toProblem());
    }

    @ServerExceptionMapper({
        UnauthorizedException.class,
        AuthenticationFailedException.class,
        AuthenticationCompletionException.class
    })
    public Response unauthorized(RuntimeException e, HttpHeaders request) {
        String detail = tokenSignIn ? "请先登录：用户名或密码不正确、令牌无效或已过期，或未提供。" : "请先登录：用户名或密码不正确，或未提供。";
        Response.ResponseBuilder response = Response.fromResponse(
                respond(new ProblemException(401, "unauthenticated", "Unauthorized", detail).toProblem()));
        // No Basic challenge to a browser navigating (it would ask for credentials and then send them
        // with every request, also with requests other sites make it send): people sign in with the form.
        String accept = request == null ? null : request.getHeaderString(HttpHeaders.ACCEPT);
        if (accept == null || !accept.toLowerCase(java.util.Locale.ROOT).contains("text/html")) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"community-hub\", charset=\"UTF-8\"");
        }
        if (tokenSignIn) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"community-hub\"");
        }
        return response.build();
    }

    /** The OIDC server could not be reached to check a token (e.g. it was down when the hub started). */
    @ServerExceptionMapper
    public Response signInUnavailable(OIDCException e) {
        // The OIDC extension logs why; its messages are about the server, but stay on the safe side.
        LOG.warn("A bearer token could not be checked: the OIDC server is not usable");
        return Response.fromResponse(respond(new ProblemException(
                                503, "sign-in-unavailable", "Service Unavailable", "令牌登录服务暂时不可用，请稍后再试；用户名和密码登录不受影响。")
                        .toProblem()))
                .header(HttpHeaders.RETRY_AFTER, "30")
                .build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(ProblemException.forbidden("forbidden", "您的角色无权进行此操作。").toProblem());
    }

    @ServerExceptionMapper({OptimisticLockException.class, StaleStateException.class})
    public Response stale(RuntimeException e) {
        return respond(Preconditions.stale().toProblem());
    }

    @ServerExceptionMapper
    public Response constraint(ConstraintViolationException e) {
        Supplier<ProblemException> known =
                e.getConstraintName() == null ? null : CONSTRAINTS.get(e.getConstraintName());
        if (known != null) {
            return respond(known.get().toProblem());
        }
        // Unknown constraint: a bug in validation. Log the name only; the message may hold values.
        UUID incident = UUID.randomUUID();
        LOG.errorf("Incident %s: database constraint %s rejected a write", incident, e.getConstraintName());
        return respond(ProblemException.conflict("constraint-violation", "数据与登记库中已有数据冲突，未保存。（事件编号 " + incident + "）")
                .toProblem());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, Request request) {
        if (Causes.find(e, HttpClosedException.class).isPresent()) {
            // A browser closed or a network dropped in the middle of an upload: nothing of the hub's
            // failed, and nobody is left to answer (the request wrote nothing: its body never came).
            LOG.info("A client closed its connection before its request had arrived: request dropped");
            return respond(new ProblemException(400, "request-incomplete", "Bad Request", "请求未传完，连接已断开：没有保存任何数据。")
                    .toProblem());
        }
        if (Causes.find(e, MultipartParser.MalformedMessageException.class).isPresent()) {
            // A multipart body that breaks its own format (a file name with a line break in it).
            LOG.info("Request refused: a malformed multipart body");
            return respond(
                    ProblemException.badRequest("malformed-multipart", "上传的表单格式有误（例如文件名中含有换行符），无法读取：请改一下文件名后重新上传。")
                            .toProblem());
        }
        UUID incident = UUID.randomUUID();
        LOG.errorf(e, "Incident %s: unexpected failure", incident);
        return respond(new ProblemException(
                        500,
                        "internal-error",
                        "Internal Server Error",
                        internalErrorDetail(request.getMethod(), incident))
                .with("incident", incident.toString())
                .toProblem());
    }

    /**
     * What a failure nobody foresaw tells the user. A read changed nothing. A write may have failed
     * after its transaction committed (while its answer was being made), so the hub cannot say
     * that nothing was saved: the user is told to look before sending it again.
     */
    static String internalErrorDetail(String method, UUID incident) {
        boolean read = "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
        return (read ? "服务器内部错误，请稍后重试。" : "服务器内部错误，无法确认这次操作是否已保存：请刷新页面查看记录，再决定是否重新提交。") + "请将事件编号 " + incident
                + " 告知管理员。";
    }

    static Response respond(Problem problem) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem)
                .build();
    }

    /** The JSON path of the failing value, as {@code a.b[0].c}. */
    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static Class<?> box(Class<?> type) {
        if (!type.isPrimitive()) {
            return type;
        }
        return type == boolean.class ? Boolean.class : Number.class;
    }
}
