package org.communityhub.intake.imports;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.Waiting.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.communityhub.common.database.DataDirectory;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.Imports;
import org.communityhub.testing.Json;
import org.communityhub.testing.Phones;
import org.communityhub.testing.ResidentTestData;
import org.communityhub.testing.TestSql;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/** Ledgers imported through the API: the check's findings, commit modes, permissions, hostile uploads. */
@HubTest
class ImportResourceTest {

    @Inject
    ImportJobs jobs;

    @Inject
    ImportFiles files;

    @Inject
    DataDirectory data;

    static final List<String> HEADER = List.of(
            "序号", "姓名", "公民身份号码", "性别", "出生年月", "民族", "政治面貌", "手机号", "楼号", "单元", "门牌号", "户号", "与户主关系", "人口类型", "入党日期",
            "入团日期", "备注");

    @Test
    void aMessyGbkLedgerIsCheckedRowByRowAndItsValidRowsCommitted() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        String head = IdNumbers.of(LocalDate.of(1970, 3, 5), "1");
        String wife = IdNumbers.of(LocalDate.of(1972, 4, 6), "2");
        String son = IdNumbers.of(LocalDate.of(2005, 5, 5), "1");
        String existingId = IdNumbers.of(LocalDate.of(1985, 6, 15), "2");
        String existingPhone = Phones.any();
        ResidentTestData.aResident()
                .in(community)
                .withName("周敏")
                .withIdNumber(existingId)
                .with("phone", existingPhone)
                .registerAs(worker);

        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("测试社区居民花名册"));
        rows.add(List.of("填表单位：测试社区居委会", "", "", "制表日期：2026年1月"));
        rows.add(HEADER);
        rows.add(row("1", "张伟", head, "男", "1970年3月5日", "汉族", "中共党员", "3号楼", "H001", "户主", "户籍人口", "1995/7/1", ""));
        rows.add(row("2", "李娜", wife, "女", "1972.4.6", "汉", "群众", "3号楼", "H001", "配偶", "1", "", ""));
        rows.add(row("3", "张小明", son, "男", "20050505", "01", "共青团员", "3号楼", "H001", "子", "户籍", "", "2020年5月4日"));
        rows.add(row("4", "王芳", "1.10105E+17", "女", "1980/1/1", "汉族", "群众", "4号楼", "", "", "1", "", ""));
        rows.add(row("5", "张伟", head, "男", "1970-03-05", "汉族", "群众", "4号楼", "", "", "1", "", ""));
        rows.add(row(
                "6",
                "赵强",
                IdNumbers.of(LocalDate.of(1985, 6, 15), "1"),
                "男",
                "1990年13月2日",
                "汉族",
                "群众",
                "4号楼",
                "",
                "",
                "1",
                "",
                ""));
        rows.add(row(
                "7",
                "钱丽",
                IdNumbers.of(LocalDate.of(1991, 2, 3), "2"),
                "女",
                "1991-02-03",
                "火星族",
                "群众",
                "4号楼",
                "",
                "",
                "1",
                "",
                ""));
        rows.add(row(
                "8",
                "孙杰",
                IdNumbers.of(LocalDate.of(1988, 8, 8), "1"),
                "男",
                "1988-09-09",
                "汉族",
                "群众",
                "4号楼",
                "",
                "",
                "1",
                "",
                ""));
        List<String> existing =
                new ArrayList<>(row("9", "周敏", existingId, "女", "1985-06-15", "汉族", "", "1号楼", "", "", "户籍人口", "", ""));
        existing.set(7, Phones.any()); // a new phone number: the one difference from the registered record
        existing.set(9, "1");
        existing.set(10, "101");
        rows.add(existing);
        rows.add(row("10", "吴刚", "11010519900101123", "男", "1990-01-01", "汉族", "群众", "4号楼", "", "", "1", "", ""));

        byte[] file = LedgerFiles.csv(rows, TextEncoding.GB18030, false);
        String id = upload(worker, "花名册.csv", file);
        Json done = awaitSettled(worker, id);
        assertThat(done.getString("state")).isEqualTo("READY");
        assertThat(done.getString("encoding")).isEqualTo("GB18030");
        assertThat(done.getInt("headerRow")).isEqualTo(3);
        assertThat(done.getString("columns.find { it.header == '公民身份号码' }.field"))
                .isEqualTo("idNumber");
        assertThat(done.getString("columns.find { it.header == '门牌号' }.field")).isEqualTo("room");
        assertThat(done.getString("columns.find { it.header == '序号' }.field")).isNull();
        assertThat(done.getLong("progress.rowsRead")).isEqualTo(10);
        assertThat(done.getLong("progress.rowsValid")).isEqualTo(5);
        assertThat(done.getLong("progress.rowsWithErrors")).isEqualTo(5);
        assertThat(done.getLong("progress.rowsToUpdate")).isEqualTo(1);

        Map<Long, Set<String>> errors = findings(worker, id, "ERROR");
        assertThat(errors)
                .isEqualTo(Map.of(
                        7L, Set.of("id-number-scientific-notation"),
                        9L, Set.of("unreadable-date"),
                        10L, Set.of("unknown-code"),
                        11L, Set.of("birth-date-mismatch"),
                        13L, Set.of("id-number-length")));
        Json row12 = as(worker)
                .get("/api/v1/imports/" + id + "?row=12")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(row12.getString("findings.items[0].code")).isEqualTo("existing-resident");
        assertThat(row12.getList("findings.items[0].changes.field")).containsExactly("phone");
        assertThat(row12.getString("findings.items[0].changes[0].new")).contains("****");
        Json row7 = as(worker)
                .get("/api/v1/imports/" + id + "?row=7")
                .then()
                .extract()
                .as(Json.class);
        assertThat(row7.getString("findings.items[0].columnName")).isEqualTo("公民身份号码");
        assertThat(row7.getInt("findings.items[0].column")).isEqualTo(3);
        assertThat(row7.getString("findings.items[0].message")).contains("科学计数法");
        // Row 8 repeats row 4's person with other values: one person, its values one decision.
        Map<String, Object> again = ImportDamagedIdNumbersTest.suggestion(worker, id, 8);
        assertThat(again.get("code")).isEqualTo("same-person-values-differ");
        assertThat(((Number) again.get("otherRow")).longValue()).isEqualTo(4);
        assertThat(findings(worker, id, "WARNING").get(8L)).contains("duplicate-in-file");

        // The result file: the upload's rows, with what was found in each.
        byte[] result = as(worker)
                .get("/api/v1/imports/" + id + "/result?purpose=data-correction")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        String text = new String(result, StandardCharsets.UTF_8);
        assertThat(text).startsWith("\uFEFF测试社区居民花名册");
        assertThat(text).contains("备注," + ResultFiles.RESULT_HEADER);
        assertThat(text.lines().filter(l -> l.contains("错误")).count()).isEqualTo(5);

        as(worker)
                .post("/api/v1/imports/" + id + "/commit?mode=all-or-nothing")
                .then()
                .statusCode(409)
                .body(at("code", equalTo("rows-with-errors")));
        Json committed = committed(worker, id, "valid-rows");
        assertThat(committed.getString("state")).isEqualTo("COMMITTED");
        assertThat(committed.getLong("progress.rowsCommitted")).isEqualTo(3);

        Json headResident = resident(worker, head);
        assertThat(headResident.getString("partyMembership.status")).isEqualTo("FULL");
        assertThat(headResident.getString("partyMembership.joinedOn")).isEqualTo("1995-07-01");
        assertThat(headResident.getString("relationToHead")).isEqualTo("02");
        Json sonResident = resident(worker, son);
        assertThat(sonResident.getString("leagueMembership.joinedOn")).isEqualTo("2020-05-04");
        assertThat(sonResident.getString("relationToHead")).isEqualTo("20");
        assertThat(resident(worker, wife).getString("relationToHead")).isEqualTo("10");
        assertThat(sonResident.getString("householdId")).isEqualTo(headResident.getString("householdId"));
        // The registered resident was offered an update, not overwritten.
        assertThat(resident(worker, existingId).getString("phone")).endsWith(existingPhone.substring(7));
        // Committed rows went through the registry: their history says so, value by value, with
        // identifiers masked; and the platforms have them queued.
        Json history = as(worker)
                .get("/api/v1/residents/" + headResident.getString("id") + "/history")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(history.getList("items")).hasSize(1);
        assertThat(history.getString("items[0].changedBy")).isEqualTo(worker);
        assertThat(history.getString("items[0].action")).isEqualTo("REGISTERED");
        Map<String, Object> registered = new HashMap<>();
        for (Map<String, Object> change : history.<Map<String, Object>>getList("items[0].changes")) {
            registered.put((String) change.get("field"), change.get("new"));
        }
        assertThat(registered)
                .containsEntry("name", "张伟")
                .containsEntry("birthDate", "1970-03-05")
                .containsEntry("householdNumber", "H001")
                .containsEntry("relationToHead", "02")
                .containsEntry("partyMembership.status", "FULL")
                .containsEntry("partyMembership.joinedOn", "1995-07-01");
        assertThat((String) registered.get("idNumber")).contains("*").doesNotContain(head.substring(6, 14));
        // Registered set-based, the rows are found as probable duplicates like any other resident.
        Json homophone = as(worker)
                .body(ResidentTestData.aResident()
                        .in(community)
                        .withName("章伟")
                        .withoutIdNumber(LocalDate.of(1970, 3, 5), "1")
                        .json())
                .post("/api/v1/residents")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class);
        assertThat(homophone.getString("warnings[0].code")).isEqualTo("probable-duplicate");
        assertThat(homophone.getList("warnings[0].candidates.id")).contains(headResident.getString("id"));
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(as(worker)
                                .get("/api/v1/residents/" + headResident.getString("id") + "/sync")
                                .then()
                                .statusCode(200)
                                .extract()
                                .as(Json.class)
                                .getList("status"))
                        // the platforms that deliver as changes come; the others wait for their schedule
                        .contains("SYNCED"));
    }

    @Test
    void anXlsxLedgerWithExcelSerialDatesAndANumericIdCell() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        String ok = IdNumbers.of(LocalDate.of(1970, 1, 1), "1");
        String other = IdNumbers.of(LocalDate.of(1980, 2, 29), "2");
        List<List<Object>> rows = List.of(
                List.of("测试社区居民花名册"),
                List.of("身份证号码", "姓名", "性别", "出生日期", "民族", "人口类型", "入团日期"),
                List.of(ok, "甲某", "男", 25569, "汉族", "户籍人口", ""), // 25569: 1970-01-01
                List.of(1.10105198002291E17, "乙某", "女", 29280, "汉族", "户籍人口", ""), // an ID stored as a number
                List.of(other, "丙某", "女", 29280.5, "汉族", "流动人口", "")); // 29280: 1980-02-29, with a time
        String id = upload(worker, "ledger.xlsx", LedgerFiles.xlsx(rows));
        Json done = awaitSettled(worker, id);
        assertThat(done.getString("state")).isEqualTo("READY");
        assertThat(done.getInt("headerRow")).isEqualTo(2);
        assertThat(findings(worker, id, "ERROR")).isEqualTo(Map.of(4L, Set.of("id-number-numeric-cell")));
        as(worker)
                .post("/api/v1/imports/" + id + "/commit?mode=valid-rows")
                .then()
                .statusCode(202);
        assertThat(awaitSettled(worker, id).getLong("progress.rowsCommitted")).isEqualTo(2);
        assertThat(resident(worker, ok).getString("birthDate")).isEqualTo("1970-01-01");
        assertThat(resident(worker, other).getString("residenceType")).isEqualTo("2");
    }

    @Test
    void aWorkbookIsReadOneSheetAtATimeAndTheWorkerChoosesWhich() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        String first = IdNumbers.any();
        String second = IdNumbers.any();
        Map<String, List<List<Object>>> sheets = new java.util.LinkedHashMap<>();
        sheets.put("填表说明", List.of(List.of("本表每栋楼一个工作表。"), List.of("身份证号请填 18 位。")));
        sheets.put("1号楼", List.of(List.of("姓名", "身份证号", "民族", "人口类型"), List.of("甲某", first, "汉族", "1")));
        sheets.put("2号楼", List.of(List.of("姓名", "身份证号", "民族", "人口类型"), List.of("乙某", second, "汉族", "1")));
        String id = upload(worker, "buildings.xlsx", LedgerFiles.xlsx(sheets));

        // The first sheet is no ledger: the first one with a header row is read.
        Json done = awaitSettled(worker, id);
        assertThat(done.getString("state")).isEqualTo("READY");
        assertThat(done.getString("sheet")).isEqualTo("1号楼");
        assertThat(done.getList("otherSheets")).containsExactly("填表说明", "2号楼");
        assertThat(done.getLong("progress.rowsValid")).isOne();
        assertThat(findings(worker, id, "WARNING"))
                .isEqualTo(Map.of(1L, Set.of("sheets-not-read", "community-from-uploader")));
        assertThat(as(worker)
                        .get("/api/v1/imports/" + id + "?row=1")
                        .then()
                        .extract()
                        .as(Json.class)
                        .getString("findings.items[0].message"))
                .contains("“1号楼”")
                .contains("2号楼")
                .contains("可在本页改选工作表");

        as(worker)
                .contentType("application/json")
                .body(Map.of("sheet", "3号楼"))
                .put("/api/v1/imports/" + id + "/sheet")
                .then()
                .statusCode(422)
                .body(at("errors[0].code", equalTo("unknown-sheet")));
        as(worker)
                .contentType("application/json")
                .body(Map.of("sheet", "2号楼"))
                .put("/api/v1/imports/" + id + "/sheet")
                .then()
                .statusCode(202)
                .body(at("state", equalTo("PARSING")));
        Json again = awaitSettled(worker, id);
        assertThat(again.getString("state")).isEqualTo("READY");
        assertThat(again.getString("sheet")).isEqualTo("2号楼");
        assertThat(again.getList("otherSheets")).containsExactly("填表说明", "1号楼");
        assertThat(again.getLong("progress.rowsValid")).isOne();

        assertThat(committed(worker, id, "valid-rows").getString("state")).isEqualTo("COMMITTED");
        assertThat(search(worker, second)).isOne();
        assertThat(search(worker, first))
                .as("the sheet not chosen is not imported")
                .isZero();
        byte[] result = as(worker)
                .get("/api/v1/imports/" + id + "/result?purpose=data-correction")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray();
        try (org.dhatim.fastexcel.reader.ReadableWorkbook wb =
                        new org.dhatim.fastexcel.reader.ReadableWorkbook(new java.io.ByteArrayInputStream(result));
                java.util.stream.Stream<org.dhatim.fastexcel.reader.Row> rows =
                        wb.getFirstSheet().openStream()) {
            assertThat(rows.map(r -> r.getCellText(0)).toList())
                    .as("the result file is of the sheet read")
                    .containsExactly("姓名", "乙某");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aBatchCheckedOnTwoThreadsFindsWhatOneThreadWouldInTheFilesOrder() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        // 600 rows: one batch, its halves checked side by side. A number repeated across the halves,
        // a mangled number and an unknown ethnicity in the second half, one in the first.
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            ids.add(IdNumbers.any());
        }
        ids.set(450 - 2, ids.get(10 - 2)); // file row 450 repeats file row 10 (row 1 is the header)
        ids.set(500 - 2, "1.10105E+17");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("姓名", "身份证号", "民族", "人口类型"));
        for (int i = 0; i < ids.size(); i++) {
            int fileRow = i + 2;
            rows.add(List.of("测试某", ids.get(i), fileRow == 100 || fileRow == 550 ? "火星族" : "汉族", "户籍人口"));
        }
        String id = upload(worker, "six-hundred.csv", LedgerFiles.csv(rows, StandardCharsets.UTF_8, false));
        Json ready = awaitSettled(worker, id);
        assertThat(ready.getString("state")).isEqualTo("READY");
        assertThat(ready.getLong("progress.rowsRead")).isEqualTo(600);
        assertThat(ready.getLong("progress.rowsWithErrors")).isEqualTo(3);

        Json errors = as(worker)
                .get("/api/v1/imports/" + id + "?severity=ERROR&size=50")
                .then()
                .extract()
                .as(Json.class);
        assertThat(errors.getList("findings.items.row", Integer.class)).containsExactly(100, 500, 550);
        assertThat(errors.getList("findings.items.code", String.class))
                .containsExactly("unknown-code", "id-number-scientific-notation", "unknown-code");
        Json repeated = as(worker)
                .get("/api/v1/imports/" + id + "?row=450")
                .then()
                .extract()
                .as(Json.class);
        assertThat(repeated.getString("findings.items[0].code")).isEqualTo("duplicate-in-file");
        assertThat(repeated.getString("findings.items[0].message")).contains("与第 10 行相同");
    }

    @Test
    void allOrNothingWritesEveryRowOrNone() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        String a = IdNumbers.any();
        String b = IdNumbers.any();
        String c = IdNumbers.any();
        String id = upload(worker, "three.csv", cleanLedger(List.of(a, b, c)));
        assertThat(awaitSettled(worker, id).getString("state")).isEqualTo("READY");
        // Between the check and the commit, someone registers the third person by hand.
        ResidentTestData.aResident().in(community).withIdNumber(c).registerAs(worker);
        Json failed = committed(worker, id, "all-or-nothing");
        assertThat(failed.getString("state")).isEqualTo("READY");
        assertThat(failed.getString("error.code")).isEqualTo("commit-failed");
        assertThat(failed.getString("error.detail")).contains("第 4 行").contains("没有写入任何记录");
        assertThat(search(worker, a)).isZero();
        assertThat(search(worker, b)).isZero();

        String d = IdNumbers.any();
        String e = IdNumbers.any();
        String clean = upload(worker, "two.csv", cleanLedger(List.of(d, e)));
        awaitSettled(worker, clean);
        Json committed = committed(worker, clean, "all-or-nothing");
        assertThat(committed.getString("state")).isEqualTo("COMMITTED");
        assertThat(search(worker, d)).isOne();
        assertThat(search(worker, e)).isOne();
    }

    @Test
    void aBatchTheDatabaseRefusesIsCommittedAgainRowByRowAndTheRowNamed() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        // A household already registered, with its head: the ledger gives it a second head, which
        // only the database's one-head rule notices (the check knows the file's heads only).
        String household = as(worker)
                .body(Map.of("householdNumber", "H900", "type", "1", "communityCode", community, "building", "9号楼"))
                .post("/api/v1/households")
                .then()
                .statusCode(201)
                .extract()
                .as(Json.class)
                .get("id");
        String head = ResidentTestData.aResident().in(community).registerAs(worker);
        as(worker)
                .body(Map.of("relationToHead", "02"))
                .put("/api/v1/households/" + household + "/members/" + head)
                .then()
                .statusCode(200);
        int versionBefore = as(worker)
                .get("/api/v1/households/" + household)
                .then()
                .extract()
                .as(Json.class)
                .get("version");
        String secondHead = IdNumbers.of(LocalDate.of(1960, 2, 2), "1");
        String daughter = IdNumbers.of(LocalDate.of(1990, 3, 3), "2");
        String neighbour = IdNumbers.of(LocalDate.of(1975, 4, 4), "1");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("姓名", "身份证号", "民族", "人口类型", "户号", "与户主关系"));
        rows.add(List.of("测试甲", daughter, "汉族", "户籍人口", "H900", "女"));
        rows.add(List.of("测试乙", secondHead, "汉族", "户籍人口", "H900", "户主"));
        rows.add(List.of("测试丙", neighbour, "汉族", "户籍人口", "", ""));
        byte[] ledger = LedgerFiles.csv(rows, StandardCharsets.UTF_8, false);

        String all = upload(worker, "second-head.csv", ledger);
        assertThat(awaitSettled(worker, all).getString("state")).isEqualTo("READY");
        Json refused = committed(worker, all, "all-or-nothing");
        assertThat(refused.getString("state")).isEqualTo("READY");
        assertThat(refused.getString("error.code")).isEqualTo("commit-failed");
        assertThat(refused.getString("error.detail")).contains("第 3 行").contains("户主");
        assertThat(search(worker, daughter)).isZero();
        assertThat(search(worker, neighbour)).isZero();

        String valid = upload(worker, "second-head-again.csv", ledger);
        awaitSettled(worker, valid);
        Json committed = committed(worker, valid, "valid-rows");
        assertThat(committed.getString("state")).isEqualTo("COMMITTED");
        assertThat(committed.getLong("progress.rowsCommitted")).isEqualTo(2);
        assertThat(findings(worker, valid, "ERROR")).containsEntry(3L, Set.of("commit-failed"));
        assertThat(search(worker, secondHead)).isZero();
        assertThat(resident(worker, daughter).getString("householdId")).isEqualTo(household);
        assertThat(resident(worker, daughter).getString("relationToHead")).isEqualTo("30");
        assertThat(resident(worker, neighbour).getString("householdId")).isNull();
        as(worker)
                .get("/api/v1/households/" + household)
                .then()
                .statusCode(200)
                .body(at("headResidentId", equalTo(head)))
                .body(at("members.residentId", hasItem(head)))
                .body(at("members.size()", equalTo(2)))
                .body(at("version", equalTo(versionBefore + 1)));

        // A clean batch joins the registered household set-based, and moves its version on too.
        String son = IdNumbers.of(LocalDate.of(1995, 5, 5), "1");
        String joining = upload(
                worker,
                "son.csv",
                LedgerFiles.csv(
                        List.of(
                                List.of("姓名", "身份证号", "民族", "人口类型", "户号", "与户主关系"),
                                List.of("测试丁", son, "汉族", "户籍人口", "H900", "子")),
                        StandardCharsets.UTF_8,
                        false));
        awaitSettled(worker, joining);
        assertThat(committed(worker, joining, "valid-rows").getString("state")).isEqualTo("COMMITTED");
        assertThat(resident(worker, son).getString("relationToHead")).isEqualTo("20");
        as(worker)
                .get("/api/v1/households/" + household)
                .then()
                .statusCode(200)
                .body(at("headResidentId", equalTo(head)))
                .body(at("members.size()", equalTo(3)))
                .body(at("version", equalTo(versionBefore + 2)));
    }

    @Test
    void aCommitTakenUpAgainAfterItsProcessStoppedGoesOnAfterTheRowsItWrote() throws Exception {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        String a = IdNumbers.any();
        String b = IdNumbers.any();
        String c = IdNumbers.any();
        String id = upload(worker, "three.csv", cleanLedger(List.of(a, b, c)));
        assertThat(awaitSettled(worker, id).getString("state")).isEqualTo("READY");
        // As a hub process leaves a commit that stopped after writing rows 2 and 3 of the file: those
        // residents registered, the job still COMMITTING with its lease run out.
        ResidentTestData.aResident().in(community).withIdNumber(a).registerAs(worker);
        ResidentTestData.aResident().in(community).withIdNumber(b).registerAs(worker);
        leaveJobAs(
                id,
                "state = 'COMMITTING',"
                        + " commit_mode = 'VALID_ROWS', committed_through_row = 3, rows_committed = 2,"
                        + " worker = 'hub-stopped', lease_until = now() - interval '1 minute'");

        jobs.start(UUID.fromString(id));

        Json done = awaitSettled(worker, id);
        assertThat(done.getString("state")).isEqualTo("COMMITTED");
        assertThat(done.getLong("progress.rowsCommitted")).isEqualTo(3);
        assertThat(findings(worker, id, "ERROR")).isEmpty();
        assertThat(search(worker, c)).isOne();
    }

    /**
     * A job started again while this hub process is at it (the look for imports left unfinished
     * takes it up when its lease ran out under load, or before a worker got to it) runs once: a
     * second run beside the first, holding the same process's claim, had found the job no longer
     * under way when the first ended, and cancelled it.
     */
    @Test
    void aJobStartedAgainWhileItIsCheckedIsCheckedOnceAndEndsReady() throws Exception {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            ids.add(IdNumbers.any());
        }
        String id = upload(worker, "many.csv", cleanLedger(ids));
        for (int i = 0; i < 3; i++) {
            jobs.start(UUID.fromString(id));
        }
        Json done = awaitSettled(worker, id);
        assertThat(done.getString("state")).isEqualTo("READY");
        assertThat(done.getLong("progress.rowsRead")).isEqualTo(3_000);
        assertThat(done.getLong("progress.rowsValid")).isEqualTo(3_000);
    }

    @Test
    void aValidRowsCommitThatStoppedOnAFaultIsContinuedNotRepeated() throws Exception {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        String a = IdNumbers.any();
        String b = IdNumbers.any();
        String id = upload(worker, "two.csv", cleanLedger(List.of(a, b)));
        assertThat(awaitSettled(worker, id).getString("state")).isEqualTo("READY");
        // As a commit leaves an import that a fault stopped after it had written row 2: READY again.
        ResidentTestData.aResident().in(community).withIdNumber(a).registerAs(worker);
        leaveJobAs(id, "commit_mode = 'VALID_ROWS'," + " committed_through_row = 2, rows_committed = 1");

        as(worker)
                .post("/api/v1/imports/" + id + "/commit?mode=all-or-nothing")
                .then()
                .statusCode(409)
                .body(at("code", equalTo("partly-committed")))
                .body(at("rowsCommitted", equalTo(1)));
        Json done = committed(worker, id, "valid-rows");
        assertThat(done.getString("state")).isEqualTo("COMMITTED");
        assertThat(done.getLong("progress.rowsCommitted")).isEqualTo(2);
        assertThat(findings(worker, id, "ERROR")).isEmpty();
        assertThat(search(worker, b)).isOne();
    }

    @Test
    void anUploadIsKeptEncryptedInTheDatabaseSoAnotherProcessCanCommitIt() throws Exception {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        String a = IdNumbers.any();
        String id = upload(worker, "one.csv", cleanLedger(List.of(a)));
        assertThat(awaitSettled(worker, id).getString("state")).isEqualTo("READY");
        UUID job = UUID.fromString(id);
        List<byte[]> parts = uploadParts(job);
        assertThat(parts).isNotEmpty();
        byte[] clear = a.getBytes(StandardCharsets.UTF_8);
        assertThat(parts).noneMatch(part -> indexOf(part, clear) >= 0);

        // The copy the check read is dropped once nobody has asked for it for a while ...
        Path copy = data.path().resolve("imports").resolve(id).resolve("upload");
        assertThat(copy).exists();
        Files.setLastModifiedTime(copy, FileTime.from(Instant.now().minus(ImportFiles.IDLE_COPY.plusMinutes(1))));
        files.dropIdleCopies();
        assertThat(copy).doesNotExist();

        // ... and the commit, as on a hub process that never had it, unpacks it again from the database.
        Json done = committed(worker, id, "valid-rows");
        assertThat(done.getString("state")).isEqualTo("COMMITTED");
        assertThat(search(worker, a)).isOne();
        // Kept (for the result file) until hub.imports.keep-files-days after the import ended.
        assertThat(uploadParts(job)).hasSameSizeAs(parts);
        files.delete(job);
        assertThat(uploadParts(job)).isEmpty();
        assertThat(copy).doesNotExist();
    }

    private static List<byte[]> uploadParts(UUID job) throws Exception {
        List<byte[]> parts = new ArrayList<>();
        try (Connection conn = TestSql.connect();
                PreparedStatement ps = conn.prepareStatement(
                        "select data from import_upload_part where import_id = ? order by part")) {
            ps.setObject(1, job);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    parts.add(rs.getBytes(1));
                }
            }
        }
        return parts;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void aCorrectedMappingIsUsedAndRememberedForTheSameHeaders() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        List<List<String>> rows =
                List.of(List.of("居民称呼", "身份证号", "人口类型", "民族"), List.of("甲某", IdNumbers.any(), "户籍人口", "汉族"));
        String first = upload(worker, "odd.csv", LedgerFiles.csv(rows, StandardCharsets.UTF_8, true));
        Json checked = awaitSettled(worker, first);
        assertThat(checked.getString("encoding")).isEqualTo("UTF-8-BOM");
        assertThat(checked.getString("columns[0].field")).isNull();
        // The column missing is said once, on the header row; the row says what it lacks.
        assertThat(findings(worker, first, "ERROR"))
                .isEqualTo(Map.of(1L, Set.of("no-name-column"), 2L, Set.of("required")));
        as(worker)
                .body(Map.of("columns", List.of(Map.of("column", 1, "field", "name"))))
                .put("/api/v1/imports/" + first + "/mapping")
                .then()
                .statusCode(202);
        Json again = awaitSettled(worker, first);
        assertThat(again.getString("columns[0].field")).isEqualTo("name");
        assertThat(findings(worker, first, "ERROR")).isEmpty();
        List<List<String>> next =
                List.of(List.of("居民称呼", "身份证号", "人口类型", "民族"), List.of("乙某", IdNumbers.any(), "户籍人口", "汉族"));
        String second = upload(worker, "odd2.csv", LedgerFiles.csv(next, StandardCharsets.UTF_8, false));
        assertThat(awaitSettled(worker, second).getString("columns[0].field")).isEqualTo("name");
    }

    @Test
    void onlyTheUploaderAndSupervisorsOverTheAreaSeeAnImport() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        String colleague = Users.create("worker", community);
        String supervisor = Users.create("supervisor", Communities.streetOf(community));
        String elsewhere = Users.create("supervisor", "440305");
        String auditor = Users.create("auditor", "*");
        String id = upload(worker, "one.csv", cleanLedger(List.of(IdNumbers.any())));
        awaitSettled(worker, id);
        as(colleague).get("/api/v1/imports/" + id).then().statusCode(404);
        as(elsewhere).get("/api/v1/imports/" + id).then().statusCode(404);
        as(auditor).get("/api/v1/imports/" + id).then().statusCode(403);
        given().get("/api/v1/imports/" + id).then().statusCode(401);
        as(supervisor).get("/api/v1/imports/" + id).then().statusCode(200);
        as(colleague)
                .post("/api/v1/imports/" + id + "/commit?mode=valid-rows")
                .then()
                .statusCode(404);
        as(supervisor).get("/api/v1/imports").then().statusCode(200).body(at("id", hasItem(id)));
        as(worker)
                .post("/api/v1/imports/" + id + "/cancel")
                .then()
                .statusCode(200)
                .body(at("state", equalTo("CANCELLED")));
        as(worker)
                .post("/api/v1/imports/" + id + "/commit?mode=valid-rows")
                .then()
                .statusCode(409);
    }

    @Test
    void hostileUploadsAreRefusedWithAChineseMessageAndNothingWritten() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D};
        given().auth()
                .preemptive()
                .basic(worker, Users.PASSWORD)
                .multiPart("file", "ledger.csv", png, "text/csv")
                .post("/api/v1/imports")
                .then()
                .statusCode(422)
                .body(at("errors[0].code", equalTo("not-csv")));
        String bomb = upload(worker, "bomb.xlsx", LedgerFiles.zipBomb("xl/worksheets/sheet1.xml", 64L << 20));
        Json failed = awaitSettled(worker, bomb);
        assertThat(failed.getString("state")).isEqualTo("FAILED");
        assertThat(failed.getString("error.code")).isEqualTo("zip-bomb");
        assertThat(failed.getString("error.detail")).contains("压缩炸弹");
        as(worker).get("/api/v1/residents?communityCode=" + community).then().body(at("total", equalTo(0)));
    }

    @Test
    void aRowProbablyRegisteredUnderAnotherIdNumberIsFlaggedAndItsPairQueuedWhenCommitted() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        // Scoped to the community: the street holds the open pairs of every other test, too many for a page.
        String supervisor = Users.create("supervisor", community);
        LocalDate born = LocalDate.of(1978, 3, 9);
        String registered = IdNumbers.of(born, "1");
        while (registered.charAt(14) == registered.charAt(15)) {
            registered = IdNumbers.of(born, "1"); // two typos next to each other would then be a swap of the two
        }
        String residentId = ResidentTestData.aResident()
                .in(community)
                .withName("欧阳明")
                .withIdNumber(registered)
                .registerAs(worker);
        String mistyped = IdNumbers.oneDigitOff(registered, 14);
        String anotherMistyped = IdNumbers.oneDigitOff(registered, 15);
        // A namesake born the same day: a number of another region and sequence, many digits away.
        String namesake = IdNumbers.withCheck((registered.startsWith("51") ? "330106" : "510107")
                + registered.substring(6, 14)
                + (registered.charAt(14) == '9' ? "01" : "91")
                + registered.charAt(16));
        String sima = IdNumbers.of(born, "1");
        byte[] file = LedgerFiles.csv(
                List.of(
                        List.of("姓名", "身份证号", "性别", "民族", "人口类型"),
                        List.of("欧阳明", mistyped, "男", "汉族", "户籍人口"), // the same name, one digit off
                        List.of("欧阳铭", anotherMistyped, "男", "汉族", "户籍人口"), // sounds the same, one digit off
                        List.of("欧阳明", namesake, "男", "汉族", "户籍人口"),
                        List.of("司马亮", sima, "男", "汉族", "户籍人口"), // another person, same day
                        List.of("司马亮", IdNumbers.oneDigitOff(sima, 15), "男", "汉族", "户籍人口")), // row 5, mistyped
                StandardCharsets.UTF_8,
                false);
        String id = upload(worker, "probable.csv", file);
        Json checked = awaitSettled(worker, id);
        assertThat(checked.getString("state")).isEqualTo("READY");
        assertThat(checked.getLong("progress.rowsValid")).isEqualTo(5);
        assertThat(findings(worker, id, "warning"))
                .isEqualTo(Map.of(
                        1L, Set.of("community-from-uploader"),
                        2L, Set.of("probable-duplicate"),
                        3L, Set.of("probable-duplicate"),
                        6L, Set.of("probable-duplicate-in-file")));
        assertThat(as(worker)
                        .get("/api/v1/imports/" + id + "?row=6")
                        .then()
                        .extract()
                        .as(Json.class)
                        .getString("findings.items[0].message"))
                .startsWith("可能与第 5 行是同一人")
                .contains("证件号码只差一位");
        Json row2 = as(worker)
                .get("/api/v1/imports/" + id + "?row=2")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(row2.getString("findings.items[0].residentId")).isEqualTo(residentId);
        assertThat(row2.getString("findings.items[0].columnName")).isEqualTo("姓名");
        assertThat(row2.getString("findings.items[0].message"))
                .contains("姓名相同")
                .contains("证件号码前 17 位仅一位不同")
                .doesNotContain(mistyped)
                .doesNotContain(registered);

        Json committed = committed(worker, id, "valid-rows");
        assertThat(committed.getString("state")).isEqualTo("COMMITTED");
        assertThat(committed.getLong("progress.rowsCommitted")).isEqualTo(5);
        List<Map<String, Object>> open = as(supervisor)
                .get("/api/v1/duplicates?size=50")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .getList("items");
        List<Set<String>> pairs = open.stream()
                .map(p -> Set.of((String) ((Map<?, ?>) p.get("residentA")).get("id"), (String)
                        ((Map<?, ?>) p.get("residentB")).get("id")))
                .toList();
        String first = resident(worker, mistyped).getString("id");
        String second = resident(worker, anotherMistyped).getString("id");
        String fifth = resident(worker, sima).getString("id");
        String namesakeId = resident(worker, namesake).getString("id");
        String sixth = resident(worker, IdNumbers.oneDigitOff(sima, 15)).getString("id");
        assertThat(pairs)
                .contains(Set.of(residentId, first), Set.of(residentId, second), Set.of(fifth, sixth))
                .noneMatch(pair -> pair.contains(namesakeId));
    }

    @Test
    void anUpdateOfferedIsAppliedOnlyWhenAsked() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        String idNumber = IdNumbers.of(LocalDate.of(1985, 6, 15), "1");
        String residentId = ResidentTestData.aResident()
                .in(community)
                .withName("冯涛")
                .withIdNumber(idNumber)
                .registerAs(worker);
        byte[] file = LedgerFiles.csv(
                List.of(
                        List.of("姓名", "身份证号", "民族", "人口类型", "楼栋", "单元", "房号"),
                        List.of("冯涛", idNumber, "汉族", "户籍人口", "9号楼", "1", "101")),
                StandardCharsets.UTF_8,
                false);
        String skipped = upload(worker, "same.csv", file);
        awaitSettled(worker, skipped);
        as(worker)
                .post("/api/v1/imports/" + skipped + "/commit?mode=valid-rows")
                .then()
                .statusCode(202);
        assertThat(awaitSettled(worker, skipped).getLong("progress.rowsCommitted"))
                .isZero();
        assertThat(resident(worker, idNumber).getString("building")).isEqualTo("1号楼");

        String applied = upload(worker, "same-again.csv", file);
        Json checked = awaitSettled(worker, applied);
        assertThat(checked.getLong("progress.rowsToUpdate")).isEqualTo(1);
        as(worker)
                .post("/api/v1/imports/" + applied + "/commit?mode=valid-rows&updates=apply")
                .then()
                .statusCode(202);
        assertThat(awaitSettled(worker, applied).getLong("progress.rowsCommitted"))
                .isEqualTo(1);
        assertThat(resident(worker, idNumber).getString("building")).isEqualTo("9号楼");
        as(worker)
                .get("/api/v1/residents/" + residentId + "/history")
                .then()
                .body(at("items[0].action", equalTo("UPDATED")))
                .body(at("items[0].changes.field", hasItem("building")));
    }

    @Test
    void aLongCheckShowsItsProgressAndCanBeCancelled() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("姓名", "身份证号", "民族", "人口类型"));
        for (int i = 0; i < 20_000; i++) {
            rows.add(List.of("测试某", IdNumbers.any(), "汉族", "户籍人口"));
        }
        String id = upload(worker, "long.csv", LedgerFiles.csv(rows, StandardCharsets.UTF_8, false));
        await().atMost(Duration.ofSeconds(60))
                .until(() -> as(worker)
                                .get("/api/v1/imports/" + id)
                                .then()
                                .extract()
                                .as(Json.class)
                                .getLong("progress.rowsRead")
                        > 0);
        Json running = as(worker).get("/api/v1/imports/" + id).then().extract().as(Json.class);
        assertThat(running.getString("state")).isEqualTo("PARSING");
        assertThat(running.getDouble("progress.rowsPerSecond")).isPositive();
        assertThat(running.getLong("progress.secondsLeft")).isNotNegative();
        assertThat(running.getInt("progress.percent")).isBetween(0, 99);
        as(worker).post("/api/v1/imports/" + id + "/cancel").then().statusCode(200);
        Json cancelled = awaitSettled(worker, id);
        assertThat(cancelled.getString("state")).isEqualTo("CANCELLED");
        assertThat(cancelled.getLong("progress.rowsRead")).isLessThan(20_000);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static List<String> row(
            String no,
            String name,
            String id,
            String sex,
            String birth,
            String ethnicity,
            String political,
            String building,
            String household,
            String relation,
            String residenceType,
            String partyJoined,
            String leagueJoined) {
        return List.of(
                no,
                name,
                id,
                sex,
                birth,
                ethnicity,
                political,
                Phones.any(),
                building,
                "2",
                "501",
                household,
                relation,
                residenceType,
                partyJoined,
                leagueJoined,
                "");
    }

    private static byte[] cleanLedger(List<String> ids) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("姓名", "身份证号", "民族", "人口类型"));
        for (String id : ids) {
            rows.add(List.of("测试某", id, "汉族", "户籍人口"));
        }
        return LedgerFiles.csv(rows, StandardCharsets.UTF_8, false);
    }

    static RequestSpecification as(String user) {
        return Users.as(user);
    }

    /** Uploads a ledger; returns the import's id. */
    @SuppressWarnings("unchecked")
    static String upload(String user, String name, byte[] content) {
        Map<String, Object> accepted = given().auth()
                .preemptive()
                .basic(user, Users.PASSWORD)
                .multiPart("file", name, content, "application/octet-stream")
                .post("/api/v1/imports")
                .then()
                .statusCode(202)
                .extract()
                .as(Map.class);
        assertThat(accepted.get("state")).isEqualTo("PARSING");
        return (String) accepted.get("id");
    }

    /** Sets columns of an import's job as a hub process would have left them (the SQL assignments given). */
    private static void leaveJobAs(String id, String assignments) throws Exception {
        try (Connection conn = TestSql.connect();
                PreparedStatement ps =
                        conn.prepareStatement("update import_job set " + assignments + " where id = ?")) {
            ps.setObject(1, UUID.fromString(id));
            assertThat(ps.executeUpdate()).isOne();
        }
    }

    /** Commits an import in {@code mode} and waits until the commit has ended, one way or the other. */
    static Json committed(String user, String id, String mode) {
        as(user).post("/api/v1/imports/" + id + "/commit?mode=" + mode).then().statusCode(202);
        return awaitSettled(user, id);
    }

    static Json awaitSettled(String user, String id) {
        return Imports.awaitSettled(user, id);
    }

    /** Error codes by row. */
    static Map<Long, Set<String>> findings(String user, String id, String severity) {
        Map<Long, Set<String>> byRow = new TreeMap<>();
        Json j = as(user).get("/api/v1/imports/" + id + "?size=200&severity=" + severity)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        List<Map<String, Object>> items = j.getList("findings.items");
        for (Map<String, Object> f : items) {
            byRow.computeIfAbsent(((Number) f.get("row")).longValue(), r -> new TreeSet<>())
                    .add((String) f.get("code"));
        }
        return byRow;
    }

    private static Json resident(String user, String idNumber) {
        String id = as(user).get("/api/v1/residents?idNumber=" + idNumber)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .get("items[0].id");
        assertThat(id).as("registered").isNotNull();
        return as(user).get("/api/v1/residents/" + id)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
    }

    private static int search(String user, String idNumber) {
        return as(user).get("/api/v1/residents?idNumber=" + idNumber)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .get("total");
    }
}
