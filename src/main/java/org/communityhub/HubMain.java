package org.communityhub;

import io.quarkus.runtime.Application;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.nio.file.Path;
import org.communityhub.common.database.EmbeddedDatabase;
import org.communityhub.common.database.EmbeddedDatabase.DataDirectoryInUseException;
import org.jboss.logging.Logger;

/**
 * Starts the hub. With {@code HUB_DB_URL} set, the hub uses that PostgreSQL; without it, the hub
 * runs its own PostgreSQL in {@code HUB_DATA_DIR} (default {@code ./data}) before Quarkus starts,
 * and stops it after Quarkus has shut down.
 */
@QuarkusMain
public final class HubMain {

    private HubMain() {}

    public static void main(String... args) {
        if (setting("HUB_DB_URL", "hub.db.url") != null) {
            Quarkus.run(args);
            return;
        }
        Path dataDir = Path.of(orDefault(setting("HUB_DATA_DIR", "hub.data-dir"), "data"));
        EmbeddedDatabase database;
        try {
            database = EmbeddedDatabase.start(dataDir);
        } catch (DataDirectoryInUseException e) {
            System.err.println("\n一表通 cannot start: " + e.getMessage() + "\n");
            System.exit(2);
            return;
        }
        database.datasourceProperties().forEach(System::setProperty);
        System.setProperty("hub.data-dir", database.dataDirectory().toString());
        System.setProperty("hub.database.embedded", "true");

        // On SIGTERM Quarkus stops from its own shutdown hook, which runs alongside this one.
        // PostgreSQL must outlive the application so in-flight work can finish: Application.stop()
        // waits for whichever thread is already stopping it.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            Application app = Application.currentApplication();
                            if (app != null && app.isStarted()) {
                                app.stop();
                            }
                            database.close();
                        },
                        "embedded-postgres-stop"));
        Quarkus.run(
                null,
                (exitCode, failure) -> {
                    if (failure != null) {
                        Logger.getLogger(HubMain.class).error("The hub stopped on an error", failure);
                    }
                    database.close();
                    System.exit(exitCode);
                },
                args);
    }

    private static String setting(String env, String property) {
        String value = System.getenv(env);
        if (value == null || value.isBlank()) {
            value = System.getProperty(property);
        }
        return value == null || value.isBlank() ? null : value;
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }
}
