package org.communityhub.reference.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The numbers a damaged ID number may have been: the true one among them, and no more than a few hundred. */
class DamagedIdNumberTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 3);
    private static final String NUMBER = withCheck("11010519610302123");

    @Test
    void twoAdjacentDigitsSwappedOrOneMistypedLeaveTheTrueNumberAmongAbout170() {
        String swapped = NUMBER.substring(0, 14) + NUMBER.charAt(15) + NUMBER.charAt(14) + NUMBER.substring(16);
        DamagedIdNumber d = DamagedIdNumber.of(swapped, TODAY).orElseThrow();
        assertThat(d.kind()).isEqualTo(DamagedIdNumber.Kind.TYPO);
        assertThat(values(d)).contains(NUMBER).hasSizeBetween(100, 200);
        assertThat(d.birthDate()).isEqualTo(LocalDate.of(1961, 3, 2));

        String mistyped = NUMBER.substring(0, 9) + '8' + NUMBER.substring(10); // the year's 1 → 8
        DamagedIdNumber m = DamagedIdNumber.of(mistyped, TODAY).orElseThrow();
        assertThat(values(m)).contains(NUMBER);
        assertThat(m.birthDate()).isEqualTo(LocalDate.of(1968, 3, 2));
        assertThat(values(DamagedIdNumber.of(NUMBER.substring(0, 17) + (NUMBER.charAt(17) == '1' ? '2' : '1'), TODAY)
                        .orElseThrow()))
                .as("the check character mistyped")
                .contains(NUMBER);
    }

    @Test
    void aDigitLostOrAddedLeavesTheTrueNumberAmongAFew() {
        DamagedIdNumber lost = DamagedIdNumber.of(NUMBER.substring(0, 8) + NUMBER.substring(9), TODAY)
                .orElseThrow();
        assertThat(lost.kind()).isEqualTo(DamagedIdNumber.Kind.DIGIT_MISSING);
        assertThat(values(lost)).contains(NUMBER).hasSizeLessThan(60);
        DamagedIdNumber extra = DamagedIdNumber.of(NUMBER.substring(0, 10) + "7" + NUMBER.substring(10), TODAY)
                .orElseThrow();
        assertThat(extra.kind()).isEqualTo(DamagedIdNumber.Kind.DIGIT_EXTRA);
        assertThat(values(extra)).contains(NUMBER).hasSizeLessThan(20);
    }

    @Test
    void aNumberCutTo15DigitsRoundedEitherWayLeavesTheTrueNumberAmong200() {
        String down = withCheck("11010519610302123"); // ...1234-ish: 15 digits kept, rounded down
        String up = withCheck("11010519610302056"); // ...056x: rounded up to ...021000
        DamagedIdNumber d =
                DamagedIdNumber.of(down.substring(0, 15) + "000", TODAY).orElseThrow();
        assertThat(d.kind()).isEqualTo(DamagedIdNumber.Kind.TRUNCATED);
        assertThat(values(d)).contains(down).hasSizeLessThanOrEqualTo(200);
        assertThat(values(DamagedIdNumber.of("110105196103021000", TODAY).orElseThrow()))
                .contains(up);
        assertThat(values(DamagedIdNumber.of("1.10105196103021E+17", TODAY).orElseThrow()))
                .contains(down, up);
    }

    @Test
    void aValidNumberAndDamageThatLeavesTooManyCandidatesAreNotLinked() {
        assertThat(DamagedIdNumber.of(NUMBER, TODAY)).isEmpty();
        assertThat(DamagedIdNumber.of(NUMBER.substring(0, 16), TODAY)).isEmpty();
        assertThat(DamagedIdNumber.of("1.10105E+17", TODAY)).isEmpty();
        assertThat(DamagedIdNumber.of("", TODAY)).isEmpty();
        assertThat(DamagedIdNumber.of("11010519610302X234", TODAY)).isEmpty();
    }

    private static List<String> values(DamagedIdNumber d) {
        return d.candidates().stream().map(IdNumber::value).toList();
    }

    private static String withCheck(String first17) {
        return first17 + IdNumber.checkCharacter(first17);
    }
}
