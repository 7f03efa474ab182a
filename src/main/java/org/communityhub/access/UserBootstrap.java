package org.communityhub.access;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.SecureRandom;
import java.util.Optional;
import org.communityhub.common.error.CannotStart;
import org.communityhub.common.error.FieldError;
import org.communityhub.common.error.ProblemException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * On the first start of an empty hub, creates the {@code admin} user with the password in
 * {@code HUB_BOOTSTRAP_ADMIN_PASSWORD} (in demo mode, the demo password), or a random one printed
 * once to the console (not to the log).
 */
@ApplicationScoped
class UserBootstrap {

    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789";

    private final UserService users;
    private final Optional<String> configuredPassword;

    private final PasswordSettings passwords;

    UserBootstrap(
            UserService users,
            PasswordSettings passwords,
            @ConfigProperty(name = "hub.bootstrap.admin-password") Optional<String> configuredPassword,
            @ConfigProperty(name = "hub.demo.enabled", defaultValue = "false") boolean demo,
            @ConfigProperty(name = "hub.demo.password") Optional<String> demoPassword) {
        this.users = users;
        this.passwords = passwords;
        // In demo mode the admin's password is the documented demo one, unless one was configured.
        this.configuredPassword =
                configuredPassword.filter(p -> !p.isBlank()).or(() -> demo ? demoPassword : Optional.empty());
    }

    void onStart(@Observes @Priority(100) StartupEvent event) {
        refuseWeakHashes(passwords.iterations(), LaunchMode.current());
        String password = configuredPassword.orElseGet(UserBootstrap::randomPassword);
        boolean created;
        try {
            created = users.createFirstAdmin(password);
        } catch (ProblemException e) {
            throw new CannotStart("HUB_BOOTSTRAP_ADMIN_PASSWORD is not acceptable as the admin's password ("
                    + String.join(
                            " ", e.errors().stream().map(FieldError::message).toList())
                    + "): set another one and start again.");
        }
        if (created && configuredPassword.isEmpty()) {
            System.out.println("\n============================================================\n"
                    + " 一表通: first start. The user 'admin' was created with password\n\n"
                    + "     " + password + "\n\n"
                    + " It is shown only this once. Sign in and change it.\n"
                    + "============================================================\n");
        }
    }

    /** Fewer iterations than is safe are for the test profile's throw-away users only. */
    static void refuseWeakHashes(int iterations, LaunchMode mode) {
        if (iterations < PasswordSettings.SAFE_ITERATIONS && mode != LaunchMode.TEST) {
            throw new CannotStart("hub.passwords.iterations is " + iterations
                    + ": passwords are hashed with at least " + PasswordSettings.SAFE_ITERATIONS
                    + " iterations; remove the setting or raise it and start again.");
        }
    }

    private static String randomPassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder sb = new StringBuilder();
        while (sb.length() < 16
                || sb.chars().noneMatch(Character::isDigit)
                || sb.chars().noneMatch(Character::isLetter)) {
            if (sb.length() >= 16) {
                sb.setLength(0);
            }
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }
}
