package org.communityhub.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A stand-in for an upstream platform's HTTP interface. It checks every record against what the
 * platform expects (its field names, and the allowed values of its coded fields), keeps the latest
 * record per key as the platform would, and can be told to fail: answer 5xx or 429, be slow, or
 * reject records. Expectations are written here independently of the hub's definition files.
 */
public final class PlatformSimulator {

    /** What one platform expects of each record. */
    public record Expectation(
            String recordsField,
            String keyField,
            List<String> fields,
            List<String> removalFields,
            String operationField,
            String removalValue,
            Map<String, Set<String>> allowedValues,
            Map<String, Pattern> formats,
            Function<List<ObjectNode>, ObjectNode> answer) {}

    /** One platform endpoint and everything it has received. */
    public static final class Platform {
        private final Expectation expectation;
        private final Map<String, JsonNode> byKey = new ConcurrentHashMap<>();
        private final List<String> receipts = new CopyOnWriteArrayList<>();
        private final List<String> requestKeys = new CopyOnWriteArrayList<>();
        private final List<String> violations = new CopyOnWriteArrayList<>();
        private final Map<String, String> rejections = new ConcurrentHashMap<>();
        private final AtomicInteger failNext = new AtomicInteger();
        private final AtomicInteger inFlight = new AtomicInteger();
        private volatile int failStatus = 503;
        private volatile int retryAfterSeconds = -1;
        private volatile long delayMillis;
        private volatile boolean down;

        Platform(Expectation expectation) {
            this.expectation = expectation;
        }

        /** The next {@code n} requests get {@code status} (with Retry-After seconds when not negative). */
        public Platform failNext(int n, int status, int retryAfter) {
            failStatus = status;
            retryAfterSeconds = retryAfter;
            failNext.set(n);
            return this;
        }

        /** Every request gets 503 until switched back. */
        public Platform down(boolean down) {
            this.down = down;
            return this;
        }

        public Platform delay(long millis) {
            this.delayMillis = millis;
            return this;
        }

        /** Records whose field has this value are rejected with the message. */
        public Platform rejectWhere(String field, String value, String message) {
            rejections.put(field + "=" + value, message);
            return this;
        }

        /** The latest record per record key. */
        public Map<String, JsonNode> records() {
            return Collections.unmodifiableMap(byKey);
        }

        /** Every record key received, repeats included, in arrival order. */
        public List<String> receipts() {
            return List.copyOf(receipts);
        }

        public List<String> requestKeys() {
            return List.copyOf(requestKeys);
        }

        /** Records that broke the platform's expectations; a correct hub leaves this empty. */
        public List<String> violations() {
            return List.copyOf(violations);
        }

        /** Records received for a resident (record keys are adapter:resident:version[:remove]). */
        public List<JsonNode> recordsOf(String residentId) {
            List<JsonNode> found = new ArrayList<>();
            byKey.forEach((k, v) -> {
                if (k.contains(":" + residentId + ":")) {
                    found.add(v);
                }
            });
            return found;
        }

        public void reset() {
            byKey.clear();
            receipts.clear();
            requestKeys.clear();
            violations.clear();
            rejections.clear();
            failNext.set(0);
            down = false;
            delayMillis = 0;
        }

        /** Requests received whose answer has not been sent yet. */
        public int inFlight() {
            return inFlight.get();
        }

        void handle(HttpExchange exchange) throws IOException {
            inFlight.incrementAndGet();
            try (exchange) {
                if (delayMillis > 0) {
                    try {
                        Thread.sleep(delayMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (down || failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    if (retryAfterSeconds >= 0) {
                        exchange.getResponseHeaders().add("Retry-After", Integer.toString(retryAfterSeconds));
                    }
                    reply(exchange, down ? 503 : failStatus, "{\"error\":\"simulated failure\"}");
                    return;
                }
                String idempotencyKey = exchange.getRequestHeaders().getFirst("Idempotency-Key");
                if (idempotencyKey == null) {
                    violations.add("request without Idempotency-Key");
                } else {
                    requestKeys.add(idempotencyKey);
                }
                JsonNode body;
                try {
                    body = JSON.readTree(exchange.getRequestBody());
                } catch (IOException e) {
                    reply(exchange, 400, "{\"error\":\"not JSON\"}");
                    return;
                }
                List<ObjectNode> results = new ArrayList<>();
                for (JsonNode record : body.path(expectation.recordsField())) {
                    results.add(receive((ObjectNode) record));
                }
                reply(
                        exchange,
                        200,
                        JSON.writeValueAsString(expectation.answer().apply(results)));
            } finally {
                inFlight.decrementAndGet();
            }
        }

        private ObjectNode receive(ObjectNode record) {
            String key = record.path(expectation.keyField()).asText();
            receipts.add(key);
            List<String> problems = check(record);
            ObjectNode result = JSON.createObjectNode();
            result.put("key", key);
            if (!problems.isEmpty()) {
                violations.add(key + ": " + problems);
                result.put("status", "rejected").put("message", String.join("; ", problems));
                return result;
            }
            for (Map.Entry<String, String> rule : rejections.entrySet()) {
                String[] fieldValue = rule.getKey().split("=", 2);
                if (record.path(fieldValue[0]).asText().equals(fieldValue[1])) {
                    result.put("status", "rejected").put("message", rule.getValue());
                    return result;
                }
            }
            byKey.put(key, record);
            result.put("status", "accepted");
            return result;
        }

        private List<String> check(ObjectNode record) {
            List<String> problems = new ArrayList<>();
            boolean removal = expectation
                    .removalValue()
                    .equals(record.path(expectation.operationField()).asText());
            List<String> expected = new ArrayList<>(removal ? expectation.removalFields() : expectation.fields());
            expected.add(0, expectation.keyField());
            List<String> actual = new ArrayList<>();
            for (Iterator<String> it = record.fieldNames(); it.hasNext(); ) {
                actual.add(it.next());
            }
            if (!actual.equals(expected)) {
                problems.add("fields " + actual + " are not " + expected);
            }
            expectation.allowedValues().forEach((field, allowed) -> {
                JsonNode v = record.get(field);
                if (v != null && !v.isNull() && !allowed.contains(v.asText())) {
                    problems.add(field + " has a value outside its code list");
                }
            });
            expectation.formats().forEach((field, format) -> {
                JsonNode v = record.get(field);
                if (v != null && !v.isNull() && !format.matcher(v.asText()).matches()) {
                    problems.add(field + " is not in the expected format");
                }
            });
            return problems;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, Platform> platforms = new LinkedHashMap<>();

    private PlatformSimulator(HttpServer server) {
        this.server = server;
    }

    /** Starts on a free port with the platforms the hub ships definitions for. */
    public static PlatformSimulator start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(8));
        PlatformSimulator simulator = new PlatformSimulator(server);
        simulator.add("public-security", publicSecurity());
        simulator.add("grid", grid());
        simulator.add("sim", sim());
        simulator.add("bench-a", bench());
        simulator.add("bench-b", bench());
        server.start();
        return simulator;
    }

    public Platform add(String path, Expectation expectation) {
        Platform platform = new Platform(expectation);
        platforms.put(path, platform);
        server.createContext("/" + path, platform::handle);
        return platform;
    }

    public Platform platform(String path) {
        return platforms.get(path);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
    }

    public void stop() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** 公安实有人口, as its (assumed) interface document describes it. */
    static Expectation publicSecurity() {
        return new Expectation(
                "records",
                "recordKey",
                List.of(
                        "公民身份号码", "证件类型", "姓名", "性别", "民族", "出生日期", "人员类别", "户号", "与户主关系", "社区代码", "标准地址", "楼栋", "单元",
                        "房号", "联系电话", "登记类型", "注销原因"),
                List.of("公民身份号码", "姓名", "登记类型", "注销原因"),
                "登记类型",
                "注销",
                Map.of(
                        "证件类型", Set.of("居民身份证", "港澳台居民居住证", "外国人永久居留身份证"),
                        "性别", Set.of("0", "1", "2", "9"),
                        "人员类别", Set.of("户籍人口", "流动人口", "境外人员"),
                        "登记类型", Set.of("登记或变更", "注销"),
                        "注销原因", Set.of("迁出", "死亡", "重复登记", "登记有误", "不再符合条件")),
                Map.of(
                        "公民身份号码", Pattern.compile("\\d{17}[\\dX]"),
                        "出生日期", Pattern.compile("\\d{8}"),
                        "社区代码", Pattern.compile("\\d{12}")),
                results -> {
                    ObjectNode answer = JSON.createObjectNode();
                    ArrayNode array = answer.putArray("results");
                    results.forEach(array::add);
                    return answer;
                });
    }

    /** The benchmark's platforms (bench-adapters/bench-http-*): field names checked, nothing more. */
    static Expectation bench() {
        List<String> fields = List.of("姓名", "公民身份号码", "性别", "出生日期", "民族", "人口类型", "标准地址", "联系电话", "户号", "操作");
        return new Expectation("records", "recordKey", fields, fields, "操作", "REMOVE", Map.of(), Map.of(), results -> {
            ObjectNode answer = JSON.createObjectNode();
            ArrayNode array = answer.putArray("results");
            results.forEach(array::add);
            return answer;
        });
    }

    /** The engine tests' platform (test-adapters/sim-http). */
    static Expectation sim() {
        return new Expectation(
                "records",
                "recordKey",
                List.of("姓名", "证件号码", "版本", "房号", "操作"),
                List.of("姓名", "证件号码", "操作"),
                "操作",
                "REMOVE",
                Map.of("操作", Set.of("UPSERT", "REMOVE")),
                Map.of(),
                results -> {
                    ObjectNode answer = JSON.createObjectNode();
                    ArrayNode array = answer.putArray("results");
                    results.forEach(array::add);
                    return answer;
                });
    }

    /** 综治网格 (GB/T 31000 base data), whose answer has its own shape. */
    static Expectation grid() {
        return new Expectation(
                "people",
                "id",
                List.of("网格编码", "姓名", "公民身份号码", "性别", "出生日期", "民族", "政治面貌", "人口类型", "现住址", "联系电话", "特殊人群类别", "状态"),
                List.of("网格编码", "姓名", "公民身份号码", "性别", "出生日期", "民族", "政治面貌", "人口类型", "现住址", "联系电话", "特殊人群类别", "状态"),
                "状态",
                "撤销",
                Map.of("性别", Set.of("男", "女", "未知的性别", "未说明的性别"), "状态", Set.of("在管", "撤销")),
                Map.of("出生日期", Pattern.compile("\\d{4}-\\d{2}-\\d{2}")),
                results -> {
                    ObjectNode answer = JSON.createObjectNode().put("code", 0);
                    ArrayNode array = answer.putArray("data");
                    for (ObjectNode r : results) {
                        ObjectNode item =
                                array.addObject().put("id", r.path("key").asText());
                        boolean ok = "accepted".equals(r.path("status").asText());
                        item.put("code", ok ? "0" : "1");
                        if (!ok) {
                            item.put("msg", r.path("message").asText());
                        }
                    }
                    return answer;
                });
    }
}
