package org.communityhub.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.communityhub.common.database.EmbeddedDatabase;
import org.jboss.logging.Logger;

/**
 * The one PostgreSQL of a test JVM, in {@code target/test-hub-data}: started by the first hub a
 * test boots, stopped when the JVM ends. Each hub runs as the application role and migrates as the
 * owner, as in production, so a privilege the migrations forget to grant fails the tests. Its database {@value #TEMPLATE} is migrated and holds the
 * shipped divisions ({@link TemplateDatabase}); each boot gets a new database {@code hub} copied
 * from it.
 *
 * <p>Each test profile boots the hub in a class loader of its own, so {@link HubTestDatabase}
 * reaches this class through the system class loader: there is one copy of its state per JVM,
 * whichever profile asks. Only JDK types cross that boundary.
 */
public final class TestCluster {

    /** The migrated database with the shipped divisions that each boot's database is copied from. */
    static final String TEMPLATE = "hub_template";

    static final String URL = "jdbcUrl";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";
    static final String OWNER_USERNAME = "ownerUsername";
    static final String OWNER_PASSWORD = "ownerPassword";
    static final String APP_USERNAME = "appUsername";
    static final String APP_PASSWORD = "appPassword";
    static final String DATA_DIRECTORY = "dataDirectory";

    private static final Logger LOG = Logger.getLogger(TestCluster.class);
    private static final Path DIRECTORY = Path.of("target", "test-hub-data");
    private static final String PG_SETTING = "hub.test.pg.";
    /** What belongs to the cluster in the data directory; the rest is the hub's and goes with each boot. */
    private static final Set<String> CLUSTER_FILES = Set.of(
            "postgres",
            "pg-binaries",
            "hub.lock",
            "postgres.password",
            EmbeddedDatabase.OWNER + ".password",
            EmbeddedDatabase.APPLICATION + ".password",
            "postgres.log");

    private static EmbeddedDatabase cluster;

    private TestCluster() {}

    /**
     * Starts the cluster and its template database on a thread of their own, while Quarkus builds
     * the test profiles' applications (about half a minute of one core here, before the first test):
     * the first boot then finds them ready instead of waiting a quarter of a minute more. A boot
     * that comes first waits for it ({@link #newHubDatabase} holds the same lock); a failure here is
     * only logged, and the first boot starts the cluster itself and reports it.
     */
    public static void startEarly() {
        Thread early = new Thread(
                () -> {
                    synchronized (TestCluster.class) {
                        if (cluster != null) {
                            return;
                        }
                        try {
                            start();
                        } catch (RuntimeException e) {
                            LOG.warnf("The test cluster did not start early (the first boot tries again): %s", e);
                        }
                    }
                },
                "test-cluster-early-start");
        early.setDaemon(true);
        early.start();
    }

    /**
     * The PostgreSQL settings of the run: -Dhub.test.statement-statistics=true keeps
     * pg_stat_statements (the benchmarks report them), -Dhub.test.pg.&lt;setting&gt;=&lt;value&gt; sets
     * one (benchmarks compare them). They take effect when the run's cluster starts.
     */
    private static Map<String, String> serverSettings() {
        Map<String, String> settings = new HashMap<>();
        if (Boolean.getBoolean("hub.test.statement-statistics")) {
            settings.put("shared_preload_libraries", "pg_stat_statements");
        }
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith(PG_SETTING))
                .forEach(name -> settings.put(name.substring(PG_SETTING.length()), System.getProperty(name)));
        return settings;
    }

    /**
     * A new, empty hub database (as after migrations and the divisions) and a data directory
     * without anything an earlier boot's hub left in it; starts the cluster on first call, with the
     * run's {@link #serverSettings}. Returns {@link #URL}, {@link #USERNAME}, {@link #PASSWORD} and
     * {@link #DATA_DIRECTORY}.
     */
    public static synchronized Map<String, String> newHubDatabase() {
        if (cluster == null) {
            start();
        } else {
            deleteHubFiles();
        }
        long started = System.nanoTime();
        try (Connection c = connect(cluster, "postgres");
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + EmbeddedDatabase.DATABASE + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + EmbeddedDatabase.DATABASE + " OWNER " + EmbeddedDatabase.OWNER + " TEMPLATE "
                    + TEMPLATE);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not copy the test database from its template", e);
        }
        LOG.infof(
                "Test database %s copied from %s in %d ms",
                EmbeddedDatabase.DATABASE, TEMPLATE, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        return Map.of(
                URL, cluster.jdbcUrl(),
                USERNAME, cluster.username(),
                PASSWORD, cluster.password(),
                OWNER_USERNAME, cluster.owner().username(),
                OWNER_PASSWORD, cluster.owner().password(),
                APP_USERNAME, cluster.application().username(),
                APP_PASSWORD, cluster.application().password(),
                DATA_DIRECTORY, cluster.dataDirectory().toString());
    }

    private static void start() {
        long started = System.nanoTime();
        stopOrphanedCluster();
        deleteRecursively(DIRECTORY);
        EmbeddedDatabase database = EmbeddedDatabase.start(DIRECTORY, serverSettings());
        try {
            TemplateDatabase.create(database, TEMPLATE);
        } catch (RuntimeException e) {
            database.close(); // the next try starts from nothing
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(database::close, "test-cluster-stop"));
        cluster = database;
        LOG.infof(
                "Test cluster and its template database ready in %d ms",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * A connection to one of the cluster's databases. Through the driver itself, not the {@code
     * DriverManager}, which hands out only drivers of the caller's class loader.
     */
    static Connection connect(EmbeddedDatabase database, String name) throws SQLException {
        String url = database.jdbcUrl();
        Properties login = new Properties();
        login.setProperty("user", database.username());
        login.setProperty("password", database.password());
        return new org.postgresql.Driver().connect(database.jdbcUrl(name), login);
    }

    /** What a previous boot's hub left in the data directory (exports and the like): each boot starts without. */
    private static void deleteHubFiles() {
        try (Stream<Path> entries = Files.list(DIRECTORY)) {
            entries.filter(p -> !CLUSTER_FILES.contains(p.getFileName().toString()))
                    .forEach(TestCluster::deleteRecursively);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A test JVM that was killed leaves its PostgreSQL running on the directory this run is about
     * to delete: stop it first (only a postmaster of this very directory).
     */
    private static void stopOrphanedCluster() {
        Path pidFile = DIRECTORY.resolve("postgres").resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
            String directory = DIRECTORY.resolve("postgres").toAbsolutePath().toString();
            if (lines.isEmpty()) {
                return;
            }
            ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                    .filter(p -> p.info().commandLine().orElse("").contains(directory))
                    .ifPresent(orphan -> {
                        LOG.warnf("Stopping the PostgreSQL of an earlier test run (pid %d)", orphan.pid());
                        orphan.destroy();
                        orphan.onExit()
                                .orTimeout(Duration.ofMinutes(1).toSeconds(), TimeUnit.SECONDS)
                                .join();
                    });
        } catch (IOException | NumberFormatException e) {
            LOG.warnf("Could not read %s: %s", pidFile, e.getMessage());
        }
    }

    public static void deleteRecursively(Path dir) {
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
