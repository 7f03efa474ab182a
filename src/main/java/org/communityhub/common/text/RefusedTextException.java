package org.communityhub.common.text;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonMappingException;

/**
 * A text field of a JSON request that {@link Text} refuses. A mapping exception, so that the JSON
 * reader adds the field's path to it on the way out and the answer (422) names the field.
 */
public class RefusedTextException extends JsonMappingException {

    private final Text.Problem problem;

    public RefusedTextException(JsonParser parser, Text.Problem problem) {
        super(parser, problem.code());
        this.problem = problem;
    }

    public Text.Problem problem() {
        return problem;
    }
}
