package org.communityhub.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The key that encrypts the pages' session cookie. In production every replica is given the same
 * {@code HUB_SESSION_KEY}; the embedded default keeps one in its data directory, so that a restart
 * does not sign everybody out.
 */
public final class SessionKey {

    static final String FILE = "session.key";

    private SessionKey() {}

    /** The key in {@code dataDirectory/session.key}, written (owner-only) on first use. */
    public static String inDataDirectory(Path dataDirectory) {
        Path file = dataDirectory.resolve(FILE);
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).strip();
            }
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String key = Base64.getEncoder().encodeToString(bytes);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, key + "\n", StandardCharsets.US_ASCII);
            return key;
        } catch (IOException e) {
            throw new IllegalStateException("Could not read or write the session key " + file, e);
        }
    }
}
