package org.communityhub.intake.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.intake.imports.ImportDamagedIdNumbersTest.HEADER;
import static org.communityhub.intake.imports.ImportDamagedIdNumbersTest.decide;
import static org.communityhub.intake.imports.ImportDamagedIdNumbersTest.firstSwappable;
import static org.communityhub.intake.imports.ImportDamagedIdNumbersTest.idsWithNumber;
import static org.communityhub.intake.imports.ImportDamagedIdNumbersTest.idsWithPhone;
import static org.communityhub.intake.imports.ImportDamagedIdNumbersTest.residentsIn;
import static org.communityhub.intake.imports.ImportDamagedIdNumbersTest.row;
import static org.communityhub.intake.imports.ImportDamagedIdNumbersTest.suggestion;
import static org.communityhub.intake.imports.ImportResourceTest.as;
import static org.communityhub.intake.imports.ImportResourceTest.awaitSettled;
import static org.communityhub.intake.imports.ImportResourceTest.committed;
import static org.communityhub.intake.imports.ImportResourceTest.upload;
import static org.communityhub.testing.Json.at;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.communityhub.reference.identity.Masking;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.IdNumbers;
import org.communityhub.testing.Json;
import org.communityhub.testing.Phones;
import org.communityhub.testing.ResidentTestData;
import org.communityhub.testing.TestSql;
import org.communityhub.testing.Users;
import org.junit.jupiter.api.Test;

/**
 * Deciding in bulk and fixing in place: findings by kind, every pending question of a kind answered
 * at once, answers kept when the file is checked again, and a cell corrected on the hub (stored
 * encrypted, checked as the file's cells are, committed) without uploading the file again.
 */
@HubTest
class ImportFixInPlaceTest {

    @Test
    void findingsComeByKindAndAKindsQuestionsAreAnsweredAtOnce() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        Damaged ledger = damagedLedger(worker, community);
        String id = upload(worker, "台账.csv", LedgerFiles.csv(ledger.rows, StandardCharsets.UTF_8, false));
        Json checked = awaitSettled(worker, id);
        assertThat(checked.getString("state")).isEqualTo("READY");
        assertThat(checked.getLong("progress.decisionsPending")).isEqualTo(3);

        Map<String, Object> kind = kind(worker, id, ImportJobs.DAMAGED_ID_REGISTERED);
        assertThat(kind.get("label")).isEqualTo("证件号码有误，可能是已登记的居民");
        assertThat(kind.get("severity")).isEqualTo("WARNING");
        assertThat(kind.get("rows")).isEqualTo(3);
        assertThat(kind.get("pending")).isEqualTo(3);
        Map<String, Object> checksum = kind(worker, id, "id-number-checksum");
        assertThat(checksum.get("severity")).isEqualTo("ERROR");
        assertThat(checksum.get("pending")).as("not a question").isNull();
        List<Map<String, Object>> kinds = kinds(worker, id);
        assertThat(kinds.get(0).get("severity")).as("errors first").isEqualTo("ERROR");
        // Every kind in words a worker reads: Chinese, never the code or an API name.
        assertThat(kinds)
                .allSatisfy(k -> assertThat((String) k.get("label"))
                        .doesNotContain((String) k.get("code"))
                        .doesNotContainPattern("[A-Za-z]{3,}")
                        .containsPattern("\\p{IsHan}"));
        // A kind's rows, alone.
        Json ofKind = as(worker)
                .get("/api/v1/imports/" + id + "?code=" + ImportJobs.DAMAGED_ID_REGISTERED)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(ofKind.getLong("findings.total")).isEqualTo(3);
        assertThat(ofKind.getList("findings.items.row", Integer.class)).containsExactly(2, 3, 4);

        // One row answered by hand first keeps its answer; the rest of the kind is answered at once.
        decide(worker, id, Map.of("row", 2, "accept", false));
        Json all = decideAll(worker, id, ImportJobs.DAMAGED_ID_REGISTERED, true)
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(all.getLong("progress.decisionsPending")).isZero();
        assertThat(all.getLong("progress.rowsToUpdate")).isEqualTo(2);
        assertThat(all.getLong("progress.rowsWithErrors"))
                .as("row 2 declined, row 5 a namesake")
                .isEqualTo(2);
        assertThat(suggestion(worker, id, 2).get("decision")).isEqualTo("declined");
        assertThat(suggestion(worker, id, 3).get("decision")).isEqualTo("accepted");
        assertThat(suggestion(worker, id, 4).get("decision")).isEqualTo("accepted");
        Map<String, Object> answered = kind(worker, id, ImportJobs.DAMAGED_ID_REGISTERED);
        assertThat(answered)
                .containsEntry("pending", 0)
                .containsEntry("accepted", 2)
                .containsEntry("declined", 1);

        // Nothing left to answer, a kind that asks nothing, no answer, two forms at once: precise refusals.
        decideAll(worker, id, ImportJobs.DAMAGED_ID_REGISTERED, true)
                .statusCode(422)
                .contentType("application/problem+json")
                .body(at("errors[0].field", equalTo("all.code")))
                .body(at("errors[0].code", equalTo("no-pending-question")));
        decideAll(worker, id, "id-number-checksum", true)
                .statusCode(422)
                .body(at("errors[0].code", equalTo("no-such-question")));
        as(worker)
                .contentType(ContentType.JSON)
                .body(Map.of("all", Map.of("code", ImportJobs.DAMAGED_ID_REGISTERED)))
                .put("/api/v1/imports/" + id + "/decisions")
                .then()
                .statusCode(422)
                .body(at("errors[0].field", equalTo("all.accept")));
        as(worker)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "all",
                        Map.of("code", ImportJobs.DAMAGED_ID_REGISTERED, "accept", true),
                        "decisions",
                        List.of(Map.of("row", 2, "accept", true))))
                .put("/api/v1/imports/" + id + "/decisions")
                .then()
                .statusCode(400)
                .body(at("code", equalTo("decisions-and-all")));
        String other = Users.create("worker", Communities.create());
        decideAll(other, id, ImportJobs.DAMAGED_ID_REGISTERED, true).statusCode(404);

        Json done = committed(worker, id, "valid-rows");
        assertThat(done.getString("state")).as(done.getString("error.detail")).isEqualTo("COMMITTED");
        assertThat(done.getLong("progress.rowsUpdated")).isEqualTo(2);
        assertThat(idsWithPhone(worker, ledger.phones.get(1))).containsExactly(ledger.residents.get(1));
        assertThat(idsWithPhone(worker, ledger.phones.get(0)))
                .as("declined by hand")
                .isEmpty();
        decideAll(worker, id, ImportJobs.DAMAGED_ID_REGISTERED, false).statusCode(409);
    }

    @Test
    void answersAreKeptWhenTheFileIsCheckedAgainAndTheSameQuestionIsAsked() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        Damaged ledger = damagedLedger(worker, community);
        // A column more than the other tests' ledgers: the mapping corrected below is remembered for
        // these headers only.
        List<List<String>> rows = new ArrayList<>();
        for (List<String> row : ledger.rows) {
            List<String> longer = new ArrayList<>(row);
            longer.add(rows.isEmpty() ? "备注（决定保留）" : "");
            rows.add(longer);
        }
        String id = upload(worker, "台账.csv", LedgerFiles.csv(rows, StandardCharsets.UTF_8, false));
        awaitSettled(worker, id);
        decide(worker, id, Map.of("row", 2, "accept", true), Map.of("row", 3, "accept", false));

        // Checked again with another mapping: the phone column no longer imported.
        as(worker)
                .contentType(ContentType.JSON)
                .body(Map.of("columns", List.of(Map.of("column", 5, "field", ""))))
                .put("/api/v1/imports/" + id + "/mapping")
                .then()
                .statusCode(202)
                .body(at("state", equalTo("PARSING")));
        Json again = awaitSettled(worker, id);
        assertThat(again.getString("state")).isEqualTo("READY");
        assertThat(suggestion(worker, id, 2).get("decision")).isEqualTo("accepted");
        assertThat(suggestion(worker, id, 3).get("decision")).isEqualTo("declined");
        assertThat(suggestion(worker, id, 4).get("decision")).isEqualTo("pending");
        assertThat(again.getLong("progress.decisionsPending")).isOne();
        assertThat(again.getLong("progress.rowsToUpdate"))
                .as("the accepted row counts as an update")
                .isOne();
        assertThat(again.getLong("progress.rowsWithErrors")).isEqualTo(3);

        // A corrected cell checks the file again too: the row's question is gone with its damage, the
        // others' answers stay.
        correct(worker, id, 4, Map.of("公民身份号码", ledger.numbers.get(2))).statusCode(202);
        Json corrected = awaitSettled(worker, id);
        assertThat(suggestion(worker, id, 4)).isNull();
        assertThat(ImportResourceTest.findings(worker, id, "ERROR")).doesNotContainKey(4L);
        assertThat(suggestion(worker, id, 2).get("decision")).isEqualTo("accepted");
        assertThat(suggestion(worker, id, 3).get("decision")).isEqualTo("declined");
        assertThat(corrected.getLong("progress.decisionsPending")).isZero();
        assertThat(corrected.getLong("progress.rowsWithErrors")).isEqualTo(2);
    }

    @Test
    void aCorrectedCellIsStoredEncryptedCheckedLikeTheFilesAndCommitted() throws Exception {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        LocalDate born = LocalDate.of(1984, 6, 1);
        String number = IdNumbers.of(born, "1");
        String good = IdNumbers.any();
        List<List<String>> rows = List.of(
                List.of("姓名", "身份证号码", "民族", "人口类型"),
                List.of("改正甲", good, "汉族", "户籍人口"),
                List.of("改正乙", "1.10105E+17", "汉族", "户籍人口"),
                List.of("改正丙", IdNumbers.any(), "火星族", "户籍人口"));
        String id = upload(worker, "台账.csv", LedgerFiles.csv(rows, StandardCharsets.UTF_8, false));
        assertThat(awaitSettled(worker, id).getLong("progress.rowsWithErrors")).isEqualTo(2);

        // The row as the check reads it: identifiers masked.
        Json row = as(worker)
                .get("/api/v1/imports/" + id + "/rows/3")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(row.getString("cells[0].value")).isEqualTo("改正乙");
        assertThat(row.getString("cells[1].field")).isEqualTo("idNumber");
        assertThat(row.getBoolean("cells[1].masked")).isTrue();
        assertThat(row.getList("findings.code")).isNotEmpty();

        // Refusals: a column or row not in the file, a body without cells.
        correct(worker, id, 3, Map.of("血型", "A"))
                .statusCode(400)
                .contentType("application/problem+json")
                .body(at("code", equalTo("unknown-column")))
                .body(at("errors[0].field", equalTo("cells.血型")));
        correct(worker, id, 3, Map.of("9", "A")).statusCode(400);
        correct(worker, id, 99, Map.of("2", number))
                .statusCode(404)
                .contentType("application/problem+json")
                .body(at("code", equalTo("no-such-row")));
        correct(worker, id, 1, Map.of("2", number)).statusCode(404); // the header row
        as(worker).get("/api/v1/imports/" + id + "/rows/99").then().statusCode(404);
        correct(worker, id, 3, Map.of()).statusCode(400);
        correct(Users.create("worker", Communities.create()), id, 3, Map.of("2", number))
                .statusCode(404);

        // A correction that is still wrong is refused as the file's value would be, never mended.
        correct(worker, id, 3, Map.of("身份证号码", number.substring(0, 16))).statusCode(202);
        assertThat(awaitSettled(worker, id).getLong("progress.rowsWithErrors")).isEqualTo(2);
        assertThat(ImportResourceTest.findings(worker, id, "ERROR").get(3L)).contains("id-number-length");

        correct(worker, id, 3, Map.of("2", number)).statusCode(202).body(at("state", equalTo("PARSING")));
        awaitSettled(worker, id);
        correct(worker, id, 4, Map.of("民族", "汉族")).statusCode(202);
        Json fixed = awaitSettled(worker, id);
        assertThat(fixed.getLong("progress.rowsWithErrors")).isZero();
        assertThat(fixed.getLong("progress.rowsValid")).isEqualTo(3);
        Json shown = as(worker)
                .get("/api/v1/imports/" + id + "/rows/3")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(shown.getBoolean("cells[1].corrected")).isTrue();
        assertThat(shown.getString("cells[1].value")).isEqualTo(Masking.maskIdNumber(number));

        // At rest, only ciphertext: neither value is in the table in clear.
        List<byte[]> stored = storedCorrections(UUID.fromString(id));
        assertThat(stored).hasSize(2);
        for (byte[] value : stored) {
            assertThat(new String(value, StandardCharsets.ISO_8859_1))
                    .doesNotContain(number)
                    .doesNotContain(new String("汉族".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
        }

        // The result file shows the corrected cell, and says it was corrected.
        String result = new String(
                as(worker)
                        .get("/api/v1/imports/" + id + "/result?purpose=data-correction&reveal=idNumber")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray(),
                StandardCharsets.UTF_8);
        assertThat(result).contains(number).contains("本行已在导入页改正：“身份证号码”").doesNotContain("1.10105E+17");

        // The commit writes the corrected values.
        Json done = committed(worker, id, "valid-rows");
        assertThat(done.getLong("progress.rowsRegistered")).isEqualTo(3);
        assertThat(idsWithNumber(worker, number)).hasSize(1);
        assertThat(residentsIn(worker, community)).isEqualTo(3);
        correct(worker, id, 2, Map.of("民族", "回族"))
                .statusCode(409)
                .contentType("application/problem+json")
                .body(at("code", equalTo("not-ready")));
    }

    @Test
    void aCorrectionIsUndoneAndTheFilesValueReadAgain() {
        String community = Communities.create();
        String worker = Users.create("worker", community);
        List<List<String>> rows =
                List.of(List.of("姓名", "身份证号码", "民族", "人口类型"), List.of("还原甲", IdNumbers.any(), "汉族", "户籍人口"));
        String id = upload(worker, "台账.csv", LedgerFiles.csv(rows, StandardCharsets.UTF_8, false));
        awaitSettled(worker, id);
        correct(worker, id, 2, Map.of("3", "火星族")).statusCode(202);
        assertThat(awaitSettled(worker, id).getLong("progress.rowsWithErrors")).isOne();
        Map<String, String> undo = new HashMap<>();
        undo.put("3", null);
        correct(worker, id, 2, undo).statusCode(202);
        assertThat(awaitSettled(worker, id).getLong("progress.rowsWithErrors")).isZero();
        Json row = as(worker)
                .get("/api/v1/imports/" + id + "/rows/2")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
        assertThat(row.getString("cells[2].value")).isEqualTo("汉族");
        assertThat(row.getBoolean("cells[2].corrected")).isFalse();
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** A ledger of three registered residents' rows with damaged numbers (rows 2–4) and a namesake's (row 5). */
    record Damaged(List<List<String>> rows, List<String> residents, List<String> numbers, List<String> phones) {}

    static Damaged damagedLedger(String worker, String community) {
        LocalDate[] born = {LocalDate.of(1961, 3, 2), LocalDate.of(1955, 7, 8), LocalDate.of(1980, 11, 20)};
        String[] names = {"王秀英", "李建国", "赵丽"};
        String[] sexes = {"2", "1", "2"};
        List<String> residents = new ArrayList<>();
        List<String> numbers = new ArrayList<>();
        List<String> phones = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (int i = 0; i < 3; i++) {
            String number = IdNumbers.of(born[i], sexes[i]);
            numbers.add(number);
            residents.add(ResidentTestData.aResident()
                    .in(community)
                    .withName(names[i])
                    .bornOn(born[i], sexes[i])
                    .withIdNumber(number)
                    .at("3号楼", "2", "501")
                    .registerAs(worker));
            phones.add(Phones.any());
            String damaged = switch (i) {
                case 0 -> IdNumbers.transposed(number, firstSwappable(number));
                case 1 -> IdNumbers.mistyped(number, 14);
                default -> IdNumbers.withoutDigit(number, 15);
            };
            rows.add(row(names[i], damaged, sexes[i].equals("1") ? "男" : "女", born[i], phones.get(i)));
        }
        // Same name, another birth date, a number one digit from hers: another person, no question.
        rows.add(row("王秀英", IdNumbers.mistyped(numbers.get(0), 13), "女", LocalDate.of(1961, 3, 3), Phones.any()));
        return new Damaged(rows, residents, numbers, phones);
    }

    static io.restassured.response.ValidatableResponse decideAll(String user, String id, String code, boolean accept) {
        return as(user).contentType(ContentType.JSON)
                .body(Map.of("all", Map.of("code", code, "accept", accept)))
                .put("/api/v1/imports/" + id + "/decisions")
                .then();
    }

    static io.restassured.response.ValidatableResponse correct(
            String user, String id, long row, Map<String, String> cells) {
        Map<String, Object> body = new HashMap<>();
        body.put("cells", cells);
        return as(user).contentType(ContentType.JSON)
                .body(body)
                .put("/api/v1/imports/" + id + "/rows/" + row)
                .then();
    }

    static List<Map<String, Object>> kinds(String user, String id) {
        return as(user).get("/api/v1/imports/" + id)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .getList("findingKinds");
    }

    static Map<String, Object> kind(String user, String id, String code) {
        return kinds(user, id).stream()
                .filter(k -> code.equals(k.get("code")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no kind " + code));
    }

    private static List<byte[]> storedCorrections(UUID job) throws Exception {
        List<byte[]> values = new ArrayList<>();
        try (Connection conn = TestSql.connect();
                PreparedStatement ps = conn.prepareStatement(
                        "select value_cipher from import_correction where import_id = ? order by row_no")) {
            ps.setObject(1, job);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getBytes(1));
                }
            }
        }
        return values;
    }
}
