package org.communityhub.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The database of the hub a test boots: the hub's own embedded PostgreSQL (the same code the hub
 * runs in production), pointed at as an external database.
 *
 * <p>One PostgreSQL serves every boot of a test run ({@link TestCluster}); each boot (one per test
 * profile) gets a new database copied from a template that is already migrated and holds the
 * shipped divisions, so the hub starts on exactly the state of a new hub without creating a
 * cluster, migrating or loading 44,700 divisions each time.
 */
public class HubTestDatabase implements QuarkusTestResourceLifecycleManager {

    /** The bootstrap admin's password in tests. */
    public static final String ADMIN_PASSWORD = "test-root-pass-1";

    private static Running database;

    /**
     * Where the booted hub's database is, for tests that look at what was stored: {@code username}
     * and {@code password} are the superuser's (to set up or tamper with anything), {@code
     * appUsername} and {@code appPassword} the role the hub runs as.
     */
    public record Running(
            String jdbcUrl,
            String username,
            String password,
            String appUsername,
            String appPassword,
            Path dataDirectory) {}

    @Override
    public Map<String, String> start() {
        Map<String, String> db = newHubDatabase();
        database = new Running(
                db.get(TestCluster.URL),
                db.get(TestCluster.USERNAME),
                db.get(TestCluster.PASSWORD),
                db.get(TestCluster.APP_USERNAME),
                db.get(TestCluster.APP_PASSWORD),
                Path.of(db.get(TestCluster.DATA_DIRECTORY)));
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
        // As in production: the hub as the application role, its migrations as the owner.
        config.put("quarkus.datasource.username", database.appUsername());
        config.put("quarkus.datasource.password", database.appPassword());
        config.put("quarkus.flyway.username", db.get(TestCluster.OWNER_USERNAME));
        config.put("quarkus.flyway.password", db.get(TestCluster.OWNER_PASSWORD));
        config.put("hub.data-dir", database.dataDirectory().toString());
        config.put("hub.pii.key", Base64.getEncoder().encodeToString(key));
        config.put("hub.bootstrap.admin-password", ADMIN_PASSWORD);
        return config;
    }

    /** The cluster stays up for the next boot, which replaces the database; it stops with the JVM. */
    @Override
    public void stop() {
        database = null;
    }

    /** The booted hub's database, for tests that look at what was stored. */
    public static Running database() {
        return database;
    }

    /** {@link TestCluster#newHubDatabase}, on the JVM's one copy of it (see there). */
    @SuppressWarnings("unchecked")
    private static Map<String, String> newHubDatabase() {
        Class<?> cluster;
        try {
            cluster = Class.forName(TestCluster.class.getName(), true, ClassLoader.getSystemClassLoader());
        } catch (ClassNotFoundException e) {
            cluster = TestCluster.class; // a runner without the tests on the class path: one profile per JVM
        }
        try {
            return (Map<String, String>) cluster.getMethod("newHubDatabase").invoke(null);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
