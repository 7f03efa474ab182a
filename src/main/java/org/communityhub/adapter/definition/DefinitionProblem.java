package org.communityhub.adapter.definition;

/**
 * What is wrong where in a platform definition: the file, the line and column (from 1; 0 when
 * the problem is the file as a whole) and a message for the person who wrote it, in Chinese.
 */
public record DefinitionProblem(String file, int line, int column, String message) {

    public DefinitionProblem(String file, int line, String message) {
        this(file, line, 0, message);
    }

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + (line > 0 && column > 0 ? ":" + column : "") + ": " + message;
    }
}
