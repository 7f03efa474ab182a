package org.communityhub.matching;

/** Which division to scan: a community, a street, a county, … (a division code in the caller's area). */
public record DuplicateScanRequest(String scope) {}
