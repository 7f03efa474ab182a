package org.communityhub.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.PlatformsAndLimitsTestProfile;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/**
 * Unusual use raises alerts: here the thresholds are set low (two residents a day) and the whole
 * day counts as night, and only supervisors may reveal.
 */
@HubTest
@TestProfile(PlatformsAndLimitsTestProfile.class)
class AccessAlertsTest {

    @Test
    void revealingMoreResidentsThanUsualAndAtNightRaisesAlerts() {
        String community = Communities.create();
        String supervisor = Users.create(Roles.SUPERVISOR, community);
        String auditor = Users.create(Roles.AUDITOR, "*");

        for (int i = 0; i < 3; i++) {
            String id = aResident().in(community).registerAs(supervisor);
            Users.as(supervisor)
                    .when()
                    .get("/api/v1/residents/" + id + "?reveal=idNumber&purpose=data-correction")
                    .then()
                    .statusCode(200);
        }

        Json alerts = Users.as(auditor)
                .when()
                .get("/api/v1/audit/alerts?user=" + supervisor)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(alerts.getList("items.kind")).containsExactlyInAnyOrder("VOLUME", "NIGHT");
        Map<String, Object> volume = alerts.getMap("items.find { it.kind == 'VOLUME' }");
        assertThat(volume.get("residents")).isEqualTo(3);
        // The night alert came with the first reveal, the volume alert with the third.
        Map<String, Object> night = alerts.getMap("items.find { it.kind == 'NIGHT' }");
        assertThat(night.get("residents")).isEqualTo(1);

        // An auditor of another area does not see them.
        String elsewhere = Users.create(Roles.AUDITOR, Communities.create());
        Users.as(elsewhere)
                .when()
                .get("/api/v1/audit/alerts?user=" + supervisor)
                .then()
                .statusCode(200)
                .body(at("total", equalTo(0)));
    }

    @Test
    void aRoleThatMayNotRevealIsRefused() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String id = aResident().in(community).registerAs(worker);

        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + id + "?reveal=idNumber&purpose=identity-check")
                .then()
                .statusCode(403)
                .body(at("code", equalTo("reveal-not-permitted")));
    }
}
