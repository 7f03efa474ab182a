package org.communityhub.adapter.definition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.communityhub.adapter.definition.YamlTree.Mapping;
import org.communityhub.adapter.definition.YamlTree.Scalar;
import org.communityhub.adapter.definition.YamlTree.Sequence;
import org.communityhub.adapter.definition.YamlTree.Value;

/**
 * Checks {@code transport}: the transport must exist, and it checks its own settings; a problem
 * it names by setting is reported at that setting's line.
 */
final class TransportSection {

    private final Map<String, DefinitionLoader.TransportCheck> transports;
    private final EnvReferences env;

    TransportSection(Map<String, DefinitionLoader.TransportCheck> transports, EnvReferences env) {
        this.transports = transports;
        this.env = env;
    }

    TransportSettings transport(
            Problems p, Map<String, Value> top, Value root, List<FieldMapping> fields, List<String> removalFields) {
        Value node = top.get("transport");
        if (node == null) {
            p.at(root, "缺少 transport：可用的有 " + String.join("、", transports.keySet()) + Problems.see("transport"));
            return null;
        }
        if (!(node instanceof Mapping mn)) {
            p.at(node, "transport 应是映射：type 和它的设置" + Problems.see("transport"));
            return null;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (YamlTree.Entry e : mn.entries()) {
            values.put(e.key().text(), plain(e.value()));
        }
        Object type = values.remove("type");
        if (type == null) {
            p.at(node, "transport 缺少 type：可用的有 " + String.join("、", transports.keySet()));
            return null;
        }
        TransportSettings settings = new TransportSettings(
                type.toString(),
                java.util.Collections.unmodifiableMap(values),
                node.at().line());
        DefinitionLoader.TransportCheck check = transports.get(type.toString());
        if (check == null) {
            Value typeNode = mn.get("type").orElse(node);
            p.at(
                    typeNode,
                    "没有名为“" + type + "”的传输方式" + Suggestions.didYouMean(type.toString(), transports.keySet()) + "可用的有 "
                            + String.join("、", transports.keySet()) + Problems.see("transport"));
        } else {
            for (TransportSettings.Problem problem : check.check(settings, fields, removalFields)) {
                p.at(locate(mn, problem.setting()), "transport（" + type + "）：" + problem.message());
            }
        }
        return settings;
    }

    /** The value at a dotted path of settings, or the nearest one above it that exists. */
    private static Value locate(Mapping transport, String path) {
        if (path == null || path.isBlank()) {
            return transport;
        }
        Value at = transport;
        for (String part : path.split("\\.")) {
            if (at instanceof Mapping m) {
                var next = m.entries().stream()
                        .filter(e -> e.key().text().equals(part))
                        .findFirst();
                if (next.isEmpty()) {
                    return at;
                }
                // A key's own line is where a misspelt or unknown setting is written.
                at = next.get().value() instanceof Scalar
                        ? next.get().key()
                        : next.get().value();
            } else if (at instanceof Sequence seq
                    && part.matches("\\d+")
                    && Integer.parseInt(part) < seq.items().size()) {
                at = seq.items().get(Integer.parseInt(part));
            } else {
                return at;
            }
        }
        return at;
    }

    /** A setting as plain Java values (text, lists, maps), with ${NAME:default} references resolved. */
    private Object plain(Value value) {
        if (value instanceof Scalar s) {
            return env.resolve(s.text());
        }
        if (value instanceof Sequence seq) {
            return seq.items().stream().map(this::plain).toList();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (YamlTree.Entry e : ((Mapping) value).entries()) {
            m.put(e.key().text(), plain(e.value()));
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
