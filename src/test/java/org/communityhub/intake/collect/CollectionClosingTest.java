package org.communityhub.intake.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.ResidentTestData.aResident;

import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubDates;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.TestSql;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Closing a collection and deleting its answers: a closed collection takes no more downloads,
 * saves or returns but keeps its summary; its answers are deleted by the supervisor once closed,
 * or by the retention period long after; the form and the returns' counts stay.
 */
@HubTest
class CollectionClosingTest {

    private static final String XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final String PURPOSE = "purpose=platform-submission";
    private static final String FORM = "走访登记表\r\n姓名,年龄,走访情况\r\n";

    @Inject
    CollectionRetention retention;

    private String home;
    private String elsewhere;
    private String worker;
    private String supervisor;
    private String resident;

    @BeforeEach
    void aCollectionWithAnAnswer() {
        home = Communities.create();
        elsewhere = Communities.create();
        worker = Users.create(Roles.WORKER, home);
        supervisor = Users.create(Roles.SUPERVISOR, home, elsewhere);
        resident = aResident()
                .in(home)
                .withName("关闭甲")
                .bornOn(HubDates.today().minusYears(81), "1")
                .registerAs(worker);
    }

    @Test
    void aClosedCollectionTakesNoMoreDownloadsSavesOrReturnsButKeepsItsSummary() throws Exception {
        String id = created();
        returned(id, "已走访").then().statusCode(201);

        Users.as(worker).post("/api/v1/collections/" + id + "/close").then().statusCode(403);
        String partial = Users.create(Roles.SUPERVISOR, home);
        Response byPartial = Users.as(partial).post("/api/v1/collections/" + id + "/close");
        assertThat(byPartial.statusCode()).isEqualTo(403);
        assertThat(byPartial.contentType()).startsWith("application/problem+json");
        assertThat(byPartial.as(Json.class).getString("code")).isEqualTo("not-your-collection");
        assertThat(status(id)).as("refused: still open").isEqualTo("open");

        Instant before = Instant.now();
        Json closed = Users.as(supervisor)
                .post("/api/v1/collections/" + id + "/close")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(closed.getString("status")).isEqualTo("closed");
        assertThat(closed.getString("closedBy")).isEqualTo(supervisor);
        assertThat(Instant.parse(closed.getString("closedAt"))).isAfterOrEqualTo(before.minusSeconds(5));
        assertThat(closed.getString("answersDeletedAt")).isNull();

        assertClosed(Users.as(worker).get("/api/v1/collections/" + id + "/forms/" + home + "?" + PURPOSE));
        assertClosed(returned(id, "再次走访"));
        Response saved = Users.as(worker)
                .contentType("application/x-www-form-urlencoded")
                .formParam("c3", "页面上填")
                .post("/collections/" + id + "/fill/" + home + "/" + resident);
        assertThat(saved.statusCode()).isEqualTo(409);
        assertThat(saved.asString()).contains("已经关闭").doesNotContain("Exception");
        assertClosed(Users.as(supervisor).post("/api/v1/collections/" + id + "/close"));
        assertClosed(Users.as(supervisor)
                .body(Map.of("columns", List.of(Map.of("column", 2, "field", "sex"))))
                .put("/api/v1/collections/" + id + "/mapping"));

        Response summary = Users.as(supervisor).get("/api/v1/collections/" + id + "/summary?" + PURPOSE);
        assertThat(summary.statusCode()).isEqualTo(200);
        assertThat(new String(summary.asByteArray(), StandardCharsets.UTF_8))
                .as("the last answer before closing stands")
                .contains("关闭甲,81,已走访," + resident);
    }

    @Test
    void aClosedCollectionIsOpenedAgainUntilItsAnswersAreDeleted() throws Exception {
        String id = created();
        Response open = Users.as(supervisor).post("/api/v1/collections/" + id + "/reopen");
        assertThat(open.statusCode()).isEqualTo(409);
        assertThat(open.as(Json.class).getString("code")).isEqualTo("collection-open");

        Users.as(supervisor).post("/api/v1/collections/" + id + "/close").then().statusCode(200);
        Users.as(worker).post("/api/v1/collections/" + id + "/reopen").then().statusCode(403);
        Json reopened = Users.as(supervisor)
                .post("/api/v1/collections/" + id + "/reopen")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(reopened.getString("status")).isEqualTo("open");
        assertThat(reopened.getString("reopenedBy")).isEqualTo(supervisor);
        assertThat(reopened.getString("reopenedAt")).isNotNull();
        assertThat(reopened.getString("closedAt")).isNull();
        // Open again, it takes forms back as before.
        returned(id, "补交").then().statusCode(201);

        Users.as(supervisor).post("/api/v1/collections/" + id + "/close").then().statusCode(200);
        Users.as(supervisor)
                .delete("/api/v1/collections/" + id + "/answers")
                .then()
                .statusCode(200);
        Response gone = Users.as(supervisor).post("/api/v1/collections/" + id + "/reopen");
        assertThat(gone.statusCode()).isEqualTo(409);
        assertThat(gone.as(Json.class).getString("code")).isEqualTo("answers-deleted");
        assertThat(status(id)).isEqualTo("closed");
    }

    @Test
    void answersAreDeletedOnlyOnceClosedAndTheCountsStay() throws Exception {
        String id = created();
        returned(id, "已走访，需助餐").then().statusCode(201);

        Response open = Users.as(supervisor).delete("/api/v1/collections/" + id + "/answers");
        assertThat(open.statusCode()).isEqualTo(409);
        assertThat(open.contentType()).startsWith("application/problem+json");
        assertThat(open.as(Json.class).getString("code")).isEqualTo("collection-open");
        assertThat(answers(id)).as("nothing deleted while open").isEqualTo(1);

        Users.as(supervisor).post("/api/v1/collections/" + id + "/close").then().statusCode(200);
        Users.as(worker).delete("/api/v1/collections/" + id + "/answers").then().statusCode(403);
        assertThat(answers(id)).isEqualTo(1);

        Json deleted = Users.as(supervisor)
                .delete("/api/v1/collections/" + id + "/answers")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(deleted.getInt("deleted")).isEqualTo(1);
        assertThat(deleted.getString("deletedBy")).isEqualTo(supervisor);
        assertThat(answers(id)).isZero();

        Json shown = Users.as(supervisor).get("/api/v1/collections/" + id).as(Json.class);
        assertThat(shown.getString("answersDeletedBy")).isEqualTo(supervisor);
        assertThat(shown.getString("answersDeletedAt")).isNotNull();
        String mine = "communities.find { it.communityCode == '" + home + "' }";
        assertThat(shown.getInt(mine + ".returns")).as("the returns stay").isEqualTo(1);
        assertThat(shown.getInt(mine + ".rowsAnswered")).as("no answer kept").isZero();
        assertThat(TestSql.count("select count(*) from collection_return where collection_id = '" + id + "'"))
                .isEqualTo(1);
        assertThat(TestSql.count("select rows_answered from collection_return where collection_id = '" + id + "'"))
                .isEqualTo(1);

        String summary = new String(
                Users.as(supervisor)
                        .get("/api/v1/collections/" + id + "/summary?" + PURPOSE)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray(),
                StandardCharsets.UTF_8);
        assertThat(summary)
                .as("the form stays, the column to fill is empty")
                .startsWith("\uFEFF走访登记表\r\n姓名,年龄,走访情况,编号（勿改）\r\n")
                .contains("\r\n关闭甲,81,," + resident + "\r\n")
                .doesNotContain("助餐");
    }

    @Test
    void theRetentionPeriodDeletesTheAnswersOfCollectionsClosedLongAgo() throws Exception {
        String longAgo = created();
        returned(longAgo, "早已关闭的").then().statusCode(201);
        String recently = created();
        returned(recently, "刚关闭的").then().statusCode(201);
        String open = created();
        returned(open, "还开着的").then().statusCode(201);
        Users.as(supervisor)
                .post("/api/v1/collections/" + longAgo + "/close")
                .then()
                .statusCode(200);
        Users.as(supervisor)
                .post("/api/v1/collections/" + recently + "/close")
                .then()
                .statusCode(200);
        TestSql.execute("update collection set closed_at = now() - interval '181 days' where id = '" + longAgo + "'");
        TestSql.execute("update collection set closed_at = now() - interval '179 days' where id = '" + recently + "'");

        retention.apply(Instant.now());

        assertThat(answers(longAgo)).as("closed longer than 180 days").isZero();
        assertThat(TestSql.text("select answers_deleted_by from collection where id = '" + longAgo + "'"))
                .isEqualTo("system:retention");
        assertThat(answers(recently)).as("closed 179 days ago").isEqualTo(1);
        assertThat(TestSql.text("select answers_deleted_at from collection where id = '" + recently + "'"))
                .isNull();
        assertThat(answers(open)).as("not closed").isEqualTo(1);
        assertThat(TestSql.count("select count(*) from collection_return where collection_id = '" + longAgo + "'"))
                .as("the returns' counts stay")
                .isEqualTo(1);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private static void assertClosed(Response response) {
        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.as(Json.class).getString("code")).isEqualTo("collection-closed");
        assertThat(response.as(Json.class).getString("detail")).contains("已经关闭");
    }

    private static long answers(String id) throws Exception {
        return TestSql.count("select count(*) from collection_answer where collection_id = '" + id + "'");
    }

    private String status(String id) {
        return Users.as(supervisor)
                .get("/api/v1/collections/" + id)
                .as(Json.class)
                .getString("status");
    }

    private String created() {
        LocalDate due = HubDates.today().plusDays(7);
        return Users.as(supervisor)
                .contentType("multipart/form-data")
                .multiPart("file", "走访.csv", FORM.getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart(CollectionResourceTest.text("title", "走访登记"))
                .multiPart(CollectionResourceTest.text("scope", home + "," + elsewhere))
                .multiPart(CollectionResourceTest.text("selection", "all"))
                .multiPart(CollectionResourceTest.text("dueDate", due.toString()))
                .post("/api/v1/collections")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class)
                .get("id");
    }

    /** The home community's form sent back with this answer for the resident. */
    private Response returned(String id, String answer) {
        List<List<String>> filled = List.of(
                List.of("走访登记表", "", "", ""),
                List.of("姓名", "年龄", "走访情况", "编号（勿改）"),
                List.of("关闭甲", "81", answer, resident));
        return Users.as(worker)
                .contentType("multipart/form-data")
                .multiPart("file", "filled.xlsx", CollectionResourceTest.workbook(filled), XLSX_TYPE)
                .multiPart(CollectionResourceTest.text("communityCode", home))
                .post("/api/v1/collections/" + id + "/returns");
    }
}
