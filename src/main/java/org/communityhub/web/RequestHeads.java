package org.communityhub.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;

/**
 * How long a request's address and headers may be: {@value #MAX_URI} characters of address (414)
 * and {@value #MAX_HEADERS} bytes of headers (431), answered like every other refusal (problem+json
 * for the API, a notice for the pages). The HTTP layer reads up to 64 KB of each
 * ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size}) so that these
 * limits are reached here first; only beyond those does it answer on its own, without a body.
 */
@ApplicationScoped
public class RequestHeads {

    static final int MAX_URI = 8192;
    static final int MAX_HEADERS = 16384;

    private final ObjectMapper json;

    RequestHeads(ObjectMapper json) {
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 2).handler(this::check);
    }

    private void check(RoutingContext context) {
        if (context.request().uri().length() > MAX_URI) {
            refuse(context, 414, "uri-too-long", "请求地址过长（最多 " + MAX_URI + " 个字符）：查询条件请改用较短的写法。");
            return;
        }
        if (size(context.request().headers()) > MAX_HEADERS) {
            refuse(context, 431, "headers-too-large", "请求头过大（最多 " + MAX_HEADERS / 1024 + " KB）：请清除本站的 Cookie 后重试。");
            return;
        }
        context.next();
    }

    private void refuse(RoutingContext context, int status, String code, String detail) {
        context.response().putHeader("Connection", "close");
        EdgeRefusal.refuse(context, json, status, code, detail);
    }

    private static int size(MultiMap headers) {
        int size = 0;
        for (Map.Entry<String, String> header : headers) {
            size += header.getKey().length() + header.getValue().length() + 4;
        }
        return size;
    }
}
