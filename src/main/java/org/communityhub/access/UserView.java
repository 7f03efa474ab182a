package org.communityhub.access;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A user as the API shows it (never the password hash). */
public record UserView(
        UUID id,
        String username,
        String displayName,
        List<String> roles,
        List<String> scope,
        boolean enabled,
        int version,
        Instant createdAt,
        Instant updatedAt) {}
