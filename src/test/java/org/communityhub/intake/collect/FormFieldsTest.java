package org.communityhub.intake.collect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.communityhub.reference.code.CodeTables;
import org.communityhub.reference.code.Vocabulary;
import org.junit.jupiter.api.Test;

/** Which headers of a form ask whether a resident has a tag or a membership, and which ask something else. */
class FormFieldsTest {

    private final Vocabulary.Snapshot words =
            new Vocabulary(new CodeTables(), Path.of("no-district-vocabulary")).current();

    @Test
    void aHeaderAskingWhetherNamesItsTag() {
        assertThat(FormFields.tagColumn(words, "是否低保")).contains("tag:low-income");
        assertThat(FormFields.tagColumn(words, "残疾人（是/否）")).contains("tag:disabled");
        assertThat(FormFields.tagColumn(words, "是否为独居老人")).contains("tag:living-alone-elderly");
        assertThat(FormFields.tagColumn(words, " 退役军人 ")).contains("tag:veteran");
        assertThat(FormFields.tagColumn(words, "低保(√/×)")).contains("tag:low-income");
    }

    @Test
    void aHeaderAskingSomethingElseAboutATagIsLeftToFill() {
        assertThat(FormFields.tagColumn(words, "残疾情况")).isEmpty();
        assertThat(FormFields.tagColumn(words, "低保(金额)")).isEmpty();
        assertThat(FormFields.tagColumn(words, "吸毒人员（备注）")).isEmpty();
        assertThat(FormFields.tagColumn(words, "走访情况")).isEmpty();
        assertThat(FormFields.tagColumn(words, "备注")).isEmpty();
        assertThat(FormFields.tagColumn(words, "是")).isEmpty();
    }

    @Test
    void membershipAskedYesOrNo() {
        assertThat(FormFields.membershipColumn("党员（是/否）")).contains("isPartyMember");
        assertThat(FormFields.membershipColumn("是否中共党员")).contains("isPartyMember");
        assertThat(FormFields.membershipColumn("共青团员")).contains("isLeagueMember");
        assertThat(FormFields.membershipColumn("党员人数")).isEmpty();
    }

    @Test
    void aFormsCommunityColumnAsksForTheNameUnlessItSaysCode() {
        assertThat(FormFields.forForm("communityCode", "所属社区")).isEqualTo("communityName");
        assertThat(FormFields.forForm("communityCode", "社区名称")).isEqualTo("communityName");
        assertThat(FormFields.forForm("communityCode", "社区代码")).isEqualTo("communityCode");
        assertThat(FormFields.forForm("communityCode", "统计用区划代码")).isEqualTo("communityCode");
        assertThat(FormFields.forForm("phone", "联系电话")).isEqualTo("phone");
    }
}
