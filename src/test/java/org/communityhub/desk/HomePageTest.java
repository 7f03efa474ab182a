package org.communityhub.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.communityhub.testing.Waiting.await;

import io.quarkus.test.common.http.TestHTTPResource;
import io.restassured.response.Response;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.communityhub.access.Roles;
import org.communityhub.testing.Browser;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubDates;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.PlatformSimulators;
import org.communityhub.testing.ResidentTestData;
import org.communityhub.testing.TestSql;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** 工作台: the entries saved are the records the platforms took for the worker's area this month. */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HomePageTest {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TestHTTPResource("/")
    URL hub;

    private Browser browser;

    @BeforeAll
    void startBrowser() {
        browser = Browser.start(hub);
    }

    @AfterAll
    void closeBrowser() {
        browser.close();
    }

    @Test
    void theEntriesSavedAreTheRecordsThePlatformsTookForTheWorkersArea() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String auditor = Users.create(Roles.AUDITOR, community);
        browser.signIn(worker, Users.PASSWORD);
        assertThat(browser.find(By.id("entries-saved")).getText()).isEqualTo("0");

        // Two migrants (流动人口): the public-security platform takes each as soon as they are registered.
        List<String> residents = List.of(
                aResident()
                        .in(community)
                        .withName("工作台甲")
                        .with("residenceType", "2")
                        .registerAs(worker),
                aResident()
                        .in(community)
                        .withName("工作台乙")
                        .with("residenceType", "2")
                        .registerAs(worker));
        await().atMost(PATIENCE).until(() -> taken(auditor) >= residents.size());

        browser.open("/");
        long taken = taken(auditor);
        assertThat(browser.find(By.id("entries-saved")).getText()).isEqualTo(String.valueOf(taken));
        assertThat(browser.find(By.id("saved-note")).getText()).contains("公安");

        // Another community's worker saved nothing of this.
        String elsewhere = Users.create(Roles.WORKER, Communities.create());
        browser.signIn(elsewhere, Users.PASSWORD);
        assertThat(browser.find(By.id("entries-saved")).getText()).isEqualTo("0");
    }

    @Test
    void aSupervisorSeesResidentsByCommunityAndWhatEachPlatformTookAndRefusedWithTheNumbersAsTables() throws Exception {
        String north = Communities.create();
        String south = Communities.create();
        String worker = Users.create(Roles.WORKER, north, south);
        String supervisor = Users.create(Roles.SUPERVISOR, north, south);
        String auditor = Users.create(Roles.AUDITOR, north, south);
        PlatformSimulators.publicSecurity().rejectWhere("姓名", "图表退回者", "地址不规范：缺少门牌号");
        List<String> registered = new ArrayList<>();
        for (String name : List.of("图表甲", "图表乙", "图表退回者")) {
            registered.add(aMigrant(north, name).registerAs(worker));
        }
        for (String name : List.of("图表丙", "图表丁")) {
            registered.add(aMigrant(south, name).registerAs(worker));
        }
        // One who moved out is no longer on the register of the community.
        String movedOut = aMigrant(north, "图表迁出者").registerAs(worker);
        // Held by 公安 first: moved out before that, the registration and the removal would meet in
        // the queue and 公安 would never hear of the resident.
        await().atMost(PATIENCE)
                .until(() -> ledger(auditor).stream()
                        .anyMatch(e -> e.get("adapterId").equals("public-security")
                                && e.get("residentId").equals(movedOut)
                                && !e.get("result").equals("SENT")));
        Users.as(worker)
                .body(Map.of("status", "MOVED_OUT", "date", HubDates.today().toString(), "reason", "迁往外省"))
                .post("/api/v1/residents/" + movedOut + "/status-changes")
                .then()
                .statusCode(200);
        registered.add(movedOut);
        // Every change delivered, and every record sent answered by its platform.
        String ids = registered.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", "));
        await().atMost(PATIENCE)
                .until(() -> TestSql.count("select count(*) from change_outbox where resident_id in (" + ids + ")") == 0
                        && ledger(auditor).stream()
                                .noneMatch(e -> e.get("result").equals("SENT"))
                        && ledger(auditor).stream()
                                        .filter(e -> e.get("adapterId").equals("public-security"))
                                        .map(e -> e.get("residentId"))
                                        .distinct()
                                        .count()
                                == registered.size());

        String html = page(supervisor);
        assertThat(html)
                .contains("<svg class=\"chart\" id=\"chart-residents\"")
                .contains("role=\"img\" aria-labelledby=\"chart-residents-title chart-residents-desc\"")
                .contains("<title id=\"chart-residents-title\">各社区在册居民</title>");
        Map<String, List<String>> residents = table(html, "chart-residents-table");
        assertThat(residents)
                .containsExactly(
                        Map.entry(Communities.nameOf(north), List.of("3")),
                        Map.entry(Communities.nameOf(south), List.of("2")),
                        Map.entry("合计", List.of("5")));

        // What each platform took and refused, as the sharing ledger of the two communities says.
        Map<String, String> names = platformNames();
        List<Map<String, String>> entries = ledger(auditor);
        Map<String, List<String>> expected = new LinkedHashMap<>();
        entries.stream()
                .map(e -> e.get("adapterId"))
                .distinct()
                .forEach(platform -> expected.put(
                        names.get(platform),
                        List.of(
                                String.valueOf(count(entries, platform, "ACCEPTED", "EXPORTED")),
                                String.valueOf(count(entries, platform, "REJECTED")))));
        Map<String, List<String>> outcomes = table(html, "chart-outcomes-table");
        assertThat(outcomes).containsAllEntriesOf(expected).hasSize(expected.size() + 1);
        assertThat(outcomes.get(names.get("public-security")))
                .as("the refused one among the taken")
                .containsExactly(String.valueOf(count(entries, "public-security", "ACCEPTED")), "1");
        assertThat(count(entries, "public-security", "ACCEPTED")).isGreaterThanOrEqualTo(5);

        // This month's column of the entries chart: the entries each platform saved (all of them
        // this month), by the ledger: new content taken, not removals.
        Map<String, List<String>> monthly = table(html, "chart-entries-table");
        entries.stream().map(e -> e.get("adapterId")).distinct().forEach(platform -> {
            long saved = entriesSaved(entries, platform);
            if (saved > 0) {
                assertThat(monthly.get(names.get(platform))).as(platform).last().isEqualTo(String.valueOf(saved));
            }
        });
        assertThat(monthly.get(names.get("public-security")))
                .last()
                .isEqualTo(String.valueOf(entriesSaved(entries, "public-security")));

        // A community worker's page has no charts.
        assertThat(page(worker)).doesNotContain("chart-residents").contains("entries-saved");
    }

    @Test
    void theChartsAreDrawnOnTheHomePageAndTheirNumbersOpenAsATable() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String auditor = Users.create(Roles.AUDITOR, community);
        aMigrant(community, "图表戊").registerAs(worker);
        aMigrant(community, "图表己").registerAs(worker);
        browser.signIn(auditor, Users.PASSWORD);
        WebElement chart = browser.visible(By.id("chart-residents"));
        assertThat(chart.getAttribute("role")).isEqualTo("img");
        assertThat(browser.find(By.id("chart-entries")).isDisplayed()).isTrue();
        WebElement table = browser.find(By.id("chart-residents-table"));
        assertThat(table.isDisplayed()).isFalse();
        browser.find(By.cssSelector("#chart-residents-figure summary")).click();
        browser.waitUntil(d -> table.isDisplayed());
        assertThat(table.getText()).contains(Communities.nameOf(community)).contains("2");
        browser.driver().executeScript("arguments[0].scrollIntoView({block: 'center'})", table);
        browser.screenshot("home-charts");
        assertThat(browser.accessibilityProblems()).isEmpty();
    }

    private static ResidentTestData aMigrant(String community, String name) {
        return aResident().in(community).withName(name).with("residenceType", "2");
    }

    private static String page(String user) {
        Response response = Users.as(user).accept("text/html").when().get("/");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.asString();
    }

    /** A table's rows (body and foot) by their heading cell: the other cells' text. */
    private static Map<String, List<String>> table(String html, String id) {
        int start = html.indexOf("<table id=\"" + id + "\">");
        assertThat(start).as("table " + id).isNotNegative();
        String table = html.substring(start, html.indexOf("</table>", start));
        Map<String, List<String>> rows = new LinkedHashMap<>();
        Matcher row =
                Pattern.compile("<tr><th scope=\"row\">([^<]*)</th>(.*?)</tr>").matcher(table);
        while (row.find()) {
            List<String> cells = new ArrayList<>();
            Matcher cell = Pattern.compile("<td class=\"num\">([^<]*)</td>").matcher(row.group(2));
            while (cell.find()) {
                cells.add(cell.group(1));
            }
            rows.put(row.group(1), cells);
        }
        return rows;
    }

    private static Map<String, String> platformNames() {
        String operator = Users.create(Roles.ADAPTER_ADMIN, "*");
        List<Map<String, Object>> platforms = Users.as(operator)
                .get("/api/v1/adapters")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .getList("$");
        Map<String, String> names = new LinkedHashMap<>();
        platforms.forEach(p -> names.put((String) p.get("id"), (String) p.get("name")));
        return names;
    }

    private static List<Map<String, String>> ledger(String auditor) {
        return Users.as(auditor)
                .get("/api/v1/audit/ledger?size=200")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .getList("items");
    }

    /**
     * A platform's entries saved, worked out from the ledger here: records it took (accepted, or
     * given in a file) whose content differs from the last record of that resident it took; a
     * removal is no entry and leaves the platform holding nothing.
     */
    private static long entriesSaved(List<Map<String, String>> entries, String platform) {
        Map<String, String> held = new HashMap<>();
        long saved = 0;
        List<Map<String, String>> taken = entries.stream()
                .filter(e -> e.get("adapterId").equals(platform)
                        && List.of("ACCEPTED", "EXPORTED").contains(e.get("result")))
                .sorted(Comparator.comparingLong(e -> Long.parseLong(String.valueOf((Object) e.get("id")))))
                .toList();
        for (Map<String, String> e : taken) {
            String resident = e.get("residentId");
            if ("UPSERT".equals(e.get("operation"))) {
                if (!e.get("payloadHash").equals(held.get(resident))) {
                    saved++;
                }
                held.put(resident, e.get("payloadHash"));
            } else {
                held.remove(resident);
            }
        }
        return saved;
    }

    private static long count(List<Map<String, String>> entries, String platform, String... results) {
        List<String> wanted = List.of(results);
        return entries.stream()
                .filter(e -> e.get("adapterId").equals(platform) && wanted.contains(e.get("result")))
                .count();
    }

    /** Records of the area's residents that platforms accepted or took as files, per the sharing ledger. */
    private static long taken(String auditor) {
        List<String> results = Users.as(auditor)
                .get("/api/v1/audit/ledger?size=200")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .getList("items.result");
        return results.stream()
                .filter(r -> r.equals("ACCEPTED") || r.equals("EXPORTED"))
                .count();
    }
}
