package org.communityhub.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.Locale;
import java.util.Set;
import org.communityhub.common.text.Text;
import org.jboss.logging.Logger;

/**
 * API calls that change something are refused when a browser says they come from another site:
 * {@code Sec-Fetch-Site} other than {@code same-origin} or {@code none}, or else an {@code Origin}
 * that is not the hub's own. A form on another site could otherwise post to the API with the
 * credentials the browser holds (a body-less POST such as a platform run, or the multipart upload
 * of a ledger). Clients that are not browsers (curl, scripts, platforms) send neither header and
 * are not affected; the pages' own calls are same-origin.
 */
@ApplicationScoped
public class CrossSiteApi {

    private static final Logger LOG = Logger.getLogger(CrossSiteApi.class);
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final ObjectMapper json;

    CrossSiteApi(ObjectMapper json) {
        this.json = json;
    }

    void install(@Observes Router router) {
        router.route("/api/*").order(Integer.MIN_VALUE + 11).handler(this::check);
    }

    private void check(RoutingContext context) {
        if (SAFE.contains(context.request().method()) || !crossSite(context)) {
            context.next();
            return;
        }
        LOG.infof(
                "Request refused: %s %s from another site (Origin %s)",
                context.request().method(),
                Text.forLog(context.request().path()),
                Text.forLog(context.request().getHeader("Origin")));
        EdgeRefusal.refuse(context, json, 403, "cross-site-request", "请求来自其他网站，已拒绝：接口的修改操作只接受本系统页面或不经浏览器的客户端发起的请求。");
    }

    static boolean crossSite(RoutingContext context) {
        String site = context.request().getHeader("Sec-Fetch-Site");
        if (site != null) {
            String s = site.strip().toLowerCase(Locale.ROOT);
            return !s.equals("same-origin") && !s.equals("none");
        }
        String origin = context.request().getHeader("Origin");
        if (origin == null) {
            return false;
        }
        try {
            URI from = URI.create(origin.strip());
            String own = context.request().scheme() + "://" + context.request().authority();
            return from.getScheme() == null
                    || from.getAuthority() == null
                    || !(from.getScheme() + "://" + from.getAuthority()).equalsIgnoreCase(own);
        } catch (IllegalArgumentException e) {
            return true; // "null" (a sandboxed page, a file) or nonsense: not the hub's own
        }
    }
}
