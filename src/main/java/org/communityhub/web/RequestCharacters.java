package org.communityhub.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.communityhub.common.error.FieldError;
import org.communityhub.common.text.Text;
import org.jboss.logging.Logger;

/**
 * Refuses control characters in the parts of a request read before any endpoint: the path, the
 * query parameters and the username of HTTP Basic sign-in. A NUL there would otherwise reach the
 * database (which refuses it with an error) or the log; here it is a 400 problem+json and one line
 * in the log. Tab, CR and LF are allowed in the values of query parameters (a search may be pasted
 * text), nowhere else. Bodies are checked where they are read: JSON by {@link RequestJson}, form
 * fields by {@link FormText}.
 */
@ApplicationScoped
public class RequestCharacters {

    private static final Logger LOG = Logger.getLogger(RequestCharacters.class);

    private final ObjectMapper json;

    RequestCharacters(ObjectMapper json) {
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 3).handler(this::check);
    }

    private void check(RoutingContext context) {
        String path = decoded(context.request().path());
        if (control(Text.problemInLine(path))) {
            refuse(context, "path", "请求地址中含有控制字符（例如 NUL）。");
            return;
        }
        String query = context.request().query();
        if (query != null) {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String name = decoded(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decoded(pair.substring(equals + 1));
                if (control(Text.problemInLine(name)) || control(Text.problem(value))) {
                    refuse(context, name, "查询参数中含有控制字符（例如 NUL）。");
                    return;
                }
            }
        }
        String username = basicUsername(context.request().getHeader("Authorization"));
        if (username != null && control(Text.problemInLine(username))) {
            refuse(context, "username", "用户名中含有控制字符（例如 NUL）。");
            return;
        }
        context.next();
    }

    private void refuse(RoutingContext context, String where, String detail) {
        LOG.infof(
                "Request refused: a control character in %s of %s %s",
                Text.forLog(where),
                context.request().method(),
                Text.forLog(context.request().path()));
        EdgeRefusal.refuse(
                context,
                json,
                400,
                Text.Problem.CONTROL_CHARACTER.code(),
                detail,
                new FieldError(where, Text.Problem.CONTROL_CHARACTER.code(), detail));
    }

    private static boolean control(java.util.Optional<Text.Problem> problem) {
        return problem.filter(p -> p == Text.Problem.CONTROL_CHARACTER).isPresent();
    }

    /** The username of a Basic {@code Authorization} header; null when there is none or it is not Basic. */
    static String basicUsername(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "basic ", 0, 6)) {
            return null;
        }
        try {
            String plain = new String(
                    Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
            int colon = plain.indexOf(':');
            return colon < 0 ? plain : plain.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null; // not Base64: the sign-in refuses it
        }
    }

    /** Percent-decoded as UTF-8 ({@code +} as a space); a malformed escape is kept as it is. */
    static String decoded(String raw) {
        if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            int high = c == '%' && i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
            int low = high < 0 ? -1 : Character.digit(raw.charAt(i + 2), 16);
            if (low >= 0) {
                bytes.write(high * 16 + low);
                i += 2;
            } else if (c == '+') {
                bytes.write(' ');
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
