package org.communityhub.intake.imports;

import java.util.Arrays;
import java.util.Optional;
import org.communityhub.reference.code.ResidentField;
import org.communityhub.reference.code.ResidentFields;

/**
 * What a column of a ledger can hold: the registry's fields a row fills, each a field of the
 * resident field catalogue ({@link ResidentFields}), which gives its key (what the API's column
 * mapping calls it), its Chinese label and its code table; coded fields accept names as well as
 * codes.
 */
public enum ImportField {
    NAME("name"),
    ID_NUMBER("idNumber"),
    SEX("sex"),
    BIRTH_DATE("birthDate"),
    ETHNICITY("ethnicity"),
    POLITICAL_STATUS("politicalStatus"),
    EDUCATION("education"),
    MARITAL_STATUS("maritalStatus"),
    PHONE("phone"),
    RESIDENCE_TYPE("residenceType"),
    COMMUNITY_CODE("communityCode"),
    BUILDING("building"),
    UNIT("unit"),
    ROOM("room"),
    HOUSEHOLD_NUMBER("householdNumber"),
    RELATION_TO_HEAD("relationToHead"),
    HOUSEHOLD_TYPE("householdType"),
    PARTY_JOINED_ON("party.joinedOn"),
    PARTY_FULL_MEMBER_ON("party.fullMemberOn"),
    PARTY_BRANCH("party.branch"),
    LEAGUE_JOINED_ON("league.joinedOn"),
    LEAGUE_NUMBER("league.developmentNumber"),
    LEAGUE_BRANCH("league.branch"),
    TAGS("tags");

    private final ResidentField field;

    ImportField(String canonical) {
        this.field = ResidentFields.get(canonical);
        if (field.importKey() == null) {
            throw new IllegalStateException("Resident field " + canonical + " has no import key");
        }
    }

    /** What the API's column mapping calls the field. */
    public String key() {
        return field.importKey();
    }

    public String label() {
        return field.label();
    }

    /** The code table of a field holding one code, or null (tags, several codes of one table, are read apart). */
    public String codeTable() {
        return field.kind() == ResidentField.Kind.CODE ? field.codeTable() : null;
    }

    public boolean isDate() {
        return field.kind() == ResidentField.Kind.DATE;
    }

    public static Optional<ImportField> byKey(String key) {
        return Arrays.stream(values()).filter(f -> f.key().equals(key)).findFirst();
    }

    /** The import field of a catalogued field, if it is imported. */
    public static Optional<ImportField> of(ResidentField field) {
        return Arrays.stream(values()).filter(f -> f.field.equals(field)).findFirst();
    }
}
