package org.communityhub.common.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.communityhub.common.net.LocalPorts;
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
 *   hub_owner.password  the password of the role that owns the hub's schema and migrates it
 *   hub_app.password    the password of the role the hub runs as (owns nothing, only appends to the audit)
 *   postgres.log        PostgreSQL's own log
 *   pg-binaries/        the unpacked PostgreSQL binaries
 * </pre>
 *
 * <p>The cluster listens on the loopback interface only and requires a password (SCRAM) even
 * there: the database holds a whole community's personal data.
 *
 * <p>Three roles: the superuser (only this class and maintenance use it), {@value #OWNER}, which
 * owns the database, its schema and every object Flyway creates, and {@value #APPLICATION}, which
 * the hub runs as: it owns nothing, and the migrations' grants let it only read and append to the
 * audit tables. A directory made before there were two roles is brought to this on its next start:
 * the roles are created and everything the superuser owned in the hub's database passes to the
 * owner.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    /** The database the hub keeps its data in; created on first start. */
    public static final String DATABASE = "hub";

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    /** The role that owns the hub's database and schema, and runs the migrations. */
    public static final String OWNER = "hub_owner";

    /** The role the hub runs as. */
    public static final String APPLICATION = "hub_app";

    private static final String SUPERUSER = "postgres";
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    private final Path dataDirectory;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final EmbeddedPostgres postgres;
    private final String password;
    private final Login owner;
    private final Login application;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedDatabase(
            Path dataDirectory,
            FileChannel lockChannel,
            FileLock lock,
            EmbeddedPostgres postgres,
            String password,
            Login owner,
            Login application) {
        this.dataDirectory = dataDirectory;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.postgres = postgres;
        this.password = password;
        this.owner = owner;
        this.application = application;
    }

    /** A role's name and password. */
    public record Login(String username, String password) {}

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
                    .setPort(LocalPorts.free())
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
            Login owner = role(postgres, password, dir, OWNER);
            Login application = role(postgres, password, dir, APPLICATION);
            createHubDatabase(postgres, password);
            EmbeddedDatabase database =
                    new EmbeddedDatabase(dir, channel, lock, postgres, password, owner, application);
            database.giveToOwner(DATABASE);
            LOG.infof("Embedded PostgreSQL running on port %d with data in %s", postgres.getPort(), pgData);
            return database;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /**
     * The connection settings Quarkus needs, as configuration properties: the hub as {@value
     * #APPLICATION}, its migrations as {@value #OWNER}.
     */
    public Map<String, String> datasourceProperties() {
        return Map.of(
                "quarkus.datasource.jdbc.url", jdbcUrl(),
                "quarkus.datasource.username", application.username(),
                "quarkus.datasource.password", application.password(),
                "quarkus.flyway.username", owner.username(),
                "quarkus.flyway.password", owner.password());
    }

    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    /** The address of one of the cluster's databases. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/" + database;
    }

    /** The superuser's name: for maintenance and tests, never for the hub. */
    public String username() {
        return SUPERUSER;
    }

    /** The superuser's password. */
    public String password() {
        return password;
    }

    /** The role that owns the hub's schema and migrates it. */
    public Login owner() {
        return owner;
    }

    /** The role the hub runs as. */
    public Login application() {
        return application;
    }

    /**
     * Makes {@value #OWNER} the owner of a database of this cluster, of its schema {@code public}
     * and of everything in it that the superuser owns (a database made before there were two roles),
     * and keeps everyone else from creating objects there. Nothing to do on a database already so.
     */
    public void giveToOwner(String database) {
        try (Connection c = connect(jdbcUrl(database), SUPERUSER, password);
                Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("ALTER DATABASE " + database + " OWNER TO " + OWNER);
            s.execute("ALTER SCHEMA public OWNER TO " + OWNER);
            s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            int moved = 0;
            // Tables and views first: a table's sequences (serial, identity) go with it.
            for (String[] kind : new String[][] {
                {
                    "TABLE",
                    "select c.relname from pg_class c where c.relnamespace = 'public'::regnamespace"
                            + " and c.relkind in ('r', 'p', 'f') and c.relowner <> '" + OWNER + "'::regrole"
                },
                {
                    "VIEW",
                    "select c.relname from pg_class c where c.relnamespace = 'public'::regnamespace"
                            + " and c.relkind = 'v' and c.relowner <> '" + OWNER + "'::regrole"
                },
                {
                    "MATERIALIZED VIEW",
                    "select c.relname from pg_class c where c.relnamespace = 'public'::regnamespace"
                            + " and c.relkind = 'm' and c.relowner <> '" + OWNER + "'::regrole"
                },
                {
                    "SEQUENCE",
                    "select c.relname from pg_class c where c.relnamespace = 'public'::regnamespace"
                            + " and c.relkind = 'S' and c.relowner <> '" + OWNER + "'::regrole"
                },
                {
                    "FUNCTION",
                    "select p.oid::regprocedure::text from pg_proc p where p.pronamespace ="
                            + " 'public'::regnamespace and p.prokind = 'f' and p.proowner <> '" + OWNER + "'::regrole"
                },
                {
                    "PROCEDURE",
                    "select p.oid::regprocedure::text from pg_proc p where p.pronamespace ="
                            + " 'public'::regnamespace and p.prokind = 'p' and p.proowner <> '" + OWNER + "'::regrole"
                },
                {
                    "TYPE",
                    "select t.typname from pg_type t where t.typnamespace = 'public'::regnamespace"
                            + " and t.typtype in ('e', 'r') and t.typowner <> '" + OWNER + "'::regrole"
                },
                {
                    "DOMAIN",
                    "select t.typname from pg_type t where t.typnamespace = 'public'::regnamespace"
                            + " and t.typtype = 'd' and t.typowner <> '" + OWNER + "'::regrole"
                }
            }) {
                List<String> names = new ArrayList<>();
                try (ResultSet rs = s.executeQuery(kind[1])) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
                for (String name : names) {
                    // Functions come as name(argument types), already quoted where needed.
                    String object = kind[0].equals("FUNCTION") || kind[0].equals("PROCEDURE") ? name : quote(name);
                    s.execute("ALTER " + kind[0] + " " + object + " OWNER TO " + OWNER);
                    moved++;
                }
            }
            c.commit();
            if (moved > 0) {
                LOG.infof("Gave %d objects of the database %s to its owner role %s", moved, database, OWNER);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not give the database " + database + " to " + OWNER, e);
        }
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

    /**
     * A role of the hub (not a superuser, owning nothing yet) with the password kept in {@code
     * <role>.password}: made on the first start after there were two roles, its password set anew
     * on each start from the file, so the file is what counts.
     */
    private static Login role(EmbeddedPostgres postgres, String superuserPassword, Path dir, String name)
            throws IOException {
        Path file = dir.resolve(name + ".password");
        String password;
        if (Files.exists(file)) {
            password = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } else {
            password = newPassword();
        }
        try (Connection c = postgres.getPostgresDatabase(Map.of("password", superuserPassword))
                        .getConnection();
                Statement s = c.createStatement()) {
            boolean exists;
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + name + "'")) {
                exists = rs.next();
            }
            // The password is hex: nothing in it needs quoting.
            s.execute((exists ? "ALTER" : "CREATE") + " ROLE " + name
                    + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD '" + password
                    + "'");
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the database role " + name, e);
        }
        if (!Files.exists(file)) {
            writeOwnerOnly(file, password);
        }
        return new Login(name, password);
    }

    private static Connection connect(String url, String user, String password) throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", user);
        login.setProperty("password", password);
        // Through the driver itself: DriverManager hands out only drivers of the caller's class loader.
        return new org.postgresql.Driver().connect(url, login);
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
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
            s.execute("CREATE DATABASE " + DATABASE + " OWNER " + OWNER + " ENCODING 'UTF8' TEMPLATE template0");
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
