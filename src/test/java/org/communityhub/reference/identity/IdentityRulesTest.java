package org.communityhub.reference.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentityRulesTest {

    @ParameterizedTest
    @CsvSource({
        "13812345678, 13812345678",
        "'138 1234 5678', 13812345678",
        "+86 138-1234-5678, 13812345678",
        "'１３８１２３４５６７８', 13812345678",
        "010-12345678, 010-12345678",
        "01012345678, 010-12345678",
        "'(0755) 8765 4321', 0755-87654321",
        "0571-8888888-123, 0571-8888888-123",
        "+44 20 7946 0958, +442079460958"
    })
    void phoneNumbersAreBroughtIntoOneForm(String typed, String canonical) {
        assertThat(PhoneNumber.canonical(typed)).contains(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"123", "12345678", "23812345678", "1381234567", "138123456789", "phone", "+86 12345"})
    void thingsThatAreNotPhoneNumbersAreRefused(String typed) {
        assertThat(PhoneNumber.canonical(typed)).isEmpty();
    }

    @Test
    void idNumbersAndPhonesAreMaskedOneWay() {
        assertThat(Masking.maskIdNumber("11010519491231002X")).isEqualTo("110105********002X");
        assertThat(Masking.maskPhone("13812345678")).isEqualTo("138****5678");
        assertThat(Masking.maskPhone("010-12345678")).isEqualTo("010-****5678");
        assertThat(Masking.maskPhone("+442079460958")).isEqualTo("+44******0958");
        assertThat(Masking.maskIdNumber(null)).isNull();
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "证件号码11010519491231002X不存在 | 证件号码110105********002X不存在",
                "110105194912310021、110105491231002 重复 | 110105********0021、110105*****1002 重复",
                "手机13812345678有误 | 手机138****5678有误",
                "流水号 1101051949123100215 与 21381234567 | 流水号 1101051949123100215 与 21381234567",
                "第12条记录缺少姓名 | 第12条记录缺少姓名"
            })
    void identifiersQuotedInOutsideTextAreMaskedAndNothingElse(String text, String masked) {
        assertThat(Masking.maskIdentifiersIn(text)).isEqualTo(masked);
    }

    @ParameterizedTest
    @CsvSource({
        "张伟, 张伟",
        "' 张  伟 ', 张 伟",
        "阿卜杜拉·买买提, 阿卜杜拉·买买提",
        "阿卜杜拉•买买提, 阿卜杜拉·买买提",
        "阿卜杜拉・买买提, 阿卜杜拉·买买提",
        "'阿卜杜拉 · 买买提', 阿卜杜拉·买买提",
        "John  Smith, John Smith"
    })
    void namesAreNormalisedOnlyWhereThereIsNoDoubt(String typed, String kept) {
        assertThat(PersonName.normalise(typed)).isEqualTo(kept);
        assertThat(PersonName.problem(PersonName.normalise(typed))).isNull();
    }

    @Test
    void namesWithCharactersBeyondTheBasicPlaneAreAccepted() {
        String rare = "王" + new String(Character.toChars(0x2A6A5)); // a CJK Extension B character
        assertThat(PersonName.problem(PersonName.normalise(rare))).isNull();
        assertThat(PersonName.normalise(rare)).hasSize(3); // two chars for the one supplementary character
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "张伟1", "张伟!", "·张伟", "张伟·", "张··伟", "张伟😀", "\uE000伟"})
    void namesThatCannotBeRightAreRefused(String typed) {
        assertThat(PersonName.problem(PersonName.normalise(typed))).isNotNull();
    }

    @Test
    void aNameOfMoreThanOneHundredCharactersIsRefused() {
        assertThat(PersonName.problem("张".repeat(100))).isNull();
        assertThat(PersonName.problem("张".repeat(101))).contains("过长");
    }
}
