package org.communityhub.intake.collect;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communityhub.adapter.definition.Condition;
import org.communityhub.common.error.FieldErrors;
import org.communityhub.reference.code.CodeTables;
import org.communityhub.reference.code.Vocabulary;

/**
 * Whom a collection's form is for, in a small syntax (docs/collections.md): {@code all}, or terms
 * joined by {@code ;}, all of which must hold — {@code tag:<tag name>} (低保对象, or a word the
 * vocabulary knows for it: 低保), {@code age>=N}, {@code age>N}, {@code age<N}, {@code age<=N} (full
 * years today), {@code heads} (household heads: one row per household), {@code party} (party
 * members, 预备 included), {@code league} (league members). Only residents on the register (在册)
 * are ever taken. Full-width forms (；＞＝) are read as their ASCII ones.
 *
 * @param text the selection as stored, in the syntax's own spelling (tag by code)
 * @param tags the tags every resident taken carries (codes)
 * @param conditions the same as conditions of a definition's {@code select}
 */
record Selection(String text, Set<String> tags, boolean heads, List<Condition> conditions) {

    static final String ALL = "all";
    private static final Pattern AGE = Pattern.compile("age(>=|<=|>|<)(\\d{1,3})");
    private static final String HEAD = "02";

    Selection {
        tags = Set.copyOf(tags);
        conditions = List.copyOf(conditions);
    }

    /** Reads a selection; every term it cannot read goes into {@code errors} (under {@code selection}). */
    static Selection parse(String raw, Vocabulary.Snapshot words, FieldErrors errors) {
        String s = raw == null
                ? ""
                : Normalizer.normalize(raw, Normalizer.Form.NFKC).strip();
        if (s.isEmpty()) {
            errors.add("selection", "selection-required", "请说明为哪些居民填表（selection），如 all、age>=80、tag:低保对象;heads。");
            return null;
        }
        if (s.equalsIgnoreCase(ALL)) {
            return new Selection(ALL, Set.of(), false, List.of());
        }
        List<String> spelled = new ArrayList<>();
        Set<String> tags = new LinkedHashSet<>();
        List<Condition> conditions = new ArrayList<>();
        boolean heads = false;
        Integer min = null;
        Integer max = null;
        int position = 0;
        for (String part : s.split(";", -1)) {
            position++;
            String term = part.replaceAll("\\s+", "");
            String lower = term.toLowerCase(java.util.Locale.ROOT);
            Matcher age = AGE.matcher(lower);
            if (lower.startsWith("tag:") && term.length() > 4) {
                String name = term.substring(4);
                String code = words.code(CodeTables.TAG, name).orElse(null);
                if (code == null) {
                    errors.add("selection", "unknown-tag", "第 " + position + " 个条件的标签不在标签表中（标签名见代码表“居民标签”）。");
                } else if (tags.add(code)) {
                    spelled.add("tag:" + code);
                    conditions.add(new Condition.Tags(Set.of(code)));
                }
            } else if (age.matches()) {
                int n = Integer.parseInt(age.group(2));
                switch (age.group(1)) {
                    case ">=" -> min = max(min, n);
                    case ">" -> min = max(min, n + 1);
                    case "<" -> max = min(max, n - 1);
                    default -> max = min(max, n);
                }
            } else if (lower.equals("heads")) {
                heads = true;
            } else if (lower.equals("party")) {
                conditions.add(new Condition.Membership(Condition.Membership.Kind.PARTY));
                spelled.add("party");
            } else if (lower.equals("league")) {
                conditions.add(new Condition.Membership(Condition.Membership.Kind.LEAGUE));
                spelled.add("league");
            } else {
                errors.add(
                        "selection",
                        "unknown-term",
                        "第 " + position + " 个条件看不懂：可用 all、tag:标签名、age>=N、age<N、heads、party、league，用分号（;）连接表示同时满足。");
            }
        }
        if (min != null || max != null) {
            if (min != null && max != null && min > max) {
                errors.add("selection", "empty-age-range", "年龄条件互相矛盾，没有人能同时满足。");
            }
            conditions.add(new Condition.Age(min, max));
            if (min != null) {
                spelled.add("age>=" + min);
            }
            if (max != null) {
                spelled.add("age<" + (max + 1));
            }
        }
        if (heads) {
            conditions.add(new Condition.FieldIn("relationToHead", Set.of(HEAD), false));
            spelled.add("heads");
        }
        return new Selection(String.join(";", spelled), tags, heads, conditions);
    }

    /** The selection in Chinese, tags by the name {@code tagName} gives. */
    String describe(java.util.function.Function<String, String> tagName) {
        if (text.equals(ALL)) {
            return "全部在册居民";
        }
        List<String> parts = new ArrayList<>();
        for (String term : text.split(";")) {
            if (term.startsWith("tag:")) {
                parts.add("标签“" + tagName.apply(term.substring(4)) + "”");
            } else if (term.startsWith("age>=")) {
                parts.add("年满 " + term.substring(5) + " 周岁");
            } else if (term.startsWith("age<")) {
                parts.add("不满 " + term.substring(4) + " 周岁");
            } else if (term.equals("heads")) {
                parts.add("户主（每户一行）");
            } else if (term.equals("party")) {
                parts.add("党员（含预备党员）");
            } else if (term.equals("league")) {
                parts.add("团员");
            }
        }
        return "在册居民中：" + String.join("，且", parts);
    }

    private static Integer max(Integer a, int b) {
        return a == null ? b : Math.max(a, b);
    }

    private static Integer min(Integer a, int b) {
        return a == null ? b : Math.min(a, b);
    }
}
