package org.communityhub.matching;

import com.ibm.icu.text.Transliterator;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.communityhub.reference.identity.IdNumber;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.Phones;

/**
 * Synthetic residents of one community with labelled duplicates and hard non-duplicates, for
 * measuring duplicate detection. Names are drawn from common surnames and given-name characters,
 * so that ordinary people share names as they do in a real community; every ID number is made
 * up. Deterministic for a seed.
 *
 * <p>Each {@link Person} carries the identity ({@code person}) it belongs to: two records are one
 * person exactly when these are equal. Duplicates are second records of a base person, written
 * the way a second worker or an old ledger writes them; hard non-duplicates are second people who
 * look alike (the same common name and birth year, twins at one address, a father and son of one
 * name).
 */
final class DuplicateCorpus {

    /** One record as it will be registered. {@code idNumber} as typed (15 or 18 digits), or null. */
    record Person(
            int person,
            String name,
            String idNumber,
            LocalDate birthDate,
            String sex,
            String building,
            String unit,
            String room,
            String phone) {

        Person withName(String n) {
            return new Person(person, n, idNumber, birthDate, sex, building, unit, room, phone);
        }

        Person withId(String id) {
            return new Person(person, name, id, birthDate, sex, building, unit, room, phone);
        }

        Person withBirth(LocalDate d) {
            return new Person(person, name, idNumber, d, sex, building, unit, room, phone);
        }

        Person at(String b, String u, String r) {
            return new Person(person, name, idNumber, birthDate, sex, b, u, r, phone);
        }

        Person withPhone(String p) {
            return new Person(person, name, idNumber, birthDate, sex, building, unit, room, p);
        }

        @Override
        public String toString() {
            return "Person[" + person + "]";
        }
    }

    /** A second record and the first one it is compared with; {@code duplicate} tells whether they are one person. */
    record Arrival(String kind, Person first, Person second, boolean duplicate) {}

    private static final String[] SURNAMES = {
        "王", "王", "王", "李", "李", "李", "张", "张", "张", "刘", "刘", "陈", "陈", "杨", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马",
        "朱", "胡", "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖", "田", "董",
        "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆",
        "汪", "范", "金", "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷",
        "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "欧阳", "司马"
    };
    private static final String GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志文辉鹏斌宇浩凯婷雪慧俊峰晨欣怡佳琪梦涵子轩雨博海燕玲丹萍立新东亮春梅";
    private static final String SINGLE_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛";

    /** Characters with the same toneless reading, as an input method offers them one after another. */
    private static final String[] HOMOPHONES = {
        "伟玮炜苇", "芳方坊", "娜那", "敏闵悯", "静靖敬", "丽莉俐", "强蔷", "磊垒", "军君钧", "洋阳扬", "勇永咏", "艳燕雁", "杰洁捷", "娟鹃", "涛滔韬", "明铭鸣",
        "超巢", "秀绣", "霞侠", "平萍苹", "刚钢纲", "英瑛鹰", "华桦", "玉钰", "兰岚", "红宏鸿", "建健剑", "国帼", "志智", "文雯", "辉晖徽", "鹏朋", "斌彬",
        "宇雨语", "浩皓昊", "凯楷", "婷亭", "雪薛", "慧惠", "俊骏峻", "峰锋枫", "晨辰", "欣馨", "怡宜仪", "佳嘉", "琪琦棋", "梦孟", "涵寒", "子紫", "轩萱",
        "博波", "海亥", "燕艳", "玲玲铃", "丹单", "萍平", "立丽", "新欣", "东冬", "亮靓", "春纯", "梅玫", "张章", "刘柳", "王汪", "李黎", "陈晨", "杨扬",
        "黄皇", "吴武", "周舟", "徐许", "孙荪", "朱珠", "胡湖", "林琳"
    };

    /** 异体字: another written form of one character, each pair read alike. */
    private static final String[][] VARIANTS = {
        {"峰", "峯"},
        {"哲", "喆"},
        {"坤", "堃"},
        {"群", "羣"},
        {"秋", "秌"},
        {"岩", "巖"},
        {"村", "邨"},
        {"略", "畧"},
        {"峨", "峩"},
        {"裙", "帬"}
    };

    private static final Transliterator SIMPLIFIED_TO_TRADITIONAL = Transliterator.getInstance("Hans-Hant");

    final List<Person> base = new ArrayList<>();
    final List<Arrival> arrivals = new ArrayList<>();

    private final Random random;
    private int nextPerson;

    DuplicateCorpus(long seed, int baseSize, int duplicates, int hardNonDuplicates) {
        random = new Random(seed);
        for (int i = 0; i < baseSize; i++) {
            base.add(anyone());
        }
        for (int i = 0; i < duplicates; i++) {
            Person first = base.get(random.nextInt(base.size()));
            arrivals.add(duplicateOf(first));
        }
        for (int i = 0; i < hardNonDuplicates; i++) {
            arrivals.add(lookAlike());
        }
    }

    // ---- Duplicates ------------------------------------------------------------------------------

    private Arrival duplicateOf(Person first) {
        int roll = random.nextInt(100);
        if (first.idNumber() == null && roll >= 37 && roll < 80) {
            roll = 80; // the ID-number kinds need a number to distort
        }
        boolean legacyKind = (roll >= 37 && roll < 52) || (roll >= 72 && roll < 80);
        if (legacyKind && first.birthDate().getYear() >= 2000) {
            roll = 52; // 15-digit numbers were issued only to people born in the 1900s
        }
        Person second;
        String kind;
        if (roll < 15) {
            kind = "homophone name, no ID number";
            second = noId(first).withName(homophone(first.name()));
        } else if (roll < 25) {
            kind = "traditional characters, no ID number";
            second = noId(first).withName(SIMPLIFIED_TO_TRADITIONAL.transliterate(first.name()));
        } else if (roll < 32) {
            kind = "spaces or full-width in the name, no ID number, moved flat";
            second = moved(noId(first).withName(spaced(first.name())));
        } else if (roll < 37) {
            kind = "variant character, no ID number";
            second = noId(first).withName(variant(first.name()));
        } else if (roll < 52) {
            kind = "15-digit ID number with a typo (upgraded)";
            second = first.withId(legacyTypo(first.idNumber()));
        } else if (roll < 62) {
            kind = "homophone name and two ID digits transposed";
            second = first.withName(homophone(first.name())).withId(transposed(first.idNumber()));
        } else if (roll < 72) {
            kind = "date typed in another format (day and month swapped), no ID number";
            second = noId(first).withBirth(otherFormat(first.birthDate()));
        } else if (roll < 80) {
            kind = "15-digit form of the same ID number";
            second = first.withId(legacy(first.idNumber()));
        } else {
            kind = "same name, no ID number, moved flat";
            second = moved(noId(first));
        }
        if (random.nextInt(100) < 25 && !kind.contains("moved")) {
            second = moved(second);
        }
        if (second.phone() != null && random.nextBoolean()) {
            second = second.withPhone(null);
        }
        return new Arrival(kind, first, second, true);
    }

    private Person noId(Person p) {
        return p.withId(null);
    }

    private Person moved(Person p) {
        return p.at(building(), String.valueOf(1 + random.nextInt(4)), room());
    }

    private String homophone(String name) {
        List<int[]> options = new ArrayList<>();
        for (int i = 0; i < name.length(); i++) {
            for (int g = 0; g < HOMOPHONES.length; g++) {
                if (HOMOPHONES[g].indexOf(name.charAt(i)) >= 0) {
                    options.add(new int[] {i, g});
                }
            }
        }
        if (options.isEmpty()) {
            return spaced(name);
        }
        int[] o = options.get(random.nextInt(options.size()));
        String group = HOMOPHONES[o[1]];
        char original = name.charAt(o[0]);
        char other;
        do {
            other = group.charAt(random.nextInt(group.length()));
        } while (other == original && group.chars().distinct().count() > 1);
        return name.substring(0, o[0]) + other + name.substring(o[0] + 1);
    }

    private String variant(String name) {
        for (String[] v : VARIANTS) {
            if (name.contains(v[0])) {
                return name.replace(v[0], v[1]);
            }
        }
        // No character of the name has a variant in the table: the record is written with one
        // that has, as a ledger might hold 李峯 for 李峰.
        return homophone(name);
    }

    private String spaced(String name) {
        if (random.nextBoolean()) {
            return name.charAt(0) + " " + name.substring(1);
        }
        return name.charAt(0) + "\u3000" + name.substring(1);
    }

    private LocalDate otherFormat(LocalDate d) {
        if (d.getDayOfMonth() <= 12 && d.getDayOfMonth() != d.getMonthValue()) {
            return LocalDate.of(d.getYear(), d.getDayOfMonth(), d.getMonthValue());
        }
        // 2 March typed as 3 February needs a day of 12 or less; otherwise one digit of the day slips.
        int day = d.getDayOfMonth();
        int slipped = day >= 20 ? day - 10 : day + 10;
        return d.withDayOfMonth(Math.min(slipped, d.lengthOfMonth()));
    }

    private static String legacy(String number) {
        return number.substring(0, 6) + number.substring(8, 17);
    }

    private String legacyTypo(String number) {
        for (int attempt = 0; attempt < 50; attempt++) {
            char[] digits = legacy(number).toCharArray();
            int i = random.nextInt(15);
            digits[i] = (char) ('0' + (digits[i] - '0' + 1 + random.nextInt(9)) % 10);
            String typo = new String(digits);
            if (parses(typo)) {
                return typo;
            }
        }
        return legacy(number);
    }

    private String transposed(String number) {
        for (int attempt = 0; attempt < 50; attempt++) {
            char[] digits = number.substring(0, 17).toCharArray();
            int i = random.nextInt(16);
            if (digits[i] == digits[i + 1]) {
                continue;
            }
            char t = digits[i];
            digits[i] = digits[i + 1];
            digits[i + 1] = t;
            String typo = IdNumbers.withCheck(new String(digits));
            if (parses(typo)) {
                return typo;
            }
        }
        return legacyTypo(number);
    }

    private static boolean parses(String number) {
        try {
            IdNumber parsed = IdNumber.parse(number, LocalDate.of(2026, 1, 1));
            return !parsed.possiblyTruncated();
        } catch (RuntimeException e) {
            return false;
        }
    }

    // ---- Hard non-duplicates ----------------------------------------------------------------------

    private Arrival lookAlike() {
        int roll = random.nextInt(100);
        if (roll < 40) {
            // The same common name and birth year: 张伟 and 张伟, both born in 1985.
            String name = surname() + SINGLE_GIVEN.charAt(random.nextInt(SINGLE_GIVEN.length()));
            int year = 1950 + random.nextInt(55);
            Person first = person(name, date(year), sex());
            LocalDate other;
            do {
                other = date(year);
            } while (other.equals(first.birthDate()));
            Person second = person(name, other, first.sex());
            if (random.nextInt(100) < 30) {
                second = noId(second);
            }
            base.add(first);
            return new Arrival("same common name and birth year", first, second, false);
        }
        if (roll < 75) {
            // Twins: one birth date, one flat, one phone, two given names and two ID numbers.
            String surname = surname();
            LocalDate birth = date(1960 + random.nextInt(60));
            String sex = sex();
            Person first = person(surname + given(), birth, sex);
            Person second = person(surname + given(), birth, random.nextBoolean() ? sex : other(sex))
                    .at(first.building(), first.unit(), first.room())
                    .withPhone(first.phone());
            if (random.nextInt(100) < 20) {
                second = noId(second);
            }
            base.add(first);
            return new Arrival("twins at one address", first, second, false);
        }
        // A father and son of one name at one address.
        String name = surname() + given();
        LocalDate fatherBirth = date(1935 + random.nextInt(40));
        Person father = person(name, fatherBirth, "1");
        Person son = person(name, date(fatherBirth.getYear() + 22 + random.nextInt(14)), "1")
                .at(father.building(), father.unit(), father.room())
                .withPhone(father.phone());
        if (random.nextInt(100) < 30) {
            father = noId(father);
        }
        base.add(father);
        return new Arrival("father and son of one name", father, son, false);
    }

    // ---- Anyone ----------------------------------------------------------------------------------

    private Person anyone() {
        String name = surname()
                + (random.nextInt(100) < 30
                        ? String.valueOf(SINGLE_GIVEN.charAt(random.nextInt(SINGLE_GIVEN.length())))
                        : given());
        return person(name, date(1935 + random.nextInt(88)), sex());
    }

    private Person person(String name, LocalDate birth, String sex) {
        String id = random.nextInt(100) < 90 ? IdNumbers.of(birth, sex) : null;
        String phone = random.nextInt(100) < 60 ? Phones.any() : null;
        return new Person(
                nextPerson++, name, id, birth, sex, building(), String.valueOf(1 + random.nextInt(4)), room(), phone);
    }

    private String surname() {
        return SURNAMES[random.nextInt(SURNAMES.length)];
    }

    private String given() {
        return "" + GIVEN.charAt(random.nextInt(GIVEN.length())) + GIVEN.charAt(random.nextInt(GIVEN.length()));
    }

    private String sex() {
        return random.nextBoolean() ? "1" : "2";
    }

    private static String other(String sex) {
        return "1".equals(sex) ? "2" : "1";
    }

    private LocalDate date(int year) {
        return LocalDate.ofYearDay(year, 1 + random.nextInt(365));
    }

    private String building() {
        return (1 + random.nextInt(30)) + "号楼";
    }

    private String room() {
        return (1 + random.nextInt(18)) + "0" + (1 + random.nextInt(4));
    }
}
