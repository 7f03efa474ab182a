package org.communityhub.adapter.definition;

/** Kinds of canonical values, which decide the formats and translations a field may use. */
public enum FieldType {
    TEXT,
    /** A code of a code table; may be translated. */
    CODE,
    DATE,
    TIMESTAMP,
    INTEGER,
    BOOLEAN,
    /** A list of codes (tags). */
    CODE_LIST
}
