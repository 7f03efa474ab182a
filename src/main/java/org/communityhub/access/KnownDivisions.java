package org.communityhub.access;

/**
 * The divisions the hub knows, as far as the users' areas need them: a user's area must name
 * divisions that exist. The registry's divisions implement it, so that access depends on no
 * feature above it.
 */
public interface KnownDivisions {

    /** Whether a division of this code is registered. */
    boolean exists(String code);
}
