package org.communityhub.adapter.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communityhub.adapter.transport.HttpJsonSpec.Answer;
import org.communityhub.adapter.transport.HttpJsonSpec.Listed;

/**
 * Reads a platform's 2xx answer into what became of each record, in the shape the definition
 * describes. Safe by default: a record the answer should name and does not, or names in a way
 * that cannot be understood, is neither accepted nor refused — it failed, says why, and goes
 * again later; only a definition that says so lets a 2xx accept records the answer is silent on.
 */
final class HttpAnswer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Answer answer;
    private final String recordKeyField;

    HttpAnswer(Answer answer, String recordKeyField) {
        this.answer = answer;
        this.recordKeyField = recordKeyField;
    }

    Map<String, RecordOutcome> read(List<OutboundRecord> records, byte[] body) throws TransportFailure {
        Map<String, RecordOutcome> outcomes = new LinkedHashMap<>();
        if (answer.statusOnly()) {
            records.forEach(r -> outcomes.put(r.key(), RecordOutcome.accepted()));
            return outcomes;
        }
        JsonNode root;
        try {
            root = body == null || body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException e) {
            root = null;
        }
        if (root == null) {
            return all(records, unknown("平台的答复不是 JSON，无法判断每条记录是否被接收；稍后重发"));
        }
        if (answer.batch() != null) {
            HttpJsonSpec.Batch batch = answer.batch();
            String code = batch.code().text(root);
            String message = batch.message().text(root);
            if (code == null) {
                return all(records, unknown("平台的答复中没有整批结果代码（" + batch.code() + "）；稍后重发"));
            }
            if (batch.retry().contains(code)) {
                throw new TransportFailure(
                        "平台要求稍后重试（代码 " + code + (message == null ? "" : "：" + limit(message)) + "）", true, true, null);
            }
            if (!batch.accepted().contains(code)) {
                return all(
                        records,
                        RecordOutcome.rejected(
                                "平台拒收整批（代码 " + code + "）" + (message == null ? "" : "：" + limit(message))));
            }
            if (answer.results() == null && answer.lists() == null) {
                return all(records, RecordOutcome.accepted());
            }
        }
        if (answer.results() != null) {
            return results(records, root);
        }
        return lists(records, root);
    }

    private Map<String, RecordOutcome> results(List<OutboundRecord> records, JsonNode root) {
        HttpJsonSpec.Results shape = answer.results();
        JsonNode list = shape.list().in(root);
        if (!list.isArray()) {
            return all(records, unknown("平台的答复中没有逐条结果列表（" + shape.list() + "）；稍后重发"));
        }
        Map<String, RecordOutcome> outcomes = new LinkedHashMap<>();
        if (HttpJsonSpec.POSITION.equals(answer.by())) {
            for (int i = 0; i < records.size(); i++) {
                outcomes.put(
                        records.get(i).key(),
                        i < list.size() ? result(list.get(i)) : unmentioned("第 " + (i + 1) + " 条（按顺序对照）"));
            }
            return outcomes;
        }
        JsonPath key = shape.key() != null ? shape.key() : JsonPath.of(answer.by());
        Map<String, JsonNode> byName = new HashMap<>();
        for (JsonNode item : list) {
            String name = item.isValueNode() ? item.asText() : key.text(item);
            if (name != null) {
                byName.putIfAbsent(name, item);
            }
        }
        Map<String, Integer> names = names(records);
        for (OutboundRecord r : records) {
            String name = name(r);
            JsonNode item = name == null ? null : byName.get(name);
            if (name != null && names.get(name) > 1) {
                outcomes.put(r.key(), ambiguous());
            } else if (item == null) {
                outcomes.put(r.key(), unmentioned("按“" + answer.by() + "”对照"));
            } else {
                outcomes.put(r.key(), result(item));
            }
        }
        return outcomes;
    }

    private RecordOutcome result(JsonNode item) {
        HttpJsonSpec.Results shape = answer.results();
        String status = shape.status().text(item);
        String message = shape.message().text(item);
        if (status != null && shape.accepted().contains(status)) {
            return RecordOutcome.accepted();
        }
        if (status != null && shape.retry().contains(status)) {
            return unknown("平台要求稍后重试" + (message == null ? "" : "：" + limit(message)));
        }
        if (status != null && (shape.rejected() == null || shape.rejected().contains(status))) {
            return RecordOutcome.rejected(message == null || message.isBlank() ? "平台拒收，未说明原因" : limit(message));
        }
        return unknown("平台对这条记录的答复状态“" + (status == null ? "（空）" : limit(status)) + "”不是定义中列出的值；稍后重发");
    }

    private Map<String, RecordOutcome> lists(List<OutboundRecord> records, JsonNode root) {
        HttpJsonSpec.Lists shape = answer.lists();
        Map<String, String> accepted = listed(root, shape.accepted());
        Map<String, String> failed = listed(root, shape.failed());
        Map<String, String> retry = listed(root, shape.retry());
        if (accepted == null || failed == null || retry == null) {
            return all(records, unknown("平台的答复中缺少定义所说的列表；稍后重发"));
        }
        Map<String, Integer> names = names(records);
        Map<String, RecordOutcome> outcomes = new LinkedHashMap<>();
        for (OutboundRecord r : records) {
            String name = name(r);
            if (name != null && names.get(name) > 1) {
                outcomes.put(r.key(), ambiguous());
                continue;
            }
            boolean a = name != null && accepted.containsKey(name);
            boolean f = name != null && failed.containsKey(name);
            boolean t = name != null && retry.containsKey(name);
            if ((a ? 1 : 0) + (f ? 1 : 0) + (t ? 1 : 0) > 1) {
                outcomes.put(r.key(), unknown("平台的答复把这条记录同时列为接收和失败，无法判断；稍后重发"));
            } else if (a) {
                outcomes.put(r.key(), RecordOutcome.accepted());
            } else if (f) {
                String message = failed.get(name);
                outcomes.put(
                        r.key(),
                        RecordOutcome.rejected(message == null || message.isBlank() ? "平台拒收，未说明原因" : limit(message)));
            } else if (t) {
                String message = retry.get(name);
                outcomes.put(r.key(), unknown("平台要求稍后重试" + (message == null ? "" : "：" + limit(message))));
            } else {
                outcomes.put(r.key(), unmentioned("按“" + answer.by() + "”对照"));
            }
        }
        return outcomes;
    }

    /** Names and messages of a list; empty when the definition has no such list, null when the answer lacks it. */
    private Map<String, String> listed(JsonNode root, Listed listed) {
        Map<String, String> found = new HashMap<>();
        if (listed == null) {
            return found;
        }
        JsonNode list = listed.list().in(root);
        if (list.isMissingNode() || list.isNull()) {
            // An empty list may be left out by a platform; an absent accepted list of a batch all
            // refused, or failures of a batch all taken, reads the same.
            return found;
        }
        if (!list.isArray()) {
            return null;
        }
        JsonPath key = listed.key() != null ? listed.key() : JsonPath.of(answer.by());
        for (JsonNode item : list) {
            String name = item.isValueNode() ? item.asText() : key.text(item);
            if (name != null) {
                found.put(
                        name, listed.message() == null ? null : listed.message().text(item));
            }
        }
        return found;
    }

    /** How many records of the batch carry each name. */
    private Map<String, Integer> names(List<OutboundRecord> records) {
        Map<String, Integer> counts = new HashMap<>();
        for (OutboundRecord r : records) {
            String name = name(r);
            if (name != null) {
                counts.merge(name, 1, Integer::sum);
            }
        }
        return counts;
    }

    /** What the answer calls a record: the value of the field it names records by. */
    private String name(OutboundRecord r) {
        if (answer.by().equals(recordKeyField)) {
            return r.key();
        }
        Object v = r.fields().get(answer.by());
        return v == null || v.toString().isBlank() ? null : v.toString();
    }

    private RecordOutcome unmentioned(String how) {
        if (answer.unmentionedAccepted()) {
            return RecordOutcome.accepted();
        }
        return unknown("平台的答复中没有这条记录（" + how + "），不能确认平台已接收；稍后重发");
    }

    private RecordOutcome ambiguous() {
        return unknown("同一批中有两条记录的“" + answer.by() + "”相同，平台的答复无法区分它们；稍后重发");
    }

    private static RecordOutcome unknown(String message) {
        return new RecordOutcome(RecordOutcome.Result.UNKNOWN, message);
    }

    private static Map<String, RecordOutcome> all(List<OutboundRecord> records, RecordOutcome outcome) {
        Map<String, RecordOutcome> outcomes = new LinkedHashMap<>();
        records.forEach(r -> outcomes.put(r.key(), outcome));
        return outcomes;
    }

    private static String limit(String message) {
        return message.length() > 1000 ? message.substring(0, 1000) : message;
    }
}
