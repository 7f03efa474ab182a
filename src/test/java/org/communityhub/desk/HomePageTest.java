package org.communityhub.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.communityhub.testing.ResidentTestData.aResident;

import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.communityhub.access.Roles;
import org.communityhub.testing.Browser;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;

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

    /** Records of the area's residents that platforms accepted or took as files, per the sharing ledger. */
    private static long taken(String auditor) {
        List<String> results = Users.as(auditor)
                .get("/api/v1/audit/ledger?size=200")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getList("items.result");
        return results.stream()
                .filter(r -> r.equals("ACCEPTED") || r.equals("EXPORTED"))
                .count();
    }
}
