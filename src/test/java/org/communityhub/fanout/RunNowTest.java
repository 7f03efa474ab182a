package org.communityhub.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.ResidentTestData.aResident;

import io.quarkus.test.junit.TestProfile;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.SmallBatchesTestProfile;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/**
 * "Run now" right after a worker saves: the change is still in the outbox (in this hub process
 * nothing dispatches it on its own), and the run must take it rather than answer that nothing is due.
 */
@HubTest
@TestProfile(SmallBatchesTestProfile.class)
class RunNowTest {

    @Test
    void aRunRightAfterASaveIncludesWhatWasJustSaved() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String admin = Users.create(Roles.ADAPTER_ADMIN, "*");
        aResident().in(community).withName("刚登记").registerAs(worker);

        int due = Users.as(admin)
                .when()
                .post("/api/v1/adapters/civil-affairs/runs")
                .then()
                .statusCode(202)
                .extract()
                .as(Json.class)
                .get("due");

        assertThat(due)
                .as("the resident just registered is due for the scheduled file platform")
                .isPositive();
    }
}
