package org.communityhub.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * The hub working in small batches, so that a handful of rows makes several: an import commits
 * two rows a batch, a key rotation re-encrypts three; a previous personal-data key that tests put
 * rows under; and no delivery in the background, so that nothing else writes while a test counts
 * rows, and a platform runs only when a test runs it; the shipped platforms' definitions read
 * from a directory laid out as a mounted ConfigMap ({@link LiveAdapterDirectory}), looked at
 * often, so a test can change them while the hub runs. One profile for the import's batches, the
 * key rotation, running a platform by hand and live definitions, so they share one boot of the hub.
 */
public class SmallBatchesTestProfile implements QuarkusTestProfile {

    /** Rows an import commits a batch. */
    public static final int IMPORT_BATCH = 2;

    /** Rows a key rotation re-encrypts a transaction. */
    public static final int ROTATION_BATCH = 3;

    /**
     * The previous personal-data key, the same in every class loader (the profile and the tests
     * are loaded apart); the current one comes from the test database's settings.
     */
    public static final byte[] PREVIOUS_KEY = sha256("community-hub tests: the previous personal-data key");

    @Override
    public Map<String, String> getConfigOverrides() {
        LiveAdapterDirectory.reset();
        return Map.of(
                "hub.imports.batch-size", Integer.toString(IMPORT_BATCH),
                "hub.fanout.enabled", "false",
                "hub.pii.previous-keys", Base64.getEncoder().encodeToString(PREVIOUS_KEY),
                "hub.pii.rotation-batch-size", Integer.toString(ROTATION_BATCH),
                "hub.adapters.dir", LiveAdapterDirectory.DIR.toString(),
                "hub.adapters.reload-interval", "200ms");
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
