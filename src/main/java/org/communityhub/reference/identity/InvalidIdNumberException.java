package org.communityhub.reference.identity;

/**
 * An identity number that cannot be accepted, with a code and a Chinese message saying what is
 * wrong with it. The message never repeats the number.
 */
public final class InvalidIdNumberException extends RuntimeException {

    private final String code;

    InvalidIdNumberException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** Stable, machine-readable reason, e.g. {@code id-number-checksum}. */
    public String code() {
        return code;
    }
}
