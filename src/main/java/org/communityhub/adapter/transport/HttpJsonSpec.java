package org.communityhub.adapter.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communityhub.adapter.definition.FieldMapping;
import org.communityhub.adapter.definition.Suggestions;
import org.communityhub.adapter.definition.TransportSettings;

/**
 * An {@code http-json} definition's settings, read: where the records go in the request, what
 * stands beside them, how the platform's answer names each record and says what became of it,
 * and how the hub signs in. Reading collects every problem with the setting it concerns.
 *
 * <p>A definition without {@code request} and {@code answer} is read in the older form:
 * {@code recordsField}, {@code keyField} (the hub's record key in each record) and {@code
 * response}.
 */
record HttpJsonSpec(String url, Duration timeout, Request request, Answer answer, Auth auth) {

    static final List<String> SETTINGS = List.of("url", "timeout", "auth", "request", "answer");
    static final List<String> OLDER_SETTINGS =
            List.of("url", "timeout", "auth", "recordsField", "keyField", "response");
    static final String POSITION = "position";

    /**
     * @param records where the list of records goes
     * @param with what stands beside the list, as written (text values, nested mappings)
     * @param recordKeyField the name the hub's record key goes under in each record; null when it is
     *     not sent
     */
    record Request(JsonPath records, Map<String, Object> with, String recordKeyField) {}

    /**
     * How an answer is read.
     *
     * @param by the request field the answer names records by (a platform field, or the record key
     *     field), or {@link #POSITION}
     * @param batch one code for the whole batch; null when the answer has none
     * @param results a list with one result per record; null when not this shape
     * @param lists lists of accepted and failed records; null when not this shape
     * @param statusOnly a 2xx accepts the whole batch (the definition says so)
     * @param unmentionedAccepted a record the answer does not name was taken (the definition says
     *     so); otherwise it failed and goes again
     */
    record Answer(
            String by, Batch batch, Results results, Lists lists, boolean statusOnly, boolean unmentionedAccepted) {}

    record Batch(JsonPath code, JsonPath message, Set<String> accepted, Set<String> retry) {}

    /**
     * @param rejected the values meaning refused; null: every value not accepted or retry
     */
    record Results(
            JsonPath list,
            JsonPath key,
            JsonPath status,
            JsonPath message,
            Set<String> accepted,
            Set<String> rejected,
            Set<String> retry) {}

    /** A list of records; {@code key} picks the name out of each (null: the items are the names). */
    record Listed(JsonPath list, JsonPath key, JsonPath message) {}

    record Lists(Listed accepted, Listed failed, Listed retry) {}

    /** How the hub signs in; every value comes from the definition with ${ENV} resolved. */
    sealed interface Auth {}

    record NoAuth() implements Auth {}

    /** A header with a fixed value: an API key, or a bearer token. */
    record HeaderAuth(String header, String value) implements Auth {}

    record BasicAuth(String user, String password) implements Auth {}

    /**
     * A token fetched from a login endpoint with a JSON POST, kept until it expires.
     *
     * @param expiresIn where the answer gives the token's lifetime in seconds; null when it does not
     * @param lifetime how long a token is kept when the answer does not say
     */
    record LoginAuth(
            String url,
            Map<String, Object> body,
            JsonPath token,
            JsonPath expiresIn,
            Duration lifetime,
            String header,
            String prefix)
            implements Auth {}

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    static Duration duration(String text, Duration fallback) {
        Matcher m = DURATION.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            return fallback;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    /** Reads the settings; problems go to {@code problems} (the spec is still returned, best effort). */
    static HttpJsonSpec read(
            TransportSettings settings,
            List<FieldMapping> fields,
            List<String> removalFields,
            List<TransportSettings.Problem> problems) {
        Reader r = new Reader(problems);
        boolean older =
                !settings.values().containsKey("request") && !settings.values().containsKey("answer");
        r.unknown(settings.values(), older ? OLDER_SETTINGS : SETTINGS, "");
        String url = settings.text("url").orElse(null);
        Duration timeout = Duration.ofSeconds(30);
        if (settings.text("timeout").isPresent()) {
            timeout = duration(settings.text("timeout").get(), null);
            if (timeout == null) {
                r.problem("timeout", "timeout 应写成 500ms、30s 或 2m");
                timeout = Duration.ofSeconds(30);
            }
        }
        Auth auth = auth(r, settings.values().get("auth"));
        Request request;
        Answer answer;
        if (older) {
            String recordKey = settings.text("keyField").orElse("recordKey");
            request = new Request(JsonPath.of(settings.text("recordsField").orElse("records")), Map.of(), recordKey);
            Map<String, Object> shape = settings.section("response");
            r.unknown(shape, List.of("results", "key", "status", "accepted", "message"), "response.");
            answer = new Answer(
                    recordKey,
                    null,
                    new Results(
                            JsonPath.of(text(shape.get("results"), "results")),
                            JsonPath.of(text(shape.get("key"), "key")),
                            JsonPath.of(text(shape.get("status"), "status")),
                            JsonPath.of(text(shape.get("message"), "message")),
                            Set.of(text(shape.get("accepted"), "accepted")),
                            null,
                            Set.of()),
                    null,
                    false,
                    false);
        } else {
            request = request(r, settings.values().get("request"), fields);
            answer = answer(r, settings.values().get("answer"), request, fields, removalFields);
        }
        return new HttpJsonSpec(url, timeout, request, answer, auth);
    }

    private static String text(Object value, String fallback) {
        return value == null || value.toString().isBlank() ? fallback : value.toString();
    }

    private static Request request(Reader r, Object value, List<FieldMapping> fields) {
        if (value == null) {
            return new Request(JsonPath.of("records"), Map.of(), null);
        }
        Map<String, Object> m = r.mapping(value, "request", List.of("records", "with", "recordKey"));
        String records = text(m.get("records"), "records");
        if (!JsonPath.valid(records)) {
            r.problem("request.records", "request.records 应是记录列表在请求中的位置，如 people 或 body.records");
        }
        Map<String, Object> with = Map.of();
        if (m.containsKey("with")) {
            if (m.get("with") instanceof Map<?, ?> w) {
                @SuppressWarnings("unchecked")
                Map<String, Object> cast = (Map<String, Object>) w;
                with = cast;
            } else {
                r.problem("request.with", "request.with 应是映射：与记录列表并列的固定字段，例如 {unit: \"${HUB_GRID_UNIT:110105}\"}");
            }
        }
        JsonPath path = JsonPath.of(records);
        if (path.root() && !with.isEmpty()) {
            r.problem("request.with", "记录列表就是整个请求体（records: .）时，旁边不能再有 with 字段");
        }
        if (!path.root()
                && with.containsKey(path.names().get(0))
                && path.names().size() == 1) {
            r.problem("request.with", "with 中的“" + path.names().get(0) + "”与记录列表的位置重名");
        }
        String recordKey = m.containsKey("recordKey") ? text(m.get("recordKey"), null) : null;
        if (recordKey != null && fields.stream().anyMatch(f -> f.name().equals(recordKey))) {
            r.problem("request.recordKey", "recordKey“" + recordKey + "”与平台的一个字段重名；请换一个名称");
        }
        return new Request(path, with, recordKey);
    }

    private static Answer answer(
            Reader r, Object value, Request request, List<FieldMapping> fields, List<String> removalFields) {
        if (value == null) {
            r.problem("answer", "缺少 answer：说明平台的答复如何指明每条记录的结果；若平台只以 HTTP 状态答复，写 answer: {statusOnly: true}");
            return new Answer(null, null, null, null, false, false);
        }
        Map<String, Object> m = r.mapping(
                value,
                "answer",
                List.of("by", "batch", "results", "accepted", "failed", "retry", "statusOnly", "unmentioned"));
        boolean statusOnly = "true".equals(String.valueOf(m.get("statusOnly")));
        Batch batch = m.containsKey("batch") ? batch(r, m.get("batch")) : null;
        Results results = m.containsKey("results") ? results(r, m.get("results")) : null;
        Listed accepted = m.containsKey("accepted") ? listed(r, m.get("accepted"), "answer.accepted", false) : null;
        Listed failed = m.containsKey("failed") ? listed(r, m.get("failed"), "answer.failed", true) : null;
        Listed retry = m.containsKey("retry") ? listed(r, m.get("retry"), "answer.retry", true) : null;
        Lists lists = accepted != null || failed != null || retry != null ? new Lists(accepted, failed, retry) : null;
        boolean unmentionedAccepted = false;
        if (m.containsKey("unmentioned")) {
            String u = String.valueOf(m.get("unmentioned"));
            if ("accepted".equals(u)) {
                unmentionedAccepted = true;
            } else if (!"failed".equals(u)) {
                r.problem("answer.unmentioned", "unmentioned 只能是 failed（默认：答复未提到的记录算失败，稍后重发）或 accepted");
            }
        }
        if (statusOnly && (batch != null || results != null || lists != null)) {
            r.problem("answer.statusOnly", "statusOnly: true 表示只看 HTTP 状态，不能再写 batch、results 或 accepted/failed");
        }
        if (results != null && lists != null) {
            r.problem("answer", "results（逐条结果列表）与 accepted/failed（接收与失败两个列表）只能选一种");
        }
        if (!statusOnly && batch == null && results == null && lists == null) {
            r.problem(
                    "answer",
                    "answer 须说明答复的形状：results（逐条结果）、accepted 和 failed（两个列表）、batch（整批一个代码），"
                            + "或 statusOnly: true（2xx 即整批接收）");
        }
        if (lists != null && lists.accepted() == null && !unmentionedAccepted) {
            r.problem(
                    "answer.accepted",
                    "只有 failed 列表时，答复未提到的记录无从判断；请写出 accepted 列表，或写 unmentioned: accepted 表示未列为失败即接收");
        }
        String by = m.containsKey("by") ? text(m.get("by"), null) : null;
        boolean named = results != null || lists != null;
        if (named) {
            by = by(r, by, request, fields, removalFields, lists != null);
        } else if (by != null) {
            r.problem("answer.by", "by 只用于答复逐条指明记录时（results 或 accepted/failed）");
        }
        return new Answer(by, batch, results, lists, statusOnly, unmentionedAccepted);
    }

    /** The request field the answer names records by; it must be in every record the hub sends. */
    private static String by(
            Reader r,
            String by,
            Request request,
            List<FieldMapping> fields,
            List<String> removalFields,
            boolean lists) {
        List<String> candidates =
                new ArrayList<>(fields.stream().map(FieldMapping::name).toList());
        if (request.recordKeyField() != null) {
            candidates.add(request.recordKeyField());
        }
        if (by == null) {
            r.problem("answer", "缺少 answer.by：平台的答复按哪个字段指明记录（如 sfzh，即请求中每条记录都带的字段），或 by: position（按顺序一一对应）");
            return null;
        }
        if (POSITION.equals(by)) {
            if (lists) {
                r.problem("answer.by", "by: position 只能与 results 一起用：两个列表无法按顺序对应");
            }
            return by;
        }
        if (by.equals(request.recordKeyField())) {
            return by;
        }
        FieldMapping field =
                fields.stream().filter(f -> f.name().equals(by)).findFirst().orElse(null);
        if (field == null) {
            r.problem(
                    "answer.by",
                    "answer.by 的“" + by + "”不是请求中记录的字段" + Suggestions.didYouMean(by, candidates) + "可用的有 "
                            + String.join("、", candidates));
            return by;
        }
        if (!field.required()) {
            r.problem("answer.by", "答复按“" + by + "”指明记录，所以这个字段须设 required: true：没有它的记录，答复无法指明（这样的记录会交给社区工作者补全，而不会发出）");
        }
        if (!removalFields.contains(by)) {
            r.problem("answer.by", "答复按“" + by + "”指明记录，所以注销记录也须带上它：请把它加入 removal.fields");
        }
        return by;
    }

    private static Batch batch(Reader r, Object value) {
        Map<String, Object> m = r.mapping(value, "answer.batch", List.of("code", "message", "accepted", "retry"));
        String code = text(m.get("code"), null);
        if (code == null || !JsonPath.valid(code)) {
            r.problem("answer.batch", "answer.batch 须有 code：答复中整批结果代码的位置，如 code 或 result.code");
        }
        Set<String> accepted = r.values(m.get("accepted"), "answer.batch.accepted");
        if (accepted.isEmpty()) {
            r.problem("answer.batch", "answer.batch 须有 accepted：表示成功的代码，如 accepted: [0]");
        }
        return new Batch(
                JsonPath.of(code),
                JsonPath.of(text(m.get("message"), "message")),
                accepted,
                r.values(m.get("retry"), "answer.batch.retry"));
    }

    private static Results results(Reader r, Object value) {
        Map<String, Object> m = r.mapping(
                value, "answer.results", List.of("list", "key", "status", "message", "accepted", "rejected", "retry"));
        String list = text(m.get("list"), null);
        if (list == null || !JsonPath.valid(list)) {
            r.problem("answer.results", "answer.results 须有 list：逐条结果列表在答复中的位置，如 results 或 data.items");
        }
        if (!m.containsKey("status")) {
            r.problem("answer.results", "answer.results 须有 status：每条结果中表示接收与否的字段");
        }
        Set<String> accepted = r.values(m.get("accepted"), "answer.results.accepted");
        if (accepted.isEmpty()) {
            r.problem("answer.results", "answer.results 须有 accepted：表示接收的状态值，如 accepted: [\"0\"] 或 [success]");
        }
        Set<String> rejected =
                m.containsKey("rejected") ? r.values(m.get("rejected"), "answer.results.rejected") : null;
        Set<String> retry = r.values(m.get("retry"), "answer.results.retry");
        Set<String> overlap = new LinkedHashSet<>(accepted);
        overlap.retainAll(retry);
        if (rejected != null) {
            Set<String> both = new LinkedHashSet<>(rejected);
            both.retainAll(accepted);
            overlap.addAll(both);
        }
        if (!overlap.isEmpty()) {
            r.problem("answer.results", "状态值 " + overlap + " 同时列在了两种结果里");
        }
        return new Results(
                JsonPath.of(list),
                m.containsKey("key") ? JsonPath.of(text(m.get("key"), null)) : null,
                JsonPath.of(text(m.get("status"), "status")),
                JsonPath.of(text(m.get("message"), "message")),
                accepted,
                rejected,
                retry);
    }

    private static Listed listed(Reader r, Object value, String where, boolean withMessage) {
        List<String> keys = withMessage ? List.of("list", "key", "message") : List.of("list", "key");
        Map<String, Object> m = r.mapping(value, where, keys);
        String list = text(m.get("list"), null);
        if (list == null || !JsonPath.valid(list)) {
            r.problem(where, where + " 须有 list：列表在答复中的位置，如 ok 或 result.errors");
        }
        return new Listed(
                JsonPath.of(list),
                m.containsKey("key") ? JsonPath.of(text(m.get("key"), null)) : null,
                m.containsKey("message") ? JsonPath.of(text(m.get("message"), null)) : null);
    }

    private static Auth auth(Reader r, Object value) {
        if (value == null) {
            return new NoAuth();
        }
        Map<String, Object> m = r.mapping(value, "auth", List.of("bearer", "header", "value", "basic", "login"));
        int kinds = (m.containsKey("bearer") ? 1 : 0)
                + (m.containsKey("header") || m.containsKey("value") ? 1 : 0)
                + (m.containsKey("basic") ? 1 : 0)
                + (m.containsKey("login") ? 1 : 0);
        if (kinds != 1) {
            r.problem("auth", "auth 须且只能是一种：bearer（令牌）、header 和 value（如 API key 请求头）、basic（用户名和密码）、login（先登录取令牌）");
            return new NoAuth();
        }
        if (m.containsKey("bearer")) {
            return new HeaderAuth("Authorization", "Bearer " + text(m.get("bearer"), ""));
        }
        if (m.containsKey("header") || m.containsKey("value")) {
            if (!m.containsKey("header") || !m.containsKey("value")) {
                r.problem("auth", "auth 需要 header 和 value，例如 {header: X-Api-Key, value: \"${HUB_GRID_API_KEY:}\"}");
            }
            return new HeaderAuth(text(m.get("header"), "Authorization"), text(m.get("value"), ""));
        }
        if (m.containsKey("basic")) {
            Map<String, Object> b = r.mapping(m.get("basic"), "auth.basic", List.of("user", "password"));
            if (!b.containsKey("user") || !b.containsKey("password")) {
                r.problem("auth.basic", "auth.basic 需要 user 和 password，各自写成 \"${某个环境变量:}\"");
            }
            return new BasicAuth(text(b.get("user"), ""), text(b.get("password"), ""));
        }
        Map<String, Object> l = r.mapping(
                m.get("login"),
                "auth.login",
                List.of("url", "body", "token", "expiresIn", "lifetime", "header", "prefix"));
        if (!l.containsKey("url")) {
            r.problem("auth.login", "auth.login 需要 url：登录接口的地址");
        }
        String token = text(l.get("token"), null);
        if (token == null || !JsonPath.valid(token)) {
            r.problem("auth.login", "auth.login 需要 token：登录答复中令牌的位置，如 access_token 或 data.token");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (l.get("body") instanceof Map<?, ?> b) {
            b.forEach((k, v) -> body.put(String.valueOf(k), v));
        } else if (l.containsKey("body")) {
            r.problem(
                    "auth.login.body", "auth.login.body 应是映射：登录时发送的 JSON，例如 {username: \"${…}\", password: \"${…}\"}");
        }
        Duration lifetime = Duration.ofMinutes(30);
        if (l.containsKey("lifetime")) {
            lifetime = duration(String.valueOf(l.get("lifetime")), null);
            if (lifetime == null) {
                r.problem("auth.login.lifetime", "lifetime 应写成 30m、2h 之类");
                lifetime = Duration.ofMinutes(30);
            }
        }
        return new LoginAuth(
                text(l.get("url"), ""),
                body,
                JsonPath.of(token),
                l.containsKey("expiresIn") ? JsonPath.of(text(l.get("expiresIn"), null)) : null,
                lifetime,
                text(l.get("header"), "Authorization"),
                l.containsKey("prefix") ? String.valueOf(l.get("prefix")) : "Bearer ");
    }

    /** Collects problems by setting. */
    private record Reader(List<TransportSettings.Problem> problems) {

        void problem(String setting, String message) {
            problems.add(new TransportSettings.Problem(setting, message));
        }

        void unknown(Map<String, Object> values, List<String> known, String prefix) {
            for (String key : values.keySet()) {
                if (!known.contains(key)) {
                    problem(
                            prefix + key,
                            "没有“" + prefix + key + "”这项设置" + Suggestions.didYouMean(key, known) + "可用的有 "
                                    + String.join("、", known));
                }
            }
        }

        Map<String, Object> mapping(Object value, String where, List<String> known) {
            if (!(value instanceof Map<?, ?> raw)) {
                problem(where, where + " 应是映射，可用的键有 " + String.join("、", known));
                return Map.of();
            }
            Map<String, Object> m = new LinkedHashMap<>();
            raw.forEach((k, v) -> m.put(String.valueOf(k), v));
            unknown(m, known, where + ".");
            return m;
        }

        /** A value or a list of values, as text. */
        Set<String> values(Object value, String where) {
            if (value == null) {
                return Set.of();
            }
            if (value instanceof List<?> list) {
                Set<String> set = new LinkedHashSet<>();
                for (Object o : list) {
                    if (o instanceof Map<?, ?> || o instanceof List<?>) {
                        problem(where, where + " 的每一项应是单个值");
                    } else {
                        set.add(String.valueOf(o));
                    }
                }
                return set;
            }
            if (value instanceof Map<?, ?>) {
                problem(where, where + " 应是一个值或值的列表，如 [\"0\"]");
                return Set.of();
            }
            return Set.of(String.valueOf(value));
        }
    }
}
