package org.communityhub.common.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communityhub.audit.chain.ChainVerifications;
import org.communityhub.testing.HubTest;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The alert rules and the dashboard in k8s/monitoring ask only for metrics the hub exposes (a
 * renamed metric would otherwise leave an alert that never fires), and every alert says what it
 * means in Chinese and English and where the operations guide tells what to do.
 */
@HubTest
class MonitoringFilesTest {

    private static final Path MONITORING = Path.of("k8s", "monitoring");
    private static final Pattern HUB_METRIC = Pattern.compile("\\b((?:hub|http_server_requests)_[a-z0-9_]+)");
    private static final Pattern ANCHOR = Pattern.compile("^docs/operations\\.md#[a-z0-9-]+$");

    @Inject
    ChainVerifications verifications;

    @Inject
    MetricsRefresher refresher;

    @Test
    void rulesAndDashboardUseOnlyMetricsTheHubExposes() throws Exception {
        // Every metric exists once something happened: a verified chain, a request served.
        verifications.verifyAndRecord(ChainVerifications.RequestedBy.SCHEDULE);
        refresher.refreshNow();
        given().when().get("/login").then().statusCode(200);
        Set<String> exposed = Scrape.now().names();

        Set<String> referenced = new TreeSet<>();
        for (String expr : ruleExpressions()) {
            referenced.addAll(metricNames(expr));
        }
        List<String> dashboard = dashboardExpressions();
        assertThat(dashboard).isNotEmpty();
        for (String expr : dashboard) {
            referenced.addAll(metricNames(expr));
        }

        assertThat(referenced)
                .contains(
                        "hub_deliveries",
                        "hub_deliveries_overdue_seconds",
                        "hub_audit_chain_intact",
                        "hub_imports_unleased",
                        "http_server_requests_seconds_bucket");
        assertThat(exposed).containsAll(referenced);
    }

    @Test
    void everyAlertHasItsSeverityBothLanguagesAndARunbookSection() throws Exception {
        List<Map<String, Object>> alerts = alerts();
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(10);
        for (Map<String, Object> alert : alerts) {
            String name = (String) alert.get("alert");
            assertThat((String) alert.get("expr")).as(name).isNotBlank();
            @SuppressWarnings("unchecked")
            Map<String, String> labels = (Map<String, String>) alert.get("labels");
            assertThat(labels.get("severity")).as(name).isIn("warning", "critical");
            @SuppressWarnings("unchecked")
            Map<String, String> annotations = (Map<String, String>) alert.get("annotations");
            assertThat(annotations)
                    .as(name)
                    .containsKeys("summary", "description", "summary_zh", "description_zh", "runbook_url");
            assertThat(annotations.get("summary_zh")).as(name).containsPattern("\\p{IsHan}");
            assertThat(annotations.get("description_zh")).as(name).containsPattern("\\p{IsHan}");
            assertThat(annotations.get("summary")).as(name).doesNotContainPattern("\\p{IsHan}");
            assertThat(annotations.get("runbook_url")).as(name).matches(ANCHOR);
        }
        assertThat(alerts)
                .filteredOn(a -> a.get("alert").equals("HubAuditChainBroken"))
                .singleElement()
                .satisfies(a -> assertThat(a.get("labels").toString()).contains("severity=critical"));
    }

    @Test
    void theKustomizationListsTheFilesThatAreThere() throws Exception {
        Map<String, Object> kustomization = new Yaml().load(Files.readString(MONITORING.resolve("kustomization.yaml")));
        @SuppressWarnings("unchecked")
        List<String> resources = (List<String>) kustomization.get("resources");
        assertThat(resources).contains("podmonitor.yaml", "prometheus-rules.yaml");
        resources.forEach(r -> assertThat(MONITORING.resolve(r)).exists());
        @SuppressWarnings("unchecked")
        List<Map<String, List<String>>> generators =
                (List<Map<String, List<String>>>) kustomization.get("configMapGenerator");
        generators.forEach(g ->
                g.get("files").forEach(f -> assertThat(MONITORING.resolve(f)).exists()));
        assertThat(kustomization.get("generatorOptions").toString()).contains("grafana_dashboard=1");
    }

    // ---- reading the files --------------------------------------------------------------------

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules() throws Exception {
        Map<String, Object> rule = new Yaml().load(Files.readString(MONITORING.resolve("prometheus-rules.yaml")));
        assertThat(rule.get("kind")).isEqualTo("PrometheusRule");
        List<Map<String, Object>> all = new ArrayList<>();
        for (Map<String, Object> group :
                (List<Map<String, Object>>) ((Map<String, Object>) rule.get("spec")).get("groups")) {
            all.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return all;
    }

    private static List<Map<String, Object>> alerts() throws Exception {
        return rules().stream().filter(r -> r.containsKey("alert")).toList();
    }

    private static List<String> ruleExpressions() throws Exception {
        return rules().stream().map(r -> (String) r.get("expr")).toList();
    }

    private static List<String> dashboardExpressions() throws Exception {
        JsonNode dashboard = new ObjectMapper()
                .readTree(
                        MONITORING.resolve("dashboards/community-data-hub.json").toFile());
        List<String> exprs = new ArrayList<>();
        dashboard.findValues("expr").forEach(e -> exprs.add(e.asText()));
        return exprs;
    }

    /** The hub's metric names in a PromQL expression (label values and functions are not names). */
    private static Set<String> metricNames(String expr) {
        String withoutStrings = expr.replaceAll("\"[^\"]*\"", "\"\"");
        Set<String> names = new TreeSet<>();
        Matcher m = HUB_METRIC.matcher(withoutStrings);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
