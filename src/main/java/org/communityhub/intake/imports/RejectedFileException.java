package org.communityhub.intake.imports;

/**
 * A file refused as a whole (hostile, damaged, or not what its name says), with a stable code and
 * a Chinese message for the worker. The message never quotes the file's content.
 */
public final class RejectedFileException extends RuntimeException {

    private final String code;

    public RejectedFileException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
