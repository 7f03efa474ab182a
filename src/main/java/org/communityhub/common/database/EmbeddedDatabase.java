package org.communityhub.common.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The hub's own PostgreSQL, run from the binaries of a Maven artifact in a persistent directory.
 *
 * <p>Used when no external database is configured, so that one command runs the whole hub on a
 * fresh machine. Layout under the data directory:
 *
 * <pre>
 *   hub.lock            held while a hub owns this directory; a second hub refuses to start
 *   postgres/           the PostgreSQL cluster (PGDATA)
 *   postgres.password   the superuser password (owner-only), written on first start
 *   postgres.log        PostgreSQL's own log
 *   pg-binaries/        the unpacked PostgreSQL binaries
 * </pre>
 *
 * <p>The cluster listens on the loopback interface only and requires a password (SCRAM) even
 * there: the database holds a whole community's personal data.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** The database the hub keeps its data in; created on first start. */
    public static final String DATABASE = "hub";

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    private static final String SUPERUSER = "postgres";
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final Path dataDirectory;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final EmbeddedPostgres postgres;
    private final String password;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedDatabase(
            Path dataDirectory, FileChannel lockChannel, FileLock lock, EmbeddedPostgres postgres, String password) {
        this.dataDirectory = dataDirectory;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.postgres = postgres;
        this.password = password;
    }

    /**
     * Takes the data directory for this process and starts PostgreSQL in it, creating the cluster
     * on first use. Fails with {@link DataDirectoryInUseException} when another hub holds it.
     */
    public static EmbeddedDatabase start(Path dataDirectory) {
        return start(dataDirectory, Map.of());
    }

    /**
     * As {@link #start(Path)}, with further PostgreSQL settings (e.g. {@code
     * shared_preload_libraries} for a benchmark's statement statistics).
     */
    public static EmbeddedDatabase start(Path dataDirectory, Map<String, String> serverSettings) {
        Path dir = dataDirectory.toAbsolutePath().normalize();
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve("hub.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                channel.close();
                throw new DataDirectoryInUseException(dir);
            }
            Path pgData = dir.resolve("postgres");
            Path passwordFile = dir.resolve("postgres.password");
            File log = dir.resolve("postgres.log").toFile();
            boolean firstStart = !Files.exists(pgData.resolve("postgresql.conf"));
            if (!firstStart) {
                stopOrphanedPostmaster(pgData);
            }
            String password = firstStart
                    ? newPassword()
                    : Files.readString(passwordFile, StandardCharsets.US_ASCII).trim();
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setOverrideWorkingDirectory(dir.resolve("pg-binaries").toFile())
                    .setPort(freePort())
                    .setPGStartupWait(STARTUP_WAIT)
                    .setLocaleConfig("locale", "C.UTF-8")
                    .setServerConfig("listen_addresses", "localhost")
                    .setServerConfig("max_connections", "100")
                    // The library tunes PostgreSQL for throw-away test databases (fsync and
                    // synchronous commit off). This one keeps the registry: every commit durable.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log));
            serverSettings.forEach(builder::setServerConfig);
            if (!firstStart) {
                builder.setConnectConfig("password", password);
            }
            EmbeddedPostgres postgres = builder.start();
            if (firstStart) {
                secureNewCluster(postgres, pgData, passwordFile, password);
            }
            createHubDatabase(postgres, password);
            LOG.infof("Embedded PostgreSQL running on port %d with data in %s", postgres.getPort(), pgData);
            return new EmbeddedDatabase(dir, channel, lock, postgres, password);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** The connection settings Quarkus needs, as configuration properties. */
    public Map<String, String> datasourceProperties() {
        return Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl(),
                "quarkus.datasource.username", SUPERUSER,
                "quarkus.datasource.password", password);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + DATABASE;
    }

    public String username() {
        return SUPERUSER;
    }

    public String password() {
        return password;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Stops PostgreSQL (fast shutdown: open transactions roll back) and releases the directory. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
        } finally {
            try {
                lock.release();
            } catch (IOException ignored) {
                // the channel is closed next; the lock goes with it
            }
            closeQuietly(lockChannel);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // this very process already holds it
        }
    }

    /**
     * A hub that was killed (not stopped) leaves its PostgreSQL running. We hold the directory lock,
     * so any postmaster still serving this cluster is such an orphan: stop it before starting anew.
     */
    private static void stopOrphanedPostmaster(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
        Optional<ProcessHandle> orphan = lines.isEmpty()
                ? Optional.empty()
                : parsePid(lines.get(0)).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (orphan.isEmpty()) {
            return; // a stale pid file; PostgreSQL cleans it up itself
        }
        LOG.warnf(
                "Stopping a PostgreSQL left running by a hub that did not shut down (pid %d)",
                orphan.get().pid());
        orphan.get().destroy(); // SIGTERM: smart shutdown; its clients died with the old hub
        try {
            orphan.get().onExit().get(STARTUP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(
                    "A PostgreSQL left running by an earlier hub (pid "
                            + orphan.get().pid() + ") did not stop",
                    e);
        }
    }

    private static Optional<Long> parsePid(String line) {
        try {
            return Optional.of(Long.parseLong(line.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** initdb trusts local connections; give the superuser a password and require it from then on. */
    private static void secureNewCluster(EmbeddedPostgres postgres, Path pgData, Path passwordFile, String password)
            throws IOException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("ALTER ROLE " + SUPERUSER + " PASSWORD '" + password + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not set the embedded database password", e);
        }
        writeOwnerOnly(passwordFile, password);
        Files.writeString(
                pgData.resolve("pg_hba.conf"),
                "# Written by the hub: loopback only, password required.\n"
                        + "local all all scram-sha-256\n"
                        + "host  all all 127.0.0.1/32 scram-sha-256\n"
                        + "host  all all ::1/128 scram-sha-256\n",
                StandardCharsets.US_ASCII);
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not reload the embedded database configuration", e);
        }
    }

    private static void createHubDatabase(EmbeddedPostgres postgres, String password) {
        try (Connection c = postgres.getPostgresDatabase(Map.of("password", password))
                        .getConnection();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + DATABASE + " ENCODING 'UTF8' TEMPLATE template0");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the hub database", e);
        }
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content, StandardCharsets.US_ASCII);
    }

    private static String newPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }

    /** Another hub process holds the data directory. */
    public static final class DataDirectoryInUseException extends RuntimeException {
        public DataDirectoryInUseException(Path dir) {
            super("The data directory " + dir + " is in use by another running hub. Stop that hub first, "
                    + "or give this one its own directory with HUB_DATA_DIR.");
        }
    }
}
