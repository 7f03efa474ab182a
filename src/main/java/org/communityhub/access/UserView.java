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
        Instant updatedAt) {

    /** A user the hub does not keep (signed in with a token): who they are and what they may do. */
    static UserView of(Actor actor) {
        return new UserView(
                null,
                actor.username(),
                null,
                actor.roles().stream().sorted().toList(),
                actor.scope().codes().stream().sorted().toList(),
                true,
                0,
                null,
                null);
    }
}
