package org.communityhub.common.text;

import jakarta.ws.rs.WebApplicationException;

/** A form field or parameter that {@link Text} refuses: a 422 naming it. */
public class RefusedParameterException extends WebApplicationException {

    private final String field;
    private final Text.Problem problem;

    public RefusedParameterException(String field, Text.Problem problem) {
        super(problem.code(), 422);
        this.field = field;
        this.problem = problem;
    }

    public String field() {
        return field;
    }

    public Text.Problem problem() {
        return problem;
    }
}
