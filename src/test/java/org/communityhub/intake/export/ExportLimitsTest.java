package org.communityhub.intake.export;

import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.TestProfile;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.PlatformsAndLimitsTestProfile;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/** Who may export, and how much at once: here only supervisors may reveal, and an export has at most two rows. */
@HubTest
@TestProfile(PlatformsAndLimitsTestProfile.class)
class ExportLimitsTest {

    @Test
    void aRoleThatMayNotRevealMayNotExport() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        aResident().in(community).registerAs(worker);

        Users.as(worker)
                .when()
                .get("/api/v1/exports?columns=name,idNumber&purpose=platform-submission")
                .then()
                .statusCode(403)
                .contentType("application/problem+json")
                .body(at("code", equalTo("reveal-not-permitted")))
                .body(at("detail", equalTo("您的角色不能查看完整的证件号码或电话。")));

        String auditor = Users.create(Roles.AUDITOR, "*");
        Users.as(auditor)
                .when()
                .get("/api/v1/audit/access-log?action=EXPORT&user=" + worker)
                .then()
                .statusCode(200)
                .body(at("total", equalTo(0)));
    }

    @Test
    void aSelectionLargerThanTheLimitIsRefusedAndNarrowingItHelps() {
        String community = Communities.create();
        String supervisor = Users.create(Roles.SUPERVISOR, community);
        for (String building : new String[] {"1号楼", "1号楼", "2号楼"}) {
            aResident().in(community).at(building, "1", "101").registerAs(supervisor);
        }

        Users.as(supervisor)
                .when()
                .get("/api/v1/exports?columns=name&purpose=platform-submission")
                .then()
                .statusCode(422)
                .body(at("code", equalTo("too-many-rows")))
                .body(at("detail", equalTo("所选居民超过 2 人，一次不能导出这么多：请缩小范围（如按社区、楼栋筛选）后分批导出。")));
        Users.as(supervisor)
                .when()
                .get("/api/v1/exports?columns=name&building=1&purpose=platform-submission")
                .then()
                .statusCode(200)
                .header("X-Export-Rows", "2");
    }
}
