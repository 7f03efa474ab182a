package org.communityhub.access.pii;

/**
 * Personal data in the database is under a key the hub was not given. The message names the key by
 * its fingerprint and says what to do; it never holds a value.
 */
public class MissingPiiKeyException extends IllegalStateException {

    public MissingPiiKeyException(String message) {
        super(message);
    }
}
