package org.communityhub.reference.identity;

/** Kinds of 18-character identity numbers the hub accepts; codes of the {@code id-type} table. */
public enum IdType {
    /** 居民身份证 (GB 11643). */
    RESIDENT_ID("1"),
    /** 港澳台居民居住证: numbers starting 810000 (Hong Kong), 820000 (Macao), 830000 (Taiwan). */
    HMT_RESIDENCE_PERMIT("2"),
    /** 外国人永久居留身份证 (2017 and later): 18 digits starting with 9. */
    FOREIGN_PERMANENT_RESIDENCE("3");

    private final String code;

    IdType(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
