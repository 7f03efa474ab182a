package org.communityhub.access.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.communityhub.testing.IdNumbers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PiiCipherTest {

    private final byte[] oldKey = PiiCipher.newKey();
    private final byte[] newKey = PiiCipher.newKey();
    private final String idNumber = IdNumbers.any();

    @Test
    void newValuesNameTheirKeyByFingerprintAndOpenWithIt() {
        PiiCipher cipher = ring(newKey);
        byte[] stored = cipher.encrypt(PiiField.ID_NUMBER, idNumber);

        assertThat(stored[0]).isEqualTo((byte) 2);
        assertThat(HexFormat.of().formatHex(stored, 1, 5)).isEqualTo(cipher.currentKeyFingerprint());
        assertThat(cipher.currentKeyFingerprint()).matches("[0-9a-f]{8}");
        assertThat(cipher.underCurrentKey(stored)).isTrue();
        assertThat(cipher.decrypt(PiiField.ID_NUMBER, stored)).isEqualTo(idNumber);
        assertThat(ring(oldKey).currentKeyFingerprint()).isNotEqualTo(cipher.currentKeyFingerprint());
    }

    @Test
    void aValueUnderAPreviousKeyOpensWithTheRingButIsNotUnderTheCurrentKey() {
        byte[] stored = ring(oldKey).encrypt(PiiField.PHONE, "13912345678");
        PiiCipher rotating = ring(newKey, oldKey);

        assertThat(rotating.decrypt(PiiField.PHONE, stored)).isEqualTo("13912345678");
        assertThat(rotating.underCurrentKey(stored)).isFalse();
        assertThat(rotating.underCurrentKey(rotating.encrypt(PiiField.PHONE, "13912345678")))
                .isTrue();
        assertThat(rotating.previousKeyFingerprints())
                .containsExactly(ring(oldKey).currentKeyFingerprint());
    }

    @Test
    void aValueUnderAKeyTheHubLacksFailsNamingTheKeyNotTheValue() {
        PiiCipher old = ring(oldKey);
        byte[] stored = old.encrypt(PiiField.ID_NUMBER, idNumber);

        assertThatThrownBy(() -> ring(newKey).decrypt(PiiField.ID_NUMBER, stored))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(old.currentKeyFingerprint())
                .hasMessageContaining("HUB_PII_PREVIOUS_KEYS")
                .hasMessageNotContaining(idNumber);
    }

    @Test
    void valuesInTheFirstFormatStillOpenWhetherTheirKeyIsCurrentOrPrevious() throws Exception {
        byte[] stored = firstFormat(oldKey, PiiField.ID_NUMBER, idNumber);

        assertThat(ring(oldKey).decrypt(PiiField.ID_NUMBER, stored)).isEqualTo(idNumber);
        assertThat(ring(newKey, oldKey).decrypt(PiiField.ID_NUMBER, stored)).isEqualTo(idNumber);
        assertThat(ring(newKey, oldKey).underCurrentKey(stored)).isFalse();
        assertThat(ring(oldKey).underCurrentKey(stored))
                .as("the first format has no fingerprint: the rotation rewrites it too")
                .isFalse();
        assertThatThrownBy(() -> ring(newKey).decrypt(PiiField.ID_NUMBER, stored))
                .hasMessageContaining("HUB_PII_PREVIOUS_KEYS")
                .hasMessageNotContaining(idNumber);
    }

    @Test
    void aValueMovedToAnotherFieldDoesNotOpen() {
        PiiCipher cipher = ring(newKey);
        byte[] stored = cipher.encrypt(PiiField.PHONE, "13912345678");

        assertThatThrownBy(() -> cipher.decrypt(PiiField.ID_NUMBER, stored)).hasMessageContaining("altered");
    }

    @Test
    void lookUpsCoverEveryKeyOfTheRingAndNewRowsAreIndexedUnderTheCurrentOne() {
        PiiCipher rotating = ring(newKey, oldKey);
        List<byte[]> indexes = rotating.blindIndexes(PiiField.ID_NUMBER, idNumber);

        assertThat(indexes).hasSize(2);
        assertThat(indexes.get(0)).isEqualTo(ring(newKey).blindIndex(PiiField.ID_NUMBER, idNumber));
        assertThat(indexes.get(1)).isEqualTo(ring(oldKey).blindIndex(PiiField.ID_NUMBER, idNumber));
        assertThat(rotating.blindIndex(PiiField.ID_NUMBER, idNumber)).isEqualTo(indexes.get(0));
        assertThat(indexes.get(0)).isNotEqualTo(indexes.get(1));
    }

    @Test
    void theSameKeyGivenTwiceCountsOnce() {
        PiiCipher cipher = ring(newKey, newKey, oldKey);

        assertThat(cipher.fingerprints()).hasSize(2);
        assertThat(cipher.blindIndexes(PiiField.PHONE, "13912345678")).hasSize(2);
    }

    @Test
    void theKeyFileIsCreatedOwnerOnlyAndItsFurtherLinesArePreviousKeys(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pii.key");
        List<PiiCipher.MasterKey> created = PiiCipher.keyFile(file);
        assertThat(created).hasSize(1);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(PiiCipher.keyFile(file).get(0).bytes())
                .isEqualTo(created.get(0).bytes());

        Files.writeString(
                file,
                Base64.getEncoder().encodeToString(newKey) + "\n# the key before\n"
                        + Base64.getEncoder().encodeToString(oldKey) + "\n\n");
        List<PiiCipher.MasterKey> keys = PiiCipher.keyFile(file);
        assertThat(keys).extracting(PiiCipher.MasterKey::bytes).containsExactly(newKey, oldKey);
    }

    @Test
    void aNewKeyGoesFirstInTheKeyFileAndTheOldOneStaysAsPrevious(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("pii.key");
        byte[] first = PiiCipher.keyFile(file).get(0).bytes();

        String fingerprint = PiiCipher.addNewKeyToFile(file);

        List<PiiCipher.MasterKey> keys = PiiCipher.keyFile(file);
        assertThat(keys).hasSize(2);
        assertThat(keys.get(1).bytes()).isEqualTo(first);
        PiiCipher cipher = new PiiCipher(keys);
        assertThat(cipher.currentKeyFingerprint()).isEqualTo(fingerprint);
        assertThat(cipher.previousKeyFingerprints()).containsExactly(ring(first).currentKeyFingerprint());
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void keysThatAreNotThirtyTwoBytesOfBase64AreRefused() {
        assertThatThrownBy(() -> PiiCipher.decodeKey("not base64!", "HUB_PII_KEY"))
                .hasMessageContaining("HUB_PII_KEY");
        assertThatThrownBy(() -> PiiCipher.decodeKey(Base64.getEncoder().encodeToString(new byte[16]), "X"))
                .hasMessageContaining("32 bytes");
    }

    private static PiiCipher ring(byte[]... keys) {
        return new PiiCipher(java.util.Arrays.stream(keys)
                .map(k -> new PiiCipher.MasterKey(k, "test"))
                .toList());
    }

    /** A value as the hub wrote it before keys had fingerprints: [1][1][IV][ciphertext + tag]. */
    static byte[] firstFormat(byte[] master, PiiField field, String plain) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(master, "HmacSHA256"));
        byte[] key = mac.doFinal("community-hub/pii/encryption/v1".getBytes(StandardCharsets.UTF_8));
        byte[] iv = new byte[12];
        new SecureRandom().nextBytes(iv);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        cipher.updateAAD(field.jsonName().getBytes(StandardCharsets.UTF_8));
        byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.allocate(2 + 12 + sealed.length)
                .put((byte) 1)
                .put((byte) 1)
                .put(iv)
                .put(sealed)
                .array();
    }
}
