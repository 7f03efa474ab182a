package org.communityhub.adapter.definition;

/** What is wrong where in a platform definition. */
public record DefinitionProblem(String file, int line, String message) {

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + ": " + message;
    }
}
