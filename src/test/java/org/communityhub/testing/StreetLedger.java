package org.communityhub.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;

/**
 * A street's ledger (台账) as a new street brings it in: the rows of its communities, kept by
 * different hands and put together, in everyday words (header spellings, code words, tag
 * shorthand such as 低保, 高龄, 残疾, 独居老人, communities by code or by name), people in
 * households (户号, 与户主关系), about one row in twenty a second row of someone already in it,
 * damaged the way copies are ({@link Damage}), and people who only look alike: twins, namesakes
 * born the same day, father and son of one name ({@link LookAlike}). The truth is kept beside
 * the rows: which person each row is. Synthetic throughout (ID numbers from {@link IdNumbers},
 * phones from {@link Phones}); seeded: the same seed gives the same people, damage and order.
 */
public final class StreetLedger {

    /** What a second row of a person got wrong, or how it differs from the first. */
    public enum Damage {
        HOMOPHONE_NAME("a character of the name by another of the same sound (王秀英/王秀瑛)"),
        TRADITIONAL_NAME("the name in traditional characters (王丽/王麗)"),
        SPACES_IN_NAME("stray spaces or invisible characters in the name"),
        ID_DIGIT_MISTYPED("one digit of the ID number mistyped"),
        ID_DIGITS_SWAPPED("two adjacent digits of the ID number swapped"),
        ID_15_DIGITS("the ID number as a spreadsheet number: 15 significant digits"),
        ID_FULL_WIDTH("the ID number in full-width digits, or with spaces"),
        OTHER_DATE_FORMAT("the birth date written another way"),
        FIELD_LEFT_EMPTY("a field the other row has left empty"),
        HEAD_AGAIN("the household head named 户主 again"),
        EXACT_COPY("the same row again");

        public final String description;

        Damage(String description) {
            this.description = description;
        }
    }

    /** People who look alike but are not one person. */
    public enum LookAlike {
        TWINS("twins: same birth date, same household, other given names"),
        NAMESAKES("namesakes born the same day, other ID numbers"),
        FATHER_AND_SON("father and son of one name, other birth dates");

        public final String description;

        LookAlike(String description) {
            this.description = description;
        }
    }

    public record Community(String code, String name) {}

    /** A person of the street as the truth has them. */
    public static final class Person {
        public final int index;
        public String name;
        public LocalDate birth;
        public String sex;
        public String idNumber; // null: the ledger has none for them
        public Community community;
        public String household;
        public String relation; // the word the ledger writes
        public boolean head;
        public String building;
        public String unit;
        public String room;
        public String phone;
        public String ethnicity;
        public String education;
        public String marital;
        public String political;
        public String residenceType;
        public String tags;

        Person(int index) {
            this.index = index;
        }
    }

    /**
     * One row of the file: the person it is (the truth), its cells (a String is a text cell, a
     * BigDecimal a number cell, a LocalDate a date cell), and the damage it carries (null: a first
     * row as kept).
     */
    public record Row(int person, List<Object> cells, Damage damage) {}

    public static final String[] FIELDS = {
        "serial",
        "name",
        "sex",
        "id",
        "birth",
        "ethnicity",
        "education",
        "political",
        "marital",
        "phone",
        "community",
        "building",
        "unit",
        "room",
        "household",
        "relation",
        "type",
        "tags",
        "note"
    };

    private static final Map<String, List<String>> HEADERS = new LinkedHashMap<>();

    static {
        HEADERS.put("serial", List.of("序号", "编号"));
        HEADERS.put("name", List.of("姓名", "居民姓名", "人员姓名", "姓名（必填）"));
        HEADERS.put("sex", List.of("性别", "性别"));
        HEADERS.put("id", List.of("公民身份号码", "身份证号码", "身份证号", "居民身份证号码"));
        HEADERS.put("birth", List.of("出生日期", "出生年月日", "生日"));
        HEADERS.put("ethnicity", List.of("民族", "族别"));
        HEADERS.put("education", List.of("文化程度", "学历"));
        HEADERS.put("political", List.of("政治面貌", "政治面目"));
        HEADERS.put("marital", List.of("婚姻状况", "婚姻状态"));
        HEADERS.put("phone", List.of("联系电话", "手机号码", "手机号"));
        HEADERS.put("community", List.of("所属社区", "社区", "所属社区（居委会）"));
        HEADERS.put("building", List.of("楼栋", "楼号", "楼栋号"));
        HEADERS.put("unit", List.of("单元", "单元号"));
        HEADERS.put("room", List.of("房号", "门牌号", "室号"));
        HEADERS.put("household", List.of("户号", "户编号"));
        HEADERS.put("relation", List.of("与户主关系", "与户主的关系"));
        HEADERS.put("type", List.of("人员类别", "人口类型", "户籍类别"));
        HEADERS.put("tags", List.of("人员标签", "特殊人群", "重点人群"));
        HEADERS.put("note", List.of("备注"));
    }

    /** Surnames, the common ones more often (repeated). */
    private static final String SURNAMES =
            "王王王王李李李李张张张张刘刘刘陈陈陈杨杨黄黄赵赵吴吴周周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";

    private static final String GIVEN =
            "秀英丽华明军芳伟静红平兰霞杰涛敏燕梅建国志勇斌辉峰波宇鹏刚文云丹凤娟慧磊浩桂玉珍淑" + "德成海林春雪琴晓东子涵轩欣怡俊博雨嘉佳思晨瑞安宁荣庆进凯亮新永强龙萍洁婷倩颖鑫昊泽铭睿阳光";

    /** Characters of given names and another of the same sound (toneless pinyin). */
    private static final Map<Character, Character> HOMOPHONES =
            pairs("英瑛丽莉华桦明铭军君芳方伟玮静婧红虹平萍兰岚霞侠杰洁涛韬敏闵燕艳梅玫建健志智勇永斌彬辉晖峰锋" + "宇雨鹏朋刚钢文雯云芸凤风娟鹃慧惠磊蕾浩昊玉钰珍真德得海凯楷婷亭颖影");

    /** Simplified characters of names and their traditional form. */
    private static final Map<Character, Character> TRADITIONAL = pairs("丽麗华華国國军軍兰蘭红紅凤鳳龙龍刘劉陈陳杨楊黄黃赵趙"
            + "吴吳张張伟偉强強杰傑涛濤艳艷宁寧凯凱鹏鵬辉輝锋鋒东東进進庆慶荣榮孙孫马馬郑鄭冯馮许許邓鄧韩韓叶葉"
            + "罗羅梁樑谢謝宋宋唐唐萧蕭娟娟静靜颖穎鑫鑫晓曉欣欣怡怡俊俊倩倩洁潔婷婷");

    private static final String[] ETHNICITY = {"汉", "汉族", "汉族", "汉", "回族", "满", "满族", "蒙古族", "维族", "朝鲜族"};
    private static final String[] EDUCATION = {"初中", "高中", "大专", "中专", "本科", "大学本科", "小学", "研究生", "初中毕业", "高中毕业"};
    private static final String[] POLITICAL = {"群众", "普通群众", "群众", "群众", "无党派"};
    private static final String[] TYPE = {"户籍人口", "户籍", "本地户籍", "户籍人口", "流动人口", "外来人口"};
    private static final String[] TAGS_ELDERLY = {"高龄", "高龄老人", "80岁以上"};
    private static final String[] TAGS_ALONE = {"独居老人", "独居", "空巢老人"};
    private static final String[] TAGS_ANY = {"低保", "残疾", "低保对象", "残疾人", "退伍军人"};
    private static final String[] TAG_SEPARATORS = {"、", ",", "，", " ", ";"};

    private final Random random;
    private final LocalDate today;

    public final List<Community> communities = new ArrayList<>();
    public final Map<String, String> header = new LinkedHashMap<>();
    public final List<Person> people = new ArrayList<>();
    public final List<Row> rows = new ArrayList<>();
    public final Map<Damage, Integer> damages = new EnumMap<>(Damage.class);
    /** Pairs of people (person indexes) who look alike, by kind. */
    public final Map<LookAlike, List<int[]>> lookAlikes = new EnumMap<>(LookAlike.class);

    private final Map<String, Integer> householdsOfCommunity = new HashMap<>();

    /**
     * @param size the rows of the file
     * @param duplicateShare the share of the rows that are a second row of someone
     */
    public StreetLedger(long seed, int size, double duplicateShare, List<Community> communities, LocalDate today) {
        this.random = new Random(seed);
        this.today = today;
        this.communities.addAll(communities);
        HEADERS.forEach((k, v) -> header.put(k, v.get(random.nextInt(v.size()))));
        for (LookAlike kind : LookAlike.values()) {
            lookAlikes.put(kind, new ArrayList<>());
        }
        int duplicates = (int) Math.round(size * duplicateShare);
        int lookAlikeEach = Math.max(1, size / 250); // 40 pairs of each kind in 10,000 rows
        while (people.size() < size - duplicates) {
            household(size - duplicates - people.size(), lookAlikeEach);
        }
        List<Row> firsts = new ArrayList<>(people.size());
        for (Person p : people) {
            firsts.add(new Row(p.index, cells(p, dateForm(), random.nextInt(4) != 0), null));
        }
        rows.addAll(firsts);
        seconds(duplicates);
    }

    /** One household of up to {@code room} people, sometimes with look-alikes. */
    private void household(int room, int lookAlikeEach) {
        Community community = communities.get(random.nextInt(communities.size()));
        int number = householdsOfCommunity.merge(community.code, 1, Integer::sum);
        String household = String.valueOf(1000 + number * 7 + random.nextInt(7));
        String building = (1 + random.nextInt(24)) + "号楼";
        String unit = String.valueOf(1 + random.nextInt(4));
        String flat = (1 + random.nextInt(18)) + "0" + (1 + random.nextInt(4));
        int sizeRoll = random.nextInt(20);
        int members = Math.min(room, sizeRoll < 5 ? 1 : sizeRoll < 11 ? 2 : sizeRoll < 16 ? 3 : sizeRoll < 19 ? 4 : 5);
        LocalDate headBirth = birth(1935, 1995);
        String headSex = random.nextBoolean() ? "1" : "2";
        String surname = surname();
        Person head = person(community, household, building, unit, flat, surname + given(), headBirth, headSex);
        head.head = true;
        head.relation = pick("户主", "户主", "户主", "本人");
        head.marital = members == 1 ? pick("未婚", "离异", "丧偶") : pick("已婚", "有配偶");
        if (members == 1 && age(headBirth) >= 60) {
            head.tags =
                    join(pick(TAGS_ALONE), age(headBirth) >= 80 && random.nextBoolean() ? pick(TAGS_ELDERLY) : null);
        }
        int before = people.size() - 1;
        int left = members - 1;
        if (left > 0) {
            LocalDate spouseBirth = clamp(headBirth.plusDays(random.nextInt(3650) - 1825));
            Person spouse = person(
                    community,
                    household,
                    building,
                    unit,
                    flat,
                    surname() + given(),
                    spouseBirth,
                    "1".equals(headSex) ? "2" : "1");
            spouse.relation = "1".equals(headSex) ? pick("配偶", "妻子", "妻") : pick("配偶", "丈夫", "夫");
            spouse.marital = head.marital;
            left--;
        }
        boolean fatherAndSon = "1".equals(headSex)
                && left > 0
                && age(headBirth) >= 45
                && lookAlikes.get(LookAlike.FATHER_AND_SON).size() < lookAlikeEach;
        boolean twins = left > 1
                && age(headBirth) >= 40
                && lookAlikes.get(LookAlike.TWINS).size() < lookAlikeEach;
        Person previous = null;
        for (int child = 0; left > 0; child++) {
            boolean twin = twins && child == 1;
            LocalDate birth = twin
                    ? previous.birth
                    : clamp(headBirth.plusYears(22 + random.nextInt(14)).plusDays(random.nextInt(365)));
            if (birth.isAfter(today.minusDays(30))) {
                break;
            }
            String sex = random.nextBoolean() ? "1" : "2";
            String name = surname + given();
            if (fatherAndSon && child == 0) {
                sex = "1";
                name = head.name;
            } else if (twin) {
                // Twins' names often share a character: 张子涵, 张子轩.
                String shared = previous.name.substring(surname.length(), surname.length() + 1);
                do {
                    name = surname + shared + given(1);
                } while (name.equals(previous.name));
            }
            Person p = person(community, household, building, unit, flat, name, birth, sex);
            p.relation = "1".equals(sex) ? pick("儿子", "子", "之子") : pick("女儿", "女", "之女");
            p.marital = age(birth) >= 25 && random.nextBoolean() ? "已婚" : "未婚";
            if (fatherAndSon && child == 0) {
                lookAlikes.get(LookAlike.FATHER_AND_SON).add(new int[] {head.index, p.index});
            } else if (twin) {
                lookAlikes.get(LookAlike.TWINS).add(new int[] {previous.index, p.index});
            }
            previous = p;
            left--;
        }
        if (left > 0 && age(headBirth) <= 60) {
            LocalDate parentBirth = clamp(headBirth.minusYears(22 + random.nextInt(12)));
            boolean father = random.nextBoolean();
            Person parent = person(
                    community,
                    household,
                    building,
                    unit,
                    flat,
                    father ? surname + given() : surname() + given(),
                    parentBirth,
                    father ? "1" : "2");
            parent.relation = father ? pick("父亲", "父") : pick("母亲", "母");
            parent.marital = pick("已婚", "丧偶");
            if (age(parentBirth) >= 80) {
                parent.tags = pick(TAGS_ELDERLY);
            }
        }
        if (lookAlikes.get(LookAlike.NAMESAKES).size() < lookAlikeEach
                && people.size() > 500
                && random.nextInt(3) == 0
                && people.size() - before < room) {
            Person earlier = people.get(random.nextInt(people.size() - 50));
            if (earlier.idNumber != null && !isLookAlike(earlier.index)) {
                Community elsewhere = communities.get(random.nextInt(communities.size()));
                int n = householdsOfCommunity.merge(elsewhere.code, 1, Integer::sum);
                Person namesake = person(
                        elsewhere,
                        String.valueOf(1000 + n * 7 + random.nextInt(7)),
                        (1 + random.nextInt(24)) + "号楼",
                        String.valueOf(1 + random.nextInt(4)),
                        (1 + random.nextInt(18)) + "0" + (1 + random.nextInt(4)),
                        earlier.name,
                        earlier.birth,
                        earlier.sex);
                namesake.head = true;
                namesake.relation = "户主";
                namesake.marital = pick("未婚", "离异");
                lookAlikes.get(LookAlike.NAMESAKES).add(new int[] {earlier.index, namesake.index});
            }
        }
    }

    private boolean isLookAlike(int index) {
        return lookAlikes.values().stream().flatMap(List::stream).anyMatch(p -> p[0] == index || p[1] == index);
    }

    private Person person(
            Community community,
            String household,
            String building,
            String unit,
            String room,
            String name,
            LocalDate birth,
            String sex) {
        Person p = new Person(people.size());
        p.name = name;
        p.birth = birth;
        p.sex = sex;
        // About one in a hundred without an ID number in the ledger (not yet copied from the document).
        p.idNumber = random.nextInt(100) == 0 ? null : IdNumbers.of(birth, sex);
        p.community = community;
        p.household = household;
        p.building = building;
        p.unit = unit;
        p.room = room;
        p.phone = age(birth) >= 16 && random.nextInt(8) != 0 ? Phones.any() : "";
        p.ethnicity = pick(ETHNICITY);
        p.education = age(birth) < 7 ? "" : pick(EDUCATION);
        p.political = pick(POLITICAL);
        p.residenceType = pick(TYPE);
        p.marital = "未婚";
        p.relation = "";
        p.tags = "";
        if (random.nextInt(12) == 0) {
            p.tags = join(p.tags, pick(TAGS_ANY));
        }
        if (age(birth) >= 80 && random.nextInt(3) == 0) {
            p.tags = join(p.tags, pick(TAGS_ELDERLY));
        }
        people.add(p);
        return p;
    }

    /** The second rows: a person's row again, damaged one way, at another place in the file. */
    private void seconds(int count) {
        Damage[] kinds = Damage.values();
        // Shares of the copies: the damage of the example ledger, the commonest most often.
        int[] weights = {10, 8, 10, 12, 12, 8, 8, 8, 8, 8, 4};
        int total = java.util.Arrays.stream(weights).sum();
        int made = 0;
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        int guard = 0;
        while (made < count && guard++ < count * 100) {
            int roll = random.nextInt(total);
            Damage damage = kinds[kinds.length - 1];
            for (int k = 0; k < kinds.length; k++) {
                roll -= weights[k];
                if (roll < 0) {
                    damage = kinds[k];
                    break;
                }
            }
            Person p = people.get(random.nextInt(people.size()));
            if (taken.contains(p.index) || isLookAlike(p.index) || !fits(p, damage)) {
                continue;
            }
            taken.add(p.index);
            int at = indexOfPerson(p.index);
            Row first = rows.get(at);
            Row second = new Row(p.index, damaged(p, first, damage), damage);
            damages.merge(damage, 1, Integer::sum);
            // The damaged row is as often the one met first: ledgers are put together in any order.
            int place = random.nextInt(rows.size() + 1);
            if (random.nextInt(5) < 2) {
                rows.set(at, second);
                rows.add(place, first);
            } else {
                rows.add(place, second);
            }
            made++;
        }
        if (made < count) {
            throw new IllegalStateException("Only " + made + " of " + count + " second rows could be made");
        }
        // The serial column counts the rows as the file holds them.
        for (int i = 0; i < rows.size(); i++) {
            rows.get(i).cells().set(0, String.valueOf(i + 1));
        }
    }

    private int indexOfPerson(int person) {
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).person() == person) {
                return i;
            }
        }
        throw new IllegalStateException("No row of person " + person);
    }

    private boolean fits(Person p, Damage damage) {
        return switch (damage) {
            case HOMOPHONE_NAME -> p.name.chars().skip(1).anyMatch(c -> HOMOPHONES.containsKey((char) c));
            case TRADITIONAL_NAME -> p.name.chars().anyMatch(c -> TRADITIONAL.containsKey((char) c));
            case ID_DIGIT_MISTYPED, ID_DIGITS_SWAPPED, ID_15_DIGITS, ID_FULL_WIDTH -> p.idNumber != null;
            case HEAD_AGAIN -> p.head;
            case FIELD_LEFT_EMPTY -> !p.phone.isEmpty() || !p.education.isEmpty();
            default -> true;
        };
    }

    private List<Object> damaged(Person p, Row first, Damage damage) {
        List<Object> cells = new ArrayList<>(first.cells());
        int name = col("name");
        int id = col("id");
        switch (damage) {
            case HOMOPHONE_NAME -> cells.set(name, replaceOne(p.name, HOMOPHONES, 1));
            case TRADITIONAL_NAME -> cells.set(name, replaceAll(p.name, TRADITIONAL));
            case SPACES_IN_NAME ->
                cells.set(
                        name,
                        switch (random.nextInt(4)) {
                            case 0 -> p.name + " ";
                            case 1 -> p.name.charAt(0) + (p.name.length() == 2 ? "\u3000" : " ") + p.name.substring(1);
                            case 2 -> p.name + "\u200B";
                            default -> "\u00A0" + p.name;
                        });
            case ID_DIGIT_MISTYPED -> cells.set(id, IdNumbers.mistyped(p.idNumber, 6 + random.nextInt(11)));
            case ID_DIGITS_SWAPPED -> cells.set(id, IdNumbers.transposed(p.idNumber, swappable(p.idNumber)));
            case ID_15_DIGITS -> cells.set(id, fifteenDigits(p.idNumber));
            case ID_FULL_WIDTH -> cells.set(id, random.nextBoolean() ? fullWidth(p.idNumber) : spaced(p.idNumber));
            case OTHER_DATE_FORMAT -> {
                Object before = cells.get(col("birth"));
                Object after;
                do {
                    after = date(p.birth, dateForm());
                } while (after.equals(before));
                cells.set(col("birth"), after);
            }
            case FIELD_LEFT_EMPTY -> {
                if (!p.phone.isEmpty() && (p.education.isEmpty() || random.nextBoolean())) {
                    cells.set(col("phone"), "");
                } else {
                    cells.set(col("education"), "");
                }
            }
            case HEAD_AGAIN -> cells.set(col("relation"), "户主");
            case EXACT_COPY -> {}
        }
        return cells;
    }

    private List<Object> cells(Person p, int dateForm, boolean communityByName) {
        List<Object> cells = new ArrayList<>(FIELDS.length);
        cells.add(""); // the serial, set once the order is final
        cells.add(p.name);
        cells.add("1".equals(p.sex) ? pick("男", "男", "男性") : pick("女", "女", "女性"));
        cells.add(p.idNumber == null ? "" : p.idNumber);
        cells.add(date(p.birth, dateForm));
        cells.add(p.ethnicity);
        cells.add(p.education);
        cells.add(p.political);
        cells.add(p.marital);
        cells.add(p.phone);
        cells.add(communityByName ? communityName(p.community.name) : p.community.code);
        cells.add(p.building);
        cells.add(p.unit);
        cells.add(p.room);
        cells.add(p.household);
        cells.add(p.relation);
        cells.add(p.residenceType);
        cells.add(p.tags);
        cells.add(random.nextInt(6) == 0 ? pick("已核实", "新迁入", "电话核实", "人户分离") : "");
        return cells;
    }

    /** A community as a ledger names it: 锦华社区, 锦华社区居委会, 锦华居委会 or just 锦华. */
    private String communityName(String name) {
        String bare = name.endsWith("社区") ? name.substring(0, name.length() - 2) : name;
        return switch (random.nextInt(6)) {
            case 0, 1, 2 -> name;
            case 3 -> name + "居委会";
            case 4 -> bare + "居委会";
            default -> bare;
        };
    }

    /**
     * The ledger as an XLSX workbook of one sheet (居民台账): its header, then its rows, dates as
     * date cells; without the household columns (户号, 与户主关系) when {@code households} is false.
     */
    public void writeXlsx(Path file, boolean households) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            Workbook wb = new Workbook(out, "Community Data Hub tests", "1.0");
            Worksheet ws = wb.newWorksheet("居民台账");
            List<Integer> columns = new ArrayList<>();
            for (int c = 0; c < FIELDS.length; c++) {
                if (households || !(FIELDS[c].equals("household") || FIELDS[c].equals("relation"))) {
                    columns.add(c);
                }
            }
            List<String> titles = new ArrayList<>(header.values());
            for (int c = 0; c < columns.size(); c++) {
                ws.value(0, c, titles.get(columns.get(c)));
            }
            for (int r = 0; r < rows.size(); r++) {
                List<Object> cells = rows.get(r).cells();
                for (int c = 0; c < columns.size(); c++) {
                    Object v = cells.get(columns.get(c));
                    if (v instanceof LocalDate d) {
                        ws.value(r + 1, c, d);
                        ws.style(r + 1, c).format("yyyy-mm-dd").set();
                    } else if (v instanceof BigDecimal n) {
                        ws.value(r + 1, c, n);
                    } else if (v != null && !((String) v).isEmpty()) {
                        ws.value(r + 1, c, (String) v);
                    }
                }
            }
            wb.finish();
        }
    }

    public static int col(String field) {
        for (int i = 0; i < FIELDS.length; i++) {
            if (FIELDS[i].equals(field)) {
                return i;
            }
        }
        throw new IllegalArgumentException(field);
    }

    /** The forms a birth date is written in: 0 a date cell, then text of five kinds. */
    private int dateForm() {
        int r = random.nextInt(10);
        return r < 4 ? 0 : r < 6 ? 1 : r - 4;
    }

    private static Object date(LocalDate d, int form) {
        return switch (form) {
            case 0 -> d;
            case 1 -> d.toString();
            case 2 -> d.getYear() + "/" + d.getMonthValue() + "/" + d.getDayOfMonth();
            case 3 -> d.getYear() + "." + String.format("%02d.%02d", d.getMonthValue(), d.getDayOfMonth());
            case 4 -> d.format(DateTimeFormatter.BASIC_ISO_DATE);
            default -> d.getYear() + "年" + d.getMonthValue() + "月" + d.getDayOfMonth() + "日";
        };
    }

    /** The number as a spreadsheet keeps it once it took it for a number: 15 significant digits. */
    private static Object fifteenDigits(String number) {
        BigDecimal n = new BigDecimal(number.substring(0, 17) + (number.charAt(17) == 'X' ? "0" : number.charAt(17)));
        return n.round(new MathContext(15));
    }

    private static String fullWidth(String number) {
        StringBuilder s = new StringBuilder();
        for (char c : number.toCharArray()) {
            s.append(c == 'X' ? 'Ｘ' : (char) (c - '0' + '０'));
        }
        return s.toString();
    }

    private static String spaced(String number) {
        return number.substring(0, 6) + " " + number.substring(6, 14) + " " + number.substring(14) + " ";
    }

    private int swappable(String number) {
        for (int tries = 0; tries < 50; tries++) {
            int i = 6 + random.nextInt(10);
            if (number.charAt(i) != number.charAt(i + 1)) {
                return i;
            }
        }
        for (int i = 0; i < 16; i++) {
            if (number.charAt(i) != number.charAt(i + 1)) {
                return i;
            }
        }
        throw new IllegalStateException("No two adjacent different digits");
    }

    private String replaceOne(String name, Map<Character, Character> map, int from) {
        List<Integer> at = new ArrayList<>();
        for (int i = from; i < name.length(); i++) {
            if (map.containsKey(name.charAt(i))) {
                at.add(i);
            }
        }
        int i = at.get(random.nextInt(at.size()));
        return name.substring(0, i) + map.get(name.charAt(i)) + name.substring(i + 1);
    }

    private static String replaceAll(String name, Map<Character, Character> map) {
        StringBuilder s = new StringBuilder();
        for (char c : name.toCharArray()) {
            s.append(map.getOrDefault(c, c));
        }
        return s.toString();
    }

    private String surname() {
        return String.valueOf(SURNAMES.charAt(random.nextInt(SURNAMES.length())));
    }

    private String given() {
        return given(random.nextInt(10) < 7 ? 2 : 1);
    }

    private String given(int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(GIVEN.charAt(random.nextInt(GIVEN.length())));
        }
        return s.toString();
    }

    private LocalDate birth(int fromYear, int toYear) {
        return LocalDate.of(fromYear + random.nextInt(toYear - fromYear + 1), 1 + random.nextInt(12), 1)
                .plusDays(random.nextInt(28));
    }

    private LocalDate clamp(LocalDate d) {
        LocalDate earliest = LocalDate.of(1920, 1, 1);
        return d.isBefore(earliest) ? earliest : d;
    }

    private int age(LocalDate birth) {
        return java.time.Period.between(birth, today).getYears();
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    private String join(String a, String b) {
        if (a == null || a.isEmpty()) {
            return b == null ? "" : b;
        }
        return b == null || b.isEmpty() ? a : a + TAG_SEPARATORS[random.nextInt(TAG_SEPARATORS.length)] + b;
    }

    private static Map<Character, Character> pairs(String s) {
        Map<Character, Character> map = new HashMap<>();
        for (int i = 0; i + 1 < s.length(); i += 2) {
            if (s.charAt(i) != s.charAt(i + 1)) {
                map.put(s.charAt(i), s.charAt(i + 1));
            }
        }
        return map;
    }

    /** Which person each row is, by the row's number as the sheet shows it (the header is row 1). */
    public int personOfRow(long sheetRow) {
        return rows.get((int) sheetRow - 2).person();
    }
}
