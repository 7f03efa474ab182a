package org.communityhub.intake.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.Json;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/**
 * Ledgers in the words communities use (generated: header spellings, code words, tag shorthand,
 * communities by name, padded names) go in whole; what is one problem of the whole file is said
 * once.
 */
@HubTest
class LedgerVocabularyTest {

    @Test
    @SuppressWarnings("unchecked")
    void aLedgerInEverydayWordsGoesInWhole() {
        String first = Communities.create();
        String second = Communities.create();
        String worker = Users.create("worker", first, second);
        Map<String, String> names = Map.of(first, Communities.nameOf(first), second, Communities.nameOf(second));
        for (int ledger = 0; ledger < 3; ledger++) {
            long seed = ThreadLocalRandom.current().nextLong();
            SyntheticLedger generated = new SyntheticLedger(seed, 40, List.of(first, second), names);
            String id = ImportResourceTest.upload(
                    worker, "台账.csv", LedgerFiles.csv(generated.sheet(), TextEncoding.GB18030, false));
            Json done = ImportResourceTest.awaitSettled(worker, id);
            String about = "seed " + seed + ", headers " + generated.header;

            assertThat(done.getString("state")).as(about).isEqualTo("READY");
            assertThat(errors(worker, id)).as(about).isEmpty();
            assertThat(done.getLong("progress.rowsValid")).as(about).isEqualTo(40);
            assertThat(done.getList("columns.findAll { it.field == null }.header"))
                    .as(about)
                    .containsExactly("备注");

            Map<Long, Set<String>> warnings = ImportResourceTest.findings(worker, id, "WARNING");
            assertThat(warnings.get(1L)).as(about).contains("columns-not-imported");
            if (!generated.paddedNames.isEmpty()) {
                assertThat(warnings.get(1L)).as(about).contains("names-cleaned");
            }
            generated.unknownTags.forEach((row, word) -> {
                assertThat(warnings.get(row)).as(about).contains("unknown-tag");
                String message = findingOn(worker, id, row, "unknown-tag");
                assertThat(message).contains(word).contains("空巢老人").contains("低保对象");
            });

            Json committed = ImportResourceTest.committed(worker, id, "valid-rows");
            assertThat(committed.getLong("progress.rowsCommitted")).as(about).isEqualTo(40);
            for (SyntheticLedger.Person p : generated.people) {
                Map<String, Object> r = resident(worker, p.idNumber());
                assertThat(r.get("name")).as(about).isEqualTo(p.name());
                assertThat(r.get("communityCode")).as(about).isEqualTo(p.community());
                assertThat(r.get("education")).as(about).isEqualTo(p.education());
                assertThat(r.get("maritalStatus")).as(about).isEqualTo(p.maritalStatus());
                assertThat(r.get("politicalStatus")).as(about).isEqualTo(p.politicalStatus());
                assertThat(r.get("ethnicity")).as(about).isEqualTo(p.ethnicity());
                assertThat(r.get("residenceType")).as(about).isEqualTo(p.residenceType());
                assertThat((List<Object>) r.get("tags")).as(about).containsExactlyInAnyOrderElementsOf(p.tags());
            }
        }
    }

    @Test
    void aLedgerWithoutCommunityAndIdNumberColumnsIsToldSoOnceBeforeAnythingIsCommitted() {
        String first = Communities.create();
        String second = Communities.create();
        String worker = Users.create("worker", first, second);
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("姓名", "性别", "出生日期", "人员类别", "自定义栏目"));
        for (int i = 0; i < 25; i++) {
            rows.add(List.of("测试某", "男", "1980-01-0" + (1 + i % 9), "户籍人口", "x"));
        }
        String id = ImportResourceTest.upload(worker, "无号码.csv", LedgerFiles.csv(rows, StandardCharsets.UTF_8, false));
        Json done = ImportResourceTest.awaitSettled(worker, id);
        assertThat(done.getLong("progress.rowsWithErrors")).isEqualTo(25);
        Map<Long, Set<String>> errors = ImportResourceTest.findings(worker, id, "ERROR");
        assertThat(errors.get(1L)).containsExactly("no-community-column");
        assertThat(ImportResourceTest.findings(worker, id, "WARNING").get(1L))
                .containsExactlyInAnyOrder("no-id-number-column", "columns-not-imported");
        assertThat(findingOn(worker, id, 1L, "no-community-column"))
                .contains("列对应")
                .doesNotContain("communityCode");
        assertThat(findingOn(worker, id, 1L, "columns-not-imported")).contains("自定义栏目");
        // Each row's own finding is short and points to the header row's.
        assertThat(findingOn(worker, id, 2L, "community-unknown")).contains("见表头行");

        // A worker of one community: the rows go to it, and the file is told so once.
        String own = Users.create("worker", first);
        String second2 =
                ImportResourceTest.upload(own, "无社区列.csv", LedgerFiles.csv(rows, StandardCharsets.UTF_8, false));
        Json ready = ImportResourceTest.awaitSettled(own, second2);
        assertThat(ready.getLong("progress.rowsWithErrors")).isZero();
        assertThat(findingOn(own, second2, 1L, "community-from-uploader")).contains(first);
    }

    @Test
    void communitiesNotInTheRegistryAreListedOnceWithTheirRows() {
        String community = Communities.create();
        String street = Communities.streetOf(community);
        String supervisor = Users.create("supervisor", street);
        List<String> missing = List.of(street + "901", street + "902", street + "903");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("姓名", "身份证号", "所属社区代码", "人员类别"));
        for (int i = 0; i < 30; i++) {
            String where = i < 5 ? community : missing.get(i % 3);
            rows.add(List.of("测试某", IdNumbers.any(), where, "户籍人口"));
        }
        String id =
                ImportResourceTest.upload(supervisor, "新社区.csv", LedgerFiles.csv(rows, StandardCharsets.UTF_8, false));
        Json done = ImportResourceTest.awaitSettled(supervisor, id);
        assertThat(done.getLong("progress.rowsValid")).isEqualTo(5);
        assertThat(done.getLong("progress.rowsWithErrors")).isEqualTo(25);
        String summary = findingOn(supervisor, id, 1L, "communities-not-registered");
        assertThat(summary).contains("25 行").contains("共 3 个");
        for (String code : missing) {
            assertThat(summary).contains(code + "（");
        }
        assertThat(findingOn(supervisor, id, 7L, "unknown-community")).contains("表头行");
    }

    /** The errors found, each with its row, field and cell's header, for a failure to show. */
    private static List<String> errors(String user, String id) {
        return ImportResourceTest.as(user)
                .get("/api/v1/imports/" + id + "?size=200&severity=ERROR")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .<Map<String, Object>>getList("findings.items")
                .stream()
                .map(f -> f.get("row") + " " + f.get("field") + " " + f.get("columnName") + " " + f.get("message"))
                .toList();
    }

    private static String findingOn(String user, String id, long row, String code) {
        Json j = ImportResourceTest.as(user)
                .get("/api/v1/imports/" + id + "?row=" + row + "&size=50")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        String message = j.getString("findings.items.find { it.code == '" + code + "' }.message");
        assertThat(message).as("finding " + code + " on row " + row).isNotNull();
        return message;
    }

    /**
     * The resident with this ID number, read with Jackson.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> resident(String user, String idNumber) {
        Map<String, Object> found = ImportResourceTest.as(user)
                .get("/api/v1/residents?idNumber=" + idNumber)
                .then()
                .statusCode(200)
                .extract()
                .as(Map.class);
        List<Map<String, Object>> items = (List<Map<String, Object>>) found.get("items");
        assertThat(items).as("registered").isNotEmpty();
        return ImportResourceTest.as(user)
                .get("/api/v1/residents/" + items.get(0).get("id"))
                .then()
                .statusCode(200)
                .extract()
                .as(Map.class);
    }
}
