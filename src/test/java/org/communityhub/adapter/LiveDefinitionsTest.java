package org.communityhub.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.LiveAdapterDirectory.publish;
import static org.communityhub.testing.Waiting.await;

import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Json;
import org.communityhub.testing.LiveAdapterDirectory;
import org.communityhub.testing.SmallBatchesTestProfile;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Definitions change while the hub runs, in the layout Kubernetes mounts a ConfigMap in
 * ({@link LiveAdapterDirectory}), beside the shipped platforms.
 */
@HubTest
@TestProfile(SmallBatchesTestProfile.class)
class LiveDefinitionsTest {

    private static final Duration PATIENCE = Duration.ofSeconds(20);

    static String definition(String id, String field, String comment) {
        return comment + """
                id: %s
                name: 测试平台 %s
                version: "1"
                legalBasis: 测试用：《个人信息保护法》第十三条第一款第三项
                select:
                  - status: [ACTIVE]
                fields:
                  - {name: %s, from: name}
                transport:
                  type: xlsx-file
                """.formatted(id, id, field);
    }

    @Test
    void aDefinitionAddedChangedBrokenAndRemovedTakesEffectWithoutARestart() throws Exception {
        String admin = Users.create(Roles.ADAPTER_ADMIN, Communities.create());
        publish(Map.of("steady.yaml", definition("steady", "姓名", "")));
        await().atMost(PATIENCE)
                .untilAsserted(() ->
                        assertThat(platform(admin, "steady").getString("state")).isEqualTo("ACTIVE"));

        publish(Map.of("steady.yaml", definition("steady", "姓名", ""), "fresh.yaml", definition("fresh", "姓名", "")));
        await().atMost(PATIENCE)
                .untilAsserted(() ->
                        assertThat(platform(admin, "fresh").getString("state")).isEqualTo("ACTIVE"));
        String first = platform(admin, "fresh").getString("definitionHash");

        publish(Map.of(
                "steady.yaml", definition("steady", "姓名", ""),
                "fresh.yaml", definition("fresh", "姓名", "# 只改了注释\n")));
        Thread.sleep(1000);
        assertThat(platform(admin, "fresh").getString("definitionHash"))
                .as("a comment edit is not a new version")
                .isEqualTo(first);

        publish(Map.of(
                "steady.yaml", definition("steady", "姓名", ""),
                "fresh.yaml", definition("fresh", "名字", "")));
        await().atMost(PATIENCE)
                .untilAsserted(() ->
                        assertThat(platform(admin, "fresh").getList("fields")).containsExactly("名字"));
        String second = platform(admin, "fresh").getString("definitionHash");
        assertThat(second).isNotEqualTo(first);

        publish(Map.of(
                "steady.yaml", definition("steady", "姓名", ""),
                "fresh.yaml", definition("fresh", "名字", "").replace("from: name", "from: nmae"),
                "never.yaml", definition("never", "姓名", "").replace("type: xlsx-file", "type: xlsx")));
        await().atMost(PATIENCE)
                .untilAsserted(() ->
                        assertThat(platform(admin, "fresh").getString("state")).isEqualTo("INVALID"));
        await().atMost(PATIENCE)
                .untilAsserted(() ->
                        assertThat(platform(admin, "never").getString("state")).isEqualTo("INVALID"));
        // 平台 says so: on the list, and on each platform's page with every problem by line.
        String list = page(admin, "/platforms");
        assertThat(list).containsPattern("(?s)id=\"platform-fresh\".*?定义有误.*?</tr>");
        assertThat(list).containsPattern("(?s)id=\"platform-never\".*?定义有误.*?该平台未运行.*?</tr>");
        assertThat(page(admin, "/platforms/fresh")).contains("定义文件有 1 处问题", "仍按上一个有效版本", "第 8 行", "是不是 name？");
        assertThat(page(admin, "/platforms/never")).contains("定义文件有 1 处问题", "没有有效的版本，未运行", "第 10 行");
        Json broken = platform(admin, "fresh");
        assertThat(broken.getString("problems[0].message")).contains("是不是 name？");
        assertThat(broken.getInt("problems[0].line")).isEqualTo(8);
        assertThat(broken.getString("definitionHash"))
                .as("the last valid version keeps running")
                .isEqualTo(second);
        assertThat(platform(admin, "steady").getString("state")).isEqualTo("ACTIVE");
        assertThat(RestAssured.get("/q/metrics").asString())
                .containsPattern("hub_adapter_definition_problems\\{adapter=\"fresh\"[^}]*} 1\\.0");

        publish(Map.of("steady.yaml", definition("steady", "姓名", "")));
        await().atMost(PATIENCE)
                .untilAsserted(() -> assertThat(Users.as(admin)
                                .get("/api/v1/adapters")
                                .then()
                                .statusCode(200)
                                .extract()
                                .as(Json.class)
                                .getList("id", String.class))
                        .contains("steady")
                        .doesNotContain("fresh"));
    }

    /** The other classes of the profile see the shipped platforms alone. */
    @AfterEach
    void onlyTheShippedPlatformsAgain() throws IOException {
        publish(Map.of());
    }

    private static String page(String admin, String path) {
        return Users.as(admin).get(path).then().statusCode(200).extract().asString();
    }

    private static Json platform(String admin, String id) {
        return Users.as(admin)
                .get("/api/v1/adapters/" + id)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
    }
}
