package org.communityhub.adapter.definition;

import java.util.stream.Collectors;
import org.communityhub.reference.code.CodeTable;

/** What to tell someone who wrote a code a table does not have: the valid codes, or where they are. */
final class CodeHints {

    /** A table this short is listed in the message; a longer one is named with where to read it. */
    private static final int LISTED = 16;

    private CodeHints() {}

    /** "'4' 不是 人口类型（residence-type）的代码；可用的有 1 户籍人口、2 流动人口、3 境外人员" */
    static String unknownCode(String code, CodeTable table) {
        return "“" + code + "”不是" + table.getName() + "（" + table.getId() + "）的代码；" + valid(table);
    }

    /** The table's codes with their names, or where to read them when there are many. */
    static String valid(CodeTable table) {
        if (table.getEntries().size() <= LISTED) {
            return "可用的有 "
                    + table.getEntries().stream()
                            .map(e -> e.code() + " " + e.name())
                            .collect(Collectors.joining("、"));
        }
        return "共 " + table.getEntries().size() + " 个代码，见 GET /api/v1/code-tables/" + table.getId();
    }
}
