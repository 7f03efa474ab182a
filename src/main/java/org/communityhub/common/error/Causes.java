package org.communityhub.common.error;

import java.util.Optional;

/** What stands behind a failure: the first of its causes (itself included) of a given kind. */
public final class Causes {

    private Causes() {}

    public static <T extends Throwable> Optional<T> find(Throwable failure, Class<T> kind) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (kind.isInstance(t)) {
                return Optional.of(kind.cast(t));
            }
        }
        return Optional.empty();
    }

    /**
     * Where a failure happened, for a log line that must not carry its message (a message may
     * quote personal data): the first frames of the hub's own code, and the classes of its causes.
     */
    public static String where(Throwable failure) {
        StringBuilder where = new StringBuilder();
        int frames = 0;
        for (StackTraceElement e : failure.getStackTrace()) {
            if (e.getClassName().startsWith("org.communityhub.") && frames++ < 4) {
                where.append(frames == 1 ? "" : " < ")
                        .append(e.getClassName().substring(e.getClassName().lastIndexOf('.') + 1))
                        .append('.')
                        .append(e.getMethodName())
                        .append(':')
                        .append(e.getLineNumber());
            }
        }
        for (Throwable t = failure.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            where.append(", caused by ").append(t.getClass().getName());
        }
        return where.length() == 0 ? "(no frame of the hub)" : where.toString();
    }
}
