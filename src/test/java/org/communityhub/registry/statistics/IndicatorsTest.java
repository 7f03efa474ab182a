package org.communityhub.registry.statistics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.communityhub.reference.code.CodeTables;
import org.communityhub.reference.code.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The indicators statistics forms ask for, read from data: shipped, and the district's own. */
class IndicatorsTest {

    @TempDir
    Path directory;

    private Indicators indicators() {
        CodeTables codes = new CodeTables();
        return new Indicators(codes, new Vocabulary(codes, directory));
    }

    @Test
    void formsHeadersFindTheirIndicatorWhateverTheirSpellingAndNotesAndOthersFindNone() {
        Indicators.Catalogue catalogue = indicators().current();

        assertThat(catalogue.problems()).isEmpty();
        assertThat(catalogue.forHeader("80周岁以上老人（人）")).map(Indicator::name).hasValue("80岁以上老人");
        assertThat(catalogue.forHeader(" 户籍人口 ")).map(Indicator::name).hasValue("户籍人口数");
        assertThat(catalogue.forHeader("党员(含预备党员)")).map(Indicator::name).hasValue("党员（含预备党员）");
        assertThat(catalogue.forHeader("低保户")).get().satisfies(i -> {
            assertThat(i.unit()).isEqualTo(Indicator.Unit.HOUSEHOLDS);
            assertThat(i.conditions()).containsExactly(new Indicator.Tag("low-income"));
        });
        assertThat(catalogue.forHeader("走访情况")).isEmpty();
        assertThat(catalogue.forHeader("")).isEmpty();
    }

    @Test
    void theDistrictsFileAddsAndReplacesIndicatorsAndNamesTheLinesItSkips() throws Exception {
        Indicators indicators = indicators();
        Files.writeString(directory.resolve(Indicators.FILE), """
                name,synonyms,counts,conditions,definition
                总人口,实有人口,residents,,本区口径：在册居民
                90岁以上老人,九十岁以上老人,residents,age>=90;residence:户籍人口,统计日已满 90 周岁的户籍居民
                社区矫正对象,,residents,tag:社区矫正对象,带该标签的居民
                坏标签,,residents,tag:没有的标签,x
                坏单位,,people,,x
                坏条件,,residents,height>180,x
                少一列,,residents,
                """, StandardCharsets.UTF_8);

        Indicators.Catalogue catalogue = indicators.current();

        assertThat(catalogue.forHeader("总人口")).map(Indicator::definition).hasValue("本区口径：在册居民");
        assertThat(catalogue.forHeader("九十岁以上老人"))
                .get()
                .satisfies(i -> assertThat(i.conditions())
                        .containsExactly(new Indicator.AgeAtLeast(90), new Indicator.ResidenceType("1")));
        assertThat(catalogue.forHeader("社区矫正对象"))
                .get()
                .satisfies(i -> assertThat(i.conditions()).containsExactly(new Indicator.Tag("community-correction")));
        assertThat(catalogue.problems()).extracting(Indicators.Problem::line).containsExactly(5, 6, 7, 8);
        assertThat(catalogue.problems().get(0).message()).contains("没有的标签");

        // Changed while the hub runs: read again.
        Files.writeString(
                directory.resolve(Indicators.FILE),
                "name,synonyms,counts,conditions,definition\n",
                StandardCharsets.UTF_8);
        Files.setLastModifiedTime(
                directory.resolve(Indicators.FILE), FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(indicators.current().forHeader("九十岁以上老人")).isEmpty();
        assertThat(indicators.current().problems()).isEmpty();
    }
}
