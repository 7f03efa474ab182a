package org.communityhub.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.ResidentTestData.aResident;

import io.restassured.response.Response;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/**
 * A worker writes a unit as "1" or as "1单元"; the pages write it one way, "10号楼 1单元 1001",
 * never "1单元单元" nor a bare "10号楼 1 1001".
 */
@HubTest
class AddressOnPagesTest {

    @Test
    void anAddressReadsTheSameOnEveryPageWhicheverWayItsUnitWasWritten() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String bare = aResident()
                .in(community)
                .withName("地址甲")
                .at("10号楼", "1", "1001")
                .registerAs(worker);
        String worded = aResident()
                .in(community)
                .withName("地址乙")
                .at("10号楼", "1单元", "1002")
                .registerAs(worker);

        assertThat(page(worker, "/residents/" + bare)).contains("10号楼 1单元 1001");
        assertThat(page(worker, "/residents/" + worded))
                .contains("10号楼 1单元 1002")
                .doesNotContain("单元单元");
        assertThat(page(worker, "/residents?q=地址"))
                .contains("10号楼 1单元 1001", "10号楼 1单元 1002")
                .doesNotContain("单元单元", "10号楼 1 1001");
    }

    private static String page(String user, String path) {
        Response response = Users.as(user).accept("text/html").when().get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.asString();
    }
}
