package org.communityhub.intake.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.common.http.TestHTTPResource;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.communityhub.access.Roles;
import org.communityhub.testing.Browser;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubDates;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.Spreadsheets;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

/** The lists' 导出平台模板 form, in a real browser: the file downloads with the list's filters kept. */
@HubTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportPageTest {

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
    void theLeagueListsExportButtonDownloadsTheYouthLeagueTemplateOfTheMembersShown(@TempDir Path downloads)
            throws Exception {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        LocalDate today = HubDates.today();
        leagueMember(worker, community, "导出团员", today.minusYears(21));
        leagueMember(worker, community, "其他团员", today.minusYears(23));
        browser.driver()
                .executeCdpCommand(
                        "Browser.setDownloadBehavior",
                        Map.of(
                                "behavior",
                                "allow",
                                "downloadPath",
                                downloads.toAbsolutePath().toString()));
        browser.signIn(worker, Users.PASSWORD);

        browser.open("/league-members?q=导出");
        browser.find(By.cssSelector("details.export > summary")).click();
        assertThat(new Select(browser.visible(By.id("export-adapter")))
                        .getFirstSelectedOption()
                        .getText())
                .isEqualTo("共青团智慧团建");
        new Select(browser.find(By.id("export-purpose"))).selectByVisibleText("按上级平台模板报送");
        assertThat(browser.accessibilityProblems()).isEmpty();
        browser.screenshot("league-members-export");
        browser.find(By.id("export-submit")).click();

        Path file = downloaded(downloads, ".xlsx");
        assertThat(file.getFileName().toString()).startsWith("共青团智慧团建_");
        List<List<String>> rows = Spreadsheets.rows(file);
        assertThat(rows.get(0)).startsWith("姓名", "性别", "民族", "出生年月", "身份证号");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).get(0)).isEqualTo("导出团员");
        // The browser stayed on the list.
        assertThat(browser.path()).startsWith("/league-members");
    }

    @Test
    void theResidentPagesExportTakesWhatItsSearchBoxFound() throws Exception {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        aResident().in(community).withName("楼里居民").at("3号楼", "2", "501").registerAs(worker);
        aResident().in(community).withName("别楼居民").at("4号楼", "2", "501").registerAs(worker);
        browser.signIn(worker, Users.PASSWORD);

        browser.open("/residents?q=3-2-501");
        assertThat(browser.find(By.cssSelector("#export input[name=list]")).getAttribute("value"))
                .isEqualTo("search");
        assertThat(browser.find(By.cssSelector("#export input[name=q]")).getAttribute("value"))
                .isEqualTo("3-2-501");
        assertThat(browser.accessibilityProblems()).isEmpty();

        byte[] file = Users.as(worker)
                .when()
                .get("/exports?list=search&q=3-2-501&adapter=&columns=name&columns=building&format=xlsx"
                        + "&purpose=platform-submission")
                .then()
                .statusCode(200)
                .header("Content-Disposition", containsString("attachment;"))
                .extract()
                .asByteArray();
        assertThat(ExportResourceTest.xlsx(file)).containsExactly(List.of("姓名", "楼栋"), List.of("楼里居民", "3号楼"));
    }

    @Test
    void aRefusedExportIsAPageSayingWhy() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);

        String html = Users.as(worker)
                .accept("text/html")
                .when()
                .get("/exports?list=league-members&adapter=youth-league&purpose=")
                .then()
                .statusCode(422)
                .contentType(containsString("text/html"))
                .extract()
                .asString();
        assertThat(html).contains("查看完整的个人信息须说明目的（purpose）。");
    }

    @Test
    void thePartyListAndAHouseholdOfferTheFormToo() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        browser.signIn(worker, Users.PASSWORD);

        browser.open("/party-members?lostContact=1");
        assertThat(browser.find(By.cssSelector("#export input[name=list]")).getAttribute("value"))
                .isEqualTo("party-members");
        assertThat(browser.find(By.cssSelector("#export input[name=lostContact]"))
                        .getAttribute("value"))
                .isEqualTo("1");
        assertThat(new Select(browser.find(By.id("export-adapter")))
                        .getFirstSelectedOption()
                        .getAttribute("value"))
                .isEqualTo("party-building");
        assertThat(browser.accessibilityProblems()).isEmpty();

        String household = Users.as(worker)
                .body(Map.of(
                        "householdNumber",
                        "EP" + System.nanoTime() % 1_000_000,
                        "type",
                        "1",
                        "communityCode",
                        community))
                .when()
                .post("/api/v1/households")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class)
                .get("id");
        browser.open("/households/" + household);
        assertThat(browser.find(By.cssSelector("#export input[name=householdId]"))
                        .getAttribute("value"))
                .isEqualTo(household);
        assertThat(browser.accessibilityProblems()).isEmpty();
    }

    private static void leagueMember(String worker, String community, String name, LocalDate birth) {
        aResident()
                .in(community)
                .withName(name)
                .bornOn(birth, "1")
                .with("leagueMembership", Map.of("joinedOn", birth.plusYears(15).toString(), "branch", "测试团支部"))
                .registerAs(worker);
    }

    /** Waits up to 20 seconds for the browser to finish a download. */
    private static Path downloaded(Path dir, String extension) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (Instant.now().isBefore(deadline)) {
            try (Stream<Path> files = Files.list(dir)) {
                Optional<Path> done =
                        files.filter(f -> f.toString().endsWith(extension)).findFirst();
                if (done.isPresent()) {
                    return done.get();
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("No " + extension + " file was downloaded");
    }
}
