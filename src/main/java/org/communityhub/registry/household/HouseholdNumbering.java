package org.communityhub.registry.household;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The street's numbering rule for households ({@link HouseholdNumberSettings#pattern()}): the next
 * free 户号 of a community is one more than the highest running number among its households'
 * numbers that follow the rule. Numbers written by hand in another form are left alone. A pattern
 * that cannot be used stops the hub at start, naming the problem.
 */
@ApplicationScoped
class HouseholdNumbering {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(community|code|n:([1-9]))\\}");
    private static final String COMMUNITY_CODE = "000000000000";

    private final String pattern;
    private final int digits;

    @Inject
    HouseholdNumbering(HouseholdNumberSettings settings) {
        this(settings.pattern());
    }

    HouseholdNumbering(String pattern) {
        this.pattern = pattern;
        int running = 0;
        int found = 0;
        Matcher m = PLACEHOLDER.matcher(pattern);
        while (m.find()) {
            if (m.group(2) != null) {
                running++;
                found = Integer.parseInt(m.group(2));
            }
        }
        if (running != 1) {
            throw new IllegalStateException(
                    "hub.household-number.pattern must hold exactly one {n:K} (K 1-9): " + pattern);
        }
        if (pattern.replaceAll("\\{[^}]*\\}", "").contains("{")
                || PLACEHOLDER.matcher(pattern).replaceAll("").contains("}")) {
            throw new IllegalStateException(
                    "hub.household-number.pattern knows only {community}, {code} and {n:K}: " + pattern);
        }
        this.digits = found;
        String longest = number(COMMUNITY_CODE, 0);
        if (longest.length() > HouseholdService.NUMBER_MAX
                || longest.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.isWhitespace(c))) {
            throw new IllegalStateException("hub.household-number.pattern makes numbers longer than "
                    + HouseholdService.NUMBER_MAX + " characters or with spaces: " + pattern);
        }
    }

    /** The next free number of the community, given the numbers its households have. */
    String next(String communityCode, Collection<String> taken) {
        Pattern rule = rule(communityCode);
        OptionalLong highest = taken.stream()
                .map(rule::matcher)
                .filter(Matcher::matches)
                .mapToLong(m -> Long.parseLong(m.group(1)))
                .max();
        long n = highest.orElse(0) + 1;
        String number = number(communityCode, n);
        while (taken.contains(number)) {
            number = number(communityCode, ++n);
        }
        return number;
    }

    /** The number the rule gives the community's n-th household. */
    String number(String communityCode, long n) {
        StringBuilder out = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(pattern);
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "community" -> communityCode.substring(communityCode.length() - 3);
                case "code" -> communityCode;
                default -> String.format("%0" + digits + "d", n);
            };
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Numbers made by the rule for this community; group 1 is the running number. */
    private Pattern rule(String communityCode) {
        StringBuilder regex = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(pattern);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(pattern.substring(last, m.start())));
            regex.append(
                    switch (m.group(1)) {
                        case "community" -> Pattern.quote(communityCode.substring(communityCode.length() - 3));
                        case "code" -> Pattern.quote(communityCode);
                        default -> "([0-9]{" + digits + ",18})";
                    });
            last = m.end();
        }
        regex.append(Pattern.quote(pattern.substring(last)));
        return Pattern.compile(regex.toString());
    }
}
