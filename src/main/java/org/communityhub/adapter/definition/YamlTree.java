package org.communityhub.adapter.definition;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A definition's YAML as plain values that remember where they were written (line and column,
 * from 1), so that every later check can point at the place. Nothing is ever constructed from the
 * file but these values; comments are not kept, which is why a comment edit does not change what
 * the definition is.
 */
final class YamlTree {

    /** Where a value starts in the file; line and column count from 1. */
    record Position(int line, int column) {
        static final Position NONE = new Position(0, 0);
    }

    /** A value of the file: a scalar, a mapping or a list. */
    sealed interface Value {
        Position at();
    }

    /** A single value; {@code text} as written (quotes removed). */
    record Scalar(String text, boolean quoted, Position at) implements Value {}

    /** A key and its value, in the order written. */
    record Entry(Scalar key, Value value) {}

    record Mapping(List<Entry> entries, Position at) implements Value {
        Optional<Value> get(String key) {
            return entries.stream()
                    .filter(e -> e.key().text().equals(key))
                    .map(Entry::value)
                    .findFirst();
        }
    }

    record Sequence(List<Value> items, Position at) implements Value {}

    /** The file cannot be read as YAML; the message is for the person who wrote it. */
    static final class SyntaxError extends Exception {
        private final Position at;

        SyntaxError(String message, Position at) {
            super(message, null, false, false);
            this.at = at;
        }

        Position at() {
            return at;
        }
    }

    private YamlTree() {}

    /** The document in {@code text}; an empty document is an empty mapping. */
    static Value read(String text) throws SyntaxError {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(10);
            options.setCodePointLimit(1_000_000);
            // compose() builds nodes only: no object is ever constructed from the file.
            root = new Yaml(options).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            throw syntaxError(e, text);
        } catch (RuntimeException e) {
            throw new SyntaxError("不是有效的 YAML：文件无法读取（" + e.getClass().getSimpleName() + "）", Position.NONE);
        }
        if (root == null) {
            return new Mapping(List.of(), new Position(1, 1));
        }
        return plain(root);
    }

    private static Value plain(Node node) {
        Position at = position(node.getStartMark());
        if (node instanceof ScalarNode s) {
            return new Scalar(s.getValue(), s.isPlain() ? false : true, at);
        }
        if (node instanceof SequenceNode seq) {
            List<Value> items = new ArrayList<>();
            seq.getValue().forEach(n -> items.add(plain(n)));
            return new Sequence(List.copyOf(items), at);
        }
        List<Entry> entries = new ArrayList<>();
        for (NodeTuple t : ((MappingNode) node).getValue()) {
            Value key = plain(t.getKeyNode());
            Scalar scalarKey = key instanceof Scalar s ? s : new Scalar(String.valueOf(key), false, key.at());
            entries.add(new Entry(scalarKey, plain(t.getValueNode())));
        }
        return new Mapping(List.copyOf(entries), at);
    }

    private static Position position(Mark mark) {
        return mark == null ? Position.NONE : new Position(mark.getLine() + 1, mark.getColumn() + 1);
    }

    /**
     * SnakeYAML's words ("mapping values are not allowed here") say what the parser saw, not what
     * the writer did; the usual causes are named instead, with the line.
     */
    private static SyntaxError syntaxError(MarkedYAMLException e, String text) {
        Position at = position(e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark());
        String problem = e.getProblem() == null ? "" : e.getProblem();
        String context = e.getContext() == null ? "" : e.getContext();
        String what;
        if (tabIndented(text, at.line()) || tabIndented(text, at.line() - 1)) {
            what = "用了 Tab 缩进；YAML 只能用空格缩进";
        } else if (problem.contains("found duplicate key")) {
            what = "同一个键写了两次；每个键只能出现一次";
        } else if (problem.contains("mapping values are not allowed")) {
            what = "缩进错误或冒号位置不对：这一行的缩进与上一层不一致，或值里有未加引号的“: ”（含冒号的值请用引号括起）";
        } else if (problem.contains("expected <block end>") || context.contains("parsing a block")) {
            what = "缩进错误：这一行的缩进与同一层的其他行不一致（同一层的键或列表项须对齐，只能用空格）";
        } else if (problem.contains("could not find expected ':'")) {
            what = "缺少冒号：键与值之间要写“键: 值”（冒号后有一个空格）";
        } else if (context.contains("flow sequence") || context.contains("flow mapping")) {
            what = "方括号 [ ] 或花括号 { } 没有配对，或其中的逗号位置不对";
        } else if (context.contains("quoted scalar") || problem.contains("quoted")) {
            what = "引号没有配对：以引号开始的值须以同样的引号结束";
        } else if (problem.contains("found undefined alias") || problem.contains("alias")) {
            what = "用了未定义的别名（*名称）；定义文件不需要别名";
        } else {
            what = "格式不对，请检查这一行及上一行的缩进、冒号和引号";
        }
        return new SyntaxError("YAML 格式错误（第 " + at.line() + " 行）：" + what, at);
    }

    private static boolean tabIndented(String text, int line) {
        if (line < 1) {
            return false;
        }
        String[] lines = text.split("\n", -1);
        if (line > lines.length) {
            return false;
        }
        String l = lines[line - 1];
        int i = 0;
        while (i < l.length() && (l.charAt(i) == ' ' || l.charAt(i) == '\t')) {
            if (l.charAt(i) == '\t') {
                return true;
            }
            i++;
        }
        return false;
    }
}
