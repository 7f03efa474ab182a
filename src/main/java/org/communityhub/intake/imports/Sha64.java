package org.communityhub.intake.imports;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The first 64 bits of a text's SHA-256 (UTF-8), never 0 (which the tables of rows seen use for an
 * empty slot): how a file's ID numbers and people are remembered without being kept in clear. One
 * per thread, as a digest is.
 */
final class Sha64 {

    private final MessageDigest sha;

    Sha64() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    long of(String text) {
        byte[] d = sha.digest(text.getBytes(StandardCharsets.UTF_8));
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (d[i] & 0xFF);
        }
        return h == 0 ? 1 : h;
    }
}
