package org.communityhub.adapter.definition;

/**
 * A field of the hub's canonical vocabulary, from which adapter definitions map platform fields.
 *
 * @param name the name a definition uses in {@code from:} and {@code compose:}
 * @param codeTable the code table of a CODE or CODE_LIST field, else null
 * @param personalIdentifier whether the value is an ID number or phone (encrypted at rest)
 * @param description what it holds, for the documentation of definitions
 */
public record CanonicalField(
        String name, FieldType type, String codeTable, boolean personalIdentifier, String description) {}
