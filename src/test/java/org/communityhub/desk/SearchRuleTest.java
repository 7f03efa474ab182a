package org.communityhub.desk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.ResidentTestData.aResident;

import java.time.LocalDate;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/** Search without traps: the page and the API find the same people for the same q. */
@HubTest
class SearchRuleTest {

    @Test
    void thePageAndTheApiFindTheSamePeopleForATagAnAddressAndAName() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        aResident()
                .in(community)
                .withName("孤老甲")
                .bornOn(LocalDate.of(1940, 2, 3), "1")
                .withTags("living-alone-elderly")
                .registerAs(worker);
        aResident().in(community).withName("楼里乙").at("18号楼", "2", "301").registerAs(worker);
        aResident().in(community).withName("楼里丙").at("18号楼", "2", "302").registerAs(worker);

        for (String q : new String[] {"独居老人", "18号楼 2单元 301", "18-2", "楼里"}) {
            int api = Users.as(worker)
                    .queryParam("q", q)
                    .when()
                    .get("/api/v1/residents")
                    .then()
                    .statusCode(200)
                    .extract()
                    .as(Json.class)
                    .get("total");
            String page = Users.as(worker)
                    .accept("text/html")
                    .queryParam("q", q)
                    .when()
                    .get("/residents")
                    .asString();
            assertThat(page).as(q).contains("共 " + api + " 人");
            assertThat(api).as(q).isPositive();
        }
        assertThat(total(worker, "18号楼 2单元 301")).isEqualTo(1);
        assertThat(total(worker, "独居老人")).isEqualTo(1);
    }

    @Test
    void aNameOneCharacterOffSuggestsTheCloseNames() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        aResident().in(community).withName("欧阳为民").registerAs(worker);
        aResident().in(community).withName("欧阳卫民").registerAs(worker);
        aResident().in(community).withName("司马光").registerAs(worker);

        String page = Users.as(worker)
                .accept("text/html")
                .queryParam("q", "欧阳伟民")
                .when()
                .get("/residents")
                .asString();
        assertThat(page).contains("共 0 人", "id=\"close-names\"", "欧阳为民", "欧阳卫民").doesNotContain("司马光");
        // A name found is not second-guessed.
        assertThat(Users.as(worker)
                        .accept("text/html")
                        .queryParam("q", "欧阳为民")
                        .when()
                        .get("/residents")
                        .asString())
                .doesNotContain("id=\"close-names\"");
    }

    private static int total(String worker, String q) {
        return Users.as(worker)
                .queryParam("q", q)
                .when()
                .get("/api/v1/residents")
                .then()
                .extract()
                .as(Json.class)
                .get("total");
    }
}
