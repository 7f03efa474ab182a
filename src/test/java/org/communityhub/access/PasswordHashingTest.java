package org.communityhub.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.runtime.LaunchMode;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.communityhub.common.error.CannotStart;
import org.junit.jupiter.api.Test;

/** How slow a password hash is, and who may make it faster. */
class PasswordHashingTest {

    @Test
    void aHubHashesWithTheSafeCountUnlessToldOtherwise() {
        SmallRyeConfig config =
                new SmallRyeConfigBuilder().withMapping(PasswordSettings.class).build();
        int iterations = config.getConfigMapping(PasswordSettings.class).iterations();

        assertThat(iterations).isEqualTo(PasswordSettings.SAFE_ITERATIONS).isEqualTo(600_000);
        String stored = PasswordHasher.hash("correct horse 42", 1_000);
        assertThat(stored).startsWith("pbkdf2-sha256$1000$");
        assertThat(PasswordHasher.matches("correct horse 42", stored)).isTrue();
        assertThat(PasswordHasher.matches("correct horse 43", stored)).isFalse();
    }

    @Test
    void fewerIterationsAreRefusedOutsideTheTestProfile() {
        assertThatThrownBy(() -> UserBootstrap.refuseWeakHashes(1_000, LaunchMode.NORMAL))
                .isInstanceOf(CannotStart.class)
                .hasMessageContaining("hub.passwords.iterations is 1000")
                .hasMessageContaining("600000");
        assertThatThrownBy(() -> UserBootstrap.refuseWeakHashes(599_999, LaunchMode.DEVELOPMENT))
                .isInstanceOf(CannotStart.class);
        assertThatCode(() -> UserBootstrap.refuseWeakHashes(600_000, LaunchMode.NORMAL))
                .doesNotThrowAnyException();
        assertThatCode(() -> UserBootstrap.refuseWeakHashes(1_000, LaunchMode.TEST))
                .doesNotThrowAnyException();
    }
}
