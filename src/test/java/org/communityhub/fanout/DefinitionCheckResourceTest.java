package org.communityhub.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.ResidentTestData.aResident;

import io.restassured.builder.MultiPartSpecBuilder;
import io.restassured.specification.MultiPartSpecification;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubDates;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.Json;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/** Checking a definition before it is put in place: every problem at once, or what it would send. */
@HubTest
class DefinitionCheckResourceTest {

    private static final String ELDER_CARE = """
            id: elder-care
            name: 街道养老服务平台
            version: "1"
            legalBasis: 《老年人权益保障法》
            select:
              - status: [ACTIVE]
              - age: {min: 60}
            fields:
              - {name: sfzh, from: idNumber, required: true}
              - {name: xm, from: name}
              - {name: nl, from: age}
            transport:
              type: http-json
              url: http://elders.example/api/elders
              request: {records: people, with: {unit: "${HUB_ELDER_UNIT:110105001}"}}
              answer:
                by: sfzh
                accepted: {list: ok}
                failed: {list: failed, key: sfzh, message: reason}
            """;

    @Test
    void aValidDefinitionShowsWhoItSelectsInTheAreaAndWhatItWouldSendMasked() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String checker = Users.create(Roles.ADAPTER_ADMIN, community);
        String elderId = IdNumbers.of(HubDates.today().minusYears(75), "2");
        aResident()
                .in(community)
                .withName("李秀英")
                .withIdNumber(elderId)
                .bornOn(HubDates.today().minusYears(75), "2")
                .registerAs(worker);
        aResident()
                .in(community)
                .withName("王小明")
                .bornOn(HubDates.today().minusYears(30), "1")
                .registerAs(worker);

        Json answer = Users.as(checker)
                .contentType("application/yaml; charset=UTF-8")
                .body(ELDER_CARE.getBytes(StandardCharsets.UTF_8))
                .when()
                .post("/api/v1/adapters/check")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);

        assertThat(answer.getBoolean("valid")).isTrue();
        assertThat(answer.getBoolean("configured")).isTrue();
        assertThat(answer.getList("problems")).isEmpty();
        assertThat(answer.getLong("selection.looked")).isEqualTo(2);
        assertThat(answer.getLong("selection.selected")).isEqualTo(1);
        List<Map<String, Object>> preview = answer.getList("preview");
        assertThat(preview).singleElement().satisfies(p -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) p.get("fields");
            assertThat(fields.keySet()).containsExactly("sfzh", "xm", "nl");
            assertThat(fields.get("xm")).isEqualTo("李秀英");
            assertThat(fields.get("sfzh").toString()).isNotEqualTo(elderId).contains("*");
        });
        String request = answer.getString("request");
        assertThat(request)
                .contains("\"unit\":\"110105001\"")
                .contains("\"people\":[")
                .doesNotContain(elderId);
    }

    @Test
    void anInvalidDefinitionGetsEveryProblemAtOnceWithItsLineAndNothingElse() {
        String checker = Users.create(Roles.ADAPTER_ADMIN, Communities.create());
        String broken = ELDER_CARE
                .replace("age: {min: 60}", "agee: {min: 60}")
                .replace("from: name", "from: nmae")
                .replace("by: sfzh", "by: idcard");

        Json answer = Users.as(checker)
                .contentType("text/plain; charset=UTF-8")
                .body(broken.getBytes(StandardCharsets.UTF_8))
                .when()
                .post("/api/v1/adapters/check")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);

        assertThat(answer.getBoolean("valid")).isFalse();
        assertThat(answer.getList("problems.line", Integer.class)).containsExactly(7, 10, 17);
        assertThat(answer.getList("problems.message", String.class))
                .anySatisfy(m -> assertThat(m).contains("是不是 age？"))
                .anySatisfy(m -> assertThat(m).contains("是不是 name？"))
                .anySatisfy(m -> assertThat(m).contains("“idcard”不是请求中记录的字段"));
        assertThat(answer.getList("preview")).isEmpty();
    }

    @Test
    void aYamlSlipIsNamedAsOneAndOnlyAnAdapterAdministratorMayCheck() {
        String community = Communities.create();
        String checker = Users.create(Roles.ADAPTER_ADMIN, community);
        String worker = Users.create(Roles.WORKER, community);

        Json answer = Users.as(checker)
                .contentType("application/yaml; charset=UTF-8")
                .body(ELDER_CARE
                        .replace("  - {name: xm, from: name}", "   - {name: xm, from: name}")
                        .getBytes(StandardCharsets.UTF_8))
                .when()
                .post("/api/v1/adapters/check")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        Users.as(worker)
                .contentType("application/yaml; charset=UTF-8")
                .body(ELDER_CARE.getBytes(StandardCharsets.UTF_8))
                .when()
                .post("/api/v1/adapters/check")
                .then()
                .statusCode(403);

        assertThat(answer.getString("problems[0].message"))
                .startsWith("YAML 格式错误（第 10 行）")
                .contains("缩进");
        assertThat(answer.getInt("problems[0].line")).isEqualTo(10);
    }

    // ---- the same check on 平台 (/platforms/check) ------------------------------------------

    @Test
    void theCheckPageListsAnInvalidDefinitionsProblemsByLineAndKeepsTheTextToFix() {
        String checker = Users.create(Roles.ADAPTER_ADMIN, Communities.create());
        String broken = ELDER_CARE.replace("age: {min: 60}", "agee: {min: 60}").replace("from: name", "from: nmae");

        String html = Users.as(checker)
                .contentType("multipart/form-data")
                .header("HX-Request", "true")
                .multiPart(text("definition", broken))
                .when()
                .post("/platforms/check")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        assertThat(html).contains("定义有 2 处问题").doesNotContain("check-valid");
        assertThat(problemLines(html)).containsExactly(7, 10);
        assertThat(html).contains("是不是 age？").contains("是不是 name？");
        // The text as it was sent, in the box, to be fixed there.
        assertThat(textarea(html)).isEqualTo(broken);
    }

    @Test
    void theCheckPageShowsWhoAValidUploadedDefinitionSelectsAndItsRecordsMasked() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String checker = Users.create(Roles.ADAPTER_ADMIN, community);
        String elderId = IdNumbers.of(HubDates.today().minusYears(80), "1");
        aResident()
                .in(community)
                .withName("赵德明")
                .withIdNumber(elderId)
                .bornOn(HubDates.today().minusYears(80), "1")
                .registerAs(worker);
        aResident()
                .in(community)
                .withName("钱小红")
                .bornOn(HubDates.today().minusYears(70), "2")
                .registerAs(worker);
        aResident()
                .in(community)
                .withName("孙年轻")
                .bornOn(HubDates.today().minusYears(20), "2")
                .registerAs(worker);

        // Uploaded: the file replaces what the box held, and is shown there after the check.
        String html = Users.as(checker)
                .contentType("multipart/form-data")
                .header("HX-Request", "true")
                .multiPart(text("definition", "id: left-over"))
                .multiPart("file", "adapter.yaml", ELDER_CARE.getBytes(StandardCharsets.UTF_8), "application/yaml")
                .when()
                .post("/platforms/check")
                .then()
                .statusCode(200)
                .extract()
                .asString();

        assertThat(html).contains("id=\"check-valid\"").contains("3 名居民中，有 2 名符合");
        assertThat(Pattern.compile("class=\"payload preview-record\"")
                        .matcher(html)
                        .results())
                .hasSize(2);
        assertThat(html).contains("赵德明").contains("钱小红").doesNotContain("孙年轻").doesNotContain(elderId);
        assertThat(html).contains("&quot;people&quot;").contains("110105001");
        assertThat(textarea(html)).isEqualTo(ELDER_CARE);
        assertThat(html).doesNotContain("check-unconfigured");

        // Its URL from a variable this hub's environment does not have: valid, but it would send nothing.
        String unset = ELDER_CARE.replace("http://elders.example/api/elders", "${HUB_ELDER_CHECK_UNSET_URL:}");
        String warned = Users.as(checker)
                .contentType("multipart/form-data")
                .header("HX-Request", "true")
                .multiPart(text("definition", unset))
                .when()
                .post("/platforms/check")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(warned).contains("id=\"check-valid\"").contains("id=\"check-unconfigured\"");
        assertThat(Users.as(checker)
                        .contentType("application/yaml; charset=UTF-8")
                        .body(unset.getBytes(StandardCharsets.UTF_8))
                        .when()
                        .post("/api/v1/adapters/check")
                        .then()
                        .statusCode(200)
                        .extract()
                        .as(Json.class)
                        .getBoolean("configured"))
                .isFalse();
    }

    @Test
    void theCheckPageIsTheAdapterAdministratorsAndAnEmptyCheckIsRefusedInWords() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String checker = Users.create(Roles.ADAPTER_ADMIN, community);

        Users.as(worker).when().get("/platforms/check").then().statusCode(403);
        Users.as(worker)
                .contentType("multipart/form-data")
                .header("HX-Request", "true")
                .multiPart(text("definition", ELDER_CARE))
                .when()
                .post("/platforms/check")
                .then()
                .statusCode(403);
        String page = Users.as(checker)
                .when()
                .get("/platforms/check")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(page).contains("检查平台定义").contains("name=\"definition\"");
        assertThat(Users.as(checker)
                        .when()
                        .get("/platforms")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString())
                .contains("href=\"/platforms/check\"");

        String empty = Users.as(checker)
                .contentType("multipart/form-data")
                .header("HX-Request", "true")
                .multiPart(text("definition", "  \n"))
                .when()
                .post("/platforms/check")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(empty).contains("请粘贴平台定义的内容，或选择一个定义文件。").doesNotContain("check-result");
        String notUtf8 = Users.as(checker)
                .contentType("multipart/form-data")
                .header("HX-Request", "true")
                .multiPart(
                        "file",
                        "adapter.yaml",
                        ELDER_CARE.getBytes(java.nio.charset.Charset.forName("GBK")),
                        "application/yaml")
                .when()
                .post("/platforms/check")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(notUtf8).contains("文件不是 UTF-8 编码");
    }

    private static MultiPartSpecification text(String name, String value) {
        return new MultiPartSpecBuilder(value)
                .controlName(name)
                .mimeType("text/plain")
                .charset(StandardCharsets.UTF_8)
                .build();
    }

    private static List<Integer> problemLines(String html) {
        Matcher m = Pattern.compile("data-line=\"(\\d+)\"").matcher(html);
        List<Integer> lines = new java.util.ArrayList<>();
        while (m.find()) {
            lines.add(Integer.parseInt(m.group(1)));
        }
        return lines;
    }

    /** The check form's text box as the browser would fill it (Qute escapes the text). */
    private static String textarea(String html) {
        Matcher m = Pattern.compile("<textarea[^>]*>(.*?)</textarea>", Pattern.DOTALL)
                .matcher(html);
        assertThat(m.find()).as("a text box").isTrue();
        return m.group(1)
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
