package org.communityhub;

import io.quarkus.runtime.Application;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.io.IOException;
import java.nio.file.Path;
import org.communityhub.access.pii.MissingPiiKeyException;
import org.communityhub.access.pii.PiiCipher;
import org.communityhub.common.database.EmbeddedDatabase;
import org.communityhub.common.database.EmbeddedDatabase.DataDirectoryInUseException;
import org.communityhub.common.error.CannotStart;
import org.communityhub.common.error.Causes;
import org.communityhub.web.SessionKey;
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
        if (args.length == 1 && NEW_PII_KEY.equals(args[0])) {
            System.exit(newPiiKey());
            return;
        }
        if (setting("HUB_DB_URL", "hub.db.url") != null) {
            if ((System.getenv("HUB_DB_OWNER_USER") == null) != (System.getenv("HUB_DB_OWNER_PASSWORD") == null)) {
                // Flyway would quietly migrate as HUB_DB_USER, and that role would own everything.
                System.err.println("\n一表通 cannot start: set both HUB_DB_OWNER_USER and HUB_DB_OWNER_PASSWORD (the role"
                        + " that owns the schema and runs the migrations), or neither.\n");
                System.exit(2);
                return;
            }
            if (setting("HUB_SESSION_KEY", SESSION_KEY) == null) {
                System.err.println(
                        "\nHUB_SESSION_KEY is not set: this process signs page sessions with a key of its own,"
                                + " so a restart signs everybody out and replicas do not accept each other's sessions. Give"
                                + " every replica the same key (e.g. `openssl rand -base64 32`).\n");
            }
            Quarkus.run(
                    null,
                    (exitCode, failure) -> {
                        report(failure);
                        System.exit(cannotStart(failure) != null ? 2 : exitCode);
                    },
                    args);
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
        if (setting("HUB_SESSION_KEY", SESSION_KEY) == null) {
            System.setProperty(SESSION_KEY, SessionKey.inDataDirectory(database.dataDirectory()));
        }
        System.setProperty("hub.database.embedded", "true");

        // On SIGTERM Quarkus stops from its own shutdown hook, which runs alongside this one.
        // PostgreSQL must outlive the application so in-flight work (an import's batch, a delivery)
        // ends as a stop and not as a lost connection: Application.stop() returns once the
        // application has stopped, whichever thread is stopping it. (Asking isStarted() first
        // would be wrong: it is false while the other hook is already stopping the application.)
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            Application app = Application.currentApplication();
                            if (app != null) {
                                try {
                                    app.stop();
                                } catch (IllegalStateException neverStarted) {
                                    // nothing of the application is running
                                }
                            }
                            database.close();
                        },
                        "embedded-postgres-stop"));
        Quarkus.run(
                null,
                (exitCode, failure) -> {
                    report(failure);
                    database.close();
                    System.exit(cannotStart(failure) != null ? 2 : exitCode);
                },
                args);
    }

    /**
     * A start refused for a reason the operator must act on (a personal-data key missing) is said
     * in one paragraph; anything else is logged with its stack trace.
     */
    private static void report(Throwable failure) {
        if (failure == null) {
            return;
        }
        RuntimeException refusal = cannotStart(failure);
        if (refusal != null) {
            System.err.println("\n一表通 cannot start: " + refusal.getMessage() + "\n");
        } else {
            Logger.getLogger(HubMain.class).error("The hub stopped on an error", failure);
        }
    }

    private static RuntimeException cannotStart(Throwable failure) {
        if (failure == null) {
            return null;
        }
        return Causes.find(failure, MissingPiiKeyException.class)
                .<RuntimeException>map(e -> e)
                .or(() -> Causes.find(failure, CannotStart.class))
                .orElse(null);
    }

    /** The key of the pages' session cookie (quarkus.http.auth.session.encryption-key). */
    private static final String SESSION_KEY = "quarkus.http.auth.session.encryption-key";

    /** The command that gives the embedded default a new personal-data key. */
    static final String NEW_PII_KEY = "new-pii-key";

    /**
     * {@code java -jar quarkus-run.jar new-pii-key}: puts a new key first in {@code
     * HUB_DATA_DIR/pii.key}, the old one staying as a previous key. On its next start the hub
     * re-encrypts everything under the new key.
     */
    private static int newPiiKey() {
        if (setting("HUB_DB_URL", "hub.db.url") != null || setting("HUB_PII_KEY", "hub.pii.key") != null) {
            System.err.println("\nThis hub takes its personal-data key from HUB_PII_KEY, not from a key file: set"
                    + " HUB_PII_KEY to a new key and HUB_PII_PREVIOUS_KEYS to the old one, then restart it.\n");
            return 2;
        }
        Path file = Path.of(orDefault(setting("HUB_DATA_DIR", "hub.data-dir"), "data"))
                .toAbsolutePath()
                .normalize()
                .resolve(PiiCipher.KEY_FILE);
        try {
            String fingerprint = PiiCipher.addNewKeyToFile(file);
            System.out.println("\nThe new personal-data key " + fingerprint + " is now the first line of " + file
                    + "; the keys before it stay below it as previous keys.\nRestart the hub: it re-encrypts"
                    + " everything under the new key in the background (GET /api/v1/admin/pii-key shows how far"
                    + " it got). Once no rows are left under old keys, the older lines may go; keep a copy of"
                    + " them as long as you keep backups made before.\n");
            return 0;
        } catch (IOException | RuntimeException e) {
            System.err.println("\nNo new key: " + e.getMessage() + "\n");
            return 2;
        }
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
