package org.communityhub.testing;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeDiagnosingMatcher;

/**
 * A JSON answer read with Jackson, and looked into by the paths the tests have always written
 * (REST Assured's GPath): {@code items[0].name}, {@code items.id} (every item's), {@code
 * items.size()}, {@code items.find { it.code == 'E1' }.message}, {@code findAll}, {@code collect},
 * {@code $} for the whole answer. REST Assured evaluates each such path by compiling a Groovy
 * script, about 10 ms of CPU a look-up, which a profile of the quick lane found in an eighth of the
 * test JVM's samples and a third of the test thread's (2026-12-05); here a look-up is a walk
 * through maps and lists. A path this reader does not understand fails the test that wrote it.
 * Two differences from GPath, both checked in {@code JsonTest}: a decimal is a {@code Double} (a
 * {@code Float} there), and a null met midway is null for its item only (Groovy fails, and REST
 * Assured answers null for the whole path).
 *
 * <p>In a chain: {@code .body(at("items[0].name", equalTo("张三")))} instead of {@code
 * .body("items[0].name", equalTo("张三"))}, {@code .extract().as(Json.class).getString("id")}
 * instead of {@code .extract().jsonPath().getString("id")} or {@code .extract().path("id")}.
 */
public final class Json {

    private final Object root;

    /** The answer as Jackson reads it: maps, lists, strings, numbers, booleans and nulls. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public Json(Object root) {
        this.root = root;
    }

    /** Reads a JSON text. */
    public static Json from(String text) {
        try {
            return new Json(Users.JSON.readValue(text, Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not JSON: " + abbreviated(text), e);
        }
    }

    /** What {@code path} leads to, or null where nothing is. */
    @SuppressWarnings("unchecked")
    public <T> T get(String path) {
        return (T) Path.parse(path).apply(root);
    }

    /** What {@code path} leads to, as text (a number or a list as it would print), or null. */
    public String getString(String path) {
        Object value = get(path);
        return value == null ? null : String.valueOf(value);
    }

    public int getInt(String path) {
        return number(path).intValue();
    }

    public long getLong(String path) {
        return number(path).longValue();
    }

    public float getFloat(String path) {
        return number(path).floatValue();
    }

    public double getDouble(String path) {
        return number(path).doubleValue();
    }

    public boolean getBoolean(String path) {
        Object value = get(path);
        if (value instanceof Boolean b) {
            return b;
        }
        throw new AssertionError("No true or false at " + path + ": " + value);
    }

    public <T> List<T> getList(String path) {
        Object value = get(path);
        if (value == null || value instanceof List) {
            @SuppressWarnings("unchecked")
            List<T> list = (List<T>) value;
            return list;
        }
        throw new AssertionError("No list at " + path + ": " + value);
    }

    /** The list at {@code path}, each element read as a {@code type}. */
    public <T> List<T> getList(String path, Class<T> type) {
        List<Object> list = getList(path);
        return list == null
                ? null
                : list.stream().map(e -> Users.JSON.convertValue(e, type)).toList();
    }

    public <K, V> Map<K, V> getMap(String path) {
        Object value = get(path);
        if (value == null || value instanceof Map) {
            @SuppressWarnings("unchecked")
            Map<K, V> map = (Map<K, V>) value;
            return map;
        }
        throw new AssertionError("No object at " + path + ": " + value);
    }

    private Number number(String path) {
        Object value = get(path);
        if (value instanceof Number n) {
            return n;
        }
        if (value instanceof String s) {
            return new java.math.BigDecimal(s);
        }
        throw new AssertionError("No number at " + path + ": " + value);
    }

    /** The whole answer as indented JSON text. */
    public String prettify() {
        try {
            return Users.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return String.valueOf(root);
    }

    /**
     * A matcher of a whole JSON answer (as REST Assured gives it to {@code body(Matcher)}) by what
     * {@code path} leads to in it.
     */
    public static Matcher<Object> at(String path, Matcher<?> matcher) {
        Function<Object, Object> parsed = Path.parse(path);
        return new TypeSafeDiagnosingMatcher<>() {
            @Override
            protected boolean matchesSafely(Object body, Description mismatch) {
                Object value = parsed.apply(body instanceof Json json ? json.root : Read.of(String.valueOf(body)));
                if (matcher.matches(value)) {
                    return true;
                }
                mismatch.appendText("at ").appendValue(path).appendText(" ");
                matcher.describeMismatch(value, mismatch);
                return false;
            }

            @Override
            public void describeTo(Description description) {
                description
                        .appendText("JSON path ")
                        .appendValue(path)
                        .appendText(" ")
                        .appendDescriptionOf(matcher);
            }
        };
    }

    private static String abbreviated(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    /** The last text read on this thread: a chain's matchers look into the same answer. */
    private static final class Read {
        private static final ThreadLocal<Read> LAST = new ThreadLocal<>();
        private final String text;
        private final Object root;

        private Read(String text, Object root) {
            this.text = text;
            this.root = root;
        }

        static Object of(String text) {
            Read last = LAST.get();
            if (last != null && last.text.equals(text)) {
                return last.root;
            }
            Object root = from(text).root;
            LAST.set(new Read(text, root));
            return root;
        }
    }

    /**
     * A parsed path: a function from an answer to what the path leads to. The grammar is the part
     * of GPath the tests use; anything else is refused when parsed.
     */
    private static final class Path {
        private static final Map<String, Function<Object, Object>> PARSED =
                new java.util.concurrent.ConcurrentHashMap<>();

        private final String text;
        private int at;

        private Path(String text) {
            this.text = text;
        }

        static Function<Object, Object> parse(String path) {
            return PARSED.computeIfAbsent(path, p -> {
                Path parser = new Path(p.strip());
                Function<Object, Object> parsed = parser.path();
                parser.skipSpaces();
                if (parser.at != parser.text.length()) {
                    throw parser.refused("unexpected text");
                }
                return parsed;
            });
        }

        /** path := '$' | '' | step ('.' step)* */
        private Function<Object, Object> path() {
            skipSpaces();
            if (peek() == '$') { // the whole answer; GPath reads nothing after it
                at++;
                if (at != text.length()) {
                    throw refused("nothing after $");
                }
            }
            if (at == text.length()) {
                return Function.identity();
            }
            return furtherSteps(step(true));
        }

        /** {@code first} followed by each {@code '.' step} that comes next. */
        private Function<Object, Object> furtherSteps(Function<Object, Object> first) {
            Function<Object, Object> path = first;
            while (peek() == '.') {
                at++;
                Function<Object, Object> before = path;
                Function<Object, Object> next = step(false);
                path = value -> next.apply(before.apply(value));
            }
            return path;
        }

        /** step := (name | 'quoted name' | name '()' | closureCall)? index* */
        private Function<Object, Object> step(boolean first) {
            skipSpaces();
            Function<Object, Object> step = Function.identity();
            if (peek() != '[' || !first) {
                String name = peek() == '\'' || peek() == '"' ? (String) literal() : name();
                skipSpaces();
                if (peek() == '(') {
                    step = method(name);
                } else if (peek() == '{') {
                    step = closureCall(name);
                } else {
                    step = value -> property(value, name);
                }
            }
            while (peek() == '[') {
                at++;
                int start = at;
                while (at < text.length() && text.charAt(at) != ']') {
                    at++;
                }
                if (at == text.length()) {
                    throw refused("unclosed [");
                }
                int index = Integer.parseInt(text.substring(start, at).strip());
                at++;
                Function<Object, Object> before = step;
                step = value -> element(before.apply(value), index);
            }
            return step;
        }

        private Function<Object, Object> method(String name) {
            expect('(');
            skipSpaces();
            if (peek() == ')') {
                at++;
                if (name.equals("size")) {
                    return Path::size;
                }
                throw refused("method " + name + "()");
            }
            Object argument = literal();
            skipSpaces();
            expect(')');
            String text = String.valueOf(argument);
            return switch (name) {
                case "contains" ->
                    value -> value instanceof List<?> list
                            ? list.stream().anyMatch(item -> same(item, argument))
                            : value != null && String.valueOf(value).contains(text);
                case "startsWith" ->
                    value -> value != null && String.valueOf(value).startsWith(text);
                case "endsWith" ->
                    value -> value != null && String.valueOf(value).endsWith(text);
                default -> throw refused("method " + name + "(…)");
            };
        }

        /** find, findAll, any, every with a condition on {@code it}; collect with a value of {@code it}. */
        private Function<Object, Object> closureCall(String name) {
            expect('{');
            Function<Object, Object> body = condition();
            skipSpaces();
            expect('}');
            return switch (name) {
                case "find" ->
                    value -> items(value).stream()
                            .filter(truth(body))
                            .findFirst()
                            .orElse(null);
                case "findAll" ->
                    value -> value == null
                            ? null
                            : items(value).stream().filter(truth(body)).toList();
                case "any" -> value -> items(value).stream().anyMatch(truth(body));
                case "every" -> value -> items(value).stream().allMatch(truth(body));
                case "collect" ->
                    value -> value == null
                            ? null
                            : items(value).stream().map(body).toList();
                default -> throw refused(name + " { … }");
            };
        }

        private static Predicate<Object> truth(Function<Object, Object> condition) {
            return item -> Boolean.TRUE.equals(condition.apply(item));
        }

        /** condition := conjunction ('||' conjunction)* */
        private Function<Object, Object> condition() {
            Function<Object, Object> left = conjunction();
            while (lookingAt("||")) {
                at += 2;
                Function<Object, Object> l = left;
                Function<Object, Object> r = conjunction();
                left = it -> Boolean.TRUE.equals(l.apply(it)) || Boolean.TRUE.equals(r.apply(it));
            }
            return left;
        }

        private Function<Object, Object> conjunction() {
            Function<Object, Object> left = comparison();
            while (lookingAt("&&")) {
                at += 2;
                Function<Object, Object> l = left;
                Function<Object, Object> r = comparison();
                left = it -> Boolean.TRUE.equals(l.apply(it)) && Boolean.TRUE.equals(r.apply(it));
            }
            return left;
        }

        /** comparison := '!' comparison | operand (('=='|'!=') operand)? */
        private Function<Object, Object> comparison() {
            skipSpaces();
            if (peek() == '!' && !lookingAt("!=")) {
                at++;
                Function<Object, Object> negated = comparison();
                return it -> !Boolean.TRUE.equals(negated.apply(it));
            }
            Function<Object, Object> left = operand();
            skipSpaces();
            if (lookingAt("==") || lookingAt("!=")) {
                boolean equal = text.charAt(at) == '=';
                at += 2;
                Function<Object, Object> right = operand();
                return it -> same(left.apply(it), right.apply(it)) == equal;
            }
            return left;
        }

        /** operand := literal | '(' condition ')' | 'it' ('.' step)* */
        private Function<Object, Object> operand() {
            skipSpaces();
            char c = peek();
            if (c == '(') {
                at++;
                Function<Object, Object> inner = condition();
                skipSpaces();
                expect(')');
                return inner;
            }
            if (c == '\'' || c == '"' || c == '-' || Character.isDigit(c)) {
                Object literal = literal();
                return it -> literal;
            }
            String name = name();
            switch (name) {
                case "true":
                    return it -> Boolean.TRUE;
                case "false":
                    return it -> Boolean.FALSE;
                case "null":
                    return it -> null;
                case "it":
                    break;
                default:
                    throw refused("only it, literals and comparisons in a closure, not " + name);
            }
            return furtherSteps(Function.identity());
        }

        private Object literal() {
            skipSpaces();
            char c = peek();
            if (c == '\'' || c == '"') {
                int end = text.indexOf(c, at + 1);
                if (end < 0) {
                    throw refused("unclosed string");
                }
                String s = text.substring(at + 1, end);
                at = end + 1;
                return s;
            }
            int start = at;
            if (c == '-') {
                at++;
            }
            while (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == '.')) {
                at++;
            }
            String number = text.substring(start, at);
            if (number.isEmpty() || number.equals("-")) {
                throw refused("a value");
            }
            return number.contains(".") ? (Object) Double.valueOf(number) : (Object) Long.valueOf(number);
        }

        private String name() {
            skipSpaces();
            int start = at;
            while (at < text.length() && " .[](){}'\"=!&|,<>".indexOf(text.charAt(at)) < 0) {
                at++;
            }
            if (start == at) {
                throw refused("a name");
            }
            return text.substring(start, at);
        }

        private static Object property(Object value, String name) {
            if (value instanceof Map<?, ?> map) {
                return map.get(name);
            }
            if (value instanceof List<?> list) {
                List<Object> each = new ArrayList<>(list.size());
                for (Object item : list) {
                    each.add(property(item, name));
                }
                return each;
            }
            return null;
        }

        private static Object element(Object value, int index) {
            if (!(value instanceof List<?> list)) {
                return null;
            }
            int i = index < 0 ? list.size() + index : index;
            return i >= 0 && i < list.size() ? list.get(i) : null;
        }

        private static Object size(Object value) {
            if (value instanceof List<?> list) {
                return list.size();
            }
            if (value instanceof Map<?, ?> map) {
                return map.size();
            }
            if (value instanceof String s) {
                return s.length();
            }
            return null;
        }

        private static List<?> items(Object value) {
            if (value instanceof List<?> list) {
                return list;
            }
            return value == null ? List.of() : List.of(value);
        }

        /** Equality as Groovy's {@code ==} has it for JSON values: numbers by value. */
        private static boolean same(Object a, Object b) {
            if (a instanceof Number x && b instanceof Number y) {
                return new java.math.BigDecimal(x.toString()).compareTo(new java.math.BigDecimal(y.toString())) == 0;
            }
            return Objects.equals(a, b);
        }

        private boolean lookingAt(String s) {
            skipSpaces();
            return text.startsWith(s, at);
        }

        private char peek() {
            return at < text.length() ? text.charAt(at) : '\0';
        }

        private void expect(char c) {
            skipSpaces();
            if (peek() != c) {
                throw refused("'" + c + "'");
            }
            at++;
        }

        private void skipSpaces() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        private IllegalArgumentException refused(String expected) {
            return new IllegalArgumentException("Path not understood at " + at + " (" + expected + "): " + text);
        }
    }
}
