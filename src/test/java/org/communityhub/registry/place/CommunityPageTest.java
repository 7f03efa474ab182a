package org.communityhub.registry.place;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/** 社区: the administrator lists, adds and imports communities on a page, as the API does. */
@HubTest
class CommunityPageTest {

    private static RequestSpecification as(String user) {
        return given().auth()
                .preemptive()
                .basic(user, Users.PASSWORD)
                .redirects()
                .follow(false);
    }

    /** A form post: UTF-8, as browsers send the pages' forms. */
    private static RequestSpecification form(String user) {
        return as(user).contentType("application/x-www-form-urlencoded; charset=UTF-8");
    }

    @Test
    void anAdminSeesTheCommunitiesOfTheirAreaWithTheirStreet() {
        String mine = Communities.create();
        String street = Communities.streetOf(mine);
        String admin = Users.create(Roles.ADMIN, street);

        String page = as(admin)
                .get("/communities?size=50&q=" + mine)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(page).contains("id=\"community-" + mine + "\"").contains(Communities.nameOf(street));
        assertThat(page).contains("href=\"/communities\" aria-current=\"page\"").contains("href=\"/vocabulary\"");

        String elsewhere = Communities.create();
        while (Communities.streetOf(elsewhere).equals(street)) {
            elsewhere = Communities.create();
        }
        assertThat(as(admin).get("/communities?q=" + elsewhere).asString())
                .doesNotContain("community-" + elsewhere)
                .contains("共 0 个社区");
        assertThat(as(admin).get("/communities?q=" + Communities.nameOf(mine)).asString())
                .contains("community-" + mine);
    }

    @Test
    void anAdminAddsACommunityByItsCodeUnderItsStreet() {
        String code = Communities.unregistered();
        String admin = Users.create(Roles.ADMIN, "*");

        assertThat(as(admin)
                        .get("/communities/street?code=" + code.substring(0, 10))
                        .asString())
                .contains("所属街道：" + Communities.nameOf(code.substring(0, 9)));

        Response added =
                form(admin).formParam("code", code).formParam("name", "页面新增社区").post("/communities");
        assertThat(added.statusCode()).isEqualTo(200);
        assertThat(added.header("HX-Redirect")).isEqualTo("/communities?q=" + code);
        assertThat(Communities.nameOf(code)).isEqualTo("页面新增社区");
        Users.asAdmin()
                .get("/api/v1/divisions/" + code)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .get("parentCode");
        assertThat(Users.asAdmin()
                        .get("/api/v1/divisions/" + code)
                        .as(Json.class)
                        .getString("parentCode"))
                .isEqualTo(code.substring(0, 9));

        String again = form(admin)
                .formParam("code", code)
                .formParam("name", "又一个")
                .post("/communities")
                .asString();
        assertThat(again).contains("已在登记簿中").contains("aria-invalid=\"true\"").contains("value=\"又一个\"");
        assertThat(Communities.nameOf(code)).isEqualTo("页面新增社区");

        String noStreet = form(admin)
                .formParam("code", "110105999001")
                .formParam("name", "无街道社区")
                .post("/communities")
                .asString();
        assertThat(noStreet).contains("110105999 不是登记簿中的乡镇（街道）");
        String short9 = form(admin)
                .formParam("code", "110105001")
                .formParam("name", "街道")
                .post("/communities")
                .asString();
        assertThat(short9).contains("应为 12 位数字");
        String noName = form(admin)
                .formParam("code", Communities.unregistered())
                .formParam("name", " ")
                .post("/communities")
                .asString();
        assertThat(noName).contains("请填写名称");
    }

    @Test
    void anAdminOfOneStreetCannotAddACommunityOfAnother() {
        String code = Communities.unregistered();
        String other = code.startsWith("110105001") ? "110105002" : "110105001";
        String admin = Users.create(Roles.ADMIN, other);
        String refused = form(admin)
                .formParam("code", code)
                .formParam("name", "越界社区")
                .post("/communities")
                .asString();
        assertThat(refused).contains("不在您的管辖范围内");
        Users.asAdmin().get("/api/v1/divisions/" + code).then().statusCode(404);
    }

    @Test
    void anAdminImportsACodeListAllOrNothing() {
        String admin = Users.create(Roles.ADMIN, "*");
        String a = Communities.unregistered();
        String b = Communities.unregistered();
        String bad =
                "code,name,streetCode\n" + a + ",导入甲社区," + a.substring(0, 9) + "\n12345,坏行," + b.substring(0, 9) + "\n";
        String refused = as(admin)
                .multiPart("file", "codes.csv", bad.getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/communities/import")
                .asString();
        assertThat(refused).contains("没有导入任何一行").contains("第 3 行：社区（村）代码应为 12 位数字");
        Users.asAdmin().get("/api/v1/divisions/" + a).then().statusCode(404);

        String good = "code,name,streetCode\n" + a + ",导入甲社区," + a.substring(0, 9) + "\n" + b + ",导入乙社区,"
                + b.substring(0, 9) + "\n";
        String done = as(admin)
                .multiPart("file", "codes.csv", good.getBytes(StandardCharsets.UTF_8), "text/csv")
                .post("/communities/import")
                .asString();
        assertThat(done).contains("已导入 2 行：新增 2 个");
        assertThat(Communities.nameOf(b)).isEqualTo("导入乙社区");
    }

    @Test
    void onlyAdminsHaveTheCommunitiesPage() {
        String worker = Users.create(Roles.WORKER, Communities.create());
        as(worker).get("/communities").then().statusCode(403);
        form(worker)
                .formParam("code", Communities.unregistered())
                .formParam("name", "x")
                .post("/communities")
                .then()
                .statusCode(403);
        assertThat(as(worker).get("/").asString()).doesNotContain("href=\"/communities\"");
    }
}
