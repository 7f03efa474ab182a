package org.communityhub.adapter;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Where the platform definitions are and how often the hub looks for changes to them. */
@ConfigMapping(prefix = "hub.adapters")
public interface AdapterSettings {

    /** The directory of platform definitions ({@code HUB_ADAPTERS_DIR}). */
    @WithDefault("adapters")
    String dir();

    /** How often the directory is read again, so that an added, changed or removed file takes effect. */
    @WithDefault("2s")
    Duration reloadInterval();
}
