package org.communityhub.access.pii;

import io.quarkus.runtime.Startup;
import io.smallrye.config.ConfigMapping;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.communityhub.common.database.DataDirectory;

/**
 * Encrypts ID numbers and phones at rest and computes their blind indexes.
 *
 * <p>From one 256-bit master key (env {@code HUB_PII_KEY}, base64) two keys are derived with
 * HMAC-SHA256: one for AES-256-GCM, one for the blind index (HMAC-SHA256 of the canonical value),
 * so a database dump reveals neither the values nor, without the key, a way to test guesses.
 * Ciphertext layout: {@code [format 1][key version][12-byte IV][ciphertext + 16-byte tag]}, with
 * the field name as associated data so a value cannot be moved into another column unnoticed.
 *
 * <p>With the embedded database and no key configured, a key is generated once into {@code
 * HUB_DATA_DIR/pii.key}, readable by its owner only. With an external database the key must be
 * given: a hub that made up its own key there would lock the data away when its pod is replaced.
 */
@ApplicationScoped
@Startup
public class PiiCipher {

    /** Settings of personal-data protection. */
    @ConfigMapping(prefix = "hub.pii")
    public interface Settings {
        /** The master key, 32 bytes in base64 (e.g. {@code openssl rand -base64 32}). */
        Optional<String> key();
    }

    private static final byte FORMAT = 1;
    private static final byte KEY_VERSION = 1;
    private static final int IV_LENGTH = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec encryptionKey;
    private final SecretKeySpec indexKey;

    /**
     * One cipher and one MAC per thread: looking up a provider and expanding the key for every
     * value showed up in the delivery profile. A cipher is initialised afresh (with a new IV) for
     * every value; a MAC resets itself after each use.
     */
    private final ThreadLocal<Cipher> ciphers =
            ThreadLocal.withInitial(() -> instance(() -> Cipher.getInstance("AES/GCM/NoPadding")));

    private final ThreadLocal<Mac> macs;

    PiiCipher(Settings settings, DataDirectory dataDirectory) {
        byte[] master = masterKey(settings, dataDirectory);
        this.encryptionKey = new SecretKeySpec(hmac(master, "community-hub/pii/encryption/v1"), "AES");
        this.indexKey = new SecretKeySpec(hmac(master, "community-hub/pii/blind-index/v1"), "HmacSHA256");
        this.macs = ThreadLocal.withInitial(() -> instance(() -> {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(indexKey);
            return mac;
        }));
    }

    private interface Factory<T> {
        T create() throws GeneralSecurityException;
    }

    private static <T> T instance(Factory<T> factory) {
        try {
            return factory.create();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM or HMAC-SHA256 is not available", e);
        }
    }

    public byte[] encrypt(PiiField field, String plain) {
        try {
            byte[] iv = new byte[IV_LENGTH];
            random.nextBytes(iv);
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(field.jsonName().getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(2 + IV_LENGTH + sealed.length)
                    .put(FORMAT)
                    .put(KEY_VERSION)
                    .put(iv)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    public String decrypt(PiiField field, byte[] stored) {
        if (stored == null) {
            return null;
        }
        if (stored.length < 2 + IV_LENGTH || stored[0] != FORMAT || stored[1] != KEY_VERSION) {
            throw new IllegalStateException("Unknown ciphertext format for " + field);
        }
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, encryptionKey, new GCMParameterSpec(TAG_BITS, stored, 2, IV_LENGTH));
            cipher.updateAAD(field.jsonName().getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(stored, 2 + IV_LENGTH, stored.length - 2 - IV_LENGTH);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            // Wrong key or tampered data. Never include the bytes.
            throw new IllegalStateException("Could not decrypt " + field + ": wrong key or altered data");
        }
    }

    /** Keyed hash of a canonical value, for exact look-up without decrypting every row. */
    public byte[] blindIndex(PiiField field, String canonical) {
        Mac mac = macs.get();
        mac.update(field.jsonName().getBytes(StandardCharsets.UTF_8));
        mac.update((byte) 0);
        return mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] masterKey(Settings settings, DataDirectory dataDirectory) {
        Optional<String> configured = settings.key().filter(k -> !k.isBlank());
        if (configured.isPresent()) {
            return decodeKey(configured.get(), "HUB_PII_KEY");
        }
        if (!dataDirectory.embeddedDatabase()) {
            throw new IllegalStateException("HUB_PII_KEY is not set. With an external database the key that encrypts "
                    + "ID numbers and phones must be supplied (32 random bytes in base64, e.g. "
                    + "`openssl rand -base64 32`), and kept safe: without it the data cannot be read.");
        }
        Path file = dataDirectory.path().resolve("pii.key");
        try {
            if (Files.exists(file)) {
                return decodeKey(
                        Files.readString(file, StandardCharsets.US_ASCII).trim(), file.toString());
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.createDirectories(file.getParent());
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII);
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the personal-data key " + file, e);
        }
    }

    private static byte[] decodeKey(String base64, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not valid base64");
        }
        if (key.length != 32) {
            throw new IllegalStateException(source + " must hold 32 bytes (256 bits); it holds " + key.length);
        }
        return key;
    }

    private static byte[] hmac(byte[] key, String label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(label.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
