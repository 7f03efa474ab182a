package org.communityhub.adapter.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.communityhub.adapter.definition.FieldMapping;
import org.communityhub.adapter.definition.TransportSettings;

/**
 * Batched JSON over HTTP POST, in the platform's own shapes as the definition describes them
 * ({@link HttpJsonSpec}): where the records go in the request and what stands beside them, how
 * the answer names each record and says what became of it, and how the hub signs in. Each
 * request has an {@code Idempotency-Key} header, the same for the same set of records.
 *
 * <p>A record the answer does not account for is never taken as accepted unless the definition
 * says a 2xx accepts the whole batch; it failed, with a message saying so, and goes again. 429
 * (honouring Retry-After), 408, 5xx, timeouts and refused connections are tried again later, as
 * are other 4xx answers (a 401 also drops a login token, so the next try signs in again).
 */
@ApplicationScoped
@Named("http-json")
public class HttpJsonTransport implements DeliveryTransport {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final HttpAuth auth;

    @Inject
    HttpJsonTransport(Clock clock) {
        this.auth = new HttpAuth(client, clock);
    }

    /** For checks and tests outside the hub. */
    public HttpJsonTransport() {
        this(Clock.systemUTC());
    }

    @Override
    public Duration longestShipment(TransportSettings settings) {
        return CONNECT_TIMEOUT.plus(spec(settings).timeout());
    }

    @Override
    public List<TransportSettings.Problem> problems(TransportSettings settings) {
        return problems(settings, List.of(), List.of());
    }

    @Override
    public List<TransportSettings.Problem> problems(
            TransportSettings settings, List<FieldMapping> fields, List<String> removalFields) {
        List<TransportSettings.Problem> problems = new ArrayList<>();
        HttpJsonSpec spec = HttpJsonSpec.read(settings, fields, removalFields, problems);
        if (spec.url() != null) {
            checkUrl(spec.url(), "url", problems);
        }
        if (spec.auth() instanceof HttpJsonSpec.LoginAuth login && !login.url().isBlank()) {
            checkUrl(login.url(), "auth.login.url", problems);
        }
        return problems;
    }

    private static void checkUrl(String url, String setting, List<TransportSettings.Problem> problems) {
        try {
            URI uri = URI.create(url);
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
                problems.add(new TransportSettings.Problem(setting, setting + " 应以 http:// 或 https:// 开头"));
            }
        } catch (IllegalArgumentException e) {
            problems.add(new TransportSettings.Problem(setting, setting + " 不是有效的网址"));
        }
    }

    @Override
    public boolean configured(TransportSettings settings) {
        HttpJsonSpec spec = spec(settings);
        return spec.url() != null
                && !(spec.auth() instanceof HttpJsonSpec.LoginAuth login
                        && login.url().isBlank());
    }

    /** The request body the shipment's records would go in, as JSON text (for previews). */
    public String requestBody(Shipment shipment) throws TransportFailure {
        return new String(
                body(shipment, spec(shipment.definition().transport())), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public ShipmentOutcome deliver(Shipment shipment) throws TransportFailure {
        HttpJsonSpec spec = spec(shipment.definition().transport());
        if (spec.url() == null) {
            throw new TransportFailure("no url configured", false, false, null);
        }
        String platform = shipment.definition().id();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(spec.url()))
                .timeout(spec.timeout())
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Accept", "application/json")
                .header("Idempotency-Key", shipment.requestKey())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(shipment, spec)));
        String[] header = auth.header(platform, spec.auth(), spec.timeout());
        if (header != null) {
            request.header(header[0], header[1]);
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
        if (status == 401 && spec.auth() instanceof HttpJsonSpec.LoginAuth) {
            auth.forget(platform);
            throw new TransportFailure("the platform refused the token (401); signing in again", true, true, null);
        }
        if (status < 200 || status >= 300) {
            // The answer's body is not quoted: a platform may echo the records back.
            throw new TransportFailure("the platform refused the request with " + status, true, true, null);
        }
        Map<String, RecordOutcome> outcomes = new HttpAnswer(
                        spec.answer(), spec.request().recordKeyField())
                .read(shipment.records(), response.body());
        return new ShipmentOutcome(outcomes, spec.url());
    }

    /** The request body: the records where the definition puts them, beside its fixed fields, and nothing else. */
    private byte[] body(Shipment shipment, HttpJsonSpec spec) throws TransportFailure {
        HttpJsonSpec.Request shape = spec.request();
        ArrayNode records = json.createArrayNode();
        for (OutboundRecord r : shipment.records()) {
            ObjectNode node = records.addObject();
            if (shape.recordKeyField() != null) {
                node.put(shape.recordKeyField(), r.key());
            }
            r.fields().forEach((name, value) -> node.set(name, json.valueToTree(value)));
        }
        JsonNode root;
        if (shape.records().root()) {
            root = records;
        } else {
            ObjectNode top = json.valueToTree(shape.with());
            ObjectNode at = top;
            List<String> names = shape.records().names();
            for (String name : names.subList(0, names.size() - 1)) {
                at = at.get(name) instanceof ObjectNode existing ? existing : at.putObject(name);
            }
            at.set(names.get(names.size() - 1), records);
            root = top;
        }
        try {
            return json.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new TransportFailure("could not write the request body", false, false, null);
        }
    }

    private static HttpJsonSpec spec(TransportSettings settings) {
        return HttpJsonSpec.read(settings, List.of(), List.of(), new ArrayList<>());
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
}
