package org.communityhub.reference.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The words ledgers use, read as data: header spellings, code words, tag shorthand, a district's own additions. */
class VocabularyTest {

    private static final CodeTables CODES = new CodeTables();

    @TempDir
    Path dir;

    /** The ways ledgers dress one header: prefixes, notes and units in brackets, stray spaces, full-width forms. */
    private static final List<UnaryOperator<String>> DRESSINGS = List.of(
            h -> h,
            h -> "所属" + h,
            h -> h + "（必填）",
            h -> h + "(选填)",
            h -> "*" + h,
            h -> h + "＊",
            h -> h + "：",
            h -> " " + h + "  ",
            h -> String.join(" ", h.split("")),
            h -> String.join("\u3000", h.split("")),
            h -> h + "\u200B",
            h -> h + "【请按原件填写】",
            h -> h + "[单位：栋]",
            h -> "1." + h,
            h -> h.replace("(", "（").replace(")", "）"),
            h -> h.replace("代码", "编码"),
            h -> h.replace("代码", "编号"),
            h -> h.replace("号码", "号"));

    /** Headers real ledgers give each field, beyond the field's own label. */
    private static final Map<String, List<String>> LEDGER_HEADERS = Map.ofEntries(
            Map.entry("name", List.of("姓名", "居民姓名", "人员姓名", "名字", "成员姓名")),
            Map.entry("idNumber", List.of("身份证号", "身份证号码", "公民身份号码", "证件号码", "居民身份证号码", "身份证件号码")),
            Map.entry("sex", List.of("性别")),
            Map.entry("birthDate", List.of("出生日期", "出生年月", "出生年月日", "生日")),
            Map.entry("ethnicity", List.of("民族", "族别")),
            Map.entry("politicalStatus", List.of("政治面貌", "政治面目")),
            Map.entry("education", List.of("文化程度", "学历", "最高学历", "受教育程度")),
            Map.entry("maritalStatus", List.of("婚姻状况", "婚姻状态", "婚否")),
            Map.entry("phone", List.of("联系电话", "手机号码", "联系方式", "移动电话")),
            Map.entry("residenceType", List.of("人口类型", "人员类别", "户籍类别", "人员类型", "人口类别", "户籍性质")),
            Map.entry("communityCode", List.of("社区代码", "社区(村)代码", "居委会代码", "社区", "社区名称", "居委会")),
            Map.entry("building", List.of("楼栋", "楼号", "楼栋号", "幢号")),
            Map.entry("unit", List.of("单元", "单元号")),
            Map.entry("room", List.of("房号", "门牌号", "房间号", "室号")),
            Map.entry("householdNumber", List.of("户号", "户编号", "家庭编号")),
            Map.entry("relationToHead", List.of("与户主关系", "与户主的关系", "家庭关系")),
            Map.entry("householdType", List.of("户别", "户口类型")),
            Map.entry("party.joinedOn", List.of("入党日期", "入党时间")),
            Map.entry("party.fullMemberOn", List.of("转正日期", "转正时间")),
            Map.entry("party.branch", List.of("所在党支部", "党支部", "党组织")),
            Map.entry("league.joinedOn", List.of("入团日期", "入团时间")),
            Map.entry("league.developmentNumber", List.of("发展团员编号", "团员编号")),
            Map.entry("league.branch", List.of("所在团支部", "团支部")),
            Map.entry("tags", List.of("标签", "人员标签", "特殊人群", "重点人群", "人群类别")));

    @Test
    void everyHeaderSpellingOfEveryImportedFieldIsRecognised() {
        Vocabulary.Snapshot words = new Vocabulary(CODES, dir).current();
        List<String> missed = new ArrayList<>();
        int tried = 0;
        for (var e : LEDGER_HEADERS.entrySet()) {
            for (String header : e.getValue()) {
                for (UnaryOperator<String> dress : DRESSINGS) {
                    String spelled = dress.apply(header);
                    tried++;
                    String found =
                            words.fieldFor(spelled).map(ResidentField::name).orElse(null);
                    if (!e.getKey().equals(found)) {
                        missed.add(spelled + " → " + found);
                    }
                }
            }
        }
        assertThat(missed).as("of %d spellings", tried).isEmpty();
        // The 所属社区代码 of the field report, and what is no field at all.
        assertThat(words.fieldFor("所属社区代码").map(ResidentField::name)).contains("communityCode");
        assertThat(words.fieldFor("所属社区").map(ResidentField::name)).contains("communityCode");
        assertThat(words.fieldFor("备注")).isEmpty();
        assertThat(words.fieldFor("走访情况")).isEmpty();
        assertThat(words.fieldFor("")).isEmpty();
    }

    @Test
    void formsHeadersNameFieldsNoImportReads() {
        Vocabulary.Snapshot words = new Vocabulary(CODES, dir).current();
        Map<String, String> forms = Map.of(
                "年龄", "age",
                "年龄（周岁）", "age",
                "周岁", "age",
                "居住地址", "address",
                "现住址", "address",
                "户主姓名", "householdHeadName",
                "家庭人口数", "householdSize",
                "户人口数", "householdSize",
                "序号", "rowNumber");
        forms.forEach((header, field) -> {
            ResidentField f = words.fieldFor(header).orElseThrow(() -> new AssertionError(header));
            assertThat(f.name()).as(header).isEqualTo(field);
            assertThat(f.imported()).as("an import never fills %s", field).isFalse();
        });
    }

    @Test
    void everyImportedFieldOfTheCatalogueHasItsLabelAmongItsHeaders() {
        Vocabulary.Snapshot words = new Vocabulary(CODES, dir).current();
        for (ResidentField f : ResidentFields.all()) {
            if (f.imported()) {
                assertThat(words.fieldFor(f.label())).as(f.label()).contains(f);
            }
        }
        assertThat(LEDGER_HEADERS.keySet())
                .containsExactlyInAnyOrderElementsOf(ResidentFields.all().stream()
                        .filter(ResidentField::imported)
                        .map(ResidentField::name)
                        .toList());
    }

    @Test
    void codeWordsOfEverydayLedgers() {
        Vocabulary.Snapshot words = new Vocabulary(CODES, dir).current();
        Object[][] cases = {
            {CodeTables.EDUCATION, "初中", "71"},
            {CodeTables.EDUCATION, "大专", "31"},
            {CodeTables.EDUCATION, "中专", "41"},
            {CodeTables.EDUCATION, "本科", "21"},
            {CodeTables.EDUCATION, "高中", "61"},
            {CodeTables.EDUCATION, "小学", "81"},
            {CodeTables.EDUCATION, "硕士研究生", "14"},
            {CodeTables.EDUCATION, "文盲", "90"},
            {CodeTables.POLITICAL_STATUS, "普通群众", "13"},
            {CodeTables.POLITICAL_STATUS, "群众", "13"},
            {CodeTables.POLITICAL_STATUS, "中共党员", "01"},
            {CodeTables.POLITICAL_STATUS, "党员", "01"},
            {CodeTables.POLITICAL_STATUS, "共青团员", "03"},
            {CodeTables.POLITICAL_STATUS, "团员", "03"},
            {CodeTables.MARITAL_STATUS, "有配偶", "20"},
            {CodeTables.MARITAL_STATUS, "已婚", "20"},
            {CodeTables.MARITAL_STATUS, "离异", "40"},
            {CodeTables.MARITAL_STATUS, "未婚", "10"},
            {CodeTables.RELATION_TO_HEAD, "妻子", "12"},
            {CodeTables.RELATION_TO_HEAD, "丈夫", "11"},
            {CodeTables.RELATION_TO_HEAD, "本人", "02"},
            {CodeTables.RELATION_TO_HEAD, "儿子", "20"},
            {CodeTables.RELATION_TO_HEAD, "女儿", "30"},
            {CodeTables.RELATION_TO_HEAD, "母亲", "52"},
            {CodeTables.SEX, "男性", "1"},
            {CodeTables.SEX, "女", "2"},
            {CodeTables.SEX, "M", "1"},
            {CodeTables.ETHNICITY, "汉", "01"},
            {CodeTables.ETHNICITY, "维族", "05"},
            {CodeTables.ETHNICITY, "回族", "03"},
            {CodeTables.ETHNICITY, "蒙古", "02"},
            {CodeTables.ETHNICITY, "1", "01"},
            {CodeTables.RESIDENCE_TYPE, "户籍人口", "1"},
            {CodeTables.RESIDENCE_TYPE, "流动人口", "2"},
            {CodeTables.RESIDENCE_TYPE, "境外人员", "3"},
            {CodeTables.RESIDENCE_TYPE, "外来人口", "2"},
            {CodeTables.RESIDENCE_TYPE, "本地户籍", "1"},
            {CodeTables.RESIDENCE_TYPE, "外籍", "3"},
            {CodeTables.TAG, "空巢老人", "empty-nest-elderly"},
            {CodeTables.TAG, "低保", "low-income"},
            {CodeTables.TAG, "高龄", "elderly-80"},
            {CodeTables.TAG, "残疾", "disabled"},
            {CodeTables.TAG, "独居老人", "living-alone-elderly"},
            {CodeTables.TAG, "退伍军人", "veteran"},
            {CodeTables.TAG, "五保户", "special-hardship"},
            {CodeTables.TAG, "low-income", "low-income"},
        };
        Random random = new Random(16);
        for (Object[] c : cases) {
            String table = (String) c[0];
            String word = (String) c[1];
            String code = (String) c[2];
            // as written, padded, with invisible characters, in full-width forms
            for (String spelled : List.of(
                    word,
                    " " + word + " ",
                    word + "\u200B",
                    "\u3000" + word,
                    String.join(" ", word.split("")),
                    toFullWidth(word))) {
                assertThat(words.code(table, spelled)).as(table + " " + spelled).contains(code);
            }
            // a code and its name in one cell, as other systems export them
            if (random.nextBoolean() && !table.equals(CodeTables.TAG)) {
                String name = CODES.get(table).entry(code).orElseThrow().name();
                assertThat(words.code(table, code + name)).as(code + name).contains(code);
                assertThat(words.code(table, name + "(" + code + ")")).contains(code);
            }
        }
        assertThat(words.code(CodeTables.SEX, "1-女"))
                .as("a code and a name that disagree")
                .isEmpty();
        assertThat(words.code(CodeTables.ETHNICITY, "火星族")).isEmpty();
        assertThat(words.code(CodeTables.TAG, "爱好广泛")).isEmpty();
    }

    @Test
    void theDistrictsAdditionsCountWithoutARestartAndABadLineIsSkippedAndReported() throws Exception {
        Vocabulary vocabulary = new Vocabulary(CODES, dir);
        assertThat(vocabulary.current().fieldFor("网格员备注栏")).isEmpty();
        assertThat(vocabulary.current().code(CodeTables.TAG, "两参人员")).isEmpty();

        Files.writeString(
                dir.resolve(Vocabulary.HEADER_SYNONYMS),
                "header,field\n网格员备注栏,标签\n居住类别,residenceType\n某列,没有这个字段\n",
                StandardCharsets.UTF_8);
        Files.writeString(
                dir.resolve(Vocabulary.CODE_ALIASES),
                "\uFEFFtable,alias,code\n居民标签,两参人员,退役军人\nresidence-type,人户分离,2\nsex,未知码,7\n",
                StandardCharsets.UTF_8);
        touch(dir.resolve(Vocabulary.HEADER_SYNONYMS));
        touch(dir.resolve(Vocabulary.CODE_ALIASES));

        Vocabulary.Snapshot now = vocabulary.current();
        assertThat(now.fieldFor("网格员备注栏").map(ResidentField::name)).contains("tags");
        assertThat(now.fieldFor("居住类别").map(ResidentField::name)).contains("residenceType");
        assertThat(now.code(CodeTables.TAG, "两参人员")).contains("veteran");
        assertThat(now.code(CodeTables.RESIDENCE_TYPE, "人户分离")).contains("2");
        assertThat(now.problems())
                .extracting(Vocabulary.Problem::file, Vocabulary.Problem::line)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(Vocabulary.HEADER_SYNONYMS, 4),
                        org.assertj.core.groups.Tuple.tuple(Vocabulary.CODE_ALIASES, 4));
        assertThat(now.headerSynonyms())
                .anyMatch(s -> s.header().equals("居住类别") && s.source() == Vocabulary.Source.DISTRICT);
        assertThat(vocabulary.current()).as("the files unchanged: read once").isSameAs(now);
    }

    @Test
    void anAdditionThroughTheHubGoesIntoTheDistrictsFile() throws Exception {
        Vocabulary vocabulary = new Vocabulary(CODES, dir.resolve("not-yet"));
        vocabulary.addCodeAlias("tag", "关爱老人,独居", "独居老人");
        vocabulary.addHeaderSynonym("现住楼栋", "楼栋");
        assertThat(vocabulary.current().code(CodeTables.TAG, "关爱老人,独居")).contains("living-alone-elderly");
        assertThat(vocabulary.current().fieldFor("现住楼栋").map(ResidentField::name))
                .contains("building");
        assertThat(Files.readString(dir.resolve("not-yet").resolve(Vocabulary.CODE_ALIASES)))
                .isEqualTo("table,alias,code\ntag,\"关爱老人,独居\",living-alone-elderly\n");
        // read again from its file by a vocabulary started afresh
        assertThat(new Vocabulary(CODES, dir.resolve("not-yet")).current().code(CodeTables.TAG, "关爱老人,独居"))
                .contains("living-alone-elderly");
        assertThatThrownBy(() -> vocabulary.addCodeAlias("tag", "某词", "没有这个标签"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("没有这个标签");
        assertThatThrownBy(() -> vocabulary.addHeaderSynonym("某列", "没有的字段"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("没有这个字段");
        // A field no import fills is a form's (a collection's) to fill from the registry.
        vocabulary.addHeaderSynonym("周岁年龄数", "age");
        assertThat(vocabulary.current().fieldFor("周岁年龄数").map(ResidentField::name))
                .contains("age");
    }

    /** A modification time unlike the one before, as a second edit within the clock's resolution would not give. */
    private static void touch(Path file) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().plusSeconds(new Random().nextInt(1000) + 1)));
    }

    private static String toFullWidth(String s) {
        StringBuilder b = new StringBuilder();
        for (char ch : s.toCharArray()) {
            b.append(ch >= '!' && ch <= '~' ? (char) (ch - '!' + '！') : ch);
        }
        return b.toString();
    }
}
