package org.communityhub.adapter.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communityhub.adapter.definition.TransportSettings;

/**
 * Batched JSON over HTTP POST: {@code {"records": [{"recordKey": "…", <fields>…}, …]}} with an
 * {@code Idempotency-Key} header per request and a stable key per record.
 *
 * <p>Settings: {@code url} (an http adapter without one is not configured), {@code auth: {header,
 * value}} (value usually {@code ${SOME_TOKEN}}), {@code timeout} (default 30s), {@code
 * recordsField} and {@code keyField} (default {@code records}, {@code recordKey}), and {@code
 * response} naming the platform's answer: {@code results}, {@code key}, {@code status}, {@code
 * accepted} (the status meaning accepted) and {@code message}. By default a 2xx answer may carry
 * {@code {"results":[{"key","status":"accepted"|"rejected","message"}]}}; a 2xx without results
 * accepts the whole batch. 429 (honouring Retry-After), 408 and 5xx are tried again later.
 */
@ApplicationScoped
@Named("http-json")
public class HttpJsonTransport implements DeliveryTransport {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)");
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Override
    public Duration longestShipment(TransportSettings settings) {
        return CONNECT_TIMEOUT.plus(timeout(settings));
    }

    @Override
    public List<TransportSettings.Problem> problems(TransportSettings settings) {
        List<TransportSettings.Problem> problems = new ArrayList<>();
        settings.text("url").ifPresent(url -> {
            try {
                URI uri = URI.create(url);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                    problems.add(new TransportSettings.Problem("url", "url 应以 http:// 或 https:// 开头"));
                }
            } catch (IllegalArgumentException e) {
                problems.add(new TransportSettings.Problem("url", "url 不是有效的网址"));
            }
        });
        settings.text("timeout").ifPresent(t -> {
            if (!DURATION.matcher(t).matches()) {
                problems.add(new TransportSettings.Problem("timeout", "timeout 应写成 500ms、30s 或 2m"));
            }
        });
        Map<String, Object> auth = settings.section("auth");
        if (!auth.isEmpty() && (!auth.containsKey("header") || !auth.containsKey("value"))) {
            problems.add(new TransportSettings.Problem("auth", "auth 需要 header 和 value"));
        }
        problems.addAll(FileExports.unknownSettings(
                settings, List.of("url", "auth", "timeout", "recordsField", "keyField", "response")));
        return problems;
    }

    @Override
    public boolean configured(TransportSettings settings) {
        return settings.text("url").isPresent();
    }

    @Override
    public ShipmentOutcome deliver(Shipment shipment) throws TransportFailure {
        TransportSettings settings = shipment.definition().transport();
        String url =
                settings.text("url").orElseThrow(() -> new TransportFailure("no url configured", false, false, null));
        String keyField = settings.text("keyField").orElse("recordKey");
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout(settings))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Accept", "application/json")
                .header("Idempotency-Key", shipment.requestKey())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(shipment, settings, keyField)));
        Map<String, Object> auth = settings.section("auth");
        if (!auth.isEmpty() && !String.valueOf(auth.get("value")).isBlank()) {
            request.header(String.valueOf(auth.get("header")), String.valueOf(auth.get("value")));
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new TransportFailure("the platform did not answer in time", true, true, null);
        } catch (ConnectException e) {
            throw new TransportFailure("the platform cannot be reached (connection refused)", true, false, null);
        } catch (IOException e) {
            throw new TransportFailure(
                    "the connection to the platform failed: " + e.getClass().getSimpleName(), true, true, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransportFailure("interrupted while sending", true, true, null);
        }
        int status = response.statusCode();
        if (status == 429) {
            throw new TransportFailure("the platform asks us to slow down (429)", true, true, retryAfter(response));
        }
        if (status == 408 || status >= 500) {
            throw new TransportFailure("the platform answered " + status, true, true, retryAfter(response));
        }
        if (status < 200 || status >= 300) {
            // The answer's body is not quoted: a platform may echo the records back.
            throw new TransportFailure("the platform refused the request with " + status, true, true, null);
        }
        return new ShipmentOutcome(results(shipment, settings, response.body()), url);
    }

    private byte[] body(Shipment shipment, TransportSettings settings, String keyField) throws TransportFailure {
        ObjectNode root = json.createObjectNode();
        ArrayNode records = root.putArray(settings.text("recordsField").orElse("records"));
        for (OutboundRecord r : shipment.records()) {
            ObjectNode node = records.addObject();
            node.put(keyField, r.key());
            r.fields().forEach((name, value) -> node.set(name, json.valueToTree(value)));
        }
        try {
            return json.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new TransportFailure("could not write the request body", false, false, null);
        }
    }

    /** Per-record results from the answer; a 2xx without results accepts everything. */
    private Map<String, RecordOutcome> results(Shipment shipment, TransportSettings settings, byte[] body) {
        Map<String, Object> shape = settings.section("response");
        String resultsField = String.valueOf(shape.getOrDefault("results", "results"));
        String keyField = String.valueOf(shape.getOrDefault("key", "key"));
        String statusField = String.valueOf(shape.getOrDefault("status", "status"));
        String acceptedValue = String.valueOf(shape.getOrDefault("accepted", "accepted"));
        String messageField = String.valueOf(shape.getOrDefault("message", "message"));
        Map<String, RecordOutcome> outcomes = new LinkedHashMap<>();
        JsonNode results = null;
        if (body != null && body.length > 0) {
            try {
                results = json.readTree(body).path(resultsField);
            } catch (IOException e) {
                results = null; // not JSON: a plain 2xx
            }
        }
        if (results == null || !results.isArray()) {
            shipment.records().forEach(r -> outcomes.put(r.key(), RecordOutcome.accepted()));
            return outcomes;
        }
        Map<String, JsonNode> byKey = new LinkedHashMap<>();
        results.forEach(n -> byKey.put(n.path(keyField).asText(), n));
        for (OutboundRecord r : shipment.records()) {
            JsonNode n = byKey.get(r.key());
            if (n == null) {
                outcomes.put(r.key(), new RecordOutcome(RecordOutcome.Result.UNKNOWN, "平台未返回该记录的结果"));
            } else if (acceptedValue.equals(n.path(statusField).asText())) {
                outcomes.put(r.key(), RecordOutcome.accepted());
            } else {
                String message = n.path(messageField).asText("");
                outcomes.put(r.key(), RecordOutcome.rejected(message.isBlank() ? "平台拒收，未说明原因" : limit(message)));
            }
        }
        return outcomes;
    }

    private static Duration timeout(TransportSettings settings) {
        Matcher m = DURATION.matcher(settings.text("timeout").orElse(""));
        if (!m.matches()) {
            return DEFAULT_TIMEOUT;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            default -> Duration.ofMinutes(n);
        };
    }

    /** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
    static Duration retryAfter(HttpResponse<?> response) {
        String value = response.headers().firstValue("Retry-After").orElse(null);
        if (value == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException ignored) {
                return null;
            }
        }
    }

    private static String limit(String message) {
        return message.length() > 1000 ? message.substring(0, 1000) : message;
    }
}
