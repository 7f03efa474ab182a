package org.communityhub.adapter.definition;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communityhub.adapter.definition.YamlTree.Value;

/** Checks when and how patiently a platform is delivered to: schedule, batchSize, rateLimit, retry. */
final class DeliverySection {

    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*/\\s*(s|min|h)");

    private final CronParser cron = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    String schedule(Problems p, Map<String, Value> top) {
        if (!top.containsKey("schedule")) {
            return null;
        }
        String schedule = p.text(top.get("schedule"), "schedule");
        if (schedule != null) {
            try {
                cron.parse(schedule).validate();
            } catch (IllegalArgumentException e) {
                p.at(
                        top.get("schedule"),
                        "schedule“" + schedule + "”不是 cron 表达式：应为“分 时 日 月 星期”五项，例如 \"0 2 * * *\"（每天 2:00）、"
                                + "\"*/15 * * * *\"（每 15 分钟）" + Problems.see("schedule"));
            }
        }
        return schedule;
    }

    int batchSize(Problems p, Map<String, Value> top) {
        if (!top.containsKey("batchSize")) {
            return 500;
        }
        Integer size = p.integer(top.get("batchSize"), 1, 10_000, "batchSize（每次请求或每个文件的记录数）");
        return size == null ? 500 : size;
    }

    /** Requests per second at most; 0 for no limit. */
    double rateLimit(Problems p, Map<String, Value> top) {
        if (!top.containsKey("rateLimit")) {
            return 0;
        }
        Matcher m = RATE.matcher(
                String.valueOf(p.text(top.get("rateLimit"), "rateLimit")).strip());
        if (!m.matches()) {
            p.at(top.get("rateLimit"), "rateLimit 应写成 20/s、300/min 或 1000/h" + Problems.see("schedule"));
            return 0;
        }
        double n = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "s" -> n;
            case "min" -> n / 60;
            default -> n / 3600;
        };
    }

    RetryPolicy retry(Problems p, Map<String, Value> top) {
        if (!top.containsKey("retry")) {
            return RetryPolicy.DEFAULT;
        }
        Value node = top.get("retry");
        Map<String, Value> m =
                p.mapping(node, List.of("maxAttempts", "initialBackoff", "maxBackoff"), "retry", "schedule");
        Integer attempts = m.containsKey("maxAttempts")
                ? p.integer(m.get("maxAttempts"), 1, 100, "retry.maxAttempts")
                : Integer.valueOf(RetryPolicy.DEFAULT.maxAttempts());
        Duration initial = m.containsKey("initialBackoff")
                ? p.duration(m.get("initialBackoff"), "retry.initialBackoff")
                : RetryPolicy.DEFAULT.initialBackoff();
        Duration max = m.containsKey("maxBackoff")
                ? p.duration(m.get("maxBackoff"), "retry.maxBackoff")
                : RetryPolicy.DEFAULT.maxBackoff();
        if (initial != null && max != null && max.compareTo(initial) < 0) {
            p.at(node, "retry.maxBackoff 比 initialBackoff 还短");
        }
        return new RetryPolicy(attempts == null ? RetryPolicy.DEFAULT.maxAttempts() : attempts, initial, max);
    }
}
