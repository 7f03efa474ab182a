package org.communityhub.adapter.definition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communityhub.adapter.definition.YamlTree.Mapping;
import org.communityhub.adapter.definition.YamlTree.Scalar;
import org.communityhub.adapter.definition.YamlTree.Sequence;
import org.communityhub.adapter.definition.YamlTree.Value;

/**
 * The problems of one definition file, collected rather than thrown so that its writer sees every
 * one at once; and the typed reading of values, which notes a problem where a value is not what
 * it should be. Messages are in Chinese and say what to write instead.
 */
final class Problems {

    /** Where the format is described; messages name the section to read. */
    static final String DOCS = "docs/adapters.md";

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final String file;
    private final List<DefinitionProblem> list;

    Problems(String file, List<DefinitionProblem> list) {
        this.file = file;
        this.list = list;
    }

    String file() {
        return file;
    }

    int count() {
        return list.size();
    }

    void at(Value value, String message) {
        YamlTree.Position p = value == null ? YamlTree.Position.NONE : value.at();
        list.add(new DefinitionProblem(file, p.line(), p.column(), message));
    }

    void at(YamlTree.Position p, String message) {
        list.add(new DefinitionProblem(file, p.line(), p.column(), message));
    }

    /** "（见 docs/adapters.md#fields）" */
    static String see(String anchor) {
        return "（见 " + DOCS + "#" + anchor + "）";
    }

    /**
     * The entries of a mapping whose keys are among {@code allowed}; an unknown key is a problem
     * that names the closest allowed one.
     */
    Map<String, Value> mapping(Value value, Collection<String> allowed, String what, String anchor) {
        Map<String, Value> map = new LinkedHashMap<>();
        if (!(value instanceof Mapping m)) {
            at(value, what + "应是“键: 值”的映射，可用的键有 " + String.join("、", allowed) + see(anchor));
            return map;
        }
        for (YamlTree.Entry e : m.entries()) {
            String key = e.key().text();
            if (!allowed.contains(key)) {
                at(
                        e.key(),
                        what + "中没有“" + key + "”这一项" + Suggestions.didYouMean(key, allowed) + "可用的有 "
                                + String.join("、", allowed) + see(anchor));
            } else {
                map.put(key, e.value());
            }
        }
        return map;
    }

    String text(Value value, String what) {
        if (value instanceof Scalar s) {
            return s.text();
        }
        at(value, what + "应是单个值，而不是列表或映射");
        return null;
    }

    String requiredText(Map<String, Value> map, Value parent, String key, String what) {
        Value value = map.get(key);
        if (value == null) {
            at(parent, "缺少 " + key + "（" + what + "）");
            return null;
        }
        String text = text(value, key);
        if (text == null || text.isBlank()) {
            at(value, key + "（" + what + "）不能为空");
            return null;
        }
        return text.strip();
    }

    List<String> textList(Value value, String what) {
        if (value instanceof Sequence seq) {
            List<String> list = new ArrayList<>();
            for (Value item : seq.items()) {
                String v = text(item, what + "的每一项");
                if (v != null) {
                    list.add(v);
                }
            }
            return list;
        }
        at(value, what + "应是列表，例如 [a, b]");
        return List.of();
    }

    boolean bool(Value value, String what) {
        String v = text(value, what);
        if ("true".equals(v) || "false".equals(v)) {
            return Boolean.parseBoolean(v);
        }
        at(value, what + "应为 true 或 false");
        return false;
    }

    Integer integer(Value value, int min, int max, String what) {
        String v = text(value, what);
        try {
            int i = Integer.parseInt(v == null ? "" : v.strip());
            if (i < min || i > max) {
                at(value, what + "应是 " + min + " 到 " + max + " 之间的整数，现为 " + i);
            }
            return i;
        } catch (NumberFormatException e) {
            at(value, what + "应是 " + min + " 到 " + max + " 之间的整数");
            return null;
        }
    }

    Duration duration(Value value, String what) {
        String v = text(value, what);
        Duration d = duration(v);
        if (d == null) {
            at(value, what + "应是时长，例如 500ms、30s、5m、6h、1d");
        }
        return d;
    }

    /** 500ms, 30s, 5m, 6h, 1d; null when not one of these. */
    static Duration duration(String v) {
        Matcher m = DURATION.matcher(v == null ? "" : v.strip());
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
