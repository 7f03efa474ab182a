package org.communityhub.intake.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.intake.imports.ImportDamagedIdNumbersTest.decide;
import static org.communityhub.intake.imports.ImportDamagedIdNumbersTest.idsWithNumber;
import static org.communityhub.intake.imports.ImportDamagedIdNumbersTest.residentsIn;
import static org.communityhub.intake.imports.ImportDamagedIdNumbersTest.suggestion;
import static org.communityhub.intake.imports.ImportResourceTest.as;
import static org.communityhub.intake.imports.ImportResourceTest.awaitSettled;
import static org.communityhub.intake.imports.ImportResourceTest.committed;
import static org.communityhub.intake.imports.ImportResourceTest.upload;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.communityhub.reference.identity.Masking;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.Json;
import org.communityhub.testing.Phones;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/**
 * Rows of one person in a ledger become one resident: a repeated ID number, a damaged number
 * accepted as another row's person, a row without a number accepted as another row's person; the
 * values taken well (a usable number, a filled value over an empty one, the form the rules want,
 * the value most rows give), the differences asked once, and the person counted once in their
 * household.
 */
@HubTest
class ImportSamePersonTest {

    static final List<String> HEADER = List.of("姓名", "公民身份号码", "性别", "出生日期", "手机号", "文化程度", "户号", "与户主关系", "人口类型");

    @Test
    void rowsWithOneIdNumberAreOnePersonWithTheirValuesTogether() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        LocalDate wangBorn = LocalDate.of(1961, 3, 2);
        LocalDate liBorn = LocalDate.of(1959, 6, 1);
        String wang = IdNumbers.of(wangBorn, "2");
        String li = IdNumbers.of(liBorn, "1");
        String phone = Phones.any();
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        rows.add(row("王秀英", wang, "女", wangBorn, "", "大专", "H1", "户主")); // 2
        rows.add(row("李建国", li, "男", liBorn, "", "", "H1", "丈夫")); // 3
        rows.add(row("王 秀英", wang, "女", wangBorn, phone, "", "H1", "户主")); // 4: again, as head, with a phone
        rows.add(row("王秀英", wang, "", "", "", "", "", "")); // 5: again, less filled
        String id = upload(worker, "台账.csv", LedgerFiles.csv(rows, StandardCharsets.UTF_8, false));
        Json checked = awaitSettled(worker, id);

        assertThat(checked.getString("state")).isEqualTo("READY");
        assertThat(checked.getLong("progress.rowsWithErrors")).isZero();
        assertThat(checked.getLong("progress.decisionsPending")).isZero();
        Map<Long, Set<String>> warnings = ImportResourceTest.findings(worker, id, "WARNING");
        assertThat(warnings.get(4L)).containsExactly("duplicate-in-file");
        assertThat(warnings.get(5L)).containsExactly("duplicate-in-file");
        assertThat(warnings.values()).noneMatch(codes -> codes.contains("second-household-head"));
        Map<String, Object> copy = finding(worker, id, 4, "duplicate-in-file");
        assertThat(((Number) copy.get("otherRow")).longValue()).isEqualTo(2);
        assertThat((String) copy.get("message")).contains("与第 2 行相同").doesNotContain(wang);

        Json done = committed(worker, id, "valid-rows");
        assertThat(done.getString("state")).isEqualTo("COMMITTED");
        assertThat(done.getLong("progress.rowsRegistered")).isEqualTo(2);
        assertThat(residentsIn(worker, community)).isEqualTo(2);
        Json her = resident(worker, wang);
        assertThat(her.getString("name")).isEqualTo("王秀英");
        assertThat(her.getString("education")).as("from row 2").isEqualTo("31");
        assertThat(her.getString("phone")).as("from row 4").isEqualTo(Masking.maskPhone(phone));
        assertThat(her.getString("relationToHead")).isEqualTo("02");
        String household = her.getString("householdId");
        Json him = resident(worker, li);
        assertThat(him.getString("householdId")).isEqualTo(household);
        Json h = as(worker)
                .get("/api/v1/households/" + household)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(h.getString("headResidentId")).isEqualTo(her.getString("id"));
        assertThat(h.getList("members")).hasSize(2);
    }

    @Test
    void valuesThatDifferAreOneDecisionWithTheValueMostRowsGive() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        LocalDate wangBorn = LocalDate.of(1961, 3, 2);
        LocalDate zhangBorn = LocalDate.of(1984, 10, 9);
        String wang = IdNumbers.of(wangBorn, "2");
        String zhang = IdNumbers.of(zhangBorn, "1");
        String first = Phones.any();
        String second = Phones.any();
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        rows.add(row("王秀瑛", wang, "女", wangBorn, "", "", "", "")); // 2: a homophone, the odd one out
        rows.add(row("王秀英", wang, "女", wangBorn, "", "", "", "")); // 3
        rows.add(row("王秀英", wang, "女", wangBorn, "", "", "", "")); // 4
        rows.add(row("張偉", zhang, "男", zhangBorn, first, "本科", "", "")); // 5: traditional characters
        rows.add(row("张伟", zhang, "男", zhangBorn, second, "", "", "")); // 6: another phone
        String id = upload(worker, "台账.csv", LedgerFiles.csv(rows, StandardCharsets.UTF_8, false));
        Json checked = awaitSettled(worker, id);

        assertThat(checked.getLong("progress.rowsWithErrors")).isZero();
        assertThat(checked.getLong("progress.decisionsPending")).isEqualTo(3);
        Map<String, Object> name = suggestion(worker, id, 3);
        assertThat(name.get("code")).isEqualTo("same-person-values-differ");
        assertThat(((Number) name.get("otherRow")).longValue()).isEqualTo(2);
        assertThat((String) name.get("message")).contains("姓名取本行所填");
        assertThat(changes(name)).containsExactly(Map.of("field", "name", "old", "王秀瑛", "new", "王秀英"));
        assertThat(suggestion(worker, id, 4)).isNotNull();
        Map<String, Object> phone = suggestion(worker, id, 6);
        assertThat((String) phone.get("message")).contains("1 处不同").contains("建议联系电话取第 5 行所填");
        assertThat(changes(phone))
                .containsExactly(
                        Map.of("field", "phone", "old", Masking.maskPhone(first), "new", Masking.maskPhone(second)));

        decide(
                worker,
                id,
                Map.of("row", 3, "accept", true),
                Map.of("row", 4, "accept", true),
                Map.of("row", 6, "accept", true));
        Json done = committed(worker, id, "valid-rows");
        assertThat(done.getLong("progress.rowsRegistered")).isEqualTo(2);
        assertThat(resident(worker, wang).getString("name")).isEqualTo("王秀英");
        Json zhangNow = resident(worker, zhang);
        assertThat(zhangNow.getString("name")).as("the simplified form").isEqualTo("张伟");
        assertThat(zhangNow.getString("phone")).as("the fuller row's").isEqualTo(Masking.maskPhone(first));
        assertThat(zhangNow.getString("education")).isEqualTo("21");
    }

    @Test
    void aDamagedNumberGivesWayToTheValidOneAndItsValuesAreKept() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        LocalDate born = LocalDate.of(1988, 8, 8);
        String number = IdNumbers.of(born, "1");
        String phone = Phones.any();
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        rows.add(row("赵强", IdNumbers.mistyped(number, 9), "男", born, phone, "大专", "H7", "户主")); // 2: damaged, first
        rows.add(row("赵强", number, "男", born, "", "", "H7", "户主")); // 3
        String id = upload(worker, "台账.csv", LedgerFiles.csv(rows, StandardCharsets.UTF_8, false));
        awaitSettled(worker, id);
        assertThat(suggestion(worker, id, 2).get("code")).isEqualTo("damaged-id-number-in-file");
        assertThat(ImportResourceTest.findings(worker, id, "ERROR"))
                .as("the refused row takes no head's place")
                .containsOnlyKeys(2L);

        decide(worker, id, Map.of("row", 2, "accept", true));
        Json done = committed(worker, id, "valid-rows");
        assertThat(done.getLong("progress.rowsRegistered")).isEqualTo(1);
        assertThat(idsWithNumber(worker, number)).hasSize(1);
        Json him = resident(worker, number);
        assertThat(him.getString("phone")).as("from the damaged row").isEqualTo(Masking.maskPhone(phone));
        assertThat(him.getString("education")).isEqualTo("31");
        assertThat(him.getString("relationToHead")).isEqualTo("02");
    }

    @Test
    void aRowWithoutANumberIsOneDecisionAndAcceptedMerged() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        LocalDate born = LocalDate.of(1975, 4, 4);
        LocalDate twinBorn = LocalDate.of(1990, 1, 1);
        String number = IdNumbers.of(born, "1");
        String phone = Phones.any();
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        rows.add(row("孙杰", number, "男", born, "", "", "", "")); // 2
        rows.add(row("孙杰", "", "男", born, phone, "高中", "", "")); // 3: no number
        rows.add(row("孙丽", IdNumbers.of(twinBorn, "2"), "女", twinBorn, "", "", "", "")); // 4: twins,
        rows.add(row("孙华", IdNumbers.of(twinBorn, "2"), "女", twinBorn, "", "", "", "")); // 5: not asked
        String id = upload(worker, "台账.csv", LedgerFiles.csv(rows, StandardCharsets.UTF_8, false));
        Json checked = awaitSettled(worker, id);
        assertThat(checked.getLong("progress.decisionsPending")).isEqualTo(1);
        Map<String, Object> asked = suggestion(worker, id, 3);
        assertThat(asked.get("code")).isEqualTo("probable-duplicate-in-file");
        assertThat(((Number) asked.get("otherRow")).longValue()).isEqualTo(2);

        decide(worker, id, Map.of("row", 3, "accept", true));
        Json done = committed(worker, id, "valid-rows");
        assertThat(done.getLong("progress.rowsRegistered")).isEqualTo(3);
        assertThat(residentsIn(worker, community)).isEqualTo(3);
        Json him = resident(worker, number);
        assertThat(him.getString("phone")).isEqualTo(Masking.maskPhone(phone));
        assertThat(him.getString("education")).isEqualTo("61");
    }

    @Test
    void aRefusedRowGivesWayToALaterRowOfItsNumberWithoutAnError() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        LocalDate born = LocalDate.of(1992, 5, 17);
        String number = IdNumbers.of(born, "2");
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        rows.add(row("周敏", number, "女", born.plusDays(1), "", "", "", "")); // 2: the birth date contradicts the number
        rows.add(row("周敏", number, "女", born, "", "", "", "")); // 3
        String id = upload(worker, "台账.csv", LedgerFiles.csv(rows, StandardCharsets.UTF_8, false));
        awaitSettled(worker, id);
        assertThat(ImportResourceTest.findings(worker, id, "ERROR")).containsOnlyKeys(2L);
        Map<String, Object> copy = finding(worker, id, 2, "duplicate-in-file");
        assertThat(((Number) copy.get("otherRow")).longValue()).isEqualTo(3);
        assertThat((String) copy.get("message")).contains("第 3 行无误");
        assertThat(ImportResourceTest.findings(worker, id, "WARNING").get(3L)).isNull();

        Json done = committed(worker, id, "valid-rows");
        assertThat(done.getLong("progress.rowsRegistered")).isEqualTo(1);
        assertThat(resident(worker, number).getString("birthDate")).isEqualTo(born.toString());
    }

    static List<String> row(
            String name,
            String number,
            String sex,
            LocalDate born,
            String phone,
            String education,
            String household,
            String relation) {
        return row(name, number, sex, born == null ? "" : born.toString(), phone, education, household, relation);
    }

    static List<String> row(
            String name,
            String number,
            String sex,
            String born,
            String phone,
            String education,
            String household,
            String relation) {
        return List.of(name, number, sex, born, phone, education, household, relation, "户籍人口");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> finding(String user, String id, long row, String code) {
        List<Map<String, Object>> items = as(user).get("/api/v1/imports/" + id + "?row=" + row)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .getList("findings.items");
        return items.stream()
                .filter(f -> code.equals(f.get("code")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No " + code + " on row " + row + ": " + items));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> changes(Map<String, Object> finding) {
        return (List<Map<String, Object>>) finding.get("changes");
    }

    private static Json resident(String user, String number) {
        String id = idsWithNumber(user, number).get(0);
        return as(user).get("/api/v1/residents/" + id)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
    }
}
