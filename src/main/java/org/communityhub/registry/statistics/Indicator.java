package org.communityhub.registry.statistics;

import java.time.LocalDate;
import java.util.List;

/**
 * A figure a statistics form asks for (户籍人口数, 80岁以上老人, 低保户数 …): what it counts, and the
 * conditions a resident meets to count, on the register on the statistics date.
 *
 * @param name the indicator's name
 * @param synonyms other headers forms give it
 * @param unit residents, or households with at least one resident who counts
 * @param conditions all of them must hold
 * @param definition how the figure is counted, in the words shown beside it
 */
public record Indicator(String name, List<String> synonyms, Unit unit, List<Condition> conditions, String definition) {

    public Indicator {
        synonyms = List.copyOf(synonyms);
        conditions = List.copyOf(conditions);
    }

    /** What an indicator counts. */
    public enum Unit {
        RESIDENTS,
        HOUSEHOLDS
    }

    /** A condition a resident meets to count, as of the statistics date. */
    public sealed interface Condition {}

    /** 人口类型 (1 户籍人口, 2 流动人口, 3 境外人员). */
    public record ResidenceType(String code) implements Condition {}

    /** 性别 (1 男, 2 女). */
    public record Sex(String code) implements Condition {}

    /** At least {@code years} full years old on the date. */
    public record AgeAtLeast(int years) implements Condition {
        LocalDate bornOnOrBefore(LocalDate asOf) {
            return asOf.minusYears(years);
        }
    }

    /** Younger than {@code years} on the date. */
    public record AgeBelow(int years) implements Condition {
        LocalDate bornAfter(LocalDate asOf) {
            return asOf.minusYears(years);
        }
    }

    /** Carries the tag (by its code). */
    public record Tag(String code) implements Condition {}

    /** A party member: full or probationary, or either when {@code status} is null. */
    public record PartyMember(String status) implements Condition {}

    /** A league member. */
    public record LeagueMember() implements Condition {}
}
