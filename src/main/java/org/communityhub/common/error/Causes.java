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
}
