package org.communityhub.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.communityhub.common.error.FieldErrors;
import org.junit.jupiter.api.Test;

/** Passwords too common to keep anyone out are refused; passwords of some thought are not. */
class CommonPasswordsTest {

    @Test
    void theMostCommonPasswordsOfTheRightShapeAreRefused() {
        for (String common : List.of(
                "password12",
                "Password123",
                "qwerty1234",
                "a123456789",
                "woaini1314",
                "5201314abc",
                "wang123456",
                "1qaz2wsx3edc",
                "abc1234567",
                "zxcvbnm123",
                "admin123456")) {
            assertThat(CommonPasswords.isCommon(common)).as(common).isTrue();
            assertThat(refusal(common)).as(common).isEqualTo("common-password");
        }
    }

    @Test
    void passwordsMadeOfRunsAloneAreRefusedThoughNoListHasThem() {
        for (String runs : List.of("abcd2026xyz", "qwertyuiop9", "9876543210z", "aaaaaaa1111", "zyxw1985mnop")) {
            assertThat(CommonPasswords.isCommon(runs)).as(runs).isTrue();
        }
    }

    @Test
    void passwordsOfSomeThoughtPass() {
        for (String fine : List.of(
                "test-pass-2026",
                "demo-pass-2026",
                "fresh-secret-2027",
                "Street-lead-2026",
                "reset-by-admin-9",
                "绿萝浇水每周两次-2026",
                "mingtian-xiayu-7",
                "Kz8#tq2Lw9")) {
            assertThat(CommonPasswords.isCommon(fine)).as(fine).isFalse();
            assertThat(refusal(fine)).as(fine).isNull();
        }
    }

    private static String refusal(String password) {
        FieldErrors errors = new FieldErrors();
        UserRules.checkPassword(password, "worker.1", "password", errors);
        return errors.isEmpty() ? null : errors.list().get(0).code();
    }
}
