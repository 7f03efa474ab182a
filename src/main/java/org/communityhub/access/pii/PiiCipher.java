package org.communityhub.access.pii;

import io.quarkus.runtime.Startup;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.communityhub.common.database.DataDirectory;
import org.jboss.logging.Logger;

/**
 * Encrypts ID numbers and phones at rest and computes their blind indexes, under a ring of keys.
 *
 * <p>From each 256-bit master key two keys are derived with HMAC-SHA256: one for AES-256-GCM, one
 * for the blind index (HMAC-SHA256 of the canonical value), so a database dump reveals neither the
 * values nor, without the key, a way to test guesses. A third derivation gives the key's
 * <em>fingerprint</em>: 4 bytes that name the key in every ciphertext and in the admin API, and
 * tell nothing about the key itself.
 *
 * <p>Ciphertext layout: {@code [format 2][4-byte key fingerprint][12-byte IV][ciphertext + tag]},
 * with the field name as associated data so a value cannot be moved into another column unnoticed.
 * Values written before fingerprints existed have {@code [format 1][key version 1][IV][...]} and
 * are opened by trying each key of the ring.
 *
 * <p>The ring is the current key ({@code HUB_PII_KEY}), which encrypts and indexes everything
 * written, and previous keys ({@code HUB_PII_PREVIOUS_KEYS}), which are only read with: values
 * under them still decrypt, and look-ups by blind index find rows indexed under any key of the
 * ring, until {@link PiiKeyRotation} has moved every value to the current key.
 *
 * <p>With the embedded database and no key configured, a key is generated once into {@code
 * HUB_DATA_DIR/pii.key}, readable by its owner only; its first line is the current key and any
 * further lines are previous keys. With an external database the key must be given: a hub that
 * made up its own key there would lock the data away when its pod is replaced.
 */
@ApplicationScoped
@Startup
public class PiiCipher {

    /** Settings of personal-data protection. */
    @ConfigMapping(prefix = "hub.pii")
    public interface Settings {
        /** The current master key, 32 bytes in base64 (e.g. {@code openssl rand -base64 32}). */
        Optional<String> key();

        /**
         * Keys used before the current one, base64, comma-separated: values under them are still
         * read, and re-encrypted under the current key by the rotation; nothing new is written with
         * them.
         */
        Optional<List<String>> previousKeys();

        /** Rows the key rotation re-encrypts per transaction. */
        @WithDefault("1000")
        int rotationBatchSize();
    }

    private static final Logger LOG = Logger.getLogger(PiiCipher.class);

    /** The first format: no fingerprint, the key found by trying the ring. Read only. */
    private static final byte FORMAT_1 = 1;

    private static final byte FORMAT_1_KEY_VERSION = 1;
    private static final int FORMAT_1_HEADER = 2;
    /** The current format: the key's fingerprint after the format byte. */
    private static final byte FORMAT_2 = 2;

    private static final int FINGERPRINT_LENGTH = 4;
    private static final int FORMAT_2_HEADER = 1 + FINGERPRINT_LENGTH;
    private static final int IV_LENGTH = 12;
    private static final int TAG_BITS = 128;

    private final SecureRandom random = new SecureRandom();
    /** The current key first, then the previous ones in the order given. */
    private final List<Key> ring;

    /**
     * One cipher per thread: looking up a provider for every value showed up in the delivery
     * profile. A cipher is initialised afresh (with a new IV) for every value.
     */
    private final ThreadLocal<Cipher> ciphers =
            ThreadLocal.withInitial(() -> instance(() -> Cipher.getInstance("AES/GCM/NoPadding")));

    @Inject
    PiiCipher(Settings settings, DataDirectory dataDirectory) {
        this(masterKeys(settings, dataDirectory));
        LOG.infof(
                "Personal-data key %s%s",
                currentKeyFingerprint(),
                ring.size() == 1 ? "" : "; previous keys " + String.join(", ", previousKeyFingerprints()));
    }

    /** A cipher over the given master keys, the current one first. */
    PiiCipher(List<MasterKey> masterKeys) {
        List<Key> keys = new ArrayList<>();
        for (MasterKey master : masterKeys) {
            Key key = new Key(master.bytes(), master.source());
            Key same = keys.stream()
                    .filter(k -> Arrays.equals(k.fingerprint, key.fingerprint))
                    .findFirst()
                    .orElse(null);
            if (same == null) {
                keys.add(key);
            } else if (!Arrays.equals(same.encryption.getEncoded(), key.encryption.getEncoded())) {
                throw new IllegalStateException("The personal-data keys from " + same.source + " and " + master.source()
                        + " are different keys with the same fingerprint " + key.fingerprintHex
                        + "; generate another new key");
            }
            // the same key given twice (e.g. also among the previous keys) counts once
        }
        this.ring = List.copyOf(keys);
    }

    /** A master key and where it came from (a setting's or file's name, never the key). */
    record MasterKey(byte[] bytes, String source) {}

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

    /** Encrypts under the current key. */
    public byte[] encrypt(PiiField field, String plain) {
        return encryptBytes(field, plain.getBytes(StandardCharsets.UTF_8));
    }

    /** Encrypts bytes (a part of a file, say) under the current key. */
    public byte[] encryptBytes(PiiField field, byte[] plain) {
        Key key = ring.get(0);
        try {
            byte[] iv = new byte[IV_LENGTH];
            random.nextBytes(iv);
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.ENCRYPT_MODE, key.encryption, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(field.jsonName().getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plain);
            return ByteBuffer.allocate(FORMAT_2_HEADER + IV_LENGTH + sealed.length)
                    .put(FORMAT_2)
                    .put(key.fingerprint)
                    .put(iv)
                    .put(sealed)
                    .array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Decrypts a value written under any key of the ring. A value under a key the hub does not have
     * fails with a message naming that key's fingerprint (never the value).
     */
    public String decrypt(PiiField field, byte[] stored) {
        return stored == null ? null : new String(decryptBytes(field, stored), StandardCharsets.UTF_8);
    }

    /** Decrypts bytes written by {@link #encryptBytes} (or {@link #encrypt}) under any key of the ring. */
    public byte[] decryptBytes(PiiField field, byte[] stored) {
        if (stored == null) {
            return null;
        }
        if (stored.length > FORMAT_2_HEADER + IV_LENGTH && stored[0] == FORMAT_2) {
            Key key = keyWithFingerprint(stored)
                    .orElseThrow(() -> new IllegalStateException("A stored "
                            + field.jsonName() + " is encrypted under the personal-data key "
                            + fingerprintOf(stored).get()
                            + ", which this hub does not have (it has " + String.join(", ", fingerprints())
                            + "). Add that key to HUB_PII_PREVIOUS_KEYS."));
            return open(key, field, stored, FORMAT_2_HEADER)
                    .orElseThrow(() -> new IllegalStateException("Could not decrypt a stored " + field.jsonName()
                            + " under key " + key.fingerprintHex + ": the data was altered"));
        }
        if (stored.length > FORMAT_1_HEADER + IV_LENGTH && stored[0] == FORMAT_1 && stored[1] == FORMAT_1_KEY_VERSION) {
            for (Key key : ring) {
                Optional<byte[]> plain = open(key, field, stored, FORMAT_1_HEADER);
                if (plain.isPresent()) {
                    return plain.get();
                }
            }
            throw new MissingPiiKeyException("A stored " + field.jsonName() + " was encrypted before keys had"
                    + " fingerprints, and none of this hub's personal-data keys (" + String.join(", ", fingerprints())
                    + ") opens it: add the key it was written with to HUB_PII_PREVIOUS_KEYS, or the data was altered.");
        }
        throw new IllegalStateException("Unknown ciphertext format for " + field.jsonName());
    }

    /** Whether a stored value opens with a key of the ring (a check that never throws). */
    boolean canDecrypt(PiiField field, byte[] stored) {
        try {
            decrypt(field, stored);
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    private Optional<byte[]> open(Key key, PiiField field, byte[] stored, int header) {
        try {
            Cipher cipher = ciphers.get();
            cipher.init(Cipher.DECRYPT_MODE, key.encryption, new GCMParameterSpec(TAG_BITS, stored, header, IV_LENGTH));
            cipher.updateAAD(field.jsonName().getBytes(StandardCharsets.UTF_8));
            byte[] plain = cipher.doFinal(stored, header + IV_LENGTH, stored.length - header - IV_LENGTH);
            return Optional.of(plain);
        } catch (GeneralSecurityException e) {
            // Wrong key or tampered data. Never include the bytes.
            return Optional.empty();
        }
    }

    /** Keyed hash of a canonical value under the current key: what is stored beside a new value. */
    public byte[] blindIndex(PiiField field, String canonical) {
        return ring.get(0).index(field, canonical);
    }

    /**
     * Keyed hashes of a canonical value under every key of the ring, the current one first: what a
     * look-up must match while some rows are still indexed under a previous key.
     */
    public List<byte[]> blindIndexes(PiiField field, String canonical) {
        return ring.stream().map(k -> k.index(field, canonical)).toList();
    }

    /** The fingerprint (8 hex digits) of the key new values are encrypted with. */
    public String currentKeyFingerprint() {
        return ring.get(0).fingerprintHex;
    }

    /** The fingerprints of the previous keys, which are still read with. */
    public List<String> previousKeyFingerprints() {
        return fingerprints().subList(1, ring.size());
    }

    List<String> fingerprints() {
        return ring.stream().map(k -> k.fingerprintHex).toList();
    }

    /**
     * The leading bytes of every value under the current key: a stored value that does not start
     * with them is under a previous key (or in the first format) and due for re-encryption.
     */
    public byte[] currentKeyHeader() {
        return ByteBuffer.allocate(FORMAT_2_HEADER)
                .put(FORMAT_2)
                .put(ring.get(0).fingerprint)
                .array();
    }

    /** The length of {@link #currentKeyHeader()}. */
    static int currentKeyHeaderLength() {
        return FORMAT_2_HEADER;
    }

    /** Whether a stored value is under the current key. */
    public boolean underCurrentKey(byte[] stored) {
        return stored != null
                && stored.length > FORMAT_2_HEADER
                && Arrays.equals(stored, 0, FORMAT_2_HEADER, currentKeyHeader(), 0, FORMAT_2_HEADER);
    }

    /** The fingerprint a stored value names, if it is in the current format. */
    static Optional<String> fingerprintOf(byte[] stored) {
        if (stored == null || stored.length < FORMAT_2_HEADER || stored[0] != FORMAT_2) {
            return Optional.empty();
        }
        return Optional.of(HexFormat.of().formatHex(stored, 1, FORMAT_2_HEADER));
    }

    /** Whether the ring holds the key a fingerprint names. */
    boolean hasKey(String fingerprint) {
        return fingerprints().contains(fingerprint);
    }

    private Optional<Key> keyWithFingerprint(byte[] stored) {
        for (Key key : ring) {
            if (Arrays.equals(stored, 1, FORMAT_2_HEADER, key.fingerprint, 0, FINGERPRINT_LENGTH)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    /** One master key and what is derived from it. */
    private static final class Key {
        private final byte[] fingerprint;
        private final String fingerprintHex;
        private final String source;
        private final SecretKeySpec encryption;
        /** One MAC per thread; a MAC resets itself after each use. */
        private final ThreadLocal<Mac> macs;

        Key(byte[] master, String source) {
            this.source = source;
            this.fingerprint = Arrays.copyOf(hmac(master, "community-hub/pii/fingerprint/v1"), FINGERPRINT_LENGTH);
            this.fingerprintHex = HexFormat.of().formatHex(fingerprint);
            this.encryption = new SecretKeySpec(hmac(master, "community-hub/pii/encryption/v1"), "AES");
            SecretKeySpec indexKey = new SecretKeySpec(hmac(master, "community-hub/pii/blind-index/v1"), "HmacSHA256");
            this.macs = ThreadLocal.withInitial(() -> instance(() -> {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(indexKey);
                return mac;
            }));
        }

        byte[] index(PiiField field, String canonical) {
            Mac mac = macs.get();
            mac.update(field.jsonName().getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(canonical.getBytes(StandardCharsets.UTF_8));
        }
    }

    // ---- Where the keys come from ------------------------------------------------------------------

    private static List<MasterKey> masterKeys(Settings settings, DataDirectory dataDirectory) {
        List<MasterKey> keys = new ArrayList<>();
        Optional<String> configured = settings.key().filter(k -> !k.isBlank());
        if (configured.isPresent()) {
            keys.add(new MasterKey(decodeKey(configured.get(), "HUB_PII_KEY"), "HUB_PII_KEY"));
        } else if (dataDirectory.embeddedDatabase()) {
            keys.addAll(keyFile(dataDirectory.path().resolve(KEY_FILE)));
        } else {
            throw new IllegalStateException("HUB_PII_KEY is not set. With an external database the key that encrypts "
                    + "ID numbers and phones must be supplied (32 random bytes in base64, e.g. "
                    + "`openssl rand -base64 32`), and kept safe: without it the data cannot be read.");
        }
        List<String> previous = settings.previousKeys().orElse(List.of()).stream()
                .map(String::strip)
                .filter(k -> !k.isEmpty())
                .toList();
        for (int i = 0; i < previous.size(); i++) {
            String source = "HUB_PII_PREVIOUS_KEYS (entry " + (i + 1) + ")";
            keys.add(new MasterKey(decodeKey(previous.get(i), source), source));
        }
        return keys;
    }

    /** The key file of the embedded database, in {@code HUB_DATA_DIR}. */
    public static final String KEY_FILE = "pii.key";

    /**
     * Reads the key file, creating it with a new key if there is none: the first line holds the
     * current key, further lines previous keys; lines starting with {@code #} are comments.
     */
    static List<MasterKey> keyFile(Path file) {
        try {
            if (!Files.exists(file)) {
                byte[] key = newKey();
                writeOwnerOnly(file, Base64.getEncoder().encodeToString(key) + "\n");
                return List.of(new MasterKey(key, file.toString()));
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII).stream()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .toList();
            if (lines.isEmpty()) {
                throw new IllegalStateException(file + " holds no key");
            }
            List<MasterKey> keys = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                String source = i == 0 ? file.toString() : file + " (previous key " + i + ")";
                keys.add(new MasterKey(decodeKey(lines.get(i), source), source));
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read or create the personal-data key " + file, e);
        }
    }

    /**
     * Puts a new key first in the key file, keeping every key it held as a previous key, and returns
     * the new key's fingerprint. The file is replaced whole (owner-only), never left half-written.
     */
    public static String addNewKeyToFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new IllegalStateException(
                    "There is no key file " + file + " yet; the hub writes one on its first start");
        }
        keyFile(file); // refuses a file it could not read
        byte[] key = newKey();
        Path next = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(next);
        writeOwnerOnly(
                next,
                Base64.getEncoder().encodeToString(key) + "\n" + Files.readString(file, StandardCharsets.US_ASCII));
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new PiiCipher(List.of(new MasterKey(key, file.toString()))).currentKeyFingerprint();
    }

    /** 32 random bytes. */
    static byte[] newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }

    static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content, StandardCharsets.US_ASCII);
    }

    static byte[] decodeKey(String base64, String source) {
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
