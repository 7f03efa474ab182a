package org.communityhub.registry.party;

/** Codes of the {@code party-member-status} table. */
public enum PartyMemberStatus {
    /** 正式党员: political status 01. */
    FULL("01"),
    /** 预备党员: political status 02. */
    PROBATIONARY("02");

    private final String politicalStatus;

    PartyMemberStatus(String politicalStatus) {
        this.politicalStatus = politicalStatus;
    }

    /** The GB/T 4762 political status a member of this status has. */
    public String politicalStatus() {
        return politicalStatus;
    }
}
