package org.communityhub.adapter.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A government platform's HTTP interface in its own shape, for the http-json transport's tests:
 * each path answers a request as the platform's interface document says, written here
 * independently of the hub's definitions, and every request is kept for the test to look at.
 */
final class ShapedPlatform implements AutoCloseable {

    /** A request as the platform received it. */
    record Received(String path, Map<String, List<String>> headers, JsonNode body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    /** The platform's answer: an HTTP status and a JSON (or other) body. */
    record Reply(int status, String body) {
        static Reply ok(JsonNode body) {
            return new Reply(200, body.toString());
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Function<Received, Reply>> handlers = new ConcurrentHashMap<>();

    ShapedPlatform() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Answers requests to {@code path} with {@code handler}. */
    ShapedPlatform on(String path, Function<Received, Reply> handler) {
        handlers.put(path, handler);
        return this;
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] bytes = exchange.getRequestBody().readAllBytes();
            JsonNode body = bytes.length == 0 ? null : JSON.readTree(bytes);
            Received r = new Received(path, Map.copyOf(exchange.getRequestHeaders()), body);
            received.add(r);
            Function<Received, Reply> handler = handlers.get(path);
            Reply reply = handler == null ? new Reply(404, "{}") : handler.apply(r);
            byte[] out = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(reply.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                try (OutputStream o = exchange.getResponseBody()) {
                    o.write(out);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
