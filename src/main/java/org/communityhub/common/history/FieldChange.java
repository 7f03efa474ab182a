package org.communityhub.common.history;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One field's change in a record's history. Personal identifiers appear masked.
 *
 * @param old the value before ({@code null} when the field was empty)
 * @param newValue the value after, serialised as {@code new}
 */
public record FieldChange(
        String field, Object old, @JsonProperty("new") Object newValue) {}
