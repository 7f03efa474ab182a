package org.communityhub.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.communityhub.common.database.EmbeddedDatabase;

/**
 * Starts the hub's own embedded PostgreSQL (the same code the hub runs in production) in a fresh
 * directory under {@code target/}, and points the hub under test at it as an external database.
 */
public class HubTestDatabase implements QuarkusTestResourceLifecycleManager {

    /** The bootstrap admin's password in tests. */
    public static final String ADMIN_PASSWORD = "test-root-pass-1";

    private static final String PG_SETTING = "hub.test.pg.";
    private static final Path DIRECTORY = Path.of("target", "test-hub-data");
    private static EmbeddedDatabase database;

    @Override
    public Map<String, String> start() {
        deleteRecursively(DIRECTORY);
        // -Dhub.test.statement-statistics=true: PostgreSQL keeps pg_stat_statements (the benchmark reports them).
        // -Dhub.test.pg.<setting>=<value>: a PostgreSQL setting for the run (benchmarks compare them).
        Map<String, String> settings = new HashMap<>();
        if (Boolean.getBoolean("hub.test.statement-statistics")) {
            settings.put("shared_preload_libraries", "pg_stat_statements");
        }
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith(PG_SETTING))
                .forEach(name -> settings.put(name.substring(PG_SETTING.length()), System.getProperty(name)));
        database = EmbeddedDatabase.start(DIRECTORY, settings);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, String> config = new HashMap<>(database.datasourceProperties());
        config.put("hub.data-dir", DIRECTORY.toAbsolutePath().toString());
        config.put("hub.pii.key", Base64.getEncoder().encodeToString(key));
        config.put("hub.bootstrap.admin-password", ADMIN_PASSWORD);
        return config;
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
            database = null;
        }
    }

    /** The running test database, for tests that look at what was stored. */
    public static EmbeddedDatabase database() {
        return database;
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
