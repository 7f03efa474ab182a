package org.communityhub.intake.imports;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.communityhub.testing.IdNumbers;

/**
 * Generates ledgers as communities keep them: for each column one of the header spellings real
 * ledgers use, and in each coded cell one of the words people write for the code (大专, 有配偶, 普通群众,
 * 汉, 流动人口), tags by their shorthand (低保, 高龄, 残疾), names now and then padded with ideographic
 * spaces or carrying a zero-width space, communities by code or by name. Each person's expected
 * codes are kept beside the file's rows. Seeded: the same seed gives the same ledger.
 */
final class SyntheticLedger {

    /** A person of the ledger and what the registry should hold for them. */
    record Person(
            String name,
            String idNumber,
            String community,
            String education,
            String maritalStatus,
            String politicalStatus,
            String ethnicity,
            String residenceType,
            List<String> tags) {}

    /** The column headers, one spelling per field, drawn per ledger. */
    static final Map<String, List<String>> HEADERS = new LinkedHashMap<>();

    static {
        HEADERS.put("name", List.of("姓名", "居民姓名", "姓 名", "人员姓名*", "姓名（必填）"));
        HEADERS.put("id", List.of("公民身份号码", "身份证号码", "身份证号", "证件号码(18位)", "居民身份证号码"));
        HEADERS.put("community", List.of("所属社区代码", "社区代码", "所属社区", "社区（村）代码", "社区编码", "社区名称"));
        HEADERS.put("type", List.of("人员类别", "户籍类别", "人口类型", "人员类型", "户籍性质"));
        HEADERS.put("education", List.of("文化程度", "学历", "最高学历"));
        HEADERS.put("marital", List.of("婚姻状况", "婚姻状态", "婚否"));
        HEADERS.put("political", List.of("政治面貌", "政治面目"));
        HEADERS.put("ethnicity", List.of("民族", "族别"));
        HEADERS.put("building", List.of("楼栋", "楼号", "幢号", "所在楼栋"));
        HEADERS.put("room", List.of("房号", "门牌号", "室号"));
        HEADERS.put("tags", List.of("人员标签", "特殊人群", "重点人群", "人群类别", "标签"));
        HEADERS.put("note", List.of("备注"));
    }

    /** Words for codes: [word, code]. */
    private static final String[][] EDUCATION = {
        {"初中", "71"}, {"大专", "31"}, {"中专", "41"}, {"本科", "21"}, {"高中", "61"}, {"小学", "81"}, {"初中毕业", "71"}
    };

    private static final String[][] MARITAL = {{"有配偶", "20"}, {"已婚", "20"}, {"未婚", "10"}, {"离异", "40"}, {"丧偶", "30"}};
    private static final String[][] POLITICAL = {{"普通群众", "13"}, {"群众", "13"}, {"无党派", "12"}, {"13", "13"}};
    private static final String[][] ETHNICITY = {
        {"汉", "01"}, {"汉族", "01"}, {"回族", "03"}, {"维族", "05"}, {"满", "11"}, {"01汉族", "01"}
    };
    private static final String[][] TYPE = {
        {"户籍人口", "1"}, {"户籍", "1"}, {"流动人口", "2"}, {"外来人口", "2"}, {"境外人员", "3"}, {"本地户籍", "1"}
    };
    private static final String[][] TAGS = {
        {"低保", "low-income"},
        {"高龄", "elderly-80"},
        {"残疾", "disabled"},
        {"空巢老人", "empty-nest-elderly"},
        {"独居老人", "living-alone-elderly"},
        {"退伍军人", "veteran"},
        {"残疾人", "disabled"}
    };
    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
    private static final String GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰";

    final List<String> header = new ArrayList<>();
    final List<List<String>> rows = new ArrayList<>();
    final List<Person> people = new ArrayList<>();
    /** Rows (1-based, as the sheet shows them) whose names carry invisible characters or padding. */
    final List<Long> paddedNames = new ArrayList<>();
    /** Rows whose tag cell carries a word no vocabulary knows, and that word. */
    final Map<Long, String> unknownTags = new LinkedHashMap<>();

    /**
     * @param communities codes of the communities the rows live in
     * @param names each community's name, by code: written instead of the code when the header is a name
     */
    SyntheticLedger(long seed, int size, List<String> communities, Map<String, String> names) {
        Random random = new Random(seed);
        Map<String, String> spelling = new LinkedHashMap<>();
        HEADERS.forEach((k, v) -> spelling.put(k, v.get(random.nextInt(v.size()))));
        header.addAll(spelling.values());
        boolean byName = spelling.get("community").contains("社区名称")
                || spelling.get("community").equals("所属社区");
        for (int i = 0; i < size; i++) {
            LocalDate birth = LocalDate.of(1930 + random.nextInt(75), 1 + random.nextInt(12), 1 + random.nextInt(28));
            String sex = random.nextBoolean() ? "1" : "2";
            String id = IdNumbers.of(birth, sex);
            String name = "" + SURNAMES.charAt(random.nextInt(SURNAMES.length()))
                    + GIVEN.charAt(random.nextInt(GIVEN.length()))
                    + (random.nextBoolean() ? "" + GIVEN.charAt(random.nextInt(GIVEN.length())) : "");
            long rowNumber = i + 2;
            String written = name;
            int damage = random.nextInt(12);
            if (damage == 0 && name.length() == 2) {
                written = name.charAt(0) + "\u3000" + name.charAt(1); // padded to a three-character name's width
                paddedNames.add(rowNumber);
            } else if (damage == 1) {
                written = name + "\u200B";
                paddedNames.add(rowNumber);
            } else if (damage == 2) {
                written = "\u00A0" + name;
                paddedNames.add(rowNumber);
            }
            String community = communities.get(random.nextInt(communities.size()));
            String[] education = pick(random, EDUCATION);
            String[] marital = pick(random, MARITAL);
            String[] political = pick(random, POLITICAL);
            String[] ethnicity = pick(random, ETHNICITY);
            String[] type = pick(random, TYPE);
            List<String> tagWords = new ArrayList<>();
            List<String> tagCodes = new ArrayList<>();
            int tagCount = random.nextInt(4) == 0 ? 1 + random.nextInt(2) : 0;
            for (int t = 0; t < tagCount; t++) {
                String[] tag = pick(random, TAGS);
                tagWords.add(tag[0]);
                if (!tagCodes.contains(tag[1])) {
                    tagCodes.add(tag[1]);
                }
            }
            if (random.nextInt(20) == 0) {
                String word = "兴趣小组" + random.nextInt(10);
                tagWords.add(word);
                unknownTags.put(rowNumber, word);
            }
            String separator = List.of("、", ",", "，", " ", ";").get(random.nextInt(5));
            rows.add(List.of(
                    written,
                    id,
                    byName ? names.get(community) + (random.nextBoolean() ? "居委会" : "") : community,
                    type[0],
                    education[0],
                    marital[0],
                    political[0],
                    ethnicity[0],
                    (1 + random.nextInt(20)) + "号楼",
                    String.valueOf(101 + random.nextInt(600)),
                    String.join(separator, tagWords),
                    random.nextInt(5) == 0 ? "已核实" : ""));
            people.add(new Person(
                    name, id, community, education[1], marital[1], political[1], ethnicity[1], type[1], tagCodes));
        }
    }

    /** The header and the rows, as a sheet holds them. */
    List<List<String>> sheet() {
        List<List<String>> sheet = new ArrayList<>();
        sheet.add(header);
        sheet.addAll(rows);
        return sheet;
    }

    private static String[] pick(Random random, String[][] words) {
        return words[random.nextInt(words.length)];
    }
}
