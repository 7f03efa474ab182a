package org.communityhub.intake.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.communityhub.intake.imports.ImportResourceTest.as;
import static org.communityhub.intake.imports.ImportResourceTest.awaitSettled;
import static org.communityhub.intake.imports.ImportResourceTest.committed;
import static org.communityhub.intake.imports.ImportResourceTest.upload;
import static org.communityhub.testing.Json.at;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.communityhub.access.Roles;
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
 * An import's result file holds the ledger's ID numbers and phones: it is an export like any other,
 * with a purpose, identifiers masked unless revealed, and every registered resident it holds named
 * in the access log for the area's auditors.
 */
@HubTest
class ImportResultFileTest {

    private static final String RESULT = "/api/v1/imports/%s/result";

    @Test
    void theResultFileIsAnAuditedExportWithIdentifiersMaskedUnlessRevealed() {
        String community = Communities.create();
        String elsewhere = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String auditor = Users.create(Roles.AUDITOR, community);
        String otherAuditor = Users.create(Roles.AUDITOR, elsewhere);
        String registeredId = IdNumbers.of(LocalDate.of(1961, 3, 2), "2");
        String registeredPhone = Phones.any();
        String registered = ResidentTestData.aResident()
                .in(community)
                .withName("结果甲")
                .withIdNumber(registeredId)
                .with("phone", registeredPhone)
                .registerAs(worker);
        String newId = IdNumbers.of(LocalDate.of(1990, 7, 8), "1");
        String newPhone = Phones.any();
        String noted = IdNumbers.of(LocalDate.of(1958, 1, 9), "1");
        byte[] ledger = LedgerFiles.csv(
                List.of(
                        List.of("姓名", "身份证号", "手机号", "人口类型", "备注"),
                        List.of("结果甲", registeredId, registeredPhone, "户籍人口", ""),
                        List.of("结果乙", newId, newPhone, "户籍人口", "户主身份证号 " + noted)),
                StandardCharsets.UTF_8,
                false);
        String id = upload(worker, "结果文件.csv", ledger);
        assertThat(awaitSettled(worker, id).getString("state")).isEqualTo("READY");

        // No purpose, no file.
        as(worker)
                .get(RESULT.formatted(id))
                .then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body(at("errors[0].field", equalTo("purpose")))
                .body(at("errors[0].code", equalTo("purpose-required")));

        String masked = text(as(worker)
                .get(RESULT.formatted(id) + "?purpose=data-correction")
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-store")
                .extract()
                .asByteArray());
        assertThat(masked)
                .doesNotContain(registeredId, newId, noted, registeredPhone, newPhone)
                .contains(
                        Masking.maskIdNumber(registeredId),
                        Masking.maskIdNumber(newId),
                        Masking.maskIdNumber(noted),
                        Masking.maskPhone(newPhone));

        // The area's auditor sees the export, naming the registered resident, with its purpose.
        Json log = exportsOf(auditor, registered);
        assertThat(log.getInt("total")).isEqualTo(1);
        assertThat(log.getString("items[0].username")).isEqualTo(worker);
        assertThat(log.getString("items[0].purpose")).isEqualTo("data-correction");
        assertThat(log.getList("items[0].fields", String.class)).contains("idNumber:masked", "phone:masked", "name");
        assertThat(exportsOf(otherAuditor, registered).getInt("total")).isZero();

        // Revealed with a purpose: the numbers as the ledger has them, and the log says so.
        String revealed = text(as(worker)
                .get(RESULT.formatted(id) + "?purpose=data-correction&reveal=idNumber,phone")
                .then()
                .statusCode(200)
                .extract()
                .asByteArray());
        assertThat(revealed).contains(registeredId, newId, noted, registeredPhone, newPhone);
        Json again = exportsOf(auditor, registered);
        assertThat(again.getInt("total")).isEqualTo(2);
        assertThat(again.getList("items[0].fields", String.class)).contains("idNumber", "phone");

        // Once committed, the new resident's row names them too.
        Json commit = committed(worker, id, "valid-rows");
        assertThat(commit.getString("state")).isEqualTo("COMMITTED");
        assertThat(commit.getLong("progress.rowsCommitted"))
                .as("findings: %s", commit.getList("findings.items"))
                .isOne();
        as(worker).get(RESULT.formatted(id) + "?purpose=data-correction").then().statusCode(200);
        String added = as(worker)
                .queryParam("idNumber", newId)
                .get("/api/v1/residents")
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class)
                .get("items[0].id");
        assertThat(exportsOf(auditor, added).getInt("total")).isEqualTo(1);
    }

    @Test
    void theResultFilesPurposeAndRevealAreCheckedAsEveryExportsAre() {
        String community = Communities.create();
        String supervisor = Users.create(Roles.SUPERVISOR, community);
        String id = upload(
                supervisor,
                "督导.csv",
                LedgerFiles.csv(
                        List.of(List.of("姓名", "身份证号"), List.of("结果丙", IdNumbers.any())),
                        StandardCharsets.UTF_8,
                        false));
        awaitSettled(supervisor, id);
        as(supervisor)
                .get(RESULT.formatted(id) + "?purpose=other")
                .then()
                .statusCode(422)
                .body(at("errors[0].code", equalTo("note-required")));
        Map<String, Object> problem = as(supervisor)
                .get(RESULT.formatted(id) + "?purpose=data-correction&reveal=address")
                .then()
                .statusCode(422)
                .extract()
                .as(Json.class)
                .getMap("errors[0]");
        assertThat(problem).containsEntry("field", "reveal").containsEntry("code", "unknown-field");
    }

    @Test
    void downloadingTheResultFileLooksNobodyUpEvenWhenTheDaysLookUpsAreUsed() {
        String community = Communities.create();
        String elsewhere = Communities.create();
        String worker = Users.create(Roles.WORKER, community);
        String otherWorker = Users.create(Roles.WORKER, elsewhere);
        String otherAuditor = Users.create(Roles.AUDITOR, elsewhere);
        List<List<String>> rows = new java.util.ArrayList<>();
        rows.add(List.of("姓名", "身份证号"));
        String first = null;
        // As many residents of another community as a user may find in a day (the default 30).
        for (int i = 0; i < 30; i++) {
            var resident = ResidentTestData.aResident().in(elsewhere);
            String residentId = resident.registerAs(otherWorker);
            first = first == null ? residentId : first;
            rows.add(List.of("外区" + i, resident.idNumber()));
        }
        String id = upload(worker, "外区.csv", LedgerFiles.csv(rows, StandardCharsets.UTF_8, false));
        assertThat(awaitSettled(worker, id).getString("state")).isEqualTo("READY");
        // The check looked each number up once, and that used the worker's look-ups for the day.
        assertThat(logOf(otherAuditor, "LOOKUP", first).getInt("total")).isOne();

        for (int download = 0; download < 2; download++) {
            as(worker)
                    .get(RESULT.formatted(id) + "?purpose=data-correction")
                    .then()
                    .statusCode(200);
        }

        // Each download is an export naming the holders, for their auditors; not a look-up.
        assertThat(logOf(otherAuditor, "LOOKUP", first).getInt("total")).isOne();
        assertThat(logOf(otherAuditor, "EXPORT", first).getInt("total")).isEqualTo(2);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static Json exportsOf(String auditor, String resident) {
        return logOf(auditor, "EXPORT", resident);
    }

    private static Json logOf(String auditor, String action, String resident) {
        return Users.as(auditor)
                .get("/api/v1/audit/access-log?action=" + action + "&resident=" + resident)
                .then()
                .statusCode(200)
                .extract()
                .as(Json.class);
    }
}
