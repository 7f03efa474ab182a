package org.communityhub.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.communityhub.testing.NeedsNoHub;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The Kubernetes manifests in {@code k8s/}: every overlay renders with kustomize (the same with
 * every kustomize found: the machine's kubectl and Debian's kubernetes-client, see .ci/run), every
 * rendered document passes {@code k8s/validate/validate.mjs} (the Kubernetes and CloudNativePG
 * schemas, unknown fields refused), the validator refuses broken manifests, and the production
 * overlay has the properties a district's IT relies on.
 */
@NeedsNoHub
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final Path VALIDATOR = K8S.resolve("validate");
    private static final Path RENDERED = Path.of("target", "k8s");
    private static final List<String> OVERLAYS = List.of("production", "staging");
    private static final String NAMESPACE = "community-hub";

    private static List<Path> kubectls;

    @BeforeAll
    static void findKustomizeAndValidator() throws Exception {
        kubectls = kubectlsWithKustomize();
        if (kubectls.isEmpty()) {
            fail("No kubectl to render k8s/ with: neither `kubectl` on the PATH nor Debian's kubernetes-client"
                    + " unpacked into " + debianKubectl() + " (bash .ci/run unpacks it: apt-get download"
                    + " kubernetes-client && dpkg -x kubernetes-client_*.deb <that directory>).");
        }
        installValidator();
        Files.createDirectories(RENDERED);
        System.out.println("Rendering k8s/ with " + kubectls);
    }

    @Test
    void everyOverlayRendersTheSameWithEveryKustomizeAndPassesTheSchemas() throws Exception {
        List<String> files = new ArrayList<>();
        for (String overlay : OVERLAYS) {
            Map<String, Map<String, Object>> first = null;
            for (Path kubectl : kubectls) {
                Result render = run(List.of(
                        kubectl.toString(),
                        "kustomize",
                        K8S.resolve("overlays/" + overlay).toString()));
                assertThat(render.exitCode())
                        .as("%s kustomize k8s/overlays/%s failed:%n%s", kubectl, overlay, render.output())
                        .isZero();
                Map<String, Map<String, Object>> documents = byKindAndName(render.stdout(), overlay);
                if (first == null) {
                    first = documents;
                    Path file = RENDERED.resolve(overlay + ".yaml");
                    Files.writeString(file, render.stdout());
                    files.add(file.toString());
                } else {
                    assertThat(documents.keySet())
                            .as("%s renders other objects for %s than %s", kubectl, overlay, kubectls.get(0))
                            .isEqualTo(first.keySet());
                    for (String key : first.keySet()) {
                        assertThat(documents.get(key))
                                .as("%s renders %s in %s differently from %s", kubectl, key, overlay, kubectls.get(0))
                                .isEqualTo(first.get(key));
                    }
                }
            }
        }
        List<String> command = new ArrayList<>(List.of("node", "validate.mjs"));
        files.forEach(f -> command.add(Path.of(f).toAbsolutePath().toString()));
        Result validation = run(command, VALIDATOR);
        assertThat(validation.exitCode())
                .as("the rendered manifests do not pass k8s/validate/validate.mjs:%n%s", validation.output())
                .isZero();
        assertThat(validation.stdout()).contains("documents valid");
    }

    @Test
    void theValidatorRefusesWrongTypesUnknownFieldsAndUnknownKinds() throws Exception {
        Result validation = run(
                List.of(
                        "node",
                        "validate.mjs",
                        Path.of("testdata", "broken.yaml").toString()),
                VALIDATOR);
        assertThat(validation.exitCode()).as(validation.output()).isEqualTo(1);
        assertThat(validation.stdout())
                .contains("Deployment/wrong-type: /spec/replicas: must be integer")
                .contains("Deployment/unknown-field: /spec/template/spec/containers/0/securityContext/"
                        + "readOnlyRootFileSystem: unknown field")
                .contains("Cluster/broken-db: /spec: must NOT have additional properties: \"instance\"")
                .contains("Cluster/broken-db: /spec/backup/retentionPolicy: must match pattern")
                .contains("ScheduledBackup/broken-backup: /spec: must have required property 'cluster'")
                .contains("ScheduledBackup/broken-backup: /spec/schedule: must match pattern")
                .contains("Widget/unknown-kind: /: no schema for example.invalid/v1 Widget")
                .contains("5 of 5 documents invalid");
    }

    @Test
    void productionRunsTheHubLockedDownWithProbesAndResources() throws Exception {
        Map<String, Map<String, Object>> production = production();
        production.forEach((key, document) -> {
            if (!"Namespace".equals(document.get("kind"))) {
                assertThat(at(document, "metadata", "namespace"))
                        .as("%s's namespace", key)
                        .isEqualTo(NAMESPACE);
            }
        });
        assertThat(production.keySet())
                .as("secrets are created in the cluster, never kept in the repository")
                .noneMatch(key -> key.startsWith("Secret/"));

        Map<String, Object> deployment = production.get("Deployment/hub");
        Map<String, Object> pod = map(at(deployment, "spec", "template", "spec"));
        assertThat(at(pod, "securityContext", "runAsNonRoot"))
                .as("pod runAsNonRoot")
                .isEqualTo(true);
        assertThat(pod.get("automountServiceAccountToken"))
                .as("pod automountServiceAccountToken")
                .isEqualTo(false);
        List<Map<String, Object>> containers = list(pod.get("containers"));
        assertThat(containers).hasSize(1);
        Map<String, Object> hub = containers.get(0);
        assertThat(at(hub, "securityContext", "readOnlyRootFilesystem"))
                .as("readOnlyRootFilesystem")
                .isEqualTo(true);
        assertThat(at(hub, "securityContext", "allowPrivilegeEscalation"))
                .as("allowPrivilegeEscalation")
                .isEqualTo(false);
        assertThat(at(hub, "securityContext", "capabilities", "drop"))
                .as("capabilities dropped")
                .isEqualTo(List.of("ALL"));
        assertThat((String) hub.get("image"))
                .as("the overlay names the district's image")
                .contains("/")
                .contains(":");
        assertThat(at(hub, "livenessProbe", "httpGet", "path"))
                .as("liveness probe")
                .isEqualTo("/q/health/live");
        assertThat(at(hub, "readinessProbe", "httpGet", "path"))
                .as("readiness probe")
                .isEqualTo("/q/health/ready");
        assertThat(at(hub, "startupProbe", "httpGet", "path"))
                .as("startup probe")
                .isEqualTo("/q/health/started");
        for (String bound : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                assertThat(at(hub, "resources", bound, resource))
                        .as("%s.%s", bound, resource)
                        .isNotNull();
            }
        }

        // The read-only root leaves the data directory and /tmp writable, on volumes of the pod.
        Map<String, Object> config = map(production.get("ConfigMap/hub-config").get("data"));
        Map<String, String> mounts = new LinkedHashMap<>();
        list(hub.get("volumeMounts")).forEach(m -> mounts.put((String) m.get("mountPath"), (String) m.get("name")));
        assertThat(mounts).containsKeys((String) config.get("HUB_DATA_DIR"), "/tmp");
        List<Map<String, Object>> volumes = list(pod.get("volumes"));
        for (String path : List.of((String) config.get("HUB_DATA_DIR"), "/tmp")) {
            assertThat(volumes)
                    .as("the volume at %s", path)
                    .anyMatch(v -> v.get("name").equals(mounts.get(path)) && v.containsKey("emptyDir"));
        }
        assertThat(config).as("production logs JSON").containsEntry("HUB_LOG_JSON", "true");

        // Keys and passwords come from Secrets: the hub runs as the application role CloudNativePG
        // manages, and migrates as the database's owner.
        Map<String, Map<String, Object>> env = new LinkedHashMap<>();
        list(hub.get("env")).forEach(e -> env.put((String) e.get("name"), e));
        for (String name : List.of(
                "HUB_PII_KEY",
                "HUB_SESSION_KEY",
                "HUB_DB_USER",
                "HUB_DB_PASSWORD",
                "HUB_DB_OWNER_USER",
                "HUB_DB_OWNER_PASSWORD")) {
            assertThat(env.get(name)).as(name).isNotNull().doesNotContainKey("value");
            assertThat(at(env.get(name), "valueFrom", "secretKeyRef", "optional"))
                    .as("%s is required", name)
                    .isNotEqualTo(true);
        }
        assertThat(env.get("HUB_OIDC_CLIENT_SECRET"))
                .as("the OIDC client's secret comes from a Secret")
                .isNotNull()
                .doesNotContainKey("value");
        assertThat(config)
                .as("production signs in through the OIDC server")
                .containsKeys("HUB_OIDC_URL", "HUB_OIDC_CLIENT_ID");
        assertThat(config).doesNotContainKey("HUB_OIDC_CLIENT_SECRET");
        assertThat(config)
                .as("reached through the ingress, where TLS ends: the hub reads the forwarded scheme, so that"
                        + " its cookies are Secure and the OIDC server is given its https address to return to")
                .containsEntry("HUB_TRUST_PROXY", "true");
        Map<String, Object> cluster = production.get("Cluster/hub-db");
        List<Map<String, Object>> roles = list(at(cluster, "spec", "managed", "roles"));
        assertThat(roles).hasSize(1);
        Map<String, Object> app = roles.get(0);
        assertThat(app).containsEntry("login", true).containsEntry("superuser", false);
        assertThat(app.get("name")).isNotEqualTo(at(cluster, "spec", "bootstrap", "initdb", "owner"));
        for (String name : List.of("HUB_DB_USER", "HUB_DB_PASSWORD")) {
            assertThat(at(env.get(name), "valueFrom", "secretKeyRef", "name"))
                    .as(name)
                    .isEqualTo(at(app, "passwordSecret", "name"));
        }
        for (String name : List.of("HUB_DB_OWNER_USER", "HUB_DB_OWNER_PASSWORD")) {
            assertThat(at(env.get(name), "valueFrom", "secretKeyRef", "name"))
                    .as(name)
                    .isEqualTo(at(cluster, "spec", "bootstrap", "initdb", "secret", "name"));
        }
        assertThat(config.get("HUB_DB_URL")).isEqualTo("jdbc:postgresql://hub-db-rw:5432/hub");

        // Prometheus scrapes the hub's pods on the container's named port, under the job name the
        // alert rules and the dashboard select on.
        Map<String, Object> podMonitor = production.get("PodMonitor/community-data-hub");
        assertThat(podMonitor).as("production includes k8s/monitoring").isNotNull();
        Map<String, Object> podLabels = map(at(deployment, "spec", "template", "metadata", "labels"));
        assertThat(podLabels).containsAllEntriesOf(map(at(podMonitor, "spec", "selector", "matchLabels")));
        Map<String, Object> endpoint =
                list(at(podMonitor, "spec", "podMetricsEndpoints")).get(0);
        assertThat(list(hub.get("ports"))).anyMatch(port -> port.get("name").equals(endpoint.get("port")));
        assertThat(endpoint.get("path")).isEqualTo("/q/metrics");
        assertThat(list(endpoint.get("relabelings")))
                .anyMatch(r -> "job".equals(r.get("targetLabel")) && "community-data-hub".equals(r.get("replacement")));
        assertThat(production).containsKey("PrometheusRule/community-data-hub");

        // The Service reaches the container's named port.
        Map<String, Object> service = production.get("Service/hub");
        assertThat(at(service, "spec", "selector")).isEqualTo(at(deployment, "spec", "selector", "matchLabels"));
        assertThat(list(at(service, "spec", "ports")).get(0).get("targetPort"))
                .isEqualTo(list(hub.get("ports")).get(0).get("name"));
    }

    @Test
    void productionScalesAndSurvivesDrainsWithoutLosingTheLastReplica() throws Exception {
        Map<String, Map<String, Object>> production = production();
        Map<String, Object> hpa = production.get("HorizontalPodAutoscaler/hub");
        assertThat(at(hpa, "spec", "scaleTargetRef", "kind")).isEqualTo("Deployment");
        assertThat(at(hpa, "spec", "scaleTargetRef", "name")).isEqualTo("hub");
        int minReplicas = (Integer) at(hpa, "spec", "minReplicas");
        assertThat(minReplicas).isGreaterThanOrEqualTo(2);
        assertThat((Integer) at(hpa, "spec", "maxReplicas")).isGreaterThan(minReplicas);

        Map<String, Object> pdb = production.get("PodDisruptionBudget/hub");
        int minAvailable = (Integer) at(pdb, "spec", "minAvailable");
        assertThat(minAvailable).as("a drain always leaves a replica serving").isGreaterThanOrEqualTo(1);
        assertThat(minAvailable).as("a drain can still take a replica").isLessThan(minReplicas);
        assertThat(at(pdb, "spec", "selector", "matchLabels"))
                .isEqualTo(at(production.get("Deployment/hub"), "spec", "selector", "matchLabels"));

        Map<String, Object> database = production.get("Cluster/hub-db");
        assertThat(at(database, "spec", "instances")).as("database instances").isEqualTo(3);
        assertThat(at(database, "spec", "bootstrap", "initdb", "database")).isEqualTo("hub");
        assertThat(at(database, "spec", "backup", "retentionPolicy"))
                .as("backup retention")
                .isNotNull();
        assertThat((String) at(database, "spec", "backup", "barmanObjectStore", "destinationPath"))
                .startsWith("s3://");
        assertThat(at(database, "spec", "backup", "barmanObjectStore", "s3Credentials", "secretAccessKey", "name"))
                .isNotNull();
        assertThat(at(database, "spec", "monitoring", "enablePodMonitor"))
                .as("database monitoring")
                .isEqualTo(true);
        assertThat(production.values())
                .as("a ScheduledBackup of hub-db")
                .anyMatch(d ->
                        "ScheduledBackup".equals(d.get("kind")) && "hub-db".equals(at(d, "spec", "cluster", "name")));
    }

    @Test
    void productionLetsTheHubReachOnlyDnsItsDatabaseAndTheListedAddresses() throws Exception {
        Map<String, Map<String, Object>> production = production();
        Map<String, Object> podLabels =
                map(at(production.get("Deployment/hub"), "spec", "template", "metadata", "labels"));
        List<Map<String, Object>> policies = production.values().stream()
                .filter(d -> "NetworkPolicy".equals(d.get("kind")))
                .filter(d -> podLabels
                        .entrySet()
                        .containsAll(
                                map(at(d, "spec", "podSelector", "matchLabels")).entrySet()))
                .toList();
        assertThat(policies).as("NetworkPolicies selecting the hub's pods").isNotEmpty();
        assertThat(policies)
                .as("one policy isolates the hub both ways (everything not allowed is denied)")
                .anyMatch(p -> list(at(p, "spec", "policyTypes")).containsAll(List.of("Ingress", "Egress")));

        List<Map<String, Object>> egress = new ArrayList<>();
        policies.forEach(p -> egress.addAll(listOrEmpty(at(p, "spec", "egress"))));
        boolean dns = false;
        boolean database = false;
        List<String> cidrs = new ArrayList<>();
        for (Map<String, Object> rule : egress) {
            assertThat(listOrEmpty(rule.get("to")))
                    .as("egress rule %s names its destination", rule)
                    .isNotEmpty();
            assertThat(listOrEmpty(rule.get("ports")))
                    .as("egress rule %s names its ports", rule)
                    .isNotEmpty();
            for (Map<String, Object> to : list(rule.get("to"))) {
                if (to.containsKey("ipBlock")) {
                    String cidr = (String) at(to, "ipBlock", "cidr");
                    assertThat(cidr).as("no egress to everywhere").isNotIn("0.0.0.0/0", "::/0");
                    assertThat(Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1)))
                            .as("egress to %s is wider than a platform's address range", cidr)
                            .isGreaterThanOrEqualTo(24);
                    cidrs.add(cidr);
                } else if ("kube-dns".equals(at(to, "podSelector", "matchLabels", "k8s-app"))) {
                    dns = true;
                    assertThat(list(rule.get("ports"))).allMatch(p -> Objects.equals(p.get("port"), 53));
                } else if ("hub-db".equals(at(to, "podSelector", "matchLabels", "cnpg.io/cluster"))) {
                    database = true;
                    assertThat(list(rule.get("ports"))).allMatch(p -> Objects.equals(p.get("port"), 5432));
                } else {
                    fail("egress to something other than DNS, the database or a listed address: " + to);
                }
            }
        }
        assertThat(dns).as("DNS allowed").isTrue();
        assertThat(database).as("the database allowed").isTrue();
        assertThat(cidrs).as("the platforms' and OIDC server's addresses").hasSizeGreaterThanOrEqualTo(2);

        List<Map<String, Object>> ingress = new ArrayList<>();
        policies.forEach(p -> ingress.addAll(listOrEmpty(at(p, "spec", "ingress"))));
        assertThat(ingress).isNotEmpty().allSatisfy(rule -> {
            assertThat(listOrEmpty(rule.get("from")))
                    .as("ingress rule %s names its sources", rule)
                    .isNotEmpty();
            assertThat(list(rule.get("ports"))).allMatch(p -> Objects.equals(p.get("port"), 8080));
        });
    }

    // Rendering and running

    private static Map<String, Map<String, Object>> production() throws Exception {
        Path file = RENDERED.resolve("production.yaml");
        Result render = run(List.of(
                kubectls.get(0).toString(),
                "kustomize",
                K8S.resolve("overlays/production").toString()));
        assertThat(render.exitCode()).as(render.output()).isZero();
        Files.writeString(file, render.stdout());
        return byKindAndName(render.stdout(), "production");
    }

    /** Every kubectl found whose {@code kustomize} subcommand works, the machine's first. */
    private static List<Path> kubectlsWithKustomize() throws Exception {
        List<Path> found = new ArrayList<>();
        onPath("kubectl").ifPresent(found::add);
        Path debian = debianKubectl();
        if (Files.isExecutable(debian)) {
            found.add(debian);
        }
        List<Path> working = new ArrayList<>();
        for (Path kubectl : found) {
            Result version = run(List.of(kubectl.toString(), "kustomize", "--help"));
            if (version.exitCode() == 0) {
                working.add(kubectl);
            }
        }
        return working;
    }

    private static Path debianKubectl() {
        String cache = Optional.ofNullable(System.getenv("XDG_CACHE_HOME"))
                .orElse(System.getProperty("user.home") + "/.cache");
        return Path.of(cache, "community-data-hub", "kubernetes-client", "usr", "bin", "kubectl");
    }

    private static Optional<Path> onPath(String command) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .map(dir -> Path.of(dir, command))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** {@code npm ci} in k8s/validate, when its node_modules is missing or older than the lock file. */
    private static void installValidator() throws Exception {
        Path installed = VALIDATOR.resolve("node_modules").resolve(".package-lock.json");
        Path lock = VALIDATOR.resolve("package-lock.json");
        if (Files.exists(installed)
                && Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) >= 0) {
            return;
        }
        Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefer-offline"), VALIDATOR);
        assertThat(install.exitCode())
                .as("npm ci in k8s/validate failed:%n%s", install.output())
                .isZero();
        Files.setLastModifiedTime(installed, FileTime.fromMillis(System.currentTimeMillis()));
    }

    private record Result(int exitCode, String stdout, String stderr) {
        String output() {
            return stdout + stderr;
        }
    }

    private static Result run(List<String> command) throws Exception {
        return run(command, Path.of("."));
    }

    private static Result run(List<String> command, Path directory) throws Exception {
        Path out = Files.createTempFile("k8s-out", ".txt");
        Path err = Files.createTempFile("k8s-err", ".txt");
        try {
            Process process;
            try {
                process = new ProcessBuilder(command)
                        .directory(directory.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
            } catch (IOException e) {
                return new Result(127, "", "cannot run " + command.get(0) + ": " + e.getMessage());
            }
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in 5 minutes");
            }
            return new Result(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    // Reading the rendered documents

    private static Map<String, Map<String, Object>> byKindAndName(String yaml, String overlay) {
        Map<String, Map<String, Object>> documents = new LinkedHashMap<>();
        for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(yaml)) {
            if (document == null) {
                continue;
            }
            Map<String, Object> object = map(document);
            String key = object.get("kind") + "/" + at(object, "metadata", "name");
            assertThat(documents.put(key, object))
                    .as("%s twice in %s", key, overlay)
                    .isNull();
        }
        return documents;
    }

    private static Object at(Map<String, Object> object, String... path) {
        Object value = object;
        for (String step : path) {
            if (!(value instanceof Map<?, ?> map)) {
                return null;
            }
            value = map.get(step);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        assertThat(value).isInstanceOf(List.class);
        return (List<Map<String, Object>>) value;
    }

    private static List<Map<String, Object>> listOrEmpty(Object value) {
        return value == null ? List.of() : list(value);
    }
}
