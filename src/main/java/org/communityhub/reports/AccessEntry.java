package org.communityhub.reports;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One row of the access log. */
public record AccessEntry(
        long id,
        Instant at,
        String username,
        List<String> roles,
        String clientAddress,
        String action,
        String resource,
        List<UUID> residentIds,
        List<String> fields,
        String purpose,
        String purposeNote) {}
