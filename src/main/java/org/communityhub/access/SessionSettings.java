package org.communityhub.access;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long a page session lasts (beside quarkus.http.auth.form.timeout, the idle limit). */
@ConfigMapping(prefix = "hub.session")
public interface SessionSettings {

    /** The longest a session lasts from its sign-in, however busy: then the user signs in again. */
    @WithDefault("12h")
    Duration absoluteLifetime();
}
