package org.communityhub.common.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The version an edit was based on, from an If-Match header or a form, and the check against the current one. */
class ExpectedVersionTest {

    @Test
    void anIfMatchHeaderNamesVersionsByStrongComparisonOnly() {
        assertThat(ExpectedVersion.fromIfMatch(null)).isNull();
        assertThat(ExpectedVersion.fromIfMatch("  ")).isNull();
        assertThat(ExpectedVersion.fromIfMatch("\"3\"").matches(3)).isTrue();
        assertThat(ExpectedVersion.fromIfMatch("\"2\", \"3\"").matches(3)).isTrue();
        assertThat(ExpectedVersion.fromIfMatch("W/\"3\"").matches(3)).as("weak").isFalse();
        assertThat(ExpectedVersion.fromIfMatch("*").matches(3)).isFalse();
        assertThat(ExpectedVersion.fromIfMatch("3").matches(3)).as("not quoted").isFalse();
        assertThat(ExpectedVersion.fromIfMatch("\"x\"").versions()).isEmpty();
    }

    @Test
    void aFormGivesItsVersionOrNone() {
        assertThat(ExpectedVersion.fromForm("")).isNull();
        assertThat(ExpectedVersion.fromForm(" 7 ").matches(7)).isTrue();
        assertThat(ExpectedVersion.fromForm("7a").matches(7)).isFalse();
    }

    @Test
    void aMissingVersionIs428AndAnotherVersion412() {
        assertThatThrownBy(() -> Preconditions.require(null, 4))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.status()).isEqualTo(428));
        assertThatThrownBy(() -> Preconditions.require(ExpectedVersion.of(3), 4))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.status()).isEqualTo(412));
        Preconditions.require(ExpectedVersion.of(4), 4);
        Preconditions.requireWhenGiven(null, 4);
    }
}
