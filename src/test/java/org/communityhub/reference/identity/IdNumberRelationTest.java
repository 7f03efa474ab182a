package org.communityhub.reference.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class IdNumberRelationTest {

    private static final String NUMBER = withCheck("11010519800302123");

    @Test
    void relationsOfOneNumberAndItsTypos() {
        assertThat(IdNumberRelation.of(NUMBER, NUMBER)).isEqualTo(IdNumberRelation.EQUAL);
        String legacy = NUMBER.substring(0, 6) + NUMBER.substring(8, 17);
        assertThat(legacy).hasSize(15);
        assertThat(IdNumberRelation.of(legacy, NUMBER)).isEqualTo(IdNumberRelation.LEGACY_TWIN);
        assertThat(IdNumberRelation.of(withCheck("11010519800302124"), NUMBER))
                .isEqualTo(IdNumberRelation.ONE_DIGIT_SUBSTITUTED);
        assertThat(IdNumberRelation.of(withCheck("11010519803002123"), NUMBER))
                .isEqualTo(IdNumberRelation.ADJACENT_DIGITS_TRANSPOSED);
        assertThat(IdNumberRelation.of(withCheck("11010519800302321"), NUMBER)).isEqualTo(IdNumberRelation.DIFFERENT);
        assertThat(IdNumberRelation.of(null, NUMBER)).isEqualTo(IdNumberRelation.UNKNOWN);
        assertThat(IdNumberRelation.of("", NUMBER)).isEqualTo(IdNumberRelation.UNKNOWN);
        assertThat(IdNumberRelation.of(NUMBER.toLowerCase(), NUMBER)).isEqualTo(IdNumberRelation.EQUAL);
    }

    @Provide
    Arbitrary<String> numbers() {
        return Arbitraries.strings()
                .numeric()
                .ofLength(11)
                .map(rest -> withCheck("110105" + rest.substring(0, 2).replaceAll("^0", "1") + rest.substring(2)));
    }

    @Property
    void everyOneDigitTypoIsAmongTheNeighbours(
            @ForAll("numbers") String number,
            @ForAll @IntRange(max = 16) int position,
            @ForAll @IntRange(min = 1, max = 9) int shift) {
        char[] digits = number.substring(0, 17).toCharArray();
        digits[position] = (char) ('0' + (digits[position] - '0' + shift) % 10);
        String typo = withCheck(new String(digits));
        assertThat(IdNumberRelation.neighbours(number)).contains(typo);
        assertThat(IdNumberRelation.of(typo, number)).isEqualTo(IdNumberRelation.ONE_DIGIT_SUBSTITUTED);
    }

    @Property
    void everyNeighbourIsOneTypoAwayAndValid(@ForAll("numbers") String number) {
        List<String> neighbours = IdNumberRelation.neighbours(number);
        assertThat(new HashSet<>(neighbours)).hasSameSizeAs(neighbours).doesNotContain(number);
        for (String n : neighbours) {
            assertThat(IdNumber.checkCharacter(n)).isEqualTo(n.charAt(17));
            assertThat(IdNumberRelation.of(n, number).isNear()).isTrue();
        }
    }

    private static String withCheck(String first17) {
        return first17 + IdNumber.checkCharacter(first17);
    }
}
