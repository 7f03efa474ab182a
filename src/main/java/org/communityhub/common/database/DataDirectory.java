package org.communityhub.common.database;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The hub's data directory ({@code HUB_DATA_DIR}) and whether the hub runs its own database there. */
@ApplicationScoped
public class DataDirectory {

    private final Path path;
    private final boolean embeddedDatabase;

    public DataDirectory(
            @ConfigProperty(name = "hub.data-dir", defaultValue = "data") String dataDir,
            @ConfigProperty(name = "hub.database.embedded", defaultValue = "false") boolean embeddedDatabase) {
        this.path = Path.of(dataDir).toAbsolutePath().normalize();
        this.embeddedDatabase = embeddedDatabase;
    }

    public Path path() {
        return path;
    }

    /** Set by the launcher when it started the embedded PostgreSQL. */
    public boolean embeddedDatabase() {
        return embeddedDatabase;
    }
}
