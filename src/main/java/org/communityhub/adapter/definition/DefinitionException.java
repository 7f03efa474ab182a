package org.communityhub.adapter.definition;

import java.util.List;
import java.util.stream.Collectors;

/** Platform definitions that cannot be used; lists every problem with its file and line. */
public final class DefinitionException extends RuntimeException {

    private final List<DefinitionProblem> problems;

    public DefinitionException(List<DefinitionProblem> problems) {
        super("平台定义有 " + problems.size() + " 个问题：\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<DefinitionProblem> problems() {
        return problems;
    }
}
