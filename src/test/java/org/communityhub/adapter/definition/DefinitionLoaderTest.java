package org.communityhub.adapter.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.communityhub.adapter.transport.HttpJsonTransport;
import org.communityhub.registry.code.CodeTables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefinitionLoaderTest {

    private static final CodeTables CODES = new CodeTables();
    private static final Map<String, DefinitionLoader.TransportCheck> TRANSPORTS = Map.of(
            "http-json", new HttpJsonTransport()::check,
            "xlsx-file", s -> List.of(),
            "csv-file", s -> List.of());

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
            assertThat(p.message()).contains("tags cannot be composed");
        });
    }

    @Test
    void anUnknownCanonicalFieldIsNamedWithItsLine() {
        List<DefinitionProblem> problems = problems(MINIMAL.replace("from: name", "from: nmae"));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(8);
            assertThat(p.message()).contains("'nmae' is not a canonical field");
            assertThat(p.toString()).startsWith("sample/adapter.yaml:8: ");
        });
    }

    @Test
    void aTypoInAKeyIsCaughtRatherThanIgnored() {
        List<DefinitionProblem> problems = problems(MINIMAL.replace("legalBasis", "legalBase"));

        assertThat(problems)
                .extracting(DefinitionProblem::message)
                .anyMatch(m -> m.contains("unknown key 'legalBase'"))
                .anyMatch(m -> m.contains("legalBasis is missing"));
    }

    @Test
    void codesOfTheWrongTableAreNamed() {
        List<DefinitionProblem> problems = problems(MINIMAL.replace("status: [ACTIVE]", "residenceType: [\"4\"]"));

        assertThat(problems)
                .singleElement()
                .extracting(DefinitionProblem::message)
                .asString()
                .contains("'4' is not a code of residence-type");
    }

    @Test
    void aTranslationMustCoverEveryCodeOrGiveADefault() {
        String incomplete =
                MINIMAL.replace("- {name: 姓名, from: name}", "- {name: 性别, from: sex, codes: {\"1\": M, \"2\": F}}");

        assertThat(problems(incomplete))
                .singleElement()
                .extracting(DefinitionProblem::message)
                .asString()
                .contains("no translation for [0, 9]");
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
                .contains("discloses it");
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
                .contains("no transport named 'fax'")
                .contains("http-json");
    }

    @Test
    void aBadScheduleRateAndRetryAreCaught() {
        String bad = MINIMAL
                + "schedule: \"every day\"\nrateLimit: fast\nretry: {maxAttempts: 0, initialBackoff: 1h, maxBackoff: 1m}\n";

        assertThat(problems(bad))
                .extracting(DefinitionProblem::message)
                .anyMatch(m -> m.contains("schedule is not a cron expression"))
                .anyMatch(m -> m.contains("rateLimit should read like"))
                .anyMatch(m -> m.contains("whole number from 1 to 100"))
                .anyMatch(m -> m.contains("maxBackoff is shorter"));
    }

    @Test
    void brokenYamlNamesItsLine() {
        assertThat(problems(MINIMAL.replace("fields:", "fields: [unclosed")))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("not valid YAML"));
    }

    @Test
    void theIdMustMatchItsFolder() {
        List<DefinitionProblem> problems = new ArrayList<>();
        loader.parse("other", "other/adapter.yaml", MINIMAL, problems);

        assertThat(problems)
                .singleElement()
                .extracting(DefinitionProblem::message)
                .asString()
                .contains("match its folder");
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
                .hasMessageContaining("'x' is not a canonical field");
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
