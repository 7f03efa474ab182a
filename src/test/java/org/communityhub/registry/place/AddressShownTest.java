package org.communityhub.registry.place;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AddressShownTest {

    @Test
    void aBareUnitNumberGetsItsWordAndAWrittenOneKeepsItsOwn() {
        assertThat(Address.shown("10号楼", "1", "1001")).isEqualTo("10号楼 1单元 1001");
        assertThat(Address.shown("10号楼", "1单元", "1001")).isEqualTo("10号楼 1单元 1001");
        assertThat(Address.shown("3栋", "东", "501室")).isEqualTo("3栋 东 501室");
    }

    @Test
    void blankPartsAreLeftOut() {
        assertThat(Address.shown(null, " ", "501")).isEqualTo("501");
        assertThat(Address.shown("3号楼", "2", "")).isEqualTo("3号楼 2单元");
        assertThat(Address.shown(null, null, null)).isEmpty();
        assertThat(Address.unitWithWord(" 2 ")).isEqualTo("2单元");
        assertThat(Address.unitWithWord("  ")).isNull();
    }
}
