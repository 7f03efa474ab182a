package org.communityhub.intake.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.intake.imports.ImportResourceTest.as;
import static org.communityhub.intake.imports.ImportResourceTest.awaitSettled;
import static org.communityhub.intake.imports.ImportResourceTest.committed;
import static org.communityhub.intake.imports.ImportResourceTest.upload;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.communityhub.access.Roles;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.Json;
import org.communityhub.testing.ResidentTestData;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/** After the commit, the import says what it did: registered, updated, left by reason, households without a head. */
@HubTest
class ImportSummaryTest {

    @Test
    void aCommittedImportSummarisesWhatItDidAndWhatIsLeft() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String known = IdNumbers.of(LocalDate.of(1950, 5, 5), "1");
        ResidentTestData.aResident()
                .in(community)
                .withName("汇总旧")
                .withIdNumber(known)
                .registerAs(worker);
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("姓名", "身份证号", "民族", "人口类型", "户号", "与户主关系"));
        rows.add(List.of("汇总甲", IdNumbers.of(LocalDate.of(1960, 1, 1), "1"), "汉族", "户籍人口", "S1", "户主"));
        rows.add(List.of("汇总乙", IdNumbers.of(LocalDate.of(1988, 2, 2), "2"), "汉族", "户籍人口", "S1", "女"));
        rows.add(List.of("汇总丙", IdNumbers.of(LocalDate.of(1990, 3, 3), "1"), "汉族", "户籍人口", "S2", "子"));
        rows.add(List.of("汇总丁", "110105199001011234", "汉族", "户籍人口", "", ""));
        rows.add(List.of("汇总戊", IdNumbers.of(LocalDate.of(1970, 4, 4), "2"), "火星族", "户籍人口", "", ""));
        rows.add(List.of("汇总己", IdNumbers.of(LocalDate.of(1971, 4, 4), "2"), "火星族", "户籍人口", "", ""));
        rows.add(List.of("汇总旧", known, "汉族", "户籍人口", "", ""));
        String id = upload(worker, "汇总.csv", LedgerFiles.csv(rows, StandardCharsets.UTF_8, false));
        assertThat(awaitSettled(worker, id).getString("state")).isEqualTo("READY");
        assertThat(as(worker).get("/api/v1/imports/" + id).as(Json.class).getMap("summary"))
                .as("no summary before the commit")
                .isNull();

        Json done = committed(worker, id, "valid-rows");

        assertThat(done.getString("state")).isEqualTo("COMMITTED");
        assertThat(done.getLong("summary.registered")).isEqualTo(3);
        assertThat(done.getLong("summary.updated")).isZero();
        assertThat(done.getLong("summary.left")).isEqualTo(4);
        List<Map<String, Object>> left = done.getList("summary.leftByReason");
        assertThat(left).extracting(l -> l.get("code") + "=" + l.get("rows")).contains("existing-resident-unchanged=1");
        assertThat(left)
                .filteredOn(l -> "民族无法识别".equals(l.get("reason")))
                .singleElement()
                .satisfies(l -> assertThat(l.get("rows")).isEqualTo(2));
        assertThat(left.stream()
                        .mapToLong(l -> ((Number) l.get("rows")).longValue())
                        .sum())
                .isEqualTo(4);
        assertThat(left.get(0).get("rows")).as("the largest reason first").isEqualTo(2);
        List<Map<String, Object>> noHead = done.getList("summary.householdsWithoutHead");
        assertThat(noHead).singleElement().satisfies(h -> {
            assertThat(h.get("householdNumber")).isEqualTo("S2");
            assertThat(h.get("communityCode")).isEqualTo(community);
        });
        assertThat(done.getLong("summary.householdsWithoutHeadTotal")).isEqualTo(1);

        String page = as(worker)
                .accept("text/html")
                .get("/imports/" + id)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(page)
                .contains("导入结果")
                .contains("新登记</dt><dd>3 人")
                .contains("href=\"/imports/" + id + "/registered\"")
                .contains("href=\"/households/" + noHead.get(0).get("id") + "\"")
                .contains("民族无法识别");

        String registered = as(worker)
                .accept("text/html")
                .get("/imports/" + id + "/registered")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(registered).contains("共 3 人").contains("汇总甲").contains("汇总丙").doesNotContain("汇总旧");
    }

    @Test
    void theListOfPeopleRegisteredWaitsForTheCommitAndIsTheUploadersAreaOnly() {
        String community = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        List<List<String>> rows =
                List.of(List.of("姓名", "身份证号", "民族", "人口类型"), List.of("名单甲", IdNumbers.any(), "汉族", "户籍人口"));
        String id = upload(worker, "名单.csv", LedgerFiles.csv(rows, StandardCharsets.UTF_8, false));
        awaitSettled(worker, id);
        as(worker)
                .accept("text/html")
                .get("/imports/" + id + "/registered")
                .then()
                .statusCode(409);
        String other = Users.create(Roles.WORKER, Communities.create());
        as(other)
                .accept("text/html")
                .get("/imports/" + id + "/registered")
                .then()
                .statusCode(404);
    }
}
