package org.communityhub.adapter.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.communityhub.adapter.transport.HttpJsonTransport;
import org.communityhub.reference.code.CodeTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefinitionLoaderTest {

    private static final CodeTables CODES = new CodeTables();
    private static final Map<String, DefinitionLoader.TransportCheck> TRANSPORTS = Map.of(
            "http-json", new HttpJsonTransport()::problems,
            "xlsx-file", (s, f, r) -> List.of(),
            "csv-file", (s, f, r) -> List.of());

    private final DefinitionLoader loader =
            new DefinitionLoader(CODES, Map.of("HUB_GRID_URL", "http://grid.test/api")::get, TRANSPORTS);

    private static final String MINIMAL = """
            id: sample
            name: 示例平台
            version: "1"
            legalBasis: 《个人信息保护法》第十三条第一款第三项
            select:
              - status: [ACTIVE]
            fields:
              - {name: 姓名, from: name}
            transport:
              type: xlsx-file
            """;

    @Test
    void theShippedDefinitionsAllLoad() {
        List<AdapterDefinition> all = loader.loadAll(Path.of("adapters"));

        assertThat(all)
                .extracting(AdapterDefinition::id)
                .containsExactlyInAnyOrder(
                        "civil-affairs",
                        "youth-league",
                        "public-security",
                        "grid",
                        "party-building",
                        "disability-federation",
                        "elderly-services",
                        "veterans-affairs");
        assertThat(all).allSatisfy(d -> {
            assertThat(d.legalBasis()).isNotBlank();
            assertThat(d.contentHash()).hasSize(64);
            assertThat(d.fields()).isNotEmpty();
        });
    }

    @Test
    void environmentReferencesAreResolvedAndAMissingUrlLeavesItEmpty() {
        List<AdapterDefinition> all = loader.loadAll(Path.of("adapters"));

        AdapterDefinition grid =
                all.stream().filter(d -> d.id().equals("grid")).findFirst().orElseThrow();
        AdapterDefinition police = all.stream()
                .filter(d -> d.id().equals("public-security"))
                .findFirst()
                .orElseThrow();
        assertThat(grid.transport().text("url")).contains("http://grid.test/api");
        assertThat(police.transport().text("url")).isEmpty();
        assertThat(new HttpJsonTransport().configured(police.transport())).isFalse();
    }

    @Test
    void aMinimalDefinitionReadsAsWritten() {
        AdapterDefinition d = parse(MINIMAL);

        assertThat(d.fieldNames()).containsExactly("姓名");
        assertThat(d.select()).containsExactly(new Condition.FieldIn("status", java.util.Set.of("ACTIVE"), false));
        assertThat(d.schedule()).isNull();
        assertThat(d.batchSize()).isEqualTo(500);
        assertThat(d.retry()).isEqualTo(RetryPolicy.DEFAULT);
    }

    @Test
    void tagsCannotBeComposedForTheyWouldLeaveWithoutAnAllowList() {
        List<DefinitionProblem> problems = problems(MINIMAL.replace("from: name", "compose: \"{name}（{tags}）\""));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(8);
            assertThat(p.message()).contains("标签不能拼接进 compose");
        });
    }

    @Test
    void anUnknownCanonicalFieldIsNamedWithItsLine() {
        List<DefinitionProblem> problems = problems(MINIMAL.replace("from: name", "from: nmae"));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(8);
            assertThat(p.column()).isEqualTo(22);
            assertThat(p.message())
                    .contains("“nmae”不是规范字段")
                    .contains("是不是 name？")
                    .contains("docs/adapters.md#canonical-fields")
                    .doesNotContain("CanonicalFields");
            assertThat(p.toString()).startsWith("sample/adapter.yaml:8:22: ");
        });
    }

    @Test
    void aTypoInAKeyIsCaughtRatherThanIgnored() {
        List<DefinitionProblem> problems = problems(MINIMAL.replace("legalBasis", "legalBase"));

        assertThat(problems)
                .extracting(DefinitionProblem::message)
                .anyMatch(m -> m.contains("没有“legalBase”这一项，是不是 legalBasis？"))
                .anyMatch(m -> m.contains("缺少 legalBasis"));
    }

    @Test
    void codesOfTheWrongTableAreNamed() {
        List<DefinitionProblem> problems = problems(MINIMAL.replace("status: [ACTIVE]", "residenceType: [\"4\"]"));

        assertThat(problems)
                .singleElement()
                .extracting(DefinitionProblem::message)
                .asString()
                .contains("“4”不是")
                .contains("residence-type")
                .contains("1 ")
                .contains("3 ");
    }

    @Test
    void aTranslationMustCoverEveryCodeOrGiveADefault() {
        String incomplete =
                MINIMAL.replace("- {name: 姓名, from: name}", "- {name: 性别, from: sex, codes: {\"1\": M, \"2\": F}}");

        assertThat(problems(incomplete))
                .singleElement()
                .extracting(DefinitionProblem::message)
                .asString()
                .contains("0、9");
        assertThat(problems(incomplete.replace("\"2\": F}", "\"2\": F}, default: U")))
                .isEmpty();
    }

    @Test
    void selectingBySensitiveTagsNeedsThemOnTheAllowList() {
        String bySensitiveTag = MINIMAL.replace("- status: [ACTIVE]", "- tags: {any: [community-correction]}");

        assertThat(problems(bySensitiveTag))
                .singleElement()
                .extracting(DefinitionProblem::message)
                .asString()
                .contains("按敏感标签“community-correction”筛选");
        assertThat(problems(bySensitiveTag + "  \n").size()).isEqualTo(1);
        String declared = bySensitiveTag.replace(
                "- {name: 姓名, from: name}",
                "- {name: 姓名, from: name}\n  - {name: 矫正对象, from: \"tag:community-correction\"}");
        assertThat(problems(declared)).isEmpty();
    }

    @Test
    void sensitiveTagsLeaveThroughATagsFieldOnlyWhenNamed() {
        AdapterDefinition d = parse(MINIMAL.replace("- {name: 姓名, from: name}", "- {name: 标签, from: tags}"));

        FieldMapping tags = d.fields().get(0);
        assertThat(tags.onlyTags())
                .contains("elderly-80", "veteran")
                .doesNotContain("community-correction", "low-income");
    }

    @Test
    void anUnknownTransportIsALoudError() {
        assertThat(problems(MINIMAL.replace("type: xlsx-file", "type: fax")))
                .singleElement()
                .extracting(DefinitionProblem::message)
                .asString()
                .contains("没有名为“fax”的传输方式")
                .contains("http-json");
    }

    @Test
    void aBadScheduleRateAndRetryAreCaught() {
        String bad = MINIMAL
                + "schedule: \"every day\"\nrateLimit: fast\nretry: {maxAttempts: 0, initialBackoff: 1h, maxBackoff: 1m}\n";

        assertThat(problems(bad))
                .extracting(DefinitionProblem::message)
                .anyMatch(m -> m.contains("不是 cron 表达式"))
                .anyMatch(m -> m.contains("rateLimit 应写成"))
                .anyMatch(m -> m.contains("1 到 100 之间的整数"))
                .anyMatch(m -> m.contains("maxBackoff 比 initialBackoff 还短"));
    }

    @Test
    void brokenYamlNamesItsLine() {
        assertThat(problems(MINIMAL.replace("fields:", "fields: [unclosed")))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.message()).startsWith("YAML 格式错误（第 ");
                    assertThat(p.line()).isPositive();
                });
    }

    @Test
    void theIdMustMatchItsFolder() {
        List<DefinitionProblem> problems = new ArrayList<>();
        loader.parse("other", "other/adapter.yaml", MINIMAL, problems);

        assertThat(problems)
                .singleElement()
                .extracting(DefinitionProblem::message)
                .asString()
                .contains("应与所在文件夹的名称“other”相同");
    }

    @Test
    void loadingFailsAsAWholeListingEveryFile(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("good"));
        Files.writeString(dir.resolve("good/adapter.yaml"), MINIMAL.replace("sample", "good"));
        Files.createDirectories(dir.resolve("bad"));
        Files.writeString(
                dir.resolve("bad/adapter.yaml"),
                MINIMAL.replace("sample", "bad").replace("from: name", "from: x"));

        assertThatThrownBy(() -> loader.loadAll(dir))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("bad/adapter.yaml:8")
                .hasMessageContaining("“x”不是规范字段");
    }

    @Test
    void aMisspeltFieldNameIsAnsweredWithTheFieldMeantAndTheSectionToRead() {
        List<DefinitionProblem> problems =
                problems(MINIMAL.replace("- {name: 姓名, from: name}", "- {name: 婚姻状况, from: maritalStaus}"));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("是不是 maritalStatus？").contains("#canonical-fields");
            assertThat(p.message()).doesNotContainPattern("[A-Z][a-z]+Fields|\\.java");
        });
    }

    @Test
    void anUnknownCodeOfALongTableSaysWhereTheCodesAre() {
        List<DefinitionProblem> problems = problems(MINIMAL.replace("status: [ACTIVE]", "ethnicity: [\"99\"]"));

        assertThat(problems)
                .singleElement()
                .extracting(DefinitionProblem::message)
                .asString()
                .contains("“99”不是")
                .contains("GET /api/v1/code-tables/ethnicity");
    }

    @Test
    void anUnknownCodeOfAShortTableListsTheValidOnes() {
        List<DefinitionProblem> problems = problems(MINIMAL.replace("status: [ACTIVE]", "maritalStatus: [\"11\"]"));

        assertThat(problems)
                .singleElement()
                .extracting(DefinitionProblem::message)
                .asString()
                .contains("10 未婚")
                .contains("90 未说明的婚姻状况");
    }

    @Test
    void anIndentationSlipIsCalledOneWithItsLine() {
        String slipped =
                MINIMAL.replace("  - {name: 姓名, from: name}", "  - {name: 姓名, from: name}\n   - {name: 性别, from: sex}");

        assertThat(problems(slipped)).singleElement().satisfies(p -> {
            assertThat(p.message()).contains("缩进").doesNotContain("expected").doesNotContain("mapping values");
            assertThat(p.line()).isEqualTo(9);
        });
    }

    @Test
    void aTabIndentIsNamed() {
        assertThat(problems(MINIMAL.replace("  type: xlsx-file", "\ttype: xlsx-file")))
                .singleElement()
                .extracting(DefinitionProblem::message)
                .asString()
                .contains("Tab");
    }

    @Test
    void everyProblemOfEverySectionIsReportedAtOnce() {
        String bad = """
                id: sample
                name: 示例平台
                version: "1"
                legalBasis: 依据
                select:
                  - residenceType: ["7"]
                  - agee: {min: 1}
                fields:
                  - {name: 姓名, from: nmae}
                  - {name: 性别, from: sex, codes: {"1": 男}}
                schedule: "daily"
                transport:
                  type: xlsx-fiel
                """;

        List<DefinitionProblem> problems = problems(bad);

        assertThat(problems).extracting(DefinitionProblem::line).containsExactlyInAnyOrder(6, 7, 9, 10, 11, 13);
        assertThat(problems).allSatisfy(p -> assertThat(p.column()).isPositive());
        assertThat(problems)
                .extracting(DefinitionProblem::message)
                .anyMatch(m -> m.contains("是不是 age？"))
                .anyMatch(m -> m.contains("是不是 xlsx-file？"));
    }

    @Test
    void aCommentOrLayoutEditKeepsTheVersionAndAChangedFieldMakesANewOne() {
        String hash = parse(MINIMAL).contentHash();
        String commented = "# 平台说明：新加的注释\n" + MINIMAL.replace("type: xlsx-file", "type: \"xlsx-file\"   # 文件");
        String changed = MINIMAL.replace("{name: 姓名, from: name}", "{name: 名字, from: name}");

        assertThat(parse(commented).contentHash()).isEqualTo(hash);
        assertThat(parse(changed).contentHash()).isNotEqualTo(hash);
    }

    @Test
    void gbkIsAnEncodingAFilePlatformMayAskFor() {
        // The csv-file transport's own check of the encoding is FileTransportsTest's.
        DefinitionLoader withCsv =
                new DefinitionLoader(CODES, name -> null, Map.of("csv-file", (s, f, r) -> List.of()));
        List<DefinitionProblem> problems = new ArrayList<>();
        AdapterDefinition d = withCsv.parse(
                "sample",
                "sample/adapter.yaml",
                MINIMAL.replace("type: xlsx-file", "type: csv-file\n  encoding: GBK"),
                problems);

        assertThat(problems).isEmpty();
        assertThat(d.fileCharset().name()).isEqualTo("GBK");
    }

    @Test
    void aBadFileSpoilsNoOtherWhenScanned(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("good"));
        Files.writeString(dir.resolve("good/adapter.yaml"), MINIMAL.replace("sample", "good"));
        Files.createDirectories(dir.resolve("bad"));
        Files.writeString(dir.resolve("bad/adapter.yaml"), "id: bad\nfields: [\n");

        List<DefinitionLoader.Loaded> scanned = loader.scan(dir);

        assertThat(scanned).extracting(DefinitionLoader.Loaded::id).containsExactly("bad", "good");
        assertThat(scanned.get(0).valid()).isFalse();
        assertThat(scanned.get(0).problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message()).startsWith("YAML 格式错误"));
        assertThat(scanned.get(1).valid()).isTrue();
    }

    private AdapterDefinition parse(String yaml) {
        List<DefinitionProblem> problems = new ArrayList<>();
        AdapterDefinition d = loader.parse("sample", "sample/adapter.yaml", yaml, problems);
        assertThat(problems).isEmpty();
        return d;
    }

    private List<DefinitionProblem> problems(String yaml) {
        List<DefinitionProblem> problems = new ArrayList<>();
        loader.parse("sample", "sample/adapter.yaml", yaml, problems);
        return problems;
    }
}
