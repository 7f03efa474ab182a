package org.communityhub.intake.imports;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.communityhub.common.history.FieldChange;
import org.communityhub.reference.identity.Masking;
import org.communityhub.reference.identity.PersonName;
import org.communityhub.reference.identity.PhoneNumber;
import org.communityhub.registry.resident.ResidentRequest;

/**
 * The rows of a file that are one person, made into one: the values a registration takes from
 * them, field by field. The row ranked best gives the ID number (a row whose number was refused
 * never does); an empty value is filled from any row that has one; spellings of one name (繁体 and
 * 简体, full-width letters, stray spaces) are one value, written in the form the rules want; where
 * rows give different values, the value most rows give wins, and on a tie the best row's. The
 * best row: a usable ID number first, then the fewest empty fields, then the earliest. Tags are
 * the union of the rows' tags. Pure: reads nothing, writes nothing.
 */
final class SamePerson {

    /** A row of the person: its number in the sheet, as interpreted, and whether its ID number was usable. */
    record Row(long row, RowInterpreter.Interpreted it, boolean numberUsable) {}

    /**
     * A field the rows give different values for: the rows' values (masked where they identify)
     * by row, the row whose value is taken and the rows that give that value.
     */
    record Difference(String field, String label, Map<Long, Object> values, long chosenRow, Set<Long> agreeing) {

        /**
         * Whether {@code row}'s value here is one to decide on, beside {@code first}: it is not
         * the value taken, or the first row's is not.
         */
        boolean concerns(long row, long first) {
            return values.containsKey(row)
                    && (!agreeing.contains(row) || (values.containsKey(first) && !agreeing.contains(first)));
        }
    }

    /** The merged row, and where the rows disagreed. */
    record Merged(RowInterpreter.Interpreted it, List<Difference> differences) {}

    private SamePerson() {}

    /** The rows (at least one) merged into one. */
    static Merged merge(List<Row> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("No row to merge");
        }
        List<Row> ranked = new ArrayList<>(rows);
        ranked.sort(Comparator.comparing((Row r) -> !r.numberUsable())
                .thenComparing(r -> -filled(r.it()))
                .thenComparingLong(Row::row));
        Row best = ranked.get(0);
        List<Difference> differences = new ArrayList<>();
        Chooser c = new Chooser(ranked, differences);
        ResidentRequest b = best.it().request();
        ResidentRequest merged = new ResidentRequest(
                c.pick(ImportField.NAME, r -> r.name(), SamePerson::nameKey),
                best.numberUsable() ? b.idNumber() : null,
                b.idNumberChecked(),
                c.pick(ImportField.SEX, r -> r.sex(), SamePerson::plain),
                c.pick(ImportField.BIRTH_DATE, r -> r.birthDate(), SamePerson::plain),
                c.pick(ImportField.ETHNICITY, r -> r.ethnicity(), SamePerson::plain),
                c.pick(ImportField.POLITICAL_STATUS, r -> r.politicalStatus(), SamePerson::plain),
                c.pick(ImportField.EDUCATION, r -> r.education(), SamePerson::plain),
                c.pick(ImportField.MARITAL_STATUS, r -> r.maritalStatus(), SamePerson::plain),
                c.pick(ImportField.PHONE, r -> r.phone(), SamePerson::phoneKey),
                c.pick(ImportField.RESIDENCE_TYPE, r -> r.residenceType(), SamePerson::plain),
                c.pick(ImportField.COMMUNITY_CODE, r -> r.communityCode(), SamePerson::plain),
                c.pick(ImportField.BUILDING, r -> r.building(), SamePerson::plain),
                c.pick(ImportField.UNIT, r -> r.unit(), SamePerson::plain),
                c.pick(ImportField.ROOM, r -> r.room(), SamePerson::plain),
                tags(ranked),
                c.pickWhole("party", "党员信息", r -> r.it().request().partyMembership()),
                c.pickWhole("league", "团员信息", r -> r.it().request().leagueMembership()));
        RowInterpreter.Interpreted it = new RowInterpreter.Interpreted(
                merged,
                List.of(),
                c.pickOf(ImportField.HOUSEHOLD_NUMBER, r -> r.it().householdNumber(), SamePerson::plain),
                c.pickOf(ImportField.RELATION_TO_HEAD, r -> r.it().relationToHead(), SamePerson::plain),
                c.pickOf(ImportField.HOUSEHOLD_TYPE, r -> r.it().householdType(), SamePerson::plain),
                rows.stream().anyMatch(r -> r.it().nameCleaned()));
        return new Merged(it, differences);
    }

    /** How many of a row's fields have a value: the more complete row is the better. */
    private static int filled(RowInterpreter.Interpreted it) {
        ResidentRequest r = it.request();
        int n = 0;
        for (Object v : new Object[] {
            r.name(), r.sex(), r.birthDate(), r.ethnicity(), r.politicalStatus(), r.education(), r.maritalStatus(),
            r.phone(), r.residenceType(), r.communityCode(), r.building(), r.unit(), r.room(), it.householdNumber(),
            it.relationToHead()
        }) {
            if (v instanceof String s ? !s.isBlank() : v != null) {
                n++;
            }
        }
        return n + (r.tags() == null ? 0 : r.tags().size());
    }

    private static List<String> tags(List<Row> ranked) {
        LinkedHashSet<String> all = new LinkedHashSet<>();
        boolean any = false;
        for (Row r : ranked) {
            if (r.it().request().tags() != null) {
                any = true;
                all.addAll(r.it().request().tags());
            }
        }
        return any ? List.copyOf(all) : null;
    }

    /** Two values are one when they differ only in width, case or spacing. */
    static String plain(String value) {
        return Normalizer.normalize(value, Normalizer.Form.NFKC)
                .replaceAll("[\\s\\u00A0\\u3000]+", "")
                .toLowerCase(Locale.ROOT);
    }

    /** Spellings of one name (繁体/简体, full-width, spaces) are one name. */
    private static String nameKey(String name) {
        return PersonName.comparable(name);
    }

    private static String phoneKey(String phone) {
        return PhoneNumber.canonical(phone).orElse(plain(phone));
    }

    /** Chooses each field's value from the ranked rows, noting where they disagree. */
    private static final class Chooser {
        private final List<Row> ranked;
        private final List<Difference> differences;

        Chooser(List<Row> ranked, List<Difference> differences) {
            this.ranked = ranked;
            this.differences = differences;
        }

        String pick(ImportField field, Function<ResidentRequest, String> value, Function<String, String> key) {
            return pickOf(field, r -> value.apply(r.it().request()), key);
        }

        String pickOf(ImportField field, Function<Row, String> value, Function<String, String> key) {
            // Per distinct value (by its key): the rows giving it, best first.
            Map<String, List<Row>> byKey = new LinkedHashMap<>();
            for (Row r : ranked) {
                String v = value.apply(r);
                if (v != null && !v.isBlank()) {
                    byKey.computeIfAbsent(key.apply(v), k -> new ArrayList<>()).add(r);
                }
            }
            if (byKey.isEmpty()) {
                return null;
            }
            List<Row> chosen = byKey.values().stream()
                    .max(Comparator.comparingInt((List<Row> l) -> l.size())
                            .thenComparing(l -> -ranked.indexOf(l.get(0))))
                    .orElseThrow();
            String taken = spelling(field, chosen, value);
            if (byKey.size() > 1) {
                Map<Long, Object> values = new LinkedHashMap<>();
                byKey.values().forEach(l -> l.forEach(r -> values.put(r.row(), shown(field, value.apply(r)))));
                differences.add(new Difference(
                        field.key(),
                        field.label(),
                        sortByRow(values),
                        rowGiving(chosen, value, taken),
                        rowsOf(chosen)));
            }
            return taken;
        }

        <T> T pickWhole(String field, String label, Function<Row, T> value) {
            Map<T, List<Row>> byValue = new LinkedHashMap<>();
            for (Row r : ranked) {
                T v = value.apply(r);
                if (v != null) {
                    byValue.computeIfAbsent(v, k -> new ArrayList<>()).add(r);
                }
            }
            if (byValue.isEmpty()) {
                return null;
            }
            Map.Entry<T, List<Row>> chosen = byValue.entrySet().stream()
                    .max(Comparator.comparingInt(
                                    (Map.Entry<T, List<Row>> e) -> e.getValue().size())
                            .thenComparing(e -> -ranked.indexOf(e.getValue().get(0))))
                    .orElseThrow();
            if (byValue.size() > 1) {
                Map<Long, Object> values = new LinkedHashMap<>();
                byValue.forEach((v, l) -> l.forEach(r -> values.put(r.row(), "（第 " + r.row() + " 行所填）")));
                differences.add(new Difference(
                        field,
                        label,
                        sortByRow(values),
                        chosen.getValue().get(0).row(),
                        rowsOf(chosen.getValue())));
            }
            return chosen.getKey();
        }

        /**
         * The spelling of the chosen value: for a name the one already in the form the rules want
         * (simplified, no spaces), else the best row's.
         */
        private static String spelling(ImportField field, List<Row> giving, Function<Row, String> value) {
            if (field == ImportField.NAME) {
                for (Row r : giving) {
                    String v = PersonName.normalise(value.apply(r));
                    if (v.equals(PersonName.comparable(v))) {
                        return v;
                    }
                }
                return PersonName.normalise(value.apply(giving.get(0)));
            }
            return value.apply(giving.get(0));
        }

        private static long rowGiving(List<Row> giving, Function<Row, String> value, String taken) {
            for (Row r : giving) {
                if (Objects.equals(taken, value.apply(r))
                        || Objects.equals(taken, PersonName.normalise(value.apply(r)))) {
                    return r.row();
                }
            }
            return giving.get(0).row();
        }

        private static Set<Long> rowsOf(List<Row> rows) {
            Set<Long> numbers = new HashSet<>();
            rows.forEach(r -> numbers.add(r.row()));
            return numbers;
        }

        private static Object shown(ImportField field, String value) {
            return field == ImportField.PHONE ? Masking.maskPhone(value) : value;
        }

        private static Map<Long, Object> sortByRow(Map<Long, Object> values) {
            Map<Long, Object> sorted = new LinkedHashMap<>();
            values.keySet().stream().sorted().forEach(k -> sorted.put(k, values.get(k)));
            return sorted;
        }
    }

    /** A difference as the API shows it beside a row: the other rows' value as {@code old}, this row's as {@code new}. */
    static FieldChange asChange(Difference d, long row) {
        Object mine = d.values().get(row);
        Object other = d.values().entrySet().stream()
                .filter(e -> e.getKey() != row && !Objects.equals(e.getValue(), mine))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
        return new FieldChange(d.field(), other, mine);
    }
}
