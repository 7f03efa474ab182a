package org.communityhub.intake.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.communityhub.testing.IdNumbers;
import org.junit.jupiter.api.Test;

/** Which rows of a file are probably one person under two ID numbers, or a number and none. */
class SeenPeopleTest {

    private static final LocalDate BORN = LocalDate.of(1986, 11, 23);

    @Test
    void aNumberOneDigitOrOneSwapAwayUnderTheSameNameAndBirthDateIsTheSamePerson() {
        SeenPeople seen = new SeenPeople();
        String number = IdNumbers.of(BORN, "1");
        assertThat(seen.record("wangwei", BORN, "1", number, 2)).isNull();

        assertThat(seen.record("wangwei", BORN, "1", IdNumbers.oneDigitOff(number, 3), 3))
                .isEqualTo(new SeenPeople.Earlier(2, true));
        String swapped = swapped(number);
        assertThat(seen.record("wangwei", BORN, "1", swapped, 4)).isEqualTo(new SeenPeople.Earlier(2, true));
    }

    @Test
    void aNamesakeBornTheSameDayUnderANumberFarAwayIsAnotherPerson() {
        SeenPeople seen = new SeenPeople();
        String number = IdNumbers.of(BORN, "1");
        seen.record("wangwei", BORN, "1", number, 2);

        String far = IdNumbers.withCheck(
                (number.startsWith("51") ? "330106" : "510107") + number.substring(6, 14) + "93" + number.charAt(16));
        assertThat(seen.record("wangwei", BORN, "1", far, 3)).isNull();
        assertThat(seen.record("wangwei", BORN.plusDays(1), "1", IdNumbers.oneDigitOff(number, 15), 4))
                .as("another birth date")
                .isNull();
        assertThat(seen.record("wangwen", BORN, "1", IdNumbers.oneDigitOff(number, 14), 5))
                .as("another name")
                .isNull();
    }

    @Test
    void aRowWithoutANumberIsTheSamePersonUnlessTheSexDiffers() {
        SeenPeople seen = new SeenPeople();
        seen.record("lina", BORN, "2", IdNumbers.of(BORN, "2"), 7);

        assertThat(seen.record("lina", BORN, "2", null, 9)).isEqualTo(new SeenPeople.Earlier(7, false));
        assertThat(seen.record("lina", BORN, null, null, 10)).isEqualTo(new SeenPeople.Earlier(7, false));
        SeenPeople other = new SeenPeople();
        other.record("lina", BORN, "2", IdNumbers.of(BORN, "2"), 7);
        assertThat(other.record("lina", BORN, "1", null, 8))
                .as("a man of the same name")
                .isNull();
    }

    @Test
    void theEarliestRowIsNamedAfterTheTableHasGrownManyTimes() {
        SeenPeople seen = new SeenPeople();
        String number = IdNumbers.of(BORN, "1");
        seen.record("zhangwei", BORN, "1", number, 2);
        seen.record("zhangwei", BORN, null, null, 3);
        for (int row = 4; row < 40_000; row++) {
            assertThat(seen.record("person" + row, BORN, "1", null, row)).isNull();
        }

        assertThat(seen.record("zhangwei", BORN, "1", IdNumbers.oneDigitOff(number, 10), 40_000))
                .isEqualTo(new SeenPeople.Earlier(2, true));
    }

    /** The number with the first two adjacent, different digits of its first 17 swapped, check made to fit. */
    private static String swapped(String number) {
        for (int i = 0; i < 16; i++) {
            if (number.charAt(i) != number.charAt(i + 1)) {
                return IdNumbers.withCheck(
                        number.substring(0, i) + number.charAt(i + 1) + number.charAt(i) + number.substring(i + 2, 17));
            }
        }
        throw new IllegalStateException("No two different adjacent digits");
    }
}
