package org.communityhub.access.pii;

/** Personal identifiers kept encrypted at rest. The name is bound into each ciphertext. */
public enum PiiField {
    ID_NUMBER("idNumber"),
    PHONE("phone"),
    /** A record as last delivered to a platform (it holds identifiers too). */
    DELIVERED_PAYLOAD("deliveredPayload");

    private final String jsonName;

    PiiField(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }
}
