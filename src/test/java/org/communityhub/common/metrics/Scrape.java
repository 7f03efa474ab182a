package org.communityhub.common.metrics;

import static io.restassured.RestAssured.given;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** One scrape of the hub's /q/metrics, read as Prometheus reads it: samples with their labels. */
public final class Scrape {

    /** One line of the exposition: a sample name, its labels and its value. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+).*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final List<Sample> samples;

    private Scrape(List<Sample> samples) {
        this.samples = samples;
    }

    /** Scrapes the hub under test now. */
    public static Scrape now() {
        return parse(metrics(given()));
    }

    /** Scrapes the hub on {@code port} (a packaged hub) now. */
    public static Scrape of(int port) {
        return parse(metrics(given().baseUri("http://localhost").port(port)));
    }

    private static String metrics(io.restassured.specification.RequestSpecification request) {
        return request.when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    static Scrape parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                throw new IllegalArgumentException("Not a Prometheus sample line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            samples.add(new Sample(m.group(1), labels, parseValue(m.group(4))));
        }
        return new Scrape(samples);
    }

    private static double parseValue(String v) {
        return switch (v) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(v);
        };
    }

    /** The value of the one sample with this name and (at least) these labels, if there is one. */
    public Optional<Double> find(String name, String... labels) {
        List<Sample> found = all(name, labels);
        if (found.size() > 1) {
            throw new IllegalArgumentException(name + " " + List.of(labels) + " matches " + found.size() + " samples");
        }
        return found.stream().map(Sample::value).findFirst();
    }

    /** The value of the one sample with this name and these labels; fails when there is none. */
    public double value(String name, String... labels) {
        return find(name, labels)
                .orElseThrow(() -> new AssertionError("No sample " + name + " " + List.of(labels) + " in the scrape"));
    }

    /** The samples with this name whose labels include these (name, value, name, value...). */
    public List<Sample> all(String name, String... labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name))
                .filter(s -> {
                    for (int i = 0; i < labels.length; i += 2) {
                        if (!labels[i + 1].equals(s.labels().get(labels[i]))) {
                            return false;
                        }
                    }
                    return true;
                })
                .toList();
    }

    public List<Sample> samples() {
        return samples;
    }

    /** Every sample name in the scrape. */
    public Set<String> names() {
        return samples.stream().map(Sample::name).collect(Collectors.toCollection(TreeSet::new));
    }
}
