package org.communityhub.reference.code;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One code of a code table.
 *
 * @param grade sensitivity grade, for tags only: 1 一般, 2 敏感, 3 高度敏感
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CodeEntry(String code, String name, Integer grade) {}
