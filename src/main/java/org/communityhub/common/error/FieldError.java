package org.communityhub.common.error;

/**
 * One problem with one field of a request: the field's JSON path, a machine-readable code and a
 * message in Chinese for the person who typed it.
 */
public record FieldError(String field, String code, String message) {}
