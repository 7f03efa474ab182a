package org.communityhub.access.pii;

/** Personal identifiers kept encrypted at rest. The name is bound into each ciphertext. */
public enum PiiField {
    ID_NUMBER("idNumber"),
    PHONE("phone"),
    /** A record as last delivered to a platform (it holds identifiers too). */
    DELIVERED_PAYLOAD("deliveredPayload"),
    /** Two resident records as they were before a merge (they hold identifiers too). */
    MERGE_STATES("mergeStates"),
    /** An uploaded ledger while its import lasts, in parts. */
    UPLOAD("upload"),
    /** A cell of an uploaded ledger as a worker corrected it on the import page. */
    IMPORT_CORRECTION("importCorrection"),
    /** A collection's form as uploaded (as base64 text: a form may hold an example row). */
    COLLECTION_FORM("collectionForm"),
    /** A resident's answers to a collection's columns to fill, as a community returned them. */
    COLLECTION_ANSWERS("collectionAnswers");

    private final String jsonName;

    PiiField(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
