package org.communityhub.common.error;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects every problem of a request before answering, so the worker sees all of them at once
 * rather than one per attempt.
 */
public final class FieldErrors {

    private final List<FieldError> errors = new ArrayList<>();

    public FieldErrors add(String field, String code, String message) {
        errors.add(new FieldError(field, code, message));
        return this;
    }

    public FieldErrors addAll(List<FieldError> more) {
        errors.addAll(more);
        return this;
    }

    public boolean isEmpty() {
        return errors.isEmpty();
    }

    public boolean has(String field) {
        return errors.stream().anyMatch(e -> e.field().equals(field));
    }

    public List<FieldError> list() {
        return List.copyOf(errors);
    }

    /** Throws a 422 problem listing every collected error, if there is any. */
    public void throwIfAny() {
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(list());
        }
    }
}
