package org.communityhub.reference.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.time.api.Dates;

class IdNumberTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
    private static final String[] PROVINCES = {"11", "12", "31", "32", "44", "51", "65", "54"};

    /** A valid 18-character citizen ID for a generated person. */
    record Person(String number, LocalDate birth, String sex) {}

    @Provide
    Arbitrary<Person> people() {
        Arbitrary<String> region = Combinators.combine(
                        Arbitraries.of(PROVINCES),
                        Arbitraries.strings().numeric().ofLength(4))
                .as((p, rest) -> p + rest);
        Arbitrary<LocalDate> birth = Dates.dates().between(LocalDate.of(1900, 1, 1), TODAY);
        Arbitrary<Integer> sequence = Arbitraries.integers().between(0, 999);
        return Combinators.combine(region, birth, sequence).as((r, b, s) -> {
            String first17 = r + b.format(DateTimeFormatter.BASIC_ISO_DATE) + String.format("%03d", s);
            return new Person(first17 + IdNumber.checkCharacter(first17), b, s % 2 == 1 ? "1" : "2");
        });
    }

    @Property
    void aValidNumberIsAcceptedWithItsBirthDateAndSex(@ForAll("people") Person p) {
        IdNumber id = IdNumber.parse(p.number(), TODAY);

        assertThat(id.value()).isEqualTo(p.number());
        assertThat(id.birthDate()).isEqualTo(p.birth());
        assertThat(id.sex()).isEqualTo(p.sex());
        assertThat(id.type()).isEqualTo(IdType.RESIDENT_ID);
        assertThat(id.upgradedFromLegacy()).isFalse();
    }

    @Property
    void anySingleWrongDigitIsCaught(
            @ForAll("people") Person p,
            @ForAll @IntRange(min = 0, max = 16) int position,
            @ForAll @IntRange(min = 1, max = 9) int shift) {
        char[] digits = p.number().toCharArray();
        digits[position] = (char) ('0' + (digits[position] - '0' + shift) % 10);

        assertThatThrownBy(() -> IdNumber.parse(new String(digits), TODAY))
                .isInstanceOf(InvalidIdNumberException.class);
    }

    @Property
    void anySwapOfTwoNeighbouringDifferentDigitsIsCaught(
            @ForAll("people") Person p, @ForAll @IntRange(min = 0, max = 16) int position) {
        char[] c = p.number().toCharArray();
        if (c[position] == c[position + 1] || c[position + 1] == 'X') {
            return; // swapping equal digits changes nothing; an X never stands among the first 17
        }
        char t = c[position];
        c[position] = c[position + 1];
        c[position + 1] = t;

        assertThatThrownBy(() -> IdNumber.parse(new String(c), TODAY)).isInstanceOf(InvalidIdNumberException.class);
    }

    @Property
    void fullWidthDigitsSpacesAndLowerCaseXAreNormalised(@ForAll("people") Person p) {
        StringBuilder fullWidth = new StringBuilder(" ");
        for (char c : p.number().toCharArray()) {
            fullWidth.append(c == 'X' ? 'ｘ' : (char) ('０' + (c - '0'))).append(c == '9' ? "\u3000" : "");
        }

        assertThat(IdNumber.parse(fullWidth.toString(), TODAY).value()).isEqualTo(p.number());
        assertThat(IdNumber.parse(p.number().toLowerCase() + " ", TODAY).value())
                .isEqualTo(p.number());
    }

    @Property
    void aNumberAspreadsheetShowsInScientificNotationIsRefusedNeverGuessed(@ForAll("people") Person p) {
        String excel = new BigDecimal(p.number().substring(0, 17))
                        .movePointLeft(16)
                        .round(new java.math.MathContext(6))
                        .toPlainString()
                + "E+17";

        assertThatThrownBy(() -> IdNumber.parse(excel, TODAY))
                .isInstanceOf(InvalidIdNumberException.class)
                .extracting("code")
                .isEqualTo("id-number-scientific-notation");
    }

    @Property
    void aNumberCutToFifteenSignificantDigitsIsNeverTakenAsItIs(@ForAll("people") Person p) {
        String truncated = p.number().substring(0, 15) + "000";

        try {
            IdNumber accepted = IdNumber.parse(truncated, TODAY);
            // One in eleven cut numbers has a valid check character: then it must be flagged.
            assertThat(accepted.possiblyTruncated()).isTrue();
        } catch (InvalidIdNumberException e) {
            assertThat(e.code()).isEqualTo("id-number-truncated");
        }
    }

    @Property
    void aNumberMissingItsLastDigitsIsReportedAsTooShort(
            @ForAll("people") Person p, @ForAll @IntRange(min = 1, max = 2) int lost) {
        assertThatThrownBy(() -> IdNumber.parse(p.number().substring(0, 18 - lost), TODAY))
                .isInstanceOf(InvalidIdNumberException.class)
                .hasMessageContaining("少了位数")
                .extracting("code")
                .isEqualTo("id-number-length");
    }

    @Property
    void aLegacyFifteenDigitNumberIsUpgradedToItsEighteenDigitForm(@ForAll("people") Person p) {
        if (p.birth().getYear() < 1900 || p.birth().getYear() > 1999) {
            return; // 15-digit numbers were only issued for births in the 1900s
        }
        String legacy = p.number().substring(0, 6) + p.number().substring(8, 17);

        IdNumber id = IdNumber.parse(legacy, TODAY);

        assertThat(id.value()).isEqualTo(p.number());
        assertThat(id.upgradedFromLegacy()).isTrue();
        assertThat(id.birthDate()).isEqualTo(p.birth());
    }

    @Example
    void theCheckCharacterFollowsIso7064Mod112() {
        // Worked example of GB 11643-1999: 11010519491231002 → X.
        assertThat(IdNumber.checkCharacter("11010519491231002")).isEqualTo('X');
        assertThat(IdNumber.parse("11010519491231002X", TODAY).sex()).isEqualTo("2");
    }

    @Example
    void anImpossibleBirthDateIsRefusedEvenWithAValidCheckCharacter() {
        String feb30 = withCheck("11010519900230123");

        assertThatThrownBy(() -> IdNumber.parse(feb30, TODAY))
                .extracting("code")
                .isEqualTo("id-number-birth-date");
    }

    @Example
    void aBirthDateAfterTodayIsRefused() {
        assertThatThrownBy(() -> IdNumber.parse(withCheck("11010520270101123"), TODAY))
                .extracting("code")
                .isEqualTo("id-number-birth-date");
    }

    @Example
    void anUnknownProvinceIsRefused() {
        assertThatThrownBy(() -> IdNumber.parse(withCheck("00010519900101123"), TODAY))
                .extracting("code")
                .isEqualTo("id-number-region");
    }

    @Example
    void residencePermitsOfHongKongMacaoAndTaiwanAreRecognised() {
        for (String region : new String[] {"810000", "820000", "830000"}) {
            IdNumber id = IdNumber.parse(withCheck(region + "19850615002"), TODAY);

            assertThat(id.type()).isEqualTo(IdType.HMT_RESIDENCE_PERMIT);
            assertThat(id.birthDate()).isEqualTo(LocalDate.of(1985, 6, 15));
            assertThat(id.sex()).isEqualTo("2");
        }
    }

    @Example
    void foreignersPermanentResidenceIdsStartWithNine() {
        IdNumber id = IdNumber.parse(withCheck("911840" + "19781103001"), TODAY);

        assertThat(id.type()).isEqualTo(IdType.FOREIGN_PERMANENT_RESIDENCE);
        assertThat(id.birthDate()).isEqualTo(LocalDate.of(1978, 11, 3));
        assertThat(id.sex()).isEqualTo("1");
    }

    @Example
    void aNumberThatWentThroughANumericFormatIsRefused() {
        assertThatThrownBy(() -> IdNumber.parse("110105199001011234.0", TODAY))
                .extracting("code")
                .isEqualTo("id-number-numeric-format");
    }

    @Example
    void lettersOtherThanAFinalXAreRefused() {
        assertThatThrownBy(() -> IdNumber.parse("11010519900101X234", TODAY))
                .extracting("code")
                .isEqualTo("id-number-characters");
        assertThatThrownBy(() -> IdNumber.parse("110105-19900101-1234", TODAY))
                .extracting("code")
                .isEqualTo("id-number-characters");
    }

    @Example
    void messagesAndToStringNeverRepeatTheNumber() {
        String number = withCheck("11010519900307123");
        IdNumber id = IdNumber.parse(number, TODAY);

        assertThat(id.toString()).doesNotContain(number).contains("110105********");
        assertThatThrownBy(() -> IdNumber.parse(number.substring(0, 17) + "0", TODAY))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(number.substring(0, 17)));
    }

    private static String withCheck(String first17) {
        return first17 + IdNumber.checkCharacter(first17);
    }
}
