package org.communityhub.adapter.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.communityhub.adapter.definition.AdapterDefinition;
import org.communityhub.adapter.definition.DefinitionLoader;
import org.communityhub.adapter.definition.DefinitionProblem;
import org.communityhub.adapter.mapping.RecordMapper.Operation;
import org.communityhub.adapter.transport.RecordOutcome.Result;
import org.communityhub.adapter.transport.ShapedPlatform.Reply;
import org.communityhub.reference.code.CodeTables;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.Phones;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Government interfaces as they really are, each described by a definition alone and delivered
 * to by the http-json transport against a simulated platform of that shape. The definitions here
 * are the worked examples of docs/adapters.md.
 */
class HttpJsonShapesTest {

    private ShapedPlatform platform;
    private final Map<String, String> env = new LinkedHashMap<>();
    private final MutableClock clock = new MutableClock();
    private HttpJsonTransport transport;

    @BeforeEach
    void start() throws Exception {
        platform = new ShapedPlatform();
        transport = new HttpJsonTransport(clock);
    }

    @AfterEach
    void stop() {
        platform.close();
    }

    // ---- 1. elder care: keyed by ID number, a list of accepted and a list of failures ----------

    static final String ELDER_CARE = """
            id: elder-care
            name: 街道养老服务平台
            version: "1"
            legalBasis: 《老年人权益保障法》；《个人信息保护法》第十三条第一款第三项
            select:
              - age: {min: 60}
            fields:
              - {name: sfzh, from: idNumber, required: true}
              - {name: xm, from: name}
              - {name: nl, from: age}
              - {name: dz, from: address}
              - {name: dh, from: phone}
            transport:
              type: http-json
              url: ${HUB_ELDER_URL:}
              auth: {bearer: "${HUB_ELDER_TOKEN:}"}
              request:
                records: people
              answer:
                by: sfzh
                accepted: {list: ok}
                failed: {list: failed, key: sfzh, message: reason}
            """;

    @Test
    void elderCareIsKeyedByIdNumberAndAnswersWithTwoLists() throws Exception {
        env.put("HUB_ELDER_URL", platform.url("/api/elders"));
        env.put("HUB_ELDER_TOKEN", "elder-token-1");
        String taken = IdNumbers.any();
        String refused = IdNumbers.any();
        String unmentioned = IdNumbers.any();
        platform.on("/api/elders", request -> {
            ObjectNode answer = ShapedPlatform.JSON.createObjectNode();
            ArrayNode ok = answer.putArray("ok");
            ArrayNode failed = answer.putArray("failed");
            for (JsonNode person : request.body().path("people")) {
                String sfzh = person.path("sfzh").asText();
                if (sfzh.equals(refused)) {
                    failed.addObject().put("sfzh", sfzh).put("reason", "地址不在本街道");
                } else if (sfzh.equals(taken)) {
                    ok.add(sfzh);
                }
            }
            return Reply.ok(answer);
        });
        AdapterDefinition d = definition(ELDER_CARE);
        OutboundRecord a = elder(taken);
        OutboundRecord b = elder(refused);
        OutboundRecord c = elder(unmentioned);

        ShipmentOutcome outcome = transport.deliver(new Shipment(d, "batch-1", List.of(a, b, c)));

        assertThat(outcome.records().get(a.key())).isEqualTo(RecordOutcome.accepted());
        assertThat(outcome.records().get(b.key())).isEqualTo(RecordOutcome.rejected("地址不在本街道"));
        assertThat(outcome.records().get(c.key()).result()).isEqualTo(Result.UNKNOWN);
        assertThat(outcome.records().get(c.key()).message())
                .contains("答复中没有这条记录")
                .contains("sfzh");
        ShapedPlatform.Received sent = platform.received("/api/elders").get(0);
        assertThat(sent.header("Authorization")).isEqualTo("Bearer elder-token-1");
        assertThat(sent.header("Idempotency-Key")).isEqualTo("batch-1");
        assertThat(fieldNames(sent.body())).containsExactly("people");
        assertThat(fieldNames(sent.body().path("people").get(0)))
                .as("only the fields the definition names; the hub's record key is not among them")
                .containsExactly("sfzh", "xm", "nl", "dz", "dh");
    }

    // ---- 2. per-record results, nested, with the platform's own names and statuses --------------

    static final String CIVIL_RESULTS = """
            id: civil-results
            name: 区民政信息系统
            version: "1"
            legalBasis: 《社会救助暂行办法》
            fields:
              - {name: zjhm, from: idNumber, required: true}
              - {name: xm, from: name}
            transport:
              type: http-json
              url: ${HUB_CIVIL_URL:}
              auth: {header: X-Api-Key, value: "${HUB_CIVIL_KEY:}"}
              request:
                records: body.records
                with: {head: {unit: "${HUB_CIVIL_UNIT:110105001}", source: 社区一表通}}
              answer:
                by: zjhm
                results:
                  list: data.items
                  key: idNo
                  status: state
                  message: detail.text
                  accepted: [S]
                  rejected: [F]
                  retry: [W]
            """;

    @Test
    void perRecordResultsNestedUnderAPathWithStatusesMappedToAcceptedRejectedAndRetry() throws Exception {
        env.put("HUB_CIVIL_URL", platform.url("/civil"));
        env.put("HUB_CIVIL_KEY", "key-42");
        String s = IdNumbers.any();
        String f = IdNumbers.any();
        String w = IdNumbers.any();
        String odd = IdNumbers.any();
        platform.on("/civil", request -> {
            ObjectNode answer = ShapedPlatform.JSON.createObjectNode();
            ArrayNode items = answer.putObject("data").putArray("items");
            for (JsonNode r : request.body().path("body").path("records")) {
                String id = r.path("zjhm").asText();
                String state = id.equals(s) ? "S" : id.equals(f) ? "F" : id.equals(w) ? "W" : "X";
                ObjectNode item = items.addObject().put("idNo", id).put("state", state);
                item.putObject("detail").put("text", state.equals("F") ? "姓名与证件号码不符" : "排队中");
            }
            return Reply.ok(answer);
        });
        AdapterDefinition d = definition(CIVIL_RESULTS);
        List<OutboundRecord> records =
                List.of(person("zjhm", s), person("zjhm", f), person("zjhm", w), person("zjhm", odd));

        Map<String, RecordOutcome> outcome =
                transport.deliver(new Shipment(d, "b", records)).records();

        assertThat(outcome.get(records.get(0).key())).isEqualTo(RecordOutcome.accepted());
        assertThat(outcome.get(records.get(1).key())).isEqualTo(RecordOutcome.rejected("姓名与证件号码不符"));
        assertThat(outcome.get(records.get(2).key()).result()).isEqualTo(Result.UNKNOWN);
        assertThat(outcome.get(records.get(2).key()).message()).contains("稍后重试").contains("排队中");
        assertThat(outcome.get(records.get(3).key()).result())
                .as("a status the definition does not list is not taken for a refusal or an acceptance")
                .isEqualTo(Result.UNKNOWN);
        JsonNode body = platform.received("/civil").get(0).body();
        assertThat(body.path("head").path("unit").asText()).isEqualTo("110105001");
        assertThat(body.path("head").path("source").asText()).isEqualTo("社区一表通");
        assertThat(fieldNames(body.path("body"))).containsExactly("records");
        assertThat(platform.received("/civil").get(0).header("X-Api-Key")).isEqualTo("key-42");
    }

    // ---- 3. one code and message for the whole batch --------------------------------------------

    static final String GRID_BATCH = """
            id: grid-batch
            name: 综治网格（整批答复）
            version: "1"
            legalBasis: 《平安建设条例》
            fields:
              - {name: gmsfhm, from: idNumber, required: true}
              - {name: xm, from: name}
            transport:
              type: http-json
              url: ${HUB_GRID_BATCH_URL:}
              auth:
                basic: {user: "${HUB_GRID_USER:}", password: "${HUB_GRID_PASSWORD:}"}
              request:
                records: rows
                with: {wgbm: "${HUB_GRID_UNIT:110105001001}"}
              answer:
                batch: {code: code, message: msg, accepted: [0], retry: [1001, 1002]}
            """;

    @Test
    void oneCodeForTheWholeBatchAcceptsRefusesOrAsksToRetry() throws Exception {
        env.put("HUB_GRID_BATCH_URL", platform.url("/grid"));
        env.put("HUB_GRID_USER", "hub");
        env.put("HUB_GRID_PASSWORD", "s3cret");
        AtomicInteger code = new AtomicInteger(0);
        platform.on(
                "/grid",
                request -> new Reply(
                        200,
                        "{\"code\":" + code.get() + ",\"msg\":\""
                                + (code.get() == 0 ? "成功" : code.get() == 1001 ? "系统繁忙" : "网格编码不存在") + "\"}"));
        AdapterDefinition d = definition(GRID_BATCH);
        List<OutboundRecord> records = List.of(person("gmsfhm", IdNumbers.any()), person("gmsfhm", IdNumbers.any()));

        assertThat(transport.deliver(new Shipment(d, "b1", records)).records().values())
                .containsOnly(RecordOutcome.accepted());
        code.set(1001);
        assertThatThrownBy(() -> transport.deliver(new Shipment(d, "b2", records)))
                .isInstanceOfSatisfying(TransportFailure.class, e -> {
                    assertThat(e.retryable()).isTrue();
                    assertThat(e.getMessage()).contains("1001").contains("系统繁忙");
                });
        code.set(7);
        assertThat(transport.deliver(new Shipment(d, "b3", records)).records().values())
                .containsOnly(RecordOutcome.rejected("平台拒收整批（代码 7）：网格编码不存在"));
        ShapedPlatform.Received sent = platform.received("/grid").get(0);
        assertThat(sent.header("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("hub:s3cret".getBytes()));
        assertThat(sent.body().path("wgbm").asText()).isEqualTo("110105001001");
    }

    // ---- 4. HTTP status alone, said so; and the safe default when not said -------------------

    static final String STATUS_ONLY = """
            id: status-only
            name: 只看状态码的平台
            version: "1"
            legalBasis: 测试
            fields:
              - {name: xm, from: name}
            transport:
              type: http-json
              url: ${HUB_STATUS_URL:}
              answer: {statusOnly: true}
            """;

    @Test
    void aTwoHundredAcceptsTheWholeBatchOnlyWhenTheDefinitionSaysSo() throws Exception {
        env.put("HUB_STATUS_URL", platform.url("/status"));
        env.put("HUB_ELDER_URL", platform.url("/status"));
        platform.on("/status", request -> new Reply(200, ""));
        List<OutboundRecord> records = List.of(person("xm", "x"), elder(IdNumbers.any()));

        assertThat(transport
                        .deliver(new Shipment(definition(STATUS_ONLY), "b", records.subList(0, 1)))
                        .records()
                        .values())
                .containsOnly(RecordOutcome.accepted());
        assertThat(transport
                        .deliver(new Shipment(definition(ELDER_CARE), "b", records.subList(1, 2)))
                        .records()
                        .values())
                .as("an answer that should name the record and is empty accepts nothing")
                .allSatisfy(o -> {
                    assertThat(o.result()).isEqualTo(Result.UNKNOWN);
                    assertThat(o.message()).contains("不是 JSON");
                });
    }

    // ---- 5. by position, with a token fetched from a login endpoint ----------------------------

    static final String HEALTH_POSITION = """
            id: health-position
            name: 社区卫生服务平台
            version: "1"
            legalBasis: 《基本医疗卫生与健康促进法》
            fields:
              - {name: name, from: name}
              - {name: idCard, from: idNumber}
            transport:
              type: http-json
              url: ${HUB_HEALTH_URL:}
              auth:
                login:
                  url: ${HUB_HEALTH_LOGIN_URL:}
                  body: {account: "${HUB_HEALTH_ACCOUNT:}", secret: "${HUB_HEALTH_SECRET:}"}
                  token: data.accessToken
                  expiresIn: data.expiresIn
              request:
                records: .
              answer:
                by: position
                results: {list: result, status: success, accepted: ["true"], message: error}
            """;

    @Test
    void answersInTheOrderSentWithATokenFromALoginKeptUntilItExpires() throws Exception {
        env.put("HUB_HEALTH_URL", platform.url("/health/upload"));
        env.put("HUB_HEALTH_LOGIN_URL", platform.url("/health/login"));
        env.put("HUB_HEALTH_ACCOUNT", "community-hub");
        env.put("HUB_HEALTH_SECRET", "pw");
        AtomicInteger logins = new AtomicInteger();
        platform.on("/health/login", request -> {
            boolean right = request.body().path("account").asText().equals("community-hub")
                    && request.body().path("secret").asText().equals("pw");
            if (!right) {
                return new Reply(401, "{}");
            }
            return new Reply(
                    200, "{\"data\":{\"accessToken\":\"tok-" + logins.incrementAndGet() + "\",\"expiresIn\":3600}}");
        });
        platform.on("/health/upload", request -> {
            if (!("Bearer tok-" + logins.get()).equals(request.header("Authorization"))) {
                return new Reply(401, "{}");
            }
            ObjectNode answer = ShapedPlatform.JSON.createObjectNode();
            ArrayNode result = answer.putArray("result");
            for (JsonNode r : request.body()) {
                boolean ok = !r.path("name").asText().isEmpty();
                ObjectNode item = result.addObject().put("success", ok);
                if (!ok) {
                    item.put("error", "姓名为空");
                }
            }
            return Reply.ok(answer);
        });
        AdapterDefinition d = definition(HEALTH_POSITION);
        List<OutboundRecord> records = List.of(named("王芳"), named(""));

        Map<String, RecordOutcome> first =
                transport.deliver(new Shipment(d, "b1", records)).records();
        transport.deliver(new Shipment(d, "b2", records));
        clock.advance(Duration.ofMinutes(59));
        transport.deliver(new Shipment(d, "b3", records));

        assertThat(first.get(records.get(0).key())).isEqualTo(RecordOutcome.accepted());
        assertThat(first.get(records.get(1).key())).isEqualTo(RecordOutcome.rejected("姓名为空"));
        assertThat(platform.received("/health/upload").get(0).body().isArray()).isTrue();
        assertThat(logins)
                .as("one login for the first two, another once the token is close to expiring")
                .hasValue(2);
    }

    @Test
    void aFewerResultsThanRecordsAnswerFailsTheRecordsItLeavesOut() throws Exception {
        env.put("HUB_HEALTH_URL", platform.url("/short"));
        env.put("HUB_HEALTH_LOGIN_URL", platform.url("/login"));
        platform.on("/login", r -> new Reply(200, "{\"data\":{\"accessToken\":\"t\"}}"));
        platform.on("/short", r -> new Reply(200, "{\"result\":[{\"success\":true}]}"));
        List<OutboundRecord> records = List.of(named("甲"), named("乙"));

        Map<String, RecordOutcome> outcome = transport
                .deliver(new Shipment(definition(HEALTH_POSITION), "b", records))
                .records();

        assertThat(outcome.get(records.get(0).key())).isEqualTo(RecordOutcome.accepted());
        assertThat(outcome.get(records.get(1).key()).result()).isEqualTo(Result.UNKNOWN);
        assertThat(outcome.get(records.get(1).key()).message()).contains("第 2 条");
    }

    // ---- definitions that cannot work are refused when read -------------------------------------

    @Test
    void aDefinitionWhoseAnswerCannotNameItsRecordsIsRefusedWithEveryReason() {
        String bad = ELDER_CARE
                .replace("{name: sfzh, from: idNumber, required: true}", "{name: sfzh, from: idNumber}")
                .replace("by: sfzh", "by: sfhz")
                .replace("records: people", "records: people\n    recrodKey: id");

        List<DefinitionProblem> problems = problems(bad);

        assertThat(problems)
                .extracting(DefinitionProblem::message)
                .anyMatch(m -> m.contains("“sfhz”不是请求中记录的字段") && m.contains("是不是 sfzh？"))
                .anyMatch(m -> m.contains("request.recrodKey") && m.contains("是不是 recordKey？"));
        assertThat(problems).allSatisfy(p -> assertThat(p.line()).isGreaterThan(15));
        assertThat(problems(ELDER_CARE.replace(
                        "{name: sfzh, from: idNumber, required: true}", "{name: sfzh, from: idNumber}")))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("required: true"));
        assertThat(problems(ELDER_CARE.replace(
                        "    by: sfzh\n    accepted: {list: ok}\n    failed: {list: failed, key: sfzh, message: reason}\n",
                        "    by: sfzh\n")))
                .extracting(DefinitionProblem::message)
                .anyMatch(m -> m.contains("answer 须说明答复的形状"));
    }

    @Test
    void theOlderFormStillReadsAndIsSafeOnAnAnswerWithoutResults() throws Exception {
        String older = """
                id: older
                name: 旧写法平台
                version: "1"
                legalBasis: 测试
                fields:
                  - {name: 姓名, from: name}
                transport:
                  type: http-json
                  url: ${HUB_OLDER_URL:}
                """;
        env.put("HUB_OLDER_URL", platform.url("/older"));
        platform.on("/older", r -> new Reply(200, "{}"));
        OutboundRecord record = person("姓名", "张三");

        RecordOutcome outcome = transport
                .deliver(new Shipment(definition(older), "b", List.of(record)))
                .records()
                .get(record.key());

        assertThat(fieldNames(platform.received("/older")
                        .get(0)
                        .body()
                        .path("records")
                        .get(0)))
                .containsExactly("recordKey", "姓名");
        assertThat(outcome.result()).isEqualTo(Result.UNKNOWN);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private AdapterDefinition definition(String yaml) {
        List<DefinitionProblem> problems = new ArrayList<>();
        String id = yaml.substring(4, yaml.indexOf('\n'));
        AdapterDefinition d = loader().parse(id, id + "/adapter.yaml", yaml, problems);
        assertThat(problems).isEmpty();
        return d;
    }

    private List<DefinitionProblem> problems(String yaml) {
        List<DefinitionProblem> problems = new ArrayList<>();
        String id = yaml.substring(4, yaml.indexOf('\n'));
        loader().parse(id, id + "/adapter.yaml", yaml, problems);
        return problems;
    }

    private DefinitionLoader loader() {
        return new DefinitionLoader(new CodeTables(), env::get, Map.of("http-json", transport::problems));
    }

    private static OutboundRecord elder(String idNumber) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("sfzh", idNumber);
        fields.put("xm", "测试老人");
        fields.put("nl", 81);
        fields.put("dz", "示范社区3号楼2单元501室");
        fields.put("dh", Phones.any());
        return record(fields);
    }

    private static OutboundRecord person(String field, String value) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put(field, value);
        if (!field.equals("xm") && !field.equals("姓名")) {
            fields.put("xm", "测试居民");
        }
        return record(fields);
    }

    private static OutboundRecord named(String name) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("idCard", IdNumbers.any());
        return record(fields);
    }

    private static OutboundRecord record(Map<String, Object> fields) {
        UUID resident = UUID.randomUUID();
        return new OutboundRecord("p:" + resident + ":1:abcd1234", resident, 1, Operation.UPSERT, fields);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A clock the test moves on. */
    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T08:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
