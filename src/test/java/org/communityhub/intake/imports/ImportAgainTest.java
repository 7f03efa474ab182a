package org.communityhub.intake.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.intake.imports.ImportDamagedIdNumbersTest.idsWithPhone;
import static org.communityhub.intake.imports.ImportDamagedIdNumbersTest.residentsIn;
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
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.Json;
import org.communityhub.testing.Phones;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/**
 * A ledger imported a second time (corrected) updates the people it brought in the first time and
 * registers none of them again, those without an ID number included.
 */
@HubTest
class ImportAgainTest {

    static final List<String> HEADER =
            List.of("姓名", "公民身份号码", "性别", "出生日期", "手机号", "楼号", "单元", "门牌号", "户号", "与户主关系", "人口类型");

    @Test
    void theCorrectedLedgerAgainUpdatesItsPeopleAndRegistersNoneOfThemTwice() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        LocalDate headBorn = LocalDate.of(1975, 6, 1);
        LocalDate wifeBorn = LocalDate.of(1977, 9, 12);
        String head = IdNumbers.of(headBorn, "1");
        String wife = IdNumbers.of(wifeBorn, "2");
        String headPhone = Phones.any();
        String childPhone = Phones.any();
        String grannyPhone = Phones.any();

        List<List<String>> first = new ArrayList<>();
        first.add(HEADER);
        first.add(List.of("张伟", head, "男", headBorn.toString(), headPhone, "3号楼", "2", "501", "H01", "户主", "户籍人口"));
        first.add(List.of("李娜", wife, "女", wifeBorn.toString(), Phones.any(), "3号楼", "2", "501", "H01", "配偶", "户籍人口"));
        // Without ID numbers: a child in the household, an old woman living alone (by her address).
        first.add(List.of("张小宝", "", "男", "2015-05-05", childPhone, "3号楼", "2", "501", "H01", "子", "户籍人口"));
        first.add(List.of("刘桂兰", "", "女", "1940-02-02", grannyPhone, "5号楼", "1", "101", "", "", "户籍人口"));
        Json once = importAll(worker, first, false);
        assertThat(once.getLong("progress.rowsRegistered")).isEqualTo(4);
        assertThat(residentsIn(worker, community)).isEqualTo(4);
        String child = idsWithPhone(worker, childPhone).get(0);
        String headId = idsWithPhone(worker, headPhone).get(0);
        String granny = idsWithPhone(worker, grannyPhone).get(0);

        // The corrected ledger: new phones for the head and the child, the rest as it was.
        String newHeadPhone = Phones.any();
        String newChildPhone = Phones.any();
        List<List<String>> again = new ArrayList<>(first);
        again.set(
                1, List.of("张伟", head, "男", headBorn.toString(), newHeadPhone, "3号楼", "2", "501", "H01", "户主", "户籍人口"));
        again.set(3, List.of("张小宝", "", "男", "2015-05-05", newChildPhone, "3号楼", "2", "501", "H01", "子", "户籍人口"));
        String id = upload(worker, "台账（改）.csv", LedgerFiles.csv(again, StandardCharsets.UTF_8, false));
        Json checked = awaitSettled(worker, id);
        assertThat(checked.getString("state")).isEqualTo("READY");
        assertThat(checked.getLong("progress.rowsWithErrors")).isZero();
        assertThat(checked.getLong("progress.rowsToUpdate")).isEqualTo(2);
        Map<Long, Set<String>> warnings = ImportResourceTest.findings(worker, id, "WARNING");
        assertThat(warnings.get(2L)).containsExactly("existing-resident");
        assertThat(warnings.get(3L)).containsExactly("existing-resident-unchanged");
        assertThat(warnings.get(4L)).containsExactly("existing-resident");
        assertThat(warnings.get(5L)).as("known by her address").containsExactly("existing-resident-unchanged");
        assertThat(resident(worker, id, 4)).isEqualTo(child);
        assertThat(resident(worker, id, 5)).isEqualTo(granny);

        Json done = commitApplying(worker, id);
        assertThat(done.getString("state")).isEqualTo("COMMITTED");
        assertThat(done.getLong("progress.rowsRegistered")).isZero();
        assertThat(done.getLong("progress.rowsUpdated")).isEqualTo(2);
        assertThat(residentsIn(worker, community)).as("nobody registered twice").isEqualTo(4);
        assertThat(idsWithPhone(worker, newChildPhone)).containsExactly(child);
        assertThat(idsWithPhone(worker, newHeadPhone)).containsExactly(headId);
        assertThat(idsWithPhone(worker, childPhone)).isEmpty();
    }

    @Test
    void aNamesakeBornTheSameDayElsewhereIsNotTakenForThePersonWithoutANumber() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        List<List<String>> first = new ArrayList<>();
        first.add(HEADER);
        first.add(List.of("王小红", "", "女", "2016-03-03", Phones.any(), "7号楼", "1", "201", "", "", "户籍人口"));
        importAll(worker, first, false);

        List<List<String>> other = new ArrayList<>();
        other.add(HEADER);
        other.add(List.of("王小红", "", "女", "2016-03-03", Phones.any(), "8号楼", "3", "602", "", "", "户籍人口"));
        String id = upload(worker, "台账.csv", LedgerFiles.csv(other, StandardCharsets.UTF_8, false));
        awaitSettled(worker, id);
        assertThat(ImportResourceTest.findings(worker, id, "WARNING").get(2L))
                .as("another address: a probable duplicate to look at, not an update")
                .doesNotContain("existing-resident", "existing-resident-unchanged")
                .contains("probable-duplicate");
    }

    private static Json importAll(String worker, List<List<String>> rows, boolean apply) {
        String id = upload(worker, "台账.csv", LedgerFiles.csv(rows, StandardCharsets.UTF_8, false));
        Json checked = awaitSettled(worker, id);
        assertThat(checked.getString("state")).isEqualTo("READY");
        assertThat(checked.getLong("progress.rowsWithErrors")).isZero();
        return apply ? commitApplying(worker, id) : committed(worker, id, "valid-rows");
    }

    private static Json commitApplying(String worker, String id) {
        as(worker)
                .post("/api/v1/imports/" + id + "/commit?mode=valid-rows&updates=apply")
                .then()
                .statusCode(202);
        return awaitSettled(worker, id);
    }

    /** The resident a row's finding names. */
    private static String resident(String worker, String id, long row) {
        List<String> named = as(worker)
                .get("/api/v1/imports/" + id + "?row=" + row)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .getList("findings.items.residentId");
        return named.stream().filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }
}
