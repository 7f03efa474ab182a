package org.communityhub.adapter.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.communityhub.adapter.transport.HttpJsonSpec.Auth;
import org.communityhub.adapter.transport.HttpJsonSpec.BasicAuth;
import org.communityhub.adapter.transport.HttpJsonSpec.HeaderAuth;
import org.communityhub.adapter.transport.HttpJsonSpec.LoginAuth;

/**
 * Signs requests in as a definition says: a fixed header (bearer token, API key), HTTP Basic, or
 * a token fetched from the platform's login endpoint and kept until shortly before it expires. A
 * secret left empty (its environment variable unset) sends no header. Secrets never appear in
 * messages.
 */
final class HttpAuth {

    /** A token is fetched again this long before the platform said it expires. */
    private static final Duration MARGIN = Duration.ofSeconds(60);

    private record Token(String value, Instant expires) {}

    private final HttpClient client;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    HttpAuth(HttpClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** The header to add, as name and value; null for none. */
    String[] header(String platform, Auth auth, Duration timeout) throws TransportFailure {
        if (auth instanceof HeaderAuth h) {
            String value = h.value().strip();
            return value.isEmpty() || "Bearer".equals(value) ? null : new String[] {h.header(), h.value()};
        }
        if (auth instanceof BasicAuth b) {
            if (b.user().isBlank()) {
                return null;
            }
            String pair = b.user() + ":" + b.password();
            return new String[] {
                "Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8))
            };
        }
        if (auth instanceof LoginAuth login) {
            return new String[] {login.header(), login.prefix() + token(platform, login, timeout)};
        }
        return null;
    }

    /** Forgets the platform's token (it answered 401): the next request signs in again. */
    void forget(String platform) {
        tokens.keySet().removeIf(k -> k.startsWith(platform + "|"));
    }

    private String token(String platform, LoginAuth login, Duration timeout) throws TransportFailure {
        // A changed login (another account, another endpoint) is another token.
        String cacheKey = platform + "|" + login.url() + "|" + login.body().hashCode();
        Token held = tokens.get(cacheKey);
        Instant now = clock.instant();
        if (held != null && now.isBefore(held.expires())) {
            return held.value();
        }
        Token fresh = login(login, timeout, now);
        tokens.put(cacheKey, fresh);
        return fresh.value();
    }

    private Token login(LoginAuth login, Duration timeout, Instant now) throws TransportFailure {
        HttpResponse<byte[]> response;
        try {
            response = client.send(
                    HttpRequest.newBuilder(URI.create(login.url()))
                            .timeout(timeout)
                            .header("Content-Type", "application/json; charset=utf-8")
                            .header("Accept", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(login.body())))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException | IllegalArgumentException e) {
            throw new TransportFailure("登录平台失败：登录接口无法连接", true, false, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportFailure("登录时被中断", true, false, null);
        }
        if (response.statusCode() < 200 || response.statusCode() >= 300) {
            throw new TransportFailure(
                    "登录平台失败：登录接口答复 " + response.statusCode() + "（请检查用户名、密码等登录设置）", true, false, null);
        }
        JsonNode root;
        try {
            root = json.readTree(response.body());
        } catch (IOException e) {
            throw new TransportFailure("登录平台失败：登录接口的答复不是 JSON", true, false, null);
        }
        String token = login.token().text(root);
        if (token == null || token.isBlank()) {
            throw new TransportFailure("登录平台失败：登录答复中没有令牌（" + login.token() + "）", true, false, null);
        }
        Duration lifetime = login.lifetime();
        if (login.expiresIn() != null) {
            String seconds = login.expiresIn().text(root);
            try {
                lifetime = Duration.ofSeconds(Long.parseLong(seconds == null ? "" : seconds.strip()));
            } catch (NumberFormatException e) {
                lifetime = login.lifetime();
            }
        }
        Duration kept = lifetime.compareTo(MARGIN.multipliedBy(2)) > 0 ? lifetime.minus(MARGIN) : lifetime.dividedBy(2);
        return new Token(token, now.plus(kept));
    }
}
