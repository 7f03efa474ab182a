package org.communityhub.registry.code;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communityhub.access.Roles;
import org.communityhub.reference.code.Vocabulary;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/** 词汇: the administrator's page for the words ledgers use. */
@HubTest
class VocabularyPageTest {

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

    @Test
    void anAdminSearchesTheShippedWords() {
        String admin = Users.create(Roles.ADMIN, "*");
        String page = as(admin)
                .get("/vocabulary?q=低保")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(page)
                .contains("<td>低保</td>")
                .contains("低保对象")
                .contains("随系统")
                .doesNotContain("<td>大专</td>");
        String headers = as(admin).get("/vocabulary?q=所属社区代码").asString();
        assertThat(headers).contains("<td>所属社区代码</td>");
    }

    @Test
    void anAdminAddsATagShorthandFromAPrefilledFormAndItCountsAtOnce() {
        String admin = Users.create(Roles.ADMIN, "*");
        String word = "帮扶" + ThreadLocalRandom.current().nextInt(1_000_000);
        String importId = "01a23e08-bd72-7439-9cb6-b59c2684b383";

        String prefilled = as(admin)
                .get("/vocabulary?table=tag&alias=" + word + "&import=" + importId)
                .asString();
        assertThat(prefilled)
                .contains("<option value=\"tag\" selected>")
                .doesNotContain("<option value=\"delivery-operation\"")
                .contains("value=\"" + word + "\"")
                .contains("name=\"import\" value=\"" + importId + "\"")
                .contains("回到导入重新检查");

        String unknown = form(admin)
                .formParam("table", "tag")
                .formParam("alias", word)
                .formParam("code", "没有这个标签")
                .post("/vocabulary/code-aliases")
                .asString();
        assertThat(unknown).contains("没有添加").contains("没有这个标签").contains("value=\"" + word + "\"");

        Response added = form(admin)
                .formParam("table", "tag")
                .formParam("alias", word)
                .formParam("code", "低保对象")
                .formParam("import", importId)
                .post("/vocabulary/code-aliases");
        assertThat(added.header("HX-Redirect")).startsWith("/vocabulary?added=").endsWith("&import=" + importId);
        assertThat(as(admin)
                        .urlEncodingEnabled(false)
                        .get(added.header("HX-Redirect"))
                        .asString())
                .contains("已添加别名“" + word + "”")
                .contains("href=\"/imports/" + importId + "\"");
        assertThat(as(admin).get("/vocabulary?q=" + word).asString())
                .contains("<td>" + word + "</td>")
                .contains("本区");
        String worker = Users.create(Roles.WORKER, Communities.create());
        assertThat(Users.as(worker)
                        .get("/api/v1/vocabulary")
                        .as(Json.class)
                        .getString("codeAliases.find { it.alias == '" + word + "' }.code"))
                .isEqualTo("low-income");
    }

    @Test
    void anAdminAddsAHeaderSynonymAndIsToldWhatIsWrong() {
        String admin = Users.create(Roles.ADMIN, "*");
        String header = "居住楼号" + ThreadLocalRandom.current().nextInt(1_000_000);
        String missing = form(admin)
                .formParam("header", header)
                .formParam("field", "")
                .post("/vocabulary/header-synonyms")
                .asString();
        assertThat(missing).contains("请填写字段");
        String wrong = form(admin)
                .formParam("header", header)
                .formParam("field", "没有的项目")
                .post("/vocabulary/header-synonyms")
                .asString();
        assertThat(wrong).contains("没有这个字段");
        Response added = form(admin)
                .formParam("header", header)
                .formParam("field", "building")
                .post("/vocabulary/header-synonyms");
        assertThat(added.header("HX-Redirect")).startsWith("/vocabulary?added=");
        assertThat(as(admin).get("/vocabulary?q=" + header).asString()).contains("<td>" + header + "</td>");
    }

    @Test
    void theSkippedLinesOfTheDistrictsFilesAreShown() throws Exception {
        String admin = Users.create(Roles.ADMIN, "*");
        Matcher dir = Pattern.compile("<code>([^<]+)</code> 下")
                .matcher(as(admin).get("/vocabulary").asString());
        assertThat(dir.find()).isTrue();
        Path file = Path.of(dir.group(1)).resolve(Vocabulary.CODE_ALIASES);
        Files.createDirectories(file.getParent());
        String before = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
        try {
            String text = (before == null ? "table,alias,code\n" : before.endsWith("\n") ? before : before + "\n")
                    + "没有的表,某词,01\n";
            Files.writeString(file, text, StandardCharsets.UTF_8);
            assertThat(as(admin).get("/vocabulary").asString())
                    .contains("本区词汇文件中被跳过的行")
                    .contains("没有代码表“没有的表”");
        } finally {
            if (before == null) {
                Files.deleteIfExists(file);
            } else {
                Files.writeString(file, before, StandardCharsets.UTF_8);
            }
        }
    }

    @Test
    void onlyAdminsHaveTheVocabularyPage() {
        String worker = Users.create(Roles.WORKER, Communities.create());
        as(worker).get("/vocabulary").then().statusCode(403);
        form(worker)
                .formParam("table", "tag")
                .formParam("alias", "x")
                .formParam("code", "低保对象")
                .post("/vocabulary/code-aliases")
                .then()
                .statusCode(403);
    }
}
