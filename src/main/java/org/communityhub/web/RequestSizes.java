package org.communityhub.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * How large a request body may be. A ledger of a million rows is a file of 60 to 250 MB, which the
 * HTTP layer writes to disk as it arrives ({@code quarkus.http.limits.max-body-size} is set for
 * it); every other body (JSON, forms) is read into memory, so it is held to {@code
 * hub.http.max-request-size}. A body too large is refused before it is read, by its {@code
 * Content-Length}, with a clear answer: problem+json for the API, a notice for the pages. A body
 * other than an upload sent without a length (in chunks, or over HTTP/2 without one) is refused
 * too (411): its size could not be checked before it is held in memory.
 *
 * <p>The uploads a process receives at once share one budget of temporary disk, {@code
 * hub.http.uploads-in-flight} (an upload without a length counts as the largest one allowed): one
 * that would go over it is refused with 503 and {@code Retry-After}, before it is sent, rather
 * than filling the disk under the uploads already on their way (on Kubernetes, a full scratch
 * volume evicts the pod). Its share is given back when its request ends, however it ends.
 */
@ApplicationScoped
public class RequestSizes {

    /** Where ledgers are uploaded: the API and the import page. */
    private static final Set<String> UPLOADS = Set.of("/api/v1/imports", "/imports");

    private static final Set<HttpMethod> WITHOUT_BODY =
            Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.DELETE);

    /** Seconds a client refused for want of room is asked to wait before it tries again. */
    static final int RETRY_AFTER_SECONDS = 60;

    private final ObjectMapper json;
    private final long uploadLimit;
    private final long requestLimit;
    private final long inFlightLimit;
    /** Bytes of the uploads being received now, by their Content-Length (or the upload limit). */
    private final AtomicLong inFlight = new AtomicLong();

    RequestSizes(
            @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize uploadLimit,
            @ConfigProperty(name = "hub.http.max-request-size") MemorySize requestLimit,
            @ConfigProperty(name = "hub.http.uploads-in-flight") MemorySize inFlightLimit,
            ObjectMapper json) {
        this.json = json;
        this.uploadLimit = uploadLimit.asLongValue();
        this.requestLimit = Math.min(requestLimit.asLongValue(), this.uploadLimit);
        this.inFlightLimit = Math.max(inFlightLimit.asLongValue(), this.uploadLimit);
    }

    /** Bytes of the uploads this process is receiving now. */
    long uploadsInFlight() {
        return inFlight.get();
    }

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 5).handler(this::check);
    }

    private void check(RoutingContext context) {
        if (WITHOUT_BODY.contains(context.request().method())) {
            context.next();
            return;
        }
        String path = context.normalizedPath();
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        boolean upload = context.request().method() == HttpMethod.POST && UPLOADS.contains(path);
        long limit = upload ? uploadLimit : requestLimit;
        String length = context.request().getHeader("Content-Length");
        if (length == null) {
            String type = context.request().getHeader("Content-Type");
            boolean files = type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
            if (upload) {
                // Written to disk as it arrives, within the HTTP layer's own limit: counted as that large.
                admitUpload(context, uploadLimit);
            } else if (files || !hasBody(context)) {
                context.next();
            } else {
                refuse(context, 411, "length-required", "请求没有给出 Content-Length：请在请求头中写明请求体的长度。");
            }
            return;
        }
        long size;
        try {
            size = Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            refuse(context, 400, "bad-content-length", "请求头 Content-Length 不是一个数字。");
            return;
        }
        if (size > limit) {
            refuse(
                    context,
                    413,
                    upload ? "file-too-large" : "request-too-large",
                    upload
                            ? "文件过大（" + megabytes(size) + "）：一次最多可上传 " + megabytes(limit) + "。请把台账分成几个文件分别导入。"
                            : "请求体过大（" + megabytes(size) + "），最多 " + megabytes(limit) + "。");
            return;
        }
        if (upload) {
            admitUpload(context, size);
        } else {
            context.next();
        }
    }

    /** Lets an upload of {@code size} bytes through if the budget has room for it, until its request ends. */
    private void admitUpload(RoutingContext context, long size) {
        long now = inFlight.addAndGet(size);
        if (now > inFlightLimit) {
            inFlight.addAndGet(-size);
            context.response().putHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
            refuse(
                    context,
                    503,
                    "uploads-busy",
                    "服务器正在接收其他台账（共 " + megabytes(now - size) + "），暂时没有空间接收这个文件（" + megabytes(size) + "）：请过一两分钟再上传。");
            return;
        }
        // Called once, when the response ends or the connection closes first (a client gone mid-upload).
        context.addEndHandler(ended -> inFlight.addAndGet(-size));
        context.next();
    }

    /**
     * Whether a request without a length carries a body all the same: one sent in chunks (under any
     * transfer coding), or an HTTP/2 stream that did not end with its headers.
     */
    private static boolean hasBody(RoutingContext context) {
        if (context.request().version() == HttpVersion.HTTP_2) {
            return !context.request().isEnded();
        }
        return context.request().getHeader("Transfer-Encoding") != null;
    }

    private void refuse(RoutingContext context, int status, String code, String detail) {
        // The body is not read: over HTTP/1 the connection is closed after the answer, so that a
        // client still sending it stops (an HTTP/2 connection carries other requests and stays).
        context.response().putHeader("Cache-Control", "no-store");
        if (context.request().version() != HttpVersion.HTTP_2) {
            context.response().putHeader("Connection", "close");
            context.response()
                    .endHandler(ended -> context.request().connection().close());
        }
        EdgeRefusal.refuse(context, json, status, code, detail);
    }

    static String megabytes(long bytes) {
        return bytes >= 1024 * 1024 ? (bytes + 512 * 1024) / (1024 * 1024) + " MB" : (bytes + 1023) / 1024 + " KB";
    }
}
