package org.communityhub.intake.imports;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.intake.imports.ImportResourceTest.awaitSettled;
import static org.communityhub.intake.imports.ImportResourceTest.findings;
import static org.communityhub.intake.imports.ImportResourceTest.upload;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.Json;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/** Communities an import's rows name that the registry lacks, added by an admin in one step; unknown tags added to the vocabulary. */
@HubTest
class ImportCommunitiesTest {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private static RequestSpecification as(String user) {
        return given().auth()
                .preemptive()
                .basic(user, Users.PASSWORD)
                .redirects()
                .follow(false);
    }

    private static RequestSpecification form(String user) {
        return as(user).contentType("application/x-www-form-urlencoded; charset=UTF-8");
    }

    /** A user holding several roles (a district may give one person both). */
    static String userWith(List<String> roles, String scope) {
        String username = "multi." + NEXT.getAndIncrement() + "."
                + ThreadLocalRandom.current().nextInt(100_000);
        Users.asAdmin()
                .body(Map.of("username", username, "password", Users.PASSWORD, "roles", roles, "scope", List.of(scope)))
                .post("/api/v1/users")
                .then()
                .statusCode(201);
        return username;
    }

    @Test
    void anAdminAddsTheMissingCommunitiesWithTheLedgersNamesAndTheImportIsCheckedAgain() {
        String first = Communities.unregistered();
        String second = Communities.unregistered();
        String street = first.substring(0, 9);
        String supervisor = Users.create(Roles.SUPERVISOR, street);
        List<List<String>> rows = List.of(
                List.of("姓名", "身份证号", "民族", "人口类型", "所属社区代码", "社区名称"),
                List.of("缺社甲", IdNumbers.any(), "汉族", "户籍人口", first, "新建甲社区居委会"),
                List.of("缺社乙", IdNumbers.any(), "汉族", "户籍人口", first, "新建甲社区居委会"),
                List.of("缺社丙", IdNumbers.any(), "汉族", "户籍人口", second, "新建乙社区居委会"));
        String id = upload(supervisor, "缺社区.csv", LedgerFiles.csv(rows, StandardCharsets.UTF_8, false));
        Json checked = awaitSettled(supervisor, id);
        assertThat(checked.getLong("progress.rowsWithErrors")).isEqualTo(3);

        // The supervisor sees what is missing and who can add it, but cannot add it.
        assertThat(as(supervisor).get("/imports/" + id).asString())
                .contains("href=\"/imports/" + id + "/communities\"")
                .contains("查看缺少的社区和可以添加的管理员");
        String seen = as(supervisor)
                .get("/imports/" + id + "/communities")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(seen)
                .contains("id=\"missing-" + first + "\"")
                .contains("id=\"missing-" + second + "\"")
                .contains("新建甲社区居委会")
                .contains("只有系统管理员可以添加社区")
                .contains("admin")
                .doesNotContain("添加这些社区并重新检查");
        form(supervisor)
                .formParam("name." + first, "x")
                .post("/imports/" + id + "/communities")
                .then()
                .statusCode(403);

        // An admin who cannot open the import adds them in one step, with the ledger's names.
        String admin = Users.create(Roles.ADMIN, "*");
        as(admin).get("/imports/" + id).then().statusCode(403);
        String offered = as(admin).get("/imports/" + id + "/communities").asString();
        assertThat(offered)
                .contains("name=\"name." + first + "\" value=\"新建甲社区居委会\"")
                .contains("名称取自台账中的社区名称列")
                .contains("添加这些社区并重新检查");
        Response added = form(admin)
                .formParam("name." + first, "新建甲社区居委会")
                .formParam("name." + second, "新建乙社区居委会")
                .post("/imports/" + id + "/communities");
        assertThat(added.header("HX-Redirect")).isEqualTo("/imports/" + id + "/communities?added=2");
        assertThat(Communities.nameOf(second)).isEqualTo("新建乙社区居委会");

        Json again = awaitSettled(supervisor, id);
        assertThat(again.getString("state")).isEqualTo("READY");
        assertThat(again.getLong("progress.rowsWithErrors")).isZero();
        assertThat(findings(supervisor, id, "ERROR")).isEmpty();
        assertThat(as(admin).get("/imports/" + id + "/communities").asString()).contains("没有登记簿里缺少的社区");
    }

    @Test
    void withoutANameColumnTheAdminTypesTheNamesAndNothingIsAddedUntilAllAreGiven() {
        String first = Communities.unregistered();
        String second = Communities.unregistered();
        String admin = userWith(List.of(Roles.SUPERVISOR, Roles.ADMIN), first.substring(0, 9));
        List<List<String>> rows = List.of(
                List.of("姓名", "身份证号", "民族", "人口类型", "社区代码"),
                List.of("无名甲", IdNumbers.any(), "汉族", "户籍人口", first),
                List.of("无名乙", IdNumbers.any(), "汉族", "户籍人口", second));
        String id = upload(admin, "无名称.csv", LedgerFiles.csv(rows, StandardCharsets.UTF_8, false));
        awaitSettled(admin, id);
        assertThat(as(admin).get("/imports/" + id).asString())
                .contains("hx-post=\"/imports/" + id + "/communities/from-file\"");
        // Without names in the ledger, the one click leads to the page to type them; nothing is added.
        assertThat(as(admin).post("/imports/" + id + "/communities/from-file").header("HX-Redirect"))
                .isEqualTo("/imports/" + id + "/communities");
        Users.asAdmin().get("/api/v1/divisions/" + first).then().statusCode(404);
        assertThat(as(admin).get("/imports/" + id + "/communities").asString())
                .contains("台账中没有社区名称列")
                .contains("name=\"name." + first + "\" value=\"\"");

        String refused = form(admin)
                .formParam("name." + first, "只填一个社区")
                .post("/imports/" + id + "/communities")
                .asString();
        assertThat(refused).contains("没有添加任何社区").contains("请填写名称").contains("value=\"只填一个社区\"");
        Users.asAdmin().get("/api/v1/divisions/" + first).then().statusCode(404);

        Response added = form(admin)
                .formParam("name." + first, "手填甲社区")
                .formParam("name." + second, "手填乙社区")
                .post("/imports/" + id + "/communities");
        assertThat(added.header("HX-Redirect")).isEqualTo("/imports/" + id);
        assertThat(awaitSettled(admin, id).getLong("progress.rowsWithErrors")).isZero();
    }

    @Test
    void anUnknownTagOffersTheAdminToAddItAndTheImportIsCheckedAgain() {
        String community = Communities.create();
        String worker = userWith(List.of(Roles.WORKER, Roles.ADMIN), community);
        String word = "结对" + ThreadLocalRandom.current().nextInt(1_000_000);
        List<List<String>> rows =
                List.of(List.of("姓名", "身份证号", "民族", "人口类型", "标签"), List.of("标签甲", IdNumbers.any(), "汉族", "户籍人口", word));
        String id = upload(worker, "标签.csv", LedgerFiles.csv(rows, StandardCharsets.UTF_8, false));
        awaitSettled(worker, id);
        assertThat(findings(worker, id, "WARNING")).containsValue(java.util.Set.of("unknown-tag"));
        String page = as(worker).get("/imports/" + id).asString();
        assertThat(page).contains("添加为标签别名：" + word).contains("/vocabulary?table=tag&amp;alias=");

        String onlyWorker = Users.create(Roles.WORKER, community);
        String theirs = upload(onlyWorker, "标签.csv", LedgerFiles.csv(rows, StandardCharsets.UTF_8, false));
        awaitSettled(onlyWorker, theirs);
        assertThat(as(onlyWorker).get("/imports/" + theirs).asString()).doesNotContain("添加为标签别名");

        form(worker)
                .formParam("table", "tag")
                .formParam("alias", word)
                .formParam("code", "低保对象")
                .formParam("import", id)
                .post("/vocabulary/code-aliases")
                .then()
                .header("HX-Redirect", org.hamcrest.Matchers.endsWith("&import=" + id));
        Response again = as(worker).post("/imports/" + id + "/check-again");
        assertThat(again.header("HX-Redirect")).isEqualTo("/imports/" + id);
        awaitSettled(worker, id);
        assertThat(findings(worker, id, "WARNING")).doesNotContainValue(java.util.Set.of("unknown-tag"));
    }
}
