package org.communityhub.registry.code;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.hamcrest.Matchers.equalTo;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.communityhub.intake.imports.LedgerImports;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.Json;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/** The district's vocabulary through the API: read by anyone signed in, added to by an admin, counted at once. */
@HubTest
class VocabularyResourceTest {

    @Test
    void anAdminsNewTagWordCountsFromTheNextImportOn() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        String word = "结对帮扶" + ThreadLocalRandom.current().nextInt(1_000_000);
        String header = "帮扶类别" + ThreadLocalRandom.current().nextInt(1_000_000);

        Users.as(worker)
                .body(Map.of("table", "tag", "alias", word, "code", "低保对象"))
                .post("/api/v1/vocabulary/code-aliases")
                .then()
                .statusCode(403);
        Users.asAdmin()
                .body(Map.of("table", "居民标签", "alias", word, "code", "低保对象"))
                .post("/api/v1/vocabulary/code-aliases")
                .then()
                .statusCode(200);
        Users.asAdmin()
                .body(Map.of("header", header, "field", "标签"))
                .post("/api/v1/vocabulary/header-synonyms")
                .then()
                .statusCode(200);
        Users.asAdmin()
                .body(Map.of("table", "tag", "alias", "某词", "code", "没有这个标签"))
                .post("/api/v1/vocabulary/code-aliases")
                .then()
                .statusCode(422)
                .body(at("errors[0].code", equalTo("unknown-code")));

        Json vocabulary = Users.as(worker)
                .get("/api/v1/vocabulary")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(vocabulary.getString("codeAliases.find { it.alias == '" + word + "' }.code"))
                .isEqualTo("low-income");
        assertThat(vocabulary.getString("codeAliases.find { it.alias == '" + word + "' }.source"))
                .isEqualTo("DISTRICT");

        String idNumber = IdNumbers.any();
        List<List<String>> rows =
                List.of(List.of("姓名", "身份证号", "人员类别", header), List.of("帮扶甲", idNumber, "户籍人口", word));
        Json committed = LedgerImports.importWhole(worker, rows);
        assertThat(committed.getLong("progress.rowsCommitted")).isOne();
        List<String> tags = Users.as(worker)
                .get("/api/v1/residents?idNumber=" + idNumber)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .getList("items[0].tags", String.class);
        assertThat(tags).containsExactly("low-income");
    }
}
