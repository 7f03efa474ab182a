package org.communityhub.intake.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.intake.imports.ImportResourceTest.as;
import static org.communityhub.intake.imports.ImportResourceTest.awaitSettled;
import static org.communityhub.intake.imports.ImportResourceTest.committed;
import static org.communityhub.intake.imports.ImportResourceTest.upload;

import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.communityhub.reference.identity.Masking;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.Json;
import org.communityhub.testing.Phones;
import org.communityhub.testing.ResidentTestData;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/**
 * Rows refused for a damaged ID number (two digits swapped, a digit mistyped, a digit lost) linked
 * to the person they probably are, a registered resident or another row of the file, as one
 * decision; a namesake born another day never.
 */
@HubTest
class ImportDamagedIdNumbersTest {

    static final List<String> HEADER = List.of("姓名", "公民身份号码", "性别", "出生日期", "手机号", "楼号", "单元", "门牌号", "人口类型");

    @Test
    void aDamagedNumberIsLinkedToTheRegisteredResidentAndAcceptedAsAnUpdate() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        LocalDate wangBorn = LocalDate.of(1961, 3, 2);
        LocalDate liBorn = LocalDate.of(1955, 7, 8);
        LocalDate zhaoBorn = LocalDate.of(1980, 11, 20);
        String wangNumber = IdNumbers.of(wangBorn, "2");
        String liNumber = IdNumbers.of(liBorn, "1");
        String zhaoNumber = IdNumbers.of(zhaoBorn, "2");
        String wang = registered(worker, community, "王秀英", wangBorn, "2", wangNumber);
        String li = registered(worker, community, "李建国", liBorn, "1", liNumber);
        String zhao = registered(worker, community, "赵丽", zhaoBorn, "2", zhaoNumber);
        String wangPhone = Phones.any();
        String liPhone = Phones.any();
        String zhaoPhone = Phones.any();

        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        rows.add(row("王秀英", IdNumbers.transposed(wangNumber, firstSwappable(wangNumber)), "女", wangBorn, wangPhone));
        rows.add(row("李建国", IdNumbers.mistyped(liNumber, 14), "男", liBorn, liPhone));
        rows.add(row("赵丽", IdNumbers.withoutDigit(zhaoNumber, 15), "女", zhaoBorn, zhaoPhone));
        // Same name, another birth date, a number one digit from hers: another person.
        LocalDate otherDay = LocalDate.of(1961, 3, 3);
        rows.add(row("王秀英", IdNumbers.mistyped(wangNumber, 13), "女", otherDay, Phones.any()));
        String id = upload(worker, "台账.csv", LedgerFiles.csv(rows, StandardCharsets.UTF_8, false));
        Json checked = awaitSettled(worker, id);
        assertThat(checked.getString("state")).isEqualTo("READY");
        assertThat(checked.getLong("progress.rowsWithErrors")).isEqualTo(4);
        assertThat(checked.getLong("progress.decisionsPending")).isEqualTo(3);
        assertThat(checked.getLong("progress.decisionsNeeded"))
                .as("three questions, and the namesake's row refused without one")
                .isEqualTo(4);

        Map<String, Object> transposed = suggestion(worker, id, 2);
        assertThat(transposed.get("code")).isEqualTo("damaged-id-number-registered");
        assertThat(transposed.get("residentId")).isEqualTo(wang);
        assertThat(transposed.get("decision")).isEqualTo("pending");
        assertThat((String) transposed.get("message"))
                .contains("校验位不符")
                .contains("可能是已登记的 王秀英（1961-03-02，3号楼 2单元 501）")
                .contains("该处证件号码为 " + Masking.maskIdNumber(wangNumber))
                .doesNotContain(wangNumber);
        assertThat(suggestion(worker, id, 3).get("residentId")).isEqualTo(li);
        Map<String, Object> shortened = suggestion(worker, id, 4);
        assertThat(shortened.get("residentId")).isEqualTo(zhao);
        assertThat((String) shortened.get("message")).contains("只有 17 位");
        assertThat(suggestion(worker, id, 5)).as("a namesake born another day").isNull();
        // Still refused by the rules: the row is never registered with its damaged number.
        assertThat(ImportResourceTest.findings(worker, id, "ERROR")).containsOnlyKeys(2L, 3L, 4L, 5L);

        Json decided = decide(
                worker,
                id,
                Map.of("row", 2, "accept", true),
                Map.of("row", 3, "accept", true),
                Map.of("row", 4, "accept", false));
        assertThat(decided.getLong("progress.decisionsPending")).isZero();
        assertThat(decided.getLong("progress.decisionsNeeded"))
                .as("the declined row and the namesake's")
                .isEqualTo(2);
        assertThat(decided.getLong("progress.rowsWithErrors")).isEqualTo(2);
        assertThat(decided.getLong("progress.rowsToUpdate")).isEqualTo(2);
        assertThat(suggestion(worker, id, 2).get("decision")).isEqualTo("accepted");
        assertThat(suggestion(worker, id, 4).get("decision")).isEqualTo("declined");

        // Updates are not applied in general: the accepted rows are updated all the same, by their decision.
        Json done = committed(worker, id, "valid-rows");
        assertThat(done.getString("state")).isEqualTo("COMMITTED");
        assertThat(done.getLong("progress.rowsUpdated")).isEqualTo(2);
        assertThat(done.getLong("progress.rowsRegistered")).isZero();
        assertThat(idsWithPhone(worker, wangPhone)).containsExactly(wang);
        assertThat(idsWithPhone(worker, liPhone)).containsExactly(li);
        assertThat(idsWithPhone(worker, zhaoPhone)).as("declined: not updated").isEmpty();
        assertThat(idsWithNumber(worker, wangNumber))
                .as("the registered number kept")
                .containsExactly(wang);
        assertThat(residentsIn(worker, community)).isEqualTo(3);
    }

    @Test
    void aDamagedNumberIsLinkedToTheRowOfItsPersonBeforeOrAfterItAndMergedWhenAccepted() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        LocalDate fangBorn = LocalDate.of(1970, 1, 1);
        LocalDate qiangBorn = LocalDate.of(1988, 8, 8);
        LocalDate minBorn = LocalDate.of(1992, 5, 17);
        String fang = IdNumbers.of(fangBorn, "2");
        String qiang = IdNumbers.of(qiangBorn, "1");
        String min = IdNumbers.of(minBorn, "2");

        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        rows.add(row("王芳", fang, "女", fangBorn, Phones.any())); // 2
        rows.add(row("赵强", IdNumbers.mistyped(qiang, 9), "男", qiangBorn, Phones.any())); // 3: before its row
        rows.add(row("周敏", min, "女", minBorn, Phones.any())); // 4
        rows.add(row("王芳", IdNumbers.transposed(fang, firstSwappable(fang)), "女", fangBorn, Phones.any())); // 5
        rows.add(row("趙強", qiang, "男", qiangBorn, Phones.any())); // 6: the same name in traditional characters
        rows.add(row("周敏", IdNumbers.withoutDigit(min, 3), "女", minBorn, Phones.any())); // 7
        rows.add(row("王芳", IdNumbers.mistyped(fang, 12), "女", LocalDate.of(1970, 1, 11), Phones.any())); // 8: namesake
        String id = upload(worker, "台账.csv", LedgerFiles.csv(rows, StandardCharsets.UTF_8, false));
        Json checked = awaitSettled(worker, id);
        assertThat(checked.getString("state")).isEqualTo("READY");
        assertThat(checked.getLong("progress.decisionsPending")).isEqualTo(3);
        assertThat(checked.getLong("progress.decisionsNeeded")).isEqualTo(4);

        Map<String, Object> transposed = suggestion(worker, id, 5);
        assertThat(transposed.get("code")).isEqualTo("damaged-id-number-in-file");
        assertThat(((Number) transposed.get("otherRow")).longValue()).isEqualTo(2);
        assertThat((String) transposed.get("message")).contains("可能与第 2 行是同一人");
        assertThat(((Number) suggestion(worker, id, 3).get("otherRow")).longValue())
                .as("linked to a row after it")
                .isEqualTo(6);
        assertThat(((Number) suggestion(worker, id, 7).get("otherRow")).longValue())
                .isEqualTo(4);
        assertThat(suggestion(worker, id, 8)).as("a namesake born another day").isNull();

        Json decided = decide(
                worker,
                id,
                Map.of("row", 3, "accept", true),
                Map.of("row", 5, "accept", true),
                Map.of("row", 7, "accept", true));
        assertThat(decided.getLong("progress.decisionsNeeded"))
                .as("every suggestion accepted: the rows still refused, the namesake's")
                .isEqualTo(1);
        Json done = committed(worker, id, "valid-rows");
        assertThat(done.getString("state")).isEqualTo("COMMITTED");
        assertThat(done.getLong("progress.decisionsNeeded"))
                .as("the row the commit left out")
                .isEqualTo(1);
        assertThat(done.getLong("progress.rowsRegistered")).isEqualTo(3);
        assertThat(residentsIn(worker, community)).as("each person once").isEqualTo(3);
    }

    @Test
    void aDecisionNeedsAQuestionAndAReadyImport() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        LocalDate born = LocalDate.of(1975, 4, 4);
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        rows.add(row("孙杰", IdNumbers.of(born, "1"), "男", born, Phones.any()));
        String id = upload(worker, "台账.csv", LedgerFiles.csv(rows, StandardCharsets.UTF_8, false));
        assertThat(awaitSettled(worker, id).getLong("progress.decisionsNeeded"))
                .as("a clean row needs nobody")
                .isZero();
        as(worker)
                .contentType(ContentType.JSON)
                .body(Map.of("decisions", List.of(Map.of("row", 2, "accept", true))))
                .put("/api/v1/imports/" + id + "/decisions")
                .then()
                .statusCode(422)
                .contentType("application/problem+json");
        as(worker)
                .contentType(ContentType.JSON)
                .body(Map.of("decisions", List.of(Map.of("row", 2))))
                .put("/api/v1/imports/" + id + "/decisions")
                .then()
                .statusCode(422);
        String other = Users.create("worker", Communities.create());
        as(other)
                .contentType(ContentType.JSON)
                .body(Map.of("decisions", List.of(Map.of("row", 2, "accept", true))))
                .put("/api/v1/imports/" + id + "/decisions")
                .then()
                .statusCode(404);
    }

    private static String registered(
            String worker, String community, String name, LocalDate born, String sex, String number) {
        return ResidentTestData.aResident()
                .in(community)
                .withName(name)
                .bornOn(born, sex)
                .withIdNumber(number)
                .at("3号楼", "2", "501")
                .registerAs(worker);
    }

    static List<String> row(String name, String number, String sex, LocalDate born, String phone) {
        return List.of(name, number, sex, born.toString(), phone, "3号楼", "2", "501", "户籍人口");
    }

    /** The first index of two adjacent different digits in the first 17. */
    static int firstSwappable(String number) {
        for (int i = 6; i < 16; i++) {
            if (number.charAt(i) != number.charAt(i + 1)) {
                return i;
            }
        }
        throw new IllegalArgumentException("No two adjacent different digits");
    }

    /** The row's finding that asks for a decision, or null. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> suggestion(String user, String id, long row) {
        List<Map<String, Object>> items = as(user).get("/api/v1/imports/" + id + "?row=" + row)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .getList("findings.items");
        return items.stream().filter(f -> f.get("decision") != null).findFirst().orElse(null);
    }

    @SafeVarargs
    static Json decide(String user, String id, Map<String, Object>... decisions) {
        return as(user).contentType(ContentType.JSON)
                .body(Map.of("decisions", List.of(decisions)))
                .put("/api/v1/imports/" + id + "/decisions")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
    }

    static List<String> idsWithPhone(String user, String phone) {
        return as(user).get("/api/v1/residents?phone=" + phone)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .getList("items.id");
    }

    static List<String> idsWithNumber(String user, String number) {
        return as(user).get("/api/v1/residents?idNumber=" + number)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .getList("items.id");
    }

    static int residentsIn(String user, String community) {
        return as(user).get("/api/v1/residents?communityCode=" + community)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .get("total");
    }
}
