package org.communityhub.testing;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.communityhub.common.net.LocalPorts;

/**
 * The packaged hub ({@code target/quarkus-app/quarkus-run.jar}) running as a separate process, as
 * an operator runs it.
 */
public final class HubProcess {

    public static final Path JAR = Path.of(System.getProperty("hub.runner.jar", "target/quarkus-app/quarkus-run.jar"));

    /**
     * Where the output of every hub process goes: under target/, not in the test's temporary
     * directory, so that the check for personal data in logs reads it after all tests.
     */
    public static final Path LOGS = Path.of("target", "hub-process-logs");

    /**
     * The bootstrap admin's password of the packaged hubs in tests: one for all, so that the new
     * hub's data directory they start on a copy of is made once ({@link #startCopyOfNew}).
     */
    public static final String ADMIN_PASSWORD = "it-root-pass-2026";

    /** Where the new hubs that {@link #startCopyOfNew} copies are made, one per admin password. */
    private static final Path NEW_HUB_COPIES = Path.of("target", "new-hub-data");

    /** Settings that shape a hub's first start (demo data, database, keys): not for copies of a new hub. */
    private static final List<String> FIRST_START_SETTINGS = List.of(
            "HUB_DEMO",
            "HUB_DB_URL",
            "HUB_DB_USER",
            "HUB_DB_PASSWORD",
            "HUB_DB_OWNER_USER",
            "HUB_DB_OWNER_PASSWORD",
            "HUB_PII_KEY",
            "HUB_PII_PREVIOUS_KEYS");

    private static final Map<String, Path> NEW_HUBS = new HashMap<>();

    /**
     * Hubs this JVM launched that have not exited. A test stops its own; what is left when the JVM
     * ends (a test that failed before its stop, the new hub made early for tests that then did not
     * run) is stopped then, so that no hub and its PostgreSQL outlive the run on a directory the next
     * run deletes.
     */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(HubProcess::stopLeftOver, "hub-process-stop"));
    }

    /** Where each test JVM keeps its archive of the hub's classes (see {@link #classDataSharing}). */
    private static final Path CLASS_ARCHIVES = Path.of("target", "hub-class-archives");

    /** The archive the hubs map, once written. */
    private static Path classArchive;

    /** Where the one hub writing the archive writes it, while it runs. */
    private static Path classArchiveBeingWritten;

    private final Process process;
    private final int port;
    private final Path log;

    private HubProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a hub with {@code env} (HUB_DATA_DIR and HUB_PORT are set here) and waits until it is ready. */
    public static HubProcess start(Path dataDir, Map<String, String> env) throws Exception {
        return start(dataDir, LocalPorts.free(), env);
    }

    /** As {@link #start(Path, Map)}, on a port chosen beforehand (e.g. named in another server's settings). */
    public static HubProcess start(Path dataDir, int port, Map<String, String> env) throws Exception {
        Path log = logFile("hub-" + port);
        Process process = launch(dataDir, port, env, log, List.of(), true);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(4));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("The hub exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            if (ready(port)) {
                return new HubProcess(process, port, log);
            }
            Thread.sleep(100);
        }
        process.destroyForcibly();
        throw new AssertionError("The hub did not become ready:\n" + Files.readString(log));
    }

    /**
     * Starts a hub (as {@link #start}) on a copy of the data directory a new hub leaves behind: a
     * hub that started once on an empty directory with no platforms, created its database, loaded
     * the divisions, created the admin with {@code env}'s {@code HUB_BOOTSTRAP_ADMIN_PASSWORD} and
     * its keys, and stopped. That first start is made once per test run; for tests that are not
     * about the first start itself, a copy saves creating the database and loading the divisions.
     */
    public static HubProcess startCopyOfNew(Path dataDir, Map<String, String> env) throws Exception {
        for (String setting : FIRST_START_SETTINGS) {
            if (env.containsKey(setting)) {
                throw new IllegalArgumentException(
                        setting + " shapes a hub's first start: start such a hub on an empty directory");
            }
        }
        copyNewHubInto(dataDir, env.getOrDefault("HUB_BOOTSTRAP_ADMIN_PASSWORD", ""));
        return start(dataDir, env);
    }

    /** Puts a copy of a new hub's data directory (see {@link #startCopyOfNew}) into the empty {@code dataDir}. */
    public static void copyNewHubInto(Path dataDir, String adminPassword) throws Exception {
        Path newHub = newHubOnce(adminPassword);
        if (Files.exists(dataDir)) {
            try (Stream<Path> present = Files.list(dataDir)) {
                if (present.findAny().isPresent()) {
                    throw new IllegalArgumentException(dataDir + " is not empty");
                }
            }
        }
        copyTree(newHub, dataDir);
    }

    /**
     * Makes the new hub's data directory for {@link #ADMIN_PASSWORD} on a thread of its own, while
     * JUnit discovers the tests and Quarkus builds the test profiles, when the tests chosen include
     * process-level tests: the first of them to start a copy then waits less, or not at all. A
     * failure here is only printed; the first test to need the directory tries again and fails.
     */
    public static void makeNewHubEarly() {
        if (!Files.isRegularFile(JAR)) {
            return;
        }
        Thread early = new Thread(
                () -> {
                    try {
                        newHubOnce(ADMIN_PASSWORD);
                    } catch (Exception | AssertionError e) {
                        System.err.println("The new hub's data directory was not made early: " + e);
                    }
                },
                "new-hub-early-start");
        early.setDaemon(true);
        early.start();
    }

    /** The new hub's data directory for {@code adminPassword}, made on first call (see {@link #newHub}). */
    private static Path newHubOnce(String adminPassword) throws Exception {
        synchronized (NEW_HUBS) {
            Path newHub = NEW_HUBS.get(adminPassword);
            if (newHub == null) {
                newHub = newHub(adminPassword);
                NEW_HUBS.put(adminPassword, newHub);
            }
            return newHub;
        }
    }

    /**
     * The first start of an empty hub, then its stop: what is left is a new hub's data directory.
     * Made once per packaged jar and admin password and shared by the process-level tests, which run
     * beside each other: a lock file (and, within this JVM, the monitor of NEW_HUBS) lets one make it
     * while the others wait.
     */
    private static Path newHub(String adminPassword) throws Exception {
        Files.createDirectories(NEW_HUB_COPIES);
        String name = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(adminPassword.getBytes(StandardCharsets.UTF_8)))
                .substring(0, 16);
        Path dir = NEW_HUB_COPIES.resolve(name);
        Path data = dir.resolve("data");
        Path madeWith = dir.resolve("made-with-jar");
        String jar = packaged();
        try (FileChannel lockFile = FileChannel.open(
                        NEW_HUB_COPIES.resolve(name + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = lockFile.lock()) {
            if (Files.exists(madeWith) && Files.readString(madeWith).equals(jar)) {
                return data;
            }
            TestCluster.deleteRecursively(dir);
            Path noPlatforms = Files.createDirectories(dir.resolve("adapters"));
            HubProcess hub = start(
                    data,
                    Map.of("HUB_BOOTSTRAP_ADMIN_PASSWORD", adminPassword, "HUB_ADAPTERS_DIR", noPlatforms.toString()));
            hub.stop();
            assertThat(data.resolve("postgres").resolve("postmaster.pid"))
                    .as("PostgreSQL stopped with the new hub")
                    .doesNotExist();
            Files.writeString(madeWith, jar);
        }
        return data;
    }

    /**
     * What identifies the packaged hub: its launcher and its application jars, by size and time
     * (the launcher alone is the same few hundred bytes whatever the application holds).
     */
    private static String packaged() throws IOException {
        StringBuilder identity = new StringBuilder();
        try (Stream<Path> files = Files.walk(JAR.toAbsolutePath().getParent(), 2)) {
            for (Path file : (Iterable<Path>)
                    files.filter(p -> p.toString().endsWith(".jar")).sorted()::iterator) {
                identity.append(file.getFileName())
                        .append(' ')
                        .append(Files.size(file))
                        .append(' ')
                        .append(Files.getLastModifiedTime(file).toMillis())
                        .append('\n');
            }
        }
        return identity.toString();
    }

    /** Copies a stopped hub's data directory with its files' permissions (PostgreSQL insists on them). */
    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                    Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(source));
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /** A new file under {@link #LOGS} for a process's output. */
    public static Path logFile(String name) throws IOException {
        Files.createDirectories(LOGS);
        return Files.createTempFile(LOGS, name + "-", ".log");
    }

    /** Starts a hub process without waiting for it; its output goes to {@code log} (see {@link #logFile}). */
    public static Process launch(Path dataDir, int port, Map<String, String> env, Path log) throws IOException {
        return launch(dataDir, port, env, log, List.of());
    }

    /** As {@link #launch(Path, int, Map, Path)}, with command-line arguments for the hub. */
    public static Process launch(Path dataDir, int port, Map<String, String> env, Path log, List<String> arguments)
            throws IOException {
        return launch(dataDir, port, env, log, arguments, false);
    }

    /**
     * Only a hub that is to start and serve ({@link #start}) may write the class-data-sharing
     * archive: one that is refused at start, or runs a command, loads too few of the classes.
     */
    private static Process launch(
            Path dataDir, int port, Map<String, String> env, Path log, List<String> arguments, boolean mayWriteArchive)
            throws IOException {
        Files.createDirectories(dataDir);
        Files.createDirectories(CLASS_ARCHIVES);
        ClassSharing sharing = classDataSharing(mayWriteArchive);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JIT_OPTIONS);
        command.addAll(sharing.options());
        command.add("-jar");
        command.add(JAR.toAbsolutePath().toString());
        command.addAll(arguments);
        ProcessBuilder pb = new ProcessBuilder(BesideTheTests.lowered(command));
        // Only what the test gives: no database or key from the environment the build runs in.
        pb.environment().remove("HUB_DB_URL");
        pb.environment().remove("HUB_DB_USER");
        pb.environment().remove("HUB_DB_PASSWORD");
        pb.environment().remove("HUB_DB_OWNER_USER");
        pb.environment().remove("HUB_DB_OWNER_PASSWORD");
        pb.environment().remove("HUB_PII_KEY");
        pb.environment().remove("HUB_PII_PREVIOUS_KEYS");
        pb.environment().put("HUB_DATA_DIR", dataDir.toString());
        pb.environment().put("HUB_PORT", Integer.toString(port));
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            if (sharing.writesArchive()) {
                classArchiveWriterExited();
            }
            throw e;
        }
        RUNNING.add(process);
        process.onExit().thenRun(() -> RUNNING.remove(process));
        if (sharing.writesArchive()) {
            process.onExit().thenRun(HubProcess::classArchiveWriterExited);
        }
        return process;
    }

    /** Stops the hubs still running as the JVM ends: gracefully (they stop their PostgreSQL), then by force. */
    private static void stopLeftOver() {
        List<Process> left = List.copyOf(RUNNING);
        left.forEach(Process::destroy);
        for (Process hub : left) {
            try {
                if (!hub.waitFor(20, TimeUnit.SECONDS)) {
                    hub.descendants().forEach(ProcessHandle::destroyForcibly);
                    hub.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * A test's hub lives for seconds, and the process-level tests share 2 cores: the optimising
     * compiler is kept for code that runs forty times as often as it otherwise waits for. Starting
     * then takes about 9.3 s of CPU instead of 13.5 s (measured by hand on an idle 2-core machine,
     * two starts each); the hot loops of password hashing are still optimised (0.16 s a hash).
     * Without the optimising compiler at all, a start takes 7 s but a hash 1.6 s, and the tests make
     * and sign in users at production cost.
     */
    private static final List<String> JIT_OPTIONS = List.of(
            "-XX:Tier4InvocationThreshold=200000",
            "-XX:Tier4MinInvocationThreshold=100000",
            "-XX:Tier4CompileThreshold=300000",
            "-XX:Tier4BackEdgeThreshold=2000000");

    /**
     * The JVM options that share the packaged hub's loaded classes between the hubs of this test
     * JVM (dynamic class-data sharing): one hub writes an archive of its classes when it exits, the
     * later ones map it and start sooner (5.3 s to "started" instead of 8.3 s, measured by hand on
     * an idle 2-core machine; 6 to 9 s in the suite, where tests run beside). The archive is published only once its writer has exited, so no hub maps a half-written
     * one, and it lives as long as this JVM, so it always matches the jar under test. The JVM's own
     * notes about the archive are silenced: tests read what the hub prints.
     */
    private static synchronized ClassSharing classDataSharing(boolean mayWrite) {
        if (classArchive != null) {
            return new ClassSharing(List.of("-XX:SharedArchiveFile=" + classArchive, "-Xlog:cds*=off"), false);
        }
        if (classArchiveBeingWritten != null || !mayWrite) {
            return new ClassSharing(List.of(), false);
        }
        classArchiveBeingWritten = CLASS_ARCHIVES
                .resolve(ProcessHandle.current().pid() + "-being-written.jsa")
                .toAbsolutePath();
        return new ClassSharing(
                List.of("-XX:ArchiveClassesAtExit=" + classArchiveBeingWritten, "-Xlog:cds*=off"), true);
    }

    /** A hub's JVM options for class-data sharing, and whether that hub writes the archive. */
    private record ClassSharing(List<String> options, boolean writesArchive) {}

    /** Once the hub writing the class archive has exited: the archive for the next hubs, or none. */
    private static synchronized void classArchiveWriterExited() {
        Path written = classArchiveBeingWritten;
        classArchiveBeingWritten = null;
        if (!Files.exists(written)) {
            return; // killed before it could write: the next hub tries again
        }
        Path archive =
                CLASS_ARCHIVES.resolve(ProcessHandle.current().pid() + ".jsa").toAbsolutePath();
        try {
            Files.move(written, archive, StandardCopyOption.REPLACE_EXISTING);
            archive.toFile().deleteOnExit();
            classArchive = archive;
        } catch (IOException e) {
            written.toFile().delete(); // hubs start without the archive, only slower
        }
    }

    /**
     * The settings a packaged hub in a test starts with: the bootstrap admin's password, the test
     * platforms in {@code adapters}, the simulated platform at {@code simulatorUrl}, quick polling.
     */
    public static Map<String, String> testEnv(
            String adminPassword, Path adapters, String simulatorUrl, Map<String, String> more) {
        Map<String, String> env = new HashMap<>(more);
        env.put("HUB_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
        env.put("HUB_ADAPTERS_DIR", adapters.toString());
        env.put("HUB_SIM_URL", simulatorUrl);
        env.put("HUB_FANOUT_POLL_INTERVAL", "200ms");
        return env;
    }

    /** Adds a community (as the bootstrap admin). */
    public void addCommunity(String adminPassword, String code, String name, String parentCode) {
        as("admin", adminPassword)
                .body(Map.of("code", code, "name", name, "parentCode", parentCode))
                .when()
                .post("/api/v1/divisions")
                .then()
                .statusCode(201);
    }

    /** Adds a user with one role and one scope code (as the bootstrap admin). */
    public void addUser(String adminPassword, String username, String password, String role, String scope) {
        as("admin", adminPassword)
                .body(Map.of(
                        "username", username, "password", password, "roles", List.of(role), "scope", List.of(scope)))
                .when()
                .post("/api/v1/users")
                .then()
                .statusCode(201);
    }

    public RequestSpecification as(String user, String password) {
        return request().auth().preemptive().basic(user, password);
    }

    /** A JSON request to this hub, with no credentials yet. */
    public RequestSpecification request() {
        return given().baseUri("http://localhost").port(port).contentType(ContentType.JSON);
    }

    public int port() {
        return port;
    }

    public Process process() {
        return process;
    }

    public String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** SIGTERM, as an init system or Kubernetes stops it. */
    public void stop() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS))
                .as("the hub stops within a minute")
                .isTrue();
    }

    /** SIGKILL: no shutdown of any kind. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    private static boolean ready(int port) {
        try {
            HttpURLConnection c = (HttpURLConnection) URI.create("http://localhost:" + port + "/q/health/ready")
                    .toURL()
                    .openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }
}
