package org.communityhub.testing;

import static io.restassured.RestAssured.given;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A Keycloak server for the sign-in tests: the distribution the build unpacks from Maven Central
 * ({@code org.keycloak:keycloak-quarkus-dist}, into {@code target/keycloak} before the process-level
 * tests), in dev mode on a loopback port with an in-memory database, importing the realms the test
 * writes. Keycloak needs Java 21 or later: the JVM running the tests if it is one, or one found
 * under {@code /usr/lib/jvm}.
 */
public final class Keycloak implements AutoCloseable {

    /** Where the build unpacks the distribution (failsafe's {@code keycloak.home}). */
    static final Path HOME = Path.of(System.getProperty("keycloak.home", "target/keycloak/keycloak-26.5.6"));

    private static final Path LOGS = Path.of("target", "keycloak-logs");
    private static final Path JVMS = Path.of("/usr/lib/jvm");

    private final Process process;
    private final String url;
    private final Path log;

    private Keycloak(Process process, String url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
    }

    /**
     * Starts Keycloak on {@code port} with {@code realms} (file name to realm JSON) to import, and
     * returns without waiting: {@link #awaitReady} waits. Dev mode with the in-memory database, so
     * each start begins with exactly these realms; the optimising compiler is left out, which
     * shortens the start on a small machine and costs the few requests of a test nothing.
     */
    public static Keycloak start(int port, Map<String, String> realms) throws IOException {
        Path kc = HOME.resolve("bin").resolve("kc.sh");
        if (!Files.isRegularFile(kc)) {
            throw new AssertionError("Keycloak is not unpacked at " + HOME.toAbsolutePath()
                    + ": the build unpacks it before the process-level tests (./mvnw verify, or"
                    + " ./mvnw dependency:unpack@keycloak before running failsafe goals by hand).");
        }
        Path java = javaHome();
        Path imports = Files.createDirectories(HOME.resolve("data").resolve("import"));
        try (Stream<Path> old = Files.list(imports)) {
            for (Path file : (Iterable<Path>) old::iterator) {
                Files.delete(file);
            }
        }
        for (Map.Entry<String, String> realm : realms.entrySet()) {
            Files.writeString(imports.resolve(realm.getKey()), realm.getValue(), StandardCharsets.UTF_8);
        }
        Files.createDirectories(LOGS);
        Path log = Files.createTempFile(LOGS, "keycloak-" + port + "-", ".log");
        String url = "http://127.0.0.1:" + port;
        ProcessBuilder pb = new ProcessBuilder(BesideTheTests.lowered(List.of(
                "bash",
                kc.toAbsolutePath().toString(),
                "start-dev",
                "--db=dev-mem",
                "--http-host=127.0.0.1",
                "--http-port=" + port,
                "--hostname=" + url,
                "--import-realm")));
        pb.environment().put("JAVA_HOME", java.toString());
        pb.environment().remove("JAVA_OPTS");
        pb.environment().put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        return new Keycloak(pb.start(), url, log);
    }

    /** Waits until the realm's discovery document is served. */
    public Keycloak awaitReady(String realm, Duration atMost) throws Exception {
        Instant deadline = Instant.now().plus(atMost);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("Keycloak exited with " + process.exitValue() + ":\n" + output());
            }
            if (answers(realmUrl(realm) + "/.well-known/openid-configuration")) {
                return this;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Keycloak did not become ready:\n" + output());
    }

    /** The realm's URL, the hub's {@code HUB_OIDC_URL}. */
    public String realmUrl(String realm) {
        return url + "/realms/" + realm;
    }

    /** An access token for a client's service account (client credentials grant). */
    public String serviceToken(String realm, String clientId, String secret) {
        return given().auth()
                .preemptive()
                .basic(clientId, secret)
                .formParam("grant_type", "client_credentials")
                .when()
                .post(realmUrl(realm) + "/protocol/openid-connect/token")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .get("access_token");
    }

    public String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /**
     * Stops Keycloak at once (SIGKILL to its JVM and launcher): its database lives in memory and
     * nothing of it is kept, and a graceful stop waits for the browser's idle connections.
     */
    @Override
    public void close() throws InterruptedException {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        Instant deadline = Instant.now().plusSeconds(30);
        while (all.stream().anyMatch(ProcessHandle::isAlive) && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
    }

    /**
     * A Java 21 or later for Keycloak: this JVM if it is one, else the newest under /usr/lib/jvm
     * (read from each one's {@code release} file).
     */
    static Path javaHome() {
        Path current = Path.of(System.getProperty("java.home"));
        if (Runtime.version().feature() >= 21) {
            return current;
        }
        Optional<Path> found = Optional.empty();
        if (Files.isDirectory(JVMS)) {
            try (Stream<Path> homes = Files.list(JVMS)) {
                found = homes.filter(
                                home -> Files.isExecutable(home.resolve("bin").resolve("java")))
                        .filter(home -> feature(home) >= 21)
                        .max(Comparator.comparingInt(Keycloak::feature));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return found.orElseThrow(() -> new AssertionError("Keycloak " + HOME.getFileName()
                + " needs Java 21 or later, and there is none under " + JVMS + " (this build runs on Java "
                + Runtime.version().feature() + "): install one, e.g. apt-get install openjdk-21-jre-headless"
                + " (Debian 13, Ubuntu 24.04) or temurin-21-jre from Adoptium's repository (Debian 12); .ci/run"
                + " tries the first."));
    }

    private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(?:1\\.)?(\\d+)");

    /** The feature release of the Java at {@code home}, from its release file; 0 if unknown. */
    static int feature(Path home) {
        try {
            Matcher version = JAVA_VERSION.matcher(Files.readString(home.resolve("release")));
            return version.find() ? Integer.parseInt(version.group(1)) : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static boolean answers(String address) {
        try {
            HttpURLConnection c =
                    (HttpURLConnection) URI.create(address).toURL().openConnection();
            c.setConnectTimeout(500);
            c.setReadTimeout(5000);
            return c.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }
}
