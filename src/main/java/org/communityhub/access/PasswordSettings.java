package org.communityhub.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How the built-in users' passwords are hashed. */
@ConfigMapping(prefix = "hub.passwords")
public interface PasswordSettings {

    /**
     * The fewest PBKDF2-HMAC-SHA256 iterations a hub that keeps real passwords uses: the OWASP
     * Password Storage Cheat Sheet's figure for this function.
     */
    int SAFE_ITERATIONS = 600_000;

    /**
     * PBKDF2-HMAC-SHA256 iterations of each new hash (a hash keeps its own count, so a change
     * applies as passwords are set). Fewer than {@value #SAFE_ITERATIONS} only in the test profile,
     * whose tests make thousands of throw-away users; any other start refuses it.
     */
    @WithDefault("600000")
    int iterations();
}
