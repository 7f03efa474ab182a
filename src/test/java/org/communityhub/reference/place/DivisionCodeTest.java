package org.communityhub.reference.place;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The five levels of a statistical division code, told by length, and what a code holds. */
class DivisionCodeTest {

    @Test
    void aCodesLevelIsToldByItsLength() {
        assertThat(DivisionCode.levelOf("11")).isEqualTo(1);
        assertThat(DivisionCode.levelOf("1101")).isEqualTo(2);
        assertThat(DivisionCode.levelOf("110105")).isEqualTo(3);
        assertThat(DivisionCode.levelOf("110105001")).isEqualTo(4);
        assertThat(DivisionCode.levelOf("110105001001")).isEqualTo(DivisionCode.COMMUNITY_LEVEL);
        assertThat(DivisionCode.levelOf("1101050")).isZero();
        assertThat(DivisionCode.levelOf("")).isZero();
        assertThat(DivisionCode.levelOf(null)).isZero();
        for (int level = 1; level <= DivisionCode.COMMUNITY_LEVEL; level++) {
            assertThat(DivisionCode.levelOf("1".repeat(DivisionCode.lengthAt(level))))
                    .isEqualTo(level);
        }
        assertThat(DivisionCode.lengthAt(0)).isZero();
        assertThat(DivisionCode.lengthAt(6)).isZero();
    }

    @Test
    void aCodeIsDigitsOnlyAtOneOfTheFiveLengths() {
        assertThat(DivisionCode.isCode("110105001")).isTrue();
        assertThat(DivisionCode.isCode("11010500100A")).isFalse();
        assertThat(DivisionCode.isCode("１１")).as("full-width digits").isFalse();
        assertThat(DivisionCode.isCode("1101050010")).isFalse();
        assertThat(DivisionCode.isCode(null)).isFalse();

        assertThat(DivisionCode.isCommunity("110105001001")).isTrue();
        assertThat(DivisionCode.isCommunity("110105001")).isFalse();
        assertThat(DivisionCode.isCommunity("11010500100١"))
                .as("another script's digit")
                .isFalse();
        assertThat(DivisionCode.isCommunity(" 110105001001")).isFalse();
        assertThat(DivisionCode.isStreet("110105001")).isTrue();
        assertThat(DivisionCode.isStreet("110105001001")).isFalse();
    }

    @Test
    void aCommunitysStreetIsItsFirstNineDigits() {
        assertThat(DivisionCode.streetOf("110105001001")).isEqualTo("110105001");
        assertThat(DivisionCode.streetOf("110105001")).isEqualTo("110105001");
        assertThatThrownBy(() -> DivisionCode.streetOf("110105")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theLengthsAreACopy() {
        int[] lengths = DivisionCode.lengths();
        lengths[0] = 3;

        assertThat(DivisionCode.lengths()).containsExactly(2, 4, 6, 9, 12);
    }
}
