package org.communityhub.access.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.communityhub.testing.Json.at;
import static org.communityhub.testing.ResidentTestData.aResident;
import static org.communityhub.testing.TestSql.connect;
import static org.communityhub.testing.Waiting.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;

import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.communityhub.access.Roles;
import org.communityhub.common.database.Jdbc;
import org.communityhub.reference.identity.Masking;
import org.communityhub.testing.Communities;
import org.communityhub.testing.HubTest;
import org.communityhub.testing.Phones;
import org.communityhub.testing.ResidentTestData;
import org.communityhub.testing.SmallBatchesTestProfile;
import org.communityhub.testing.Users;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A hub in the middle of a key rotation: its current key, and a previous key that some rows are
 * still under. Tests put rows under the previous key themselves, then look them up, refuse their
 * duplicates, and rotate them.
 */
@HubTest
@TestProfile(SmallBatchesTestProfile.class)
class PiiKeyRotationTest {

    static final byte[] PREVIOUS_KEY = SmallBatchesTestProfile.PREVIOUS_KEY;

    static final int BATCH = SmallBatchesTestProfile.ROTATION_BATCH;

    @Inject
    PiiCipher pii;

    @Inject
    PiiKeyRotation rotation;

    @Inject
    Jdbc jdbc;

    @ConfigProperty(name = "hub.pii.key")
    String currentKey;

    private final PiiCipher previousOnly = cipher(PREVIOUS_KEY);
    private String community;
    private String worker;

    @BeforeEach
    void aCommunityAndAWorker() {
        community = Communities.create();
        worker = Users.create(Roles.WORKER, community);
        // The run that starts with the hub (previous keys are configured) has nothing to do; let it end.
        await().atMost(Duration.ofSeconds(30)).until(() -> !rotation.status().rotationRunning());
    }

    @Test
    void lookUpsAndDuplicateRefusalsFindRowsUnderEitherKey() throws Exception {
        ResidentTestData old = aResident().in(community).with("phone", Phones.any());
        ResidentTestData current = aResident().in(community).with("phone", Phones.any());
        String oldId = old.registerAs(worker);
        String currentId = current.registerAs(worker);
        ResidentTestData other = aResident().in(community);
        String otherId = other.registerAs(worker);
        underPreviousKey(oldId, false);
        assertThat(rotation.remaining().get("resident")).isPositive();

        for (ResidentTestData r : List.of(old, current)) {
            String id = r == old ? oldId : currentId;
            search("idNumber", r.idNumber()).body(at("total", equalTo(1))).body(at("items.id", contains(id)));
            search("phone", (String) r.json().get("phone"))
                    .body(at("total", equalTo(1)))
                    .body(at("items.id", contains(id)));
            // the same ID number once more: refused, whichever key the first one is under
            Users.as(worker)
                    .body(aResident().in(community).withIdNumber(r.idNumber()).json())
                    .when()
                    .post("/api/v1/residents")
                    .then()
                    .statusCode(409)
                    .body(at("code", equalTo("duplicate-id-number")))
                    .body(at("existingId", equalTo(id)));
            // nor may another resident take it
            Map<String, Object> edit = other.json();
            edit.put("idNumber", r.idNumber());
            Users.as(worker)
                    .header("If-Match", "\"0\"")
                    .body(edit)
                    .when()
                    .put("/api/v1/residents/" + otherId)
                    .then()
                    .statusCode(409)
                    .body(at("code", equalTo("duplicate-id-number")));
        }
        Users.as(worker)
                .when()
                .get("/api/v1/residents/" + oldId)
                .then()
                .statusCode(200)
                .body(at("idNumber", equalTo(Masking.maskIdNumber(old.idNumber()))))
                .body(at("phone", equalTo(Masking.maskPhone((String) old.json().get("phone")))));
    }

    @Test
    void aRotationReEncryptsEverythingAndAnInterruptedOneResumes() throws Exception {
        Map<String, ResidentTestData> residents = new HashMap<>();
        for (int i = 0; i < 5; i++) {
            ResidentTestData r = aResident().in(community).with("phone", Phones.any());
            residents.put(r.registerAs(worker), r);
        }
        List<String> ids = new ArrayList<>(residents.keySet());
        for (int i = 0; i < ids.size(); i++) {
            underPreviousKey(ids.get(i), i == 0); // one in the first format, from before fingerprints
            deliveredUnderPreviousKey(ids.get(i), residents.get(ids.get(i)).idNumber());
        }
        Map<String, Integer> versions = versions(ids);
        long before = total(rotation.remaining());
        assertThat(rotation.remaining().get("resident")).isGreaterThanOrEqualTo(5);
        assertThat(rotation.remaining().get("platform_record")).isGreaterThanOrEqualTo(5);

        // One batch, then the run stops (as if the hub stopped): that batch stays done.
        PiiKeyRotation.Result first = rotation.rotate(1);
        assertThat(first.reEncrypted()).isEqualTo(BATCH);
        assertThat(total(rotation.remaining())).isEqualTo(before - BATCH);

        // A new run picks up only what is left.
        PiiKeyRotation.Result rest = rotation.rotate(Integer.MAX_VALUE);
        assertThat(rest.reEncrypted()).isEqualTo(before - BATCH);
        assertThat(rest.remaining()).isZero();
        assertThat(rotation.remaining())
                .containsOnly(
                        Map.entry("resident", 0L),
                        Map.entry("platform_record", 0L),
                        Map.entry("resident_merge", 0L),
                        Map.entry("import_correction", 0L),
                        Map.entry("collection", 0L),
                        Map.entry("collection_answer", 0L));

        // Everything opens with the current key alone, and every index is the current key's.
        PiiCipher currentOnly = cipher(Base64.getDecoder().decode(currentKey));
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "select id, id_number_cipher, id_number_index, phone_cipher, phone_index from resident")) {
            while (rs.next()) {
                String id = rs.getString(1);
                String number = currentOnly.decrypt(PiiField.ID_NUMBER, rs.getBytes(2));
                String phone = currentOnly.decrypt(PiiField.PHONE, rs.getBytes(4));
                if (number != null) {
                    assertThat(rs.getBytes(3)).isEqualTo(currentOnly.blindIndex(PiiField.ID_NUMBER, number));
                }
                if (phone != null) {
                    assertThat(rs.getBytes(5)).isEqualTo(currentOnly.blindIndex(PiiField.PHONE, phone));
                }
                if (residents.containsKey(id)) {
                    assertThat(number).isEqualTo(residents.get(id).idNumber());
                    assertThat(phone).isEqualTo(residents.get(id).json().get("phone"));
                }
            }
        }
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select adapter_id, resident_id, payload_cipher from platform_record"
                        + " where payload_cipher is not null")) {
            while (rs.next()) {
                String payload = currentOnly.decrypt(PiiField.DELIVERED_PAYLOAD, rs.getBytes(3));
                if (rs.getString(1).equals("key-rotation-test")) {
                    assertThat(payload)
                            .isEqualTo(payloadOf(residents.get(rs.getString(2)).idNumber()));
                }
            }
        }
        assertThat(versions(ids)).as("a rotation is no change of the resident").isEqualTo(versions);
        search("idNumber", residents.get(ids.get(0)).idNumber()).body(at("items.id", contains(ids.get(0))));
    }

    @Test
    void anAdminSeesTheKeysAndStartsTheRotation() throws Exception {
        for (int i = 0; i < 4; i++) {
            underPreviousKey(
                    aResident().in(community).with("phone", Phones.any()).registerAs(worker), false);
        }

        Users.asAdmin()
                .when()
                .get("/api/v1/admin/pii-key")
                .then()
                .statusCode(200)
                .body(at("currentKey", equalTo(pii.currentKeyFingerprint())))
                .body(at("previousKeys", contains(previousOnly.currentKeyFingerprint())))
                .body(at("rowsUnderOldKeys.resident", greaterThanOrEqualTo(4)));
        Users.as(worker).when().get("/api/v1/admin/pii-key").then().statusCode(403);
        Users.as(worker).when().post("/api/v1/admin/pii-key/rotation").then().statusCode(403);

        Users.asAdmin()
                .when()
                .post("/api/v1/admin/pii-key/rotation")
                .then()
                .statusCode(202)
                .body(at("currentKey", equalTo(pii.currentKeyFingerprint())));

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> Users.asAdmin()
                        .when()
                        .get("/api/v1/admin/pii-key")
                        .then()
                        .statusCode(200)
                        .body(at("rowsUnderOldKeys.resident", equalTo(0)))
                        .body(at("rowsUnderOldKeys.platform_record", equalTo(0)))
                        .body(at("rotationRunning", equalTo(false)))
                        .body(at("lastRun.outcome", equalTo("FINISHED")))
                        .body(at("lastRun.rowsReEncrypted", greaterThanOrEqualTo(4))));
    }

    @Test
    void aHubWithoutAKeyTheDataNeedsRefusesToStartNamingTheKey() throws Exception {
        ResidentTestData r = aResident().in(community).with("phone", Phones.any());
        String id = r.registerAs(worker);
        underPreviousKey(id, false);
        PiiCipher currentOnly = cipher(Base64.getDecoder().decode(currentKey));

        assertThatThrownBy(() -> new PiiKeyCheck(jdbc, currentOnly, rotation).onStart(null))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("key " + previousOnly.currentKeyFingerprint())
                .hasMessageContaining("resident.id_number_cipher")
                .hasMessageContaining("resident.phone_cipher")
                .hasMessageContaining("HUB_PII_PREVIOUS_KEYS")
                .hasMessageNotContaining(r.idNumber())
                .hasMessageNotContaining((String) r.json().get("phone"));
        assertThat(new PiiKeyCheck(jdbc, pii, rotation).look().missingKeys())
                .as("the hub's own ring has the key")
                .isEmpty();

        // Values from before fingerprints: no key of the ring opens them, so it is refused too.
        underPreviousKey(id, true);
        PiiKeyCheck.Findings findings = new PiiKeyCheck(jdbc, currentOnly, rotation).look();
        assertThat(findings.unopenedFirstFormat()).contains("resident.id_number_cipher");
        assertThatThrownBy(() -> new PiiKeyCheck(jdbc, currentOnly, rotation).onStart(null))
                .hasMessageContaining("before keys had fingerprints");
        assertThat(new PiiKeyCheck(jdbc, pii, rotation).look().unopenedFirstFormat())
                .isEmpty();
    }

    @Test
    void everyEncryptedColumnOfTheSchemaIsKnownToTheRotation() throws Exception {
        Set<String> inSchema = new HashSet<>();
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select table_name || '.' || column_name from information_schema.columns"
                        + " where table_schema = 'public' and data_type = 'bytea' and column_name like '%cipher%'")) {
            while (rs.next()) {
                inSchema.add(rs.getString(1));
            }
        }
        Set<String> known = new HashSet<>();
        EncryptedTable.ALL.forEach(t -> t.columns().forEach(col -> known.add(t.name() + "." + col.cipher())));
        assertThat(known).isEqualTo(inSchema);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private ValidatableResponse search(String parameter, String value) {
        return Users.as(worker)
                .queryParam(parameter, value)
                .when()
                .get("/api/v1/residents")
                .then()
                .statusCode(200);
    }

    /** Rewrites a resident's ID number and phone as a hub with only the previous key wrote them. */
    private void underPreviousKey(String residentId, boolean firstFormat) throws Exception {
        try (Connection c = connect()) {
            byte[] idCipher;
            byte[] phoneCipher;
            try (PreparedStatement ps =
                    c.prepareStatement("select id_number_cipher, phone_cipher from resident where id = ?::uuid")) {
                ps.setString(1, residentId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    idCipher = rs.getBytes(1);
                    phoneCipher = rs.getBytes(2);
                }
            }
            String number = pii.decrypt(PiiField.ID_NUMBER, idCipher);
            String phone = pii.decrypt(PiiField.PHONE, phoneCipher);
            try (PreparedStatement ps = c.prepareStatement("update resident set id_number_cipher = ?,"
                    + " id_number_index = ?, phone_cipher = ?, phone_index = ? where id = ?::uuid")) {
                ps.setBytes(
                        1,
                        firstFormat
                                ? PiiCipherTest.firstFormat(PREVIOUS_KEY, PiiField.ID_NUMBER, number)
                                : previousOnly.encrypt(PiiField.ID_NUMBER, number));
                ps.setBytes(2, previousOnly.blindIndex(PiiField.ID_NUMBER, number));
                ps.setBytes(3, phone == null ? null : previousOnly.encrypt(PiiField.PHONE, phone));
                ps.setBytes(4, phone == null ? null : previousOnly.blindIndex(PiiField.PHONE, phone));
                ps.setString(5, residentId);
                assertThat(ps.executeUpdate()).isEqualTo(1);
            }
        }
    }

    /** What a platform holds of the resident, encrypted under the previous key. */
    private void deliveredUnderPreviousKey(String residentId, String idNumber) throws Exception {
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("insert into platform_record (adapter_id, resident_id, held,"
                        + " accepted_version, accepted_at, payload_hash, payload_cipher)"
                        + " values ('key-rotation-test', ?::uuid, true, 0, now(), 'test', ?)")) {
            ps.setString(1, residentId);
            ps.setBytes(2, previousOnly.encrypt(PiiField.DELIVERED_PAYLOAD, payloadOf(idNumber)));
            ps.executeUpdate();
        }
    }

    private static String payloadOf(String idNumber) {
        return "{\"证件号码\":\"" + idNumber + "\"}";
    }

    private static Map<String, Integer> versions(List<String> ids) throws Exception {
        Map<String, Integer> versions = new HashMap<>();
        try (Connection c = connect();
                PreparedStatement ps = c.prepareStatement("select id, version from resident where id = any(?)")) {
            ps.setArray(
                    1,
                    c.createArrayOf("uuid", ids.stream().map(UUID::fromString).toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    versions.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return versions;
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static PiiCipher cipher(byte[] key) {
        return new PiiCipher(List.of(new PiiCipher.MasterKey(key, "test")));
    }
}
